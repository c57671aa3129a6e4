package dev.hallmark.registry;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The registry could not do what was asked: a file is corrupt or tampered with, a key is unavailable, a record is
 * invalid, the disk failed. Carries a {@link Reason} that callers and tests assert on and the file concerned;
 * {@link #getMessage()} is one line a user can act on. Expected outcomes (a filing not found, a proof that does not
 * verify) are results, not exceptions.
 */
public final class RegistryException extends Exception {
    /** Why the registry refused. */
    public enum Reason {
        /** A registry file fails its checksum or structure checks (bit flip, truncation below a checkpoint). */
        CORRUPT,
        /** Signed state disagrees with the journal: checkpoint root mismatch, bad signature, key mismatch. */
        TAMPERED,
        /** A file is from an unknown format or version. */
        UNSUPPORTED_VERSION,
        /** A filing or algorithm-filing record violates the schema. */
        INVALID_RECORD,
        /** A filing with this id is already in the registry. */
        DUPLICATE_ID,
        /** The record names an algorithm filing that is not registered, or one that does not cover the model. */
        UNKNOWN_ALGORITHM_FILING,
        /** The signing key or record-key store cannot be opened: passphrase missing or wrong, key file damaged. */
        KEY_UNAVAILABLE,
        /** Another process holds the registry. */
        LOCKED,
        /** Writing or fsync failed; the registry stops accepting filings (nothing unacknowledged is reported durable). */
        WRITE_FAILED,
        /** Reading failed (I/O error, missing folder). */
        UNREADABLE,
        /** An input exceeds a safety bound (record size, line length, nesting, count). */
        LIMIT_EXCEEDED,
        /** The registry was closed or has stopped after a write failure. */
        CLOSED,
        /** The requested item (filing id, tree size) does not exist. */
        NOT_FOUND
    }

    private final Reason reason;
    private final transient Path file;

    public RegistryException(Reason reason, Path file, String detail) {
        super(format(file, detail));
        this.reason = Objects.requireNonNull(reason);
        this.file = file;
    }

    public RegistryException(Reason reason, Path file, String detail, Throwable cause) {
        super(format(file, detail), cause);
        this.reason = Objects.requireNonNull(reason);
        this.file = file;
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
}
