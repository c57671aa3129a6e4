package dev.hallmark.cli;

/** Process exit codes of every `hallmark` command (one enum, documented in the README). */
public enum ExitCode {
    /** The command ran and everything it checked was fine. */
    OK(0),
    /** The command ran and a check failed (tampering found, not detected, prompt blocked, registry problem). */
    CHECK_FAILED(1),
    /** The command line was wrong: unknown command or option, missing or malformed value. */
    USAGE(2),
    /** An input could not be used: unreadable, corrupt, unsupported or hostile file, wrong key. */
    BAD_INPUT(3),
    /** A bug or an environment failure (disk full, native library missing). */
    INTERNAL(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
