package dev.switchboard.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.switchboard.auth.Caller;
import dev.switchboard.json.Json;
import dev.switchboard.mcp.tools.Tool;
import dev.switchboard.mcp.tools.ToolCall;
import dev.switchboard.mcp.tools.ToolSpec;
import dev.switchboard.problem.FieldError;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.web.Problems;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tools/list} and {@code tools/call}. Every call goes the same way: admitted by {@link CallLimits}, its
 * arguments checked against the tool's declared ones, the tool run with the caller's token, its answer bounded by
 * {@link OutputBound}, counted by {@link McpMetrics}. A failure of the call (validation, scope, grants, limits, a
 * store outage) is a tool result with {@code isError: true} whose text is the problem's slug, detail and field
 * errors, so the model can read it and recover; only an unknown tool name is a protocol error.
 */
final class ToolCalls {
    private record Registered(Tool tool, ToolSpec spec, McpSchema.Tool published) {}

    private final Map<String, Registered> tools = new LinkedHashMap<>();
    private final CallLimits limits;
    private final OutputBound bound;
    private final McpMetrics metrics;

    ToolCalls(List<Tool> all, CallLimits limits, OutputBound bound, McpMetrics metrics) {
        for (Tool t : all) {
            ToolSpec spec = ToolSpec.load(t.name());
            if (tools.putIfAbsent(t.name(), new Registered(t, spec, publish(spec))) != null) {
                throw new IllegalStateException("MCP tool " + t.name() + " is registered twice");
            }
        }
        this.limits = limits;
        this.bound = bound;
        this.metrics = metrics;
    }

    private static McpSchema.Tool publish(ToolSpec spec) {
        var a = spec.annotations();
        return McpSchema.Tool.builder()
                .name(spec.name())
                .title(spec.title())
                .description(spec.description())
                .inputSchema(spec.inputSchema())
                .outputSchema(spec.outputSchema())
                .annotations(new McpSchema.ToolAnnotations(spec.title(), (Boolean) a.get("readOnlyHint"),
                        (Boolean) a.get("destructiveHint"), (Boolean) a.get("idempotentHint"), Boolean.FALSE, null))
                .build();
    }

    List<McpSchema.Tool> list() {
        return tools.values().stream().map(Registered::published).toList();
    }

    McpSchema.CallToolResult call(Caller caller, McpSchema.CallToolRequest request) {
        Registered r = tools.get(request.name());
        if (r == null) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("unknown tool: " + request.name()).build();
        }
        long started = System.nanoTime();
        String outcome = "ok";
        try {
            ObjectNode args = Json.MAPPER.valueToTree(request.arguments() == null ? Map.of() : request.arguments());
            limits.admit(caller, r.tool(), args, Json.write(args).getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            var call = new ToolCall(caller, args, Integer.MAX_VALUE);
            call.args().onlyAllow(r.spec().arguments());
            call.args().check();
            var rendered = bound.render(r.tool().call(call));
            // The JSON was rendered (by the shared mapper) to measure it; the transport's mapper is Jackson 2
            // (McpEndpoint), which writes a RawValue as it is, so the answer is not parsed and rendered again.
            return McpSchema.CallToolResult.builder()
                    .addTextContent(rendered.text())
                    .structuredContent(new RawValue(rendered.json()))
                    .isError(false)
                    .build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            ProblemException p = Problems.toProblem(e);
            outcome = p.type().slug();
            return error(p);
        } finally {
            metrics.record(r.tool().name(), outcome, System.nanoTime() - started);
        }
    }

    /** The problem as the model reads it: {@code <slug>: <detail>}, then one line per bad field. */
    static McpSchema.CallToolResult error(ProblemException p) {
        var text = new StringBuilder(p.type().slug()).append(": ").append(p.detail());
        for (FieldError e : p.errors()) text.append("\n- ").append(e.field()).append(": ").append(e.message());
        return McpSchema.CallToolResult.builder().addTextContent(text.toString()).isError(true).build();
    }
}
