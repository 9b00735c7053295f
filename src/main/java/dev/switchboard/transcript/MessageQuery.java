package dev.switchboard.transcript;

/**
 * {@code GET /v1/sessions/{key}/messages}: which instance (null = current), a seq window, and order.
 */
public record MessageQuery(String instance, Long afterSeq, Long beforeSeq, int limit, boolean descending, String cursor) {}
