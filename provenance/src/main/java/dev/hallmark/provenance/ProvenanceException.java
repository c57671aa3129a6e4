package dev.hallmark.provenance;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A provenance input, key or output could not be used. Carries a {@link Reason} that callers and tests assert on and
 * the file concerned; {@link #getMessage()} is one line a user can act on. Expected verification outcomes (tampered,
 * unsigned, untrusted) are never exceptions: they are {@link C2paReport}s.
 */
public final class ProvenanceException extends Exception {
    /** Why an input or operation was refused. */
    public enum Reason {
        /** Missing, unreadable or empty file. */
        UNREADABLE,
        /** Structure broken: truncated or inconsistent boxes, JUMBF, CBOR or COSE. */
        MALFORMED,
        /** Exceeds a safety bound (nesting depth, sizes, counts): possibly hostile. */
        LIMIT_EXCEEDED,
        /** Readable but not a format handled here. */
        UNSUPPORTED,
        /** Keys or certificates missing, unreadable, or protected by another passphrase (general key problem). */
        KEY_PROBLEM,
        /** No signing keys where they were expected. */
        NO_KEYS,
        /** Key files present but unusable: corrupt, tampered, wrong type, or the key does not match the certificate. */
        KEY_INVALID,
        /** The passphrase protecting the private keys is missing or wrong. */
        BAD_PASSPHRASE,
        /** A certificate does not meet the C2PA certificate profile. */
        CERTIFICATE_PROFILE,
        /** The time-stamp authority could not be reached or answered badly. */
        TIMESTAMP_FAILED,
        /** Signing failed (manifest larger than its reserved space, crypto provider error). */
        SIGNING_FAILED,
        /** Writing an output failed (disk full, permission). */
        WRITE_FAILED
    }

    private final Reason reason;
    private final transient Path file;

    public ProvenanceException(Reason reason, Path file, String detail) {
        super(format(file, detail));
        this.reason = Objects.requireNonNull(reason);
        this.file = file;
    }

    public ProvenanceException(Reason reason, Path file, String detail, Throwable cause) {
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
