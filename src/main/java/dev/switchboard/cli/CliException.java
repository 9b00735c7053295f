package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;

/**
 * A CLI failure with a message for the user (no stack trace), an exit code ({@link ExitCodes}) and, under
 * {@code --json}, the problem object printed instead: the server's own when it answered one, else one the CLI
 * makes in the same RFC 9457 shape with a {@code urn:switchboard:cli:<slug>} type.
 */
public final class CliException extends RuntimeException {
    private final int exitCode;
    private final JsonNode problem;

    public CliException(String message, int exitCode) {
        this(message, exitCode, null);
    }

    public CliException(String message, int exitCode, JsonNode problem) {
        super(message);
        this.exitCode = exitCode;
        this.problem = problem;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The problem object for {@code --json}: the server's, or the CLI's own. */
    public JsonNode problem() {
        if (problem != null) return problem;
        ObjectNode p = Json.object();
        p.put("type", "urn:switchboard:cli:" + slug(exitCode));
        p.put("title", title(exitCode));
        p.put("detail", getMessage());
        p.put("exit_code", exitCode);
        return p;
    }

    private static String slug(int code) {
        return switch (code) {
            case ExitCodes.USAGE -> "usage";
            case ExitCodes.UNREACHABLE -> "unreachable";
            case ExitCodes.ABORTED -> "aborted";
            case ExitCodes.INTERRUPTED -> "interrupted";
            default -> "failed";
        };
    }

    private static String title(int code) {
        return switch (code) {
            case ExitCodes.USAGE -> "Bad usage or configuration";
            case ExitCodes.UNREACHABLE -> "Server unreachable";
            case ExitCodes.ABORTED -> "Aborted";
            case ExitCodes.INTERRUPTED -> "Interrupted";
            default -> "Failed";
        };
    }
}
