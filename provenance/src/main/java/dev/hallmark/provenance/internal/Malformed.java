package dev.hallmark.provenance.internal;

import dev.hallmark.provenance.ProvenanceException;
import dev.hallmark.provenance.ProvenanceException.Reason;
import java.nio.file.Path;

/**
 * Unchecked signal from the byte-level parsers (JUMBF, CBOR, COSE, BMFF hash) that untrusted input is malformed or
 * exceeds a bound. Public entry points turn it into a {@link ProvenanceException} naming the file, or into a
 * validation status when the damage is confined to one part of a manifest.
 */
public final class Malformed extends RuntimeException {
    private final Reason reason;

    public Malformed(String detail) {
        this(Reason.MALFORMED, detail);
    }

    public Malformed(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public ProvenanceException toException(Path file) {
        return new ProvenanceException(reason, file, getMessage());
    }

    public static Malformed limit(String detail) {
        return new Malformed(Reason.LIMIT_EXCEEDED, detail);
    }
}
