package dev.hallmark.generator;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The generator or the compliant pipeline could not do its job. Carries a {@link Reason} callers and tests assert
 * on; the message is one line naming the input or step and the problem. When the pipeline fails, no output file
 * exists.
 */
public final class GeneratorException extends Exception {
    /** Why generation or a pipeline step failed. */
    public enum Reason {
        /** An input file or option cannot be used. */
        BAD_INPUT,
        /** A model bundle is missing, incomplete or malformed. */
        BAD_MODEL,
        /** The prompt was refused by policy (block or needs consent). */
        POLICY_REFUSED,
        /** A pipeline step failed (signing, self-check, filing, writing). */
        STEP_FAILED,
        /** The finished file did not verify: it was not released. */
        SELF_CHECK_FAILED
    }

    private final Reason reason;
    private final transient Path file;

    public GeneratorException(Reason reason, Path file, String detail) {
        super(file == null ? detail : file + ": " + detail);
        this.reason = Objects.requireNonNull(reason);
        this.file = file;
    }

    public GeneratorException(Reason reason, Path file, String detail, Throwable cause) {
        super(file == null ? detail : file + ": " + detail, cause);
        this.reason = Objects.requireNonNull(reason);
        this.file = file;
    }

    public Reason reason() {
        return reason;
    }

    public Path file() {
        return file;
    }
}
