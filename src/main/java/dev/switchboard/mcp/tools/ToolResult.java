package dev.switchboard.mcp.tools;

import java.util.function.IntFunction;

/**
 * What a tool answers: the structured content (rendered as JSON by the shared mapper, and matching the tool's output
 * schema) and a short text rendering of it for clients that show text only.
 *
 * @param items   how many list items the structured content holds, or {@link #NOT_PAGED}
 * @param shorter for a page: the same answer with at most {@code n} items (and the cursor the service gives for
 *                that shorter page); reads only, so asking for it never repeats what the call changed
 */
public record ToolResult(Object structured, String text, int items, IntFunction<ToolResult> shorter) {
    public static final int NOT_PAGED = -1;

    public static ToolResult of(Object structured, String text) {
        return new ToolResult(structured, text, NOT_PAGED, null);
    }

    public static ToolResult page(Object structured, String text, int items, IntFunction<ToolResult> shorter) {
        return new ToolResult(structured, text, items, shorter);
    }

    public boolean paged() {
        return shorter != null && items > 1;
    }
}
