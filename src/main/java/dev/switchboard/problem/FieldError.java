package dev.switchboard.problem;

/** One entry of a validation problem's {@code errors[]}: a JSON-pointer-like field path and what is wrong with it. */
public record FieldError(String field, String message) {}
