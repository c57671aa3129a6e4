package dev.hallmark.classifier;

import dev.hallmark.media.MediaException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A check could not run: the video cannot be read, or a detector model cannot be loaded or run. Carries a
 * {@link Reason} that callers and tests assert on and the file concerned; {@link #getMessage()} is one line a user
 * can act on. Expected findings (no label, a low forensic score, an invalid manifest) are evidence, not exceptions.
 */
public final class ClassifierException extends Exception {
    /** Why a check could not run. */
    public enum Reason {
        /** The video is missing, unreadable or empty. */
        UNREADABLE,
        /** The video is broken (truncated, inconsistent, undecodable). */
        CORRUPT,
        /** The file is readable but not a video we can decode (no video stream, unknown codec). */
        UNSUPPORTED,
        /** The video exceeds a safety bound (nesting, sizes, counts) — possibly hostile. */
        LIMIT_EXCEEDED,
        /** No detector model at that path (or the built-in one is missing from the class path). */
        MODEL_NOT_FOUND,
        /** The detector manifest is unreadable, not JSON, of an unknown format or version, or out of range. */
        BAD_MANIFEST,
        /** The model file's bytes do not match the SHA-256 its manifest records (corrupt or tampered). */
        DIGEST_MISMATCH,
        /** The engine refused the model (not a valid ONNX graph) or its output does not have the declared shape. */
        MODEL_CORRUPT,
        /** The inference engine (ONNX Runtime through DJL) is not on the class path or cannot start. */
        ENGINE_UNAVAILABLE,
        /** The engine failed while running the model. */
        INFERENCE_FAILED,
        /** The detector was closed. */
        CLOSED
    }

    private final Reason reason;
    private final transient Path file;

    public ClassifierException(Reason reason, Path file, String detail) {
        super(format(file, detail));
        this.reason = Objects.requireNonNull(reason);
        this.file = file;
    }

    public ClassifierException(Reason reason, Path file, String detail, Throwable cause) {
        super(format(file, detail), cause);
        this.reason = Objects.requireNonNull(reason);
        this.file = file;
    }

    /** The same failure as a media error, with the media reason carried over. */
    public static ClassifierException of(MediaException e) {
        Reason r = switch (e.reason()) {
            case UNREADABLE, WRITE_FAILED -> Reason.UNREADABLE;
            case CORRUPT -> Reason.CORRUPT;
            case UNSUPPORTED -> Reason.UNSUPPORTED;
            case LIMIT_EXCEEDED -> Reason.LIMIT_EXCEEDED;
        };
        return new ClassifierException(r, e.file(), e.detail() == null ? "" : e.detail(), e);
    }

    private static String format(Path file, String detail) {
        String d = detail == null ? "" : detail.replace('\n', ' ').replace('\r', ' ');
        return file == null ? d : file + ": " + d;
    }

    public Reason reason() {
        return reason;
    }

    /** The video or model file concerned, or null. */
    public Path file() {
        return file;
    }
}
