package dev.switchboard.problem;

import java.util.List;

/**
 * Thrown by services for every failure a client should see. Transports (REST, WebSocket, MCP) map it
 * to an RFC 9457 problem in one place each; services never build HTTP responses themselves.
 */
public final class ProblemException extends RuntimeException {
    private final ProblemType type;
    private final List<FieldError> errors;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ProblemException(ProblemType type, String detail, List<FieldError> errors) {
        super(detail, null, false, false); // no stack trace: these are expected outcomes, not bugs
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public ProblemType type() { return type; }
    public String detail() { return getMessage(); }
    public List<FieldError> errors() { return errors; }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " not found");
    }

    public static ProblemException validation(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, detail);
    }
}
