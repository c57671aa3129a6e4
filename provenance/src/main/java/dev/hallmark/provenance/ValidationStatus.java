package dev.hallmark.provenance;

import java.util.Objects;

/**
 * One validation result, named with the C2PA / c2pa-rs status code (e.g. {@code claimSignature.validated},
 * {@code assertion.bmffHash.mismatch}); tests and callers assert on {@link #code()}, never on the explanation.
 *
 * @param kind success, informational or failure
 * @param code the status code
 * @param url the JUMBF URI of the object concerned ({@code self#jumbf=/c2pa/<manifest>/...}), or empty
 * @param explanation a human-readable detail
 */
public record ValidationStatus(Kind kind, String code, String url, String explanation) {
    /** Which list a status belongs to. */
    public enum Kind { SUCCESS, INFORMATIONAL, FAILURE }

    public ValidationStatus {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(code);
        url = url == null ? "" : url;
        explanation = explanation == null ? "" : explanation;
    }
}
