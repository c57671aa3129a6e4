package dev.hallmark.cli;

/**
 * A failure a command reports to the user as one line: the message says which input was wrong and what to do.
 * Never carries a stack trace to the user unless `--debug` is given.
 */
public final class CliException extends RuntimeException {
    private final ExitCode exitCode;

    public CliException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    public static CliException badInput(String message) {
        return new CliException(ExitCode.BAD_INPUT, message);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
