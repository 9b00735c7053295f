package dev.switchboard.preview;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A short look at a session's latest messages: {@code {key, items: [{seq, role, text}]}}, or
 * {@code {key, status: "missing"}} in a batch for a key that does not exist or is outside the grants.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Preview(String key, String status, List<Item> items) {
    public static final String MISSING = "missing";

    /** {@code truncated} (an addition) says {@code text} was cut to {@code max_chars}. */
    public record Item(long seq, String role, String text, boolean truncated) {}

    public static Preview missing(String key) {
        return new Preview(key, MISSING, null);
    }
}
