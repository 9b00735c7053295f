package dev.switchboard.search;

import java.time.Instant;

/**
 * One match: which message ({@code key}, {@code instance}, {@code seq}), and a snippet of its text with
 * the matched terms wrapped in {@code **} (Markdown bold: readable as is, safe to render).
 */
public record SearchHit(String key, String instance, long seq, String role, String snippet, Instant createdAt) {}
