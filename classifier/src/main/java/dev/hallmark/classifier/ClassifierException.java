package dev.hallmark.classifier;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Verification could not run at all: the file cannot be read, or a detector model is unusable. Anything a check
 * finds (tampering, absence) is evidence in the {@link Assessment}, not this exception.
 */
public final class ClassifierException extends Exception {
    /** Why verification could not run. */
    public enum Reason {
        /** Missing, unreadable, empty, corrupt or hostile input. */
        UNREADABLE,
        /** A detector model folder is missing files or malformed. */
        BAD_MODEL,
        /** A detector failed while running. */
        DETECTOR_FAILED
    }

    private final Reason reason;
    private final transient Path file;

    public ClassifierException(Reason reason, Path file, String detail) {
        super(file == null ? detail : file + ": " + detail);
        this.reason = Objects.requireNonNull(reason);
        this.file = file;
    }

    public ClassifierException(Reason reason, Path file, String detail, Throwable cause) {
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
