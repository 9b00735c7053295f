package dev.switchboard.health;

/**
 * What {@code GET /readyz} reports: whether this node can serve, which store it runs on, and if not, why.
 *
 * @param detail null when ready; otherwise what is wrong, for operators
 */
public record Readiness(boolean ready, String store, String detail) {}
