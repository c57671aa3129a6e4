package dev.hallmark.provenance.cose;

import java.util.Optional;

/**
 * COSE signature algorithms C2PA allows (IANA COSE algorithm ids), with the Bouncy Castle JCA names that take the
 * COSE signature encoding directly (raw {@code r||s} for ECDSA, PSS with MGF1 and salt = hash length).
 */
public enum CoseAlgorithm {
    ES256(-7, "SHA256withPLAIN-ECDSA", "SHA-256"),
    ES384(-35, "SHA384withPLAIN-ECDSA", "SHA-384"),
    ES512(-36, "SHA512withPLAIN-ECDSA", "SHA-512"),
    PS256(-37, "SHA256withRSAandMGF1", "SHA-256"),
    PS384(-38, "SHA384withRSAandMGF1", "SHA-384"),
    PS512(-39, "SHA512withRSAandMGF1", "SHA-512"),
    ED25519(-8, "Ed25519", null);

    private final int id;
    private final String jcaName;
    private final String digest;

    CoseAlgorithm(int id, String jcaName, String digest) {
        this.id = id;
        this.jcaName = jcaName;
        this.digest = digest;
    }

    public int id() {
        return id;
    }

    public String jcaName() {
        return jcaName;
    }

    /** Digest of the algorithm, null for Ed25519. */
    public String digest() {
        return digest;
    }

    public boolean isEcdsa() {
        return this == ES256 || this == ES384 || this == ES512;
    }

    /** Name as c2pa-rs prints it ({@code Es256}, {@code Ps256}, {@code Ed25519}). */
    public String displayName() {
        String n = name();
        return n.charAt(0) + n.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<CoseAlgorithm> byId(long id) {
        for (CoseAlgorithm a : values()) {
            if (a.id == id) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
