package dev.hallmark.generator;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model could not be loaded or could not generate, or a step of the compliant pipeline failed (then no output
 * file exists). Carries a {@link Reason} that callers and tests assert on and
 * the file concerned (bundle folder or component) when there is one; {@link #getMessage()} is one line a user can
 * act on.
 */
public final class GeneratorException extends Exception {
    /** Why loading or generation failed. */
    public enum Reason {
        /** No built-in model of that name and no bundle folder at that path. */
        MODEL_NOT_FOUND,
        /** The bundle manifest is missing, unreadable, not JSON, of an unknown format version or inconsistent. */
        BAD_MANIFEST,
        /** A file the manifest names is absent. */
        COMPONENT_MISSING,
        /** A component's bytes do not match the SHA-256 the manifest records (corrupt or tampered). */
        DIGEST_MISMATCH,
        /** The engine refused a component (not a valid ONNX / TorchScript graph). */
        COMPONENT_CORRUPT,
        /** A component loaded but its inputs or outputs do not have the shapes the manifest declares. */
        SHAPE_MISMATCH,
        /** No engine can run the component (engine missing from the class path, no file for it). */
        ENGINE_UNAVAILABLE,
        /** The request is out of range for this model (size, duration, steps ...). */
        BAD_REQUEST,
        /** The engine failed while running a component. */
        INFERENCE_FAILED,
        /** The model was closed. */
        CLOSED,
        /** An input file or option of the pipeline cannot be used. */
        BAD_INPUT,
        /** The prompt was refused by policy (block or needs consent). */
        POLICY_REFUSED,
        /** A pipeline step failed (signing, filing, writing). */
        STEP_FAILED,
        /** The finished file did not verify: it was not released. */
        SELF_CHECK_FAILED
    }

    private final Reason reason;
    private final transient Path file;

    public GeneratorException(Reason reason, Path file, String detail) {
        super(format(file, detail));
        this.reason = Objects.requireNonNull(reason);
        this.file = file;
    }

    public GeneratorException(Reason reason, Path file, String detail, Throwable cause) {
        super(format(file, detail), cause);
        this.reason = Objects.requireNonNull(reason);
        this.file = file;
    }

    private static String format(Path file, String detail) {
        String d = detail == null ? "" : detail.replace('\n', ' ').replace('\r', ' ');
        return file == null ? d : file + ": " + d;
    }

    public Reason reason() {
        return reason;
    }

    /** The bundle folder or component file concerned, or null. */
    public Path file() {
        return file;
    }
}
