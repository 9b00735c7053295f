package dev.switchboard.mcp.tools;

/**
 * One MCP tool: a name, whether it only reads, and what a call does — read the arguments with {@link ToolCall#args}
 * and call the service its REST endpoint calls, with the caller's token. Nothing else: no rule of its own. Its title,
 * description and JSON Schemas (input and output) are the resource {@code /mcp/tools/<name>.json} ({@link ToolSpec}).
 */
public interface Tool {
    String name();

    /** Read-only tools are the only ones a stream token may call. */
    boolean readOnly();

    ToolResult call(ToolCall call) throws Exception;
}
