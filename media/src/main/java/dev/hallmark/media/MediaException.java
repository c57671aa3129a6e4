package dev.hallmark.media;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A media input or output could not be used. Carries a {@link Reason} that callers and tests assert on, and the
 * path of the file concerned; {@link #getMessage()} is one line a user can act on.
 */
public final class MediaException extends Exception {
    /** Why a file was refused. */
    public enum Reason {
        /** Missing, unreadable or empty. */
        UNREADABLE,
        /** Structure broken: truncated, box sizes inconsistent, decoder errors. */
        CORRUPT,
        /** Readable but not something we handle (no video stream, unknown container or codec). */
        UNSUPPORTED,
        /** Exceeds a safety bound (nesting depth, box count, size) — possibly hostile. */
        LIMIT_EXCEEDED,
        /** Writing failed (disk full, permission). */
        WRITE_FAILED
    }

    private final Reason reason;
    private final transient Path file;
    private final String detail;

    public MediaException(Reason reason, Path file, String detail) {
        super(format(file, detail));
        this.reason = Objects.requireNonNull(reason);
        this.file = file;
        this.detail = detail;
    }

    public MediaException(Reason reason, Path file, String detail, Throwable cause) {
        super(format(file, detail), cause);
        this.reason = Objects.requireNonNull(reason);
        this.file = file;
        this.detail = detail;
    }

    private static String format(Path file, String detail) {
        return file == null ? detail : file + ": " + detail;
    }

    public Reason reason() {
        return reason;
    }

    /** The file concerned, or null when not tied to one. */
    public Path file() {
        return file;
    }

    /** The message without the file name in front (for a wrapper that names the file itself). */
    public String detail() {
        return detail;
    }
}
