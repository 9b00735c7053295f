package dev.switchboard.session;

/** The ordered pair of teams a pair session is for ({@code POST /v1/pairs}): {@code from} talks to {@code to}. */
public record SessionPair(String from, String to) {}
