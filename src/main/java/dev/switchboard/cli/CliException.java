package dev.switchboard.cli;

/** A CLI failure with a message for the user (no stack trace) and an exit code. */
public final class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
