// What the signed-in token may do. The API has no "who am I" endpoint, so the page asks each write endpoint
// with a deliberately invalid request: every service checks the scope before it reads the body, so a token
// without the scope gets 403 and one with it gets 4xx validation (422/404) — and an invalid request can never
// change anything. The UI hides what is refused; the server refuses anyway.
import { ApiError } from './api.js';

const PROBE_KEY = 'switchboard-dashboard-scope-probe';
const PROBES = {
  sessionsWrite: ['POST', '/v1/sessions', { dashboard_scope_probe: true }],
  transcriptsWrite: ['POST', `/v1/sessions/${PROBE_KEY}/messages`, { dashboard_scope_probe: true }],
  runsWrite: ['POST', `/v1/sessions/${PROBE_KEY}/runs`, { dashboard_scope_probe: true }],
  directivesWrite: ['POST', '/v1/directives', { dashboard_scope_probe: true }],
};

export async function probeCapabilities(api) {
  const caps = { admin: false, sessionsWrite: false, transcriptsWrite: false, runsWrite: false, directivesWrite: false };
  caps.admin = await allowed(() => api.get('/v1/tokens?limit=1'));
  if (caps.admin) {
    for (const k of Object.keys(PROBES)) caps[k] = true; // admin implies every scope
  } else {
    await Promise.all(Object.entries(PROBES).map(async ([name, [method, path, body]]) => {
      caps[name] = await allowed(() => api.request(method, path, body));
    }));
  }
  caps.readOnly = !caps.sessionsWrite && !caps.transcriptsWrite && !caps.runsWrite && !caps.directivesWrite;
  return caps;
}

async function allowed(call) {
  try {
    await call();
    return true;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 401) throw e;
    return e.status !== 403;
  }
}
