package dev.hallmark.provenance;

/** Overall verdict on a file's C2PA manifest, as c2pa-rs names it ({@code validation_state}), plus "no manifest". */
public enum C2paState {
    /** Valid, and the signing certificate chains to a configured trust anchor, with no failure anywhere. */
    TRUSTED("Trusted"),
    /** Signature and bindings check out; the signer is not (known to be) trusted. */
    VALID("Valid"),
    /** A failure: tampered content, bad signature, broken certificate, malformed manifest. */
    INVALID("Invalid"),
    /** The file carries no C2PA manifest. */
    ABSENT("Absent");

    private final String label;

    C2paState(String label) {
        this.label = label;
    }

    /** The name used in reports and JSON ({@code Trusted}, {@code Valid}, {@code Invalid}, {@code Absent}). */
    public String label() {
        return label;
    }
}
