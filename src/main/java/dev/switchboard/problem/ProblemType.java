package dev.switchboard.problem;

/**
 * The closed set of problem types a client can see (API.md "Errors"). The slug is part of the
 * contract: clients switch on {@code urn:switchboard:problem:<slug>}, so never rename one.
 */
public enum ProblemType {
    BAD_REQUEST(400, "bad-request", "Malformed request"),
    UNAUTHORIZED(401, "unauthorized", "Authentication required"),
    FORBIDDEN(403, "forbidden", "Not allowed"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    CONFLICT(409, "conflict", "Conflict"),
    SESSION_ENDED(409, "session-ended", "Session has ended"),
    RUN_ACTIVE(409, "run-active", "A run is active"),
    NOTHING_TO_COMPACT(409, "nothing-to-compact", "Nothing to compact"),
    PRECONDITION_FAILED(412, "precondition-failed", "Precondition failed"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    URI_TOO_LONG(414, "uri-too-long", "URI too long"),
    VALIDATION(422, "validation", "Validation failed"),
    RATE_LIMITED(429, "rate-limited", "Too many requests"),
    HEADERS_TOO_LARGE(431, "headers-too-large", "Request headers too large"),
    INTERNAL(500, "internal", "Internal error"),
    UNAVAILABLE(503, "unavailable", "Service unavailable"),
    VERSION_NOT_SUPPORTED(505, "http-version-not-supported", "HTTP version not supported"),
    INSUFFICIENT_STORAGE(507, "insufficient-storage", "Insufficient storage");

    private static final String PREFIX = "urn:switchboard:problem:";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() { return status; }
    public String slug() { return slug; }
    public String title() { return title; }
    public String uri() { return PREFIX + slug; }
}
