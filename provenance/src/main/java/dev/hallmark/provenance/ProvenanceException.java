package dev.hallmark.provenance;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Provenance input could not be used: a malformed label, manifest, certificate or key. Carries a {@link Reason}
 * callers assert on and the file concerned; the message is one line a user can act on. Expected verification
 * outcomes (tampered, untrusted) are results, not this exception.
 */
public final class ProvenanceException extends Exception {
    /** Why the input was refused. */
    public enum Reason {
        /** The file could not be read at all. */
        UNREADABLE,
        /** Structure broken (JSON, XMP, JUMBF, CBOR, COSE) or limits exceeded. */
        MALFORMED,
        /** Valid but not supported (format, algorithm, version). */
        UNSUPPORTED,
        /** Keys or certificates missing, unreadable, or protected by another passphrase. */
        KEY_PROBLEM,
        /** Writing the output failed. */
        WRITE_FAILED
    }

    private final Reason reason;
    private final transient Path file;

    public ProvenanceException(Reason reason, Path file, String detail) {
        super(file == null ? detail : file + ": " + detail);
        this.reason = Objects.requireNonNull(reason);
        this.file = file;
    }

    public ProvenanceException(Reason reason, Path file, String detail, Throwable cause) {
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
