// An independent MCP client for Switchboard: the official TypeScript SDK over Streamable HTTP and over stdio
// (spawning `./switchboard mcp`). Run by McpTypeScriptClientTest; standalone:
//   SWITCHBOARD_URL=http://127.0.0.1:7700 SWITCHBOARD_TOKEN=... node client.mjs [path/to/switchboard]
// Prints one "ok - …" / "not ok - …" line per check and "N passed, N failed" last; exits 1 when a check failed.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const url = process.env.SWITCHBOARD_URL;
const token = process.env.SWITCHBOARD_TOKEN;
const launcher = process.argv[2];
let passed = 0;
let failed = 0;

async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}: ${e?.stack ?? e}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

const text = (result) => result.content.map((c) => c.text ?? "").join("");

async function ok(client, name, args) {
  const r = await client.callTool({ name, arguments: args });
  assert(!r.isError, `${name} failed: ${text(r)}`);
  return r.structuredContent;
}

function withTimeout(promise, ms, what) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms))]);
}

async function scenario(label, transport) {
  const updates = [];
  let onUpdate = () => {};
  const client = new Client({ name: "switchboard-ts-test", version: "1.0.0" });
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { updates.push(n.params.uri); onUpdate(); });
  await client.connect(transport);
  const key = `ts-${label}-${Date.now()}`;
  try {
    await check(`${label}: initialize names the server`, async () => {
      assert(client.getServerVersion().name === "switchboard", JSON.stringify(client.getServerVersion()));
      assert(client.getServerCapabilities().resources.subscribe === true, "resources.subscribe");
    });
    await check(`${label}: tools/list has the twelve tools with output schemas`, async () => {
      const { tools } = await client.listTools(); // also lets the SDK validate every structured result below
      const names = tools.map((t) => t.name).sort();
      assert(names.length === 12, names.join(","));
      for (const t of tools) assert(t.outputSchema?.type === "object" && t.description.length > 40, t.name);
    });
    await check(`${label}: append, read, get, list, search, heartbeat`, async () => {
      const appended = await ok(client, "append_message", { key: "missing-" + key, role: "user", content: "x" }).catch((e) => e);
      assert(appended instanceof Error && /not-found/.test(appended.message), "append to a missing session fails");
      // Sessions are created by the REST API; tools work on existing ones.
      const created = await fetch(`${url}/v1/sessions`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ key }) });
      assert(created.status === 201, `create ${created.status}`);
      const a = await ok(client, "append_message", { key, role: "user", content: "the quick brown ocelot" });
      assert(a.items[0].seq === 1, JSON.stringify(a));
      const page = await ok(client, "read_transcript", { key, limit: 10 });
      assert(page.items[0].content === "the quick brown ocelot", JSON.stringify(page));
      assert((await ok(client, "get_session", { key })).message_count === 1, "message_count");
      assert((await ok(client, "list_sessions", { q: key })).items.length === 1, "list_sessions");
      assert((await ok(client, "search_transcripts", { q: "ocelot", session: key })).items.length === 1, "search");
      assert((await ok(client, "heartbeat", { key, title: "ts" })).title === "ts", "heartbeat");
    });
    await check(`${label}: send_message waits for the answer; get_run and abort_run follow the run`, async () => {
      const sent = await ok(client, "send_message", { key, input: "echo this", wait_seconds: 30 });
      assert(sent.run.status === "succeeded", JSON.stringify(sent.run));
      assert(sent.answer.items.at(-1).content === "echo this", JSON.stringify(sent.answer));
      assert((await ok(client, "get_run", { id: sent.run.id })).status === "succeeded", "get_run");
      assert((await ok(client, "abort_run", { id: sent.run.id })).status === "succeeded", "abort of an ended run");
    });
    await check(`${label}: directives are posted, listed and acked`, async () => {
      const d = await ok(client, "post_directive", { session_key: key, content: "stand up", tags: ["ts"] });
      assert((await ok(client, "list_directives", { key })).items.some((x) => x.id === d.id), "pending");
      assert((await ok(client, "ack_directive", { id: d.id, result: "done" })).status === "acked", "acked");
    });
    await check(`${label}: a failed call is an isError result naming the problem and the fields`, async () => {
      const r = await client.callTool({ name: "read_transcript", arguments: { key, limit: 0, order: "up" } });
      assert(r.isError === true && text(r).startsWith("validation: 2 fields are invalid"), text(r));
      assert(text(r).includes("- limit:") && text(r).includes("- order:"), text(r));
    });
    await check(`${label}: resources are listed, read, and an append notifies a subscriber`, async () => {
      const uri = `switchboard://sessions/${key}/transcript`;
      const { resources } = await client.listResources();
      assert(resources.some((r) => r.uri === uri), "listed");
      const read = await client.readResource({ uri });
      assert(read.contents[0].text.includes("the quick brown ocelot"), read.contents[0].text);
      await client.subscribeResource({ uri });
      const arrived = new Promise((resolve) => { onUpdate = () => updates.includes(uri) && resolve(); });
      await ok(client, "append_message", { key, role: "assistant", content: "noted" });
      await withTimeout(arrived, 20000, "notifications/resources/updated");
      await client.unsubscribeResource({ uri });
    });
  } finally {
    await client.close();
  }
}

await scenario("http", new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
}));
if (launcher) {
  await scenario("stdio", new StdioClientTransport({
    command: launcher, args: ["mcp", "--url", url], env: { ...process.env, SWITCHBOARD_TOKEN: token }, stderr: "inherit",
  }));
}
await check("http: a bad token is refused with 401", async () => {
  const client = new Client({ name: "switchboard-ts-test", version: "1.0.0" });
  const bad = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { Authorization: "Bearer nope" } } });
  const e = await client.connect(bad).then(() => null, (err) => err);
  assert(e && /401|unauthorized|Unauthorized/.test(String(e)), String(e));
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
