package dev.hallmark.watermark;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A watermark operation could not run: the video or a key file is unusable. Expected outcomes (no watermark, payload
 * unreadable) are {@link WatermarkResult}s, not exceptions. {@link #getMessage()} is one line naming the input.
 */
public final class WatermarkException extends Exception {
    /** Why the operation failed. */
    public enum Reason {
        /** The video is missing, unreadable, corrupt or not a video. */
        UNREADABLE_VIDEO,
        /** Writing the output failed. */
        WRITE_FAILED,
        /** A key file is damaged, truncated or of an unknown version. */
        CORRUPT_KEY,
        /** A key file is encrypted and the passphrase does not open it. */
        WRONG_PASSPHRASE,
        /** The key folder cannot be read or written. */
        KEY_STORE,
        /** The calibration resource is damaged or of an unknown version. */
        CORRUPT_CALIBRATION,
        /** Bad argument from the user (payload syntax, unsupported frame size). */
        BAD_ARGUMENT
    }

    private final Reason reason;
    private final transient Path file;

    public WatermarkException(Reason reason, Path file, String detail) {
        super(file == null ? detail : file + ": " + detail);
        this.reason = Objects.requireNonNull(reason);
        this.file = file;
    }

    public WatermarkException(Reason reason, Path file, String detail, Throwable cause) {
        super(file == null ? detail : file + ": " + detail, cause);
        this.reason = Objects.requireNonNull(reason);
        this.file = file;
    }

    public Reason reason() {
        return reason;
    }

    /** The file concerned, or null. */
    public Path file() {
        return file;
    }
}
