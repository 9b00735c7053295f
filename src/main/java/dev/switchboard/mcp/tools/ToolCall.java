package dev.switchboard.mcp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.input.Fields;

/**
 * One call of a tool: who calls (the token's {@link Caller}) and the arguments, read through {@link Fields} like a
 * REST body. {@code maxItems} caps the page a list tool reads: the caller of the tool lowers it when a page's output
 * would exceed {@code [mcp] max_output_chars}, so the service itself returns the shorter page and its cursor.
 */
public final class ToolCall {
    private final Caller caller;
    private final ObjectNode arguments;
    private final int maxItems;
    private Fields fields;

    public ToolCall(Caller caller, ObjectNode arguments, int maxItems) {
        this.caller = caller;
        this.arguments = arguments;
        this.maxItems = maxItems;
    }

    public Caller caller() {
        return caller;
    }

    /** The arguments' reader; one per call, so every tool reports all bad arguments at once with {@code check()}. */
    public Fields args() {
        if (fields == null) fields = Fields.of(arguments);
        return fields;
    }

    /** A copy of the arguments without {@code names}: the REST body of a service call whose path holds them. */
    public ObjectNode body(String... names) {
        ObjectNode body = arguments.deepCopy();
        for (String n : names) body.remove(n);
        return body;
    }

    /** {@code limit} (API.md "Pagination": default 50, max 500), capped by {@link #maxItems}. */
    public int limit() {
        return Math.min(args().limit(), maxItems);
    }

    /** The arguments read as a query (for services that take a query record), with {@code limit} capped. */
    public Fields query() {
        ObjectNode q = arguments.deepCopy();
        JsonNode asked = q.get("limit");
        // A limit that is not an integer is left for the reader to report; absent or null means the default.
        if (maxItems < Integer.MAX_VALUE && (asked == null || asked.isNull() || asked.isIntegralNumber())) {
            int wanted = asked != null && asked.canConvertToInt() ? asked.intValue() : Fields.DEFAULT_LIMIT;
            q.put("limit", Math.min(wanted, maxItems));
        }
        return Fields.of(q);
    }

    /** The same call with a smaller page. */
    public ToolCall withMaxItems(int max) {
        return new ToolCall(caller, arguments, max);
    }

    /** The required {@code key} argument: the session the tool is about. */
    public String key() {
        return args().requiredString("key", 512);
    }
}
