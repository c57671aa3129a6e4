package dev.hallmark.provenance.aigc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;

/**
 * Hallmark's {@code ReservedCode1}: an ECDSA P-256 signature (SHA-256, IEEE P1363 r||s) by the producer's
 * claim-signing key over {@link AigcLabel#sealedContent()} (Label, ContentProducer, ProduceID). Anyone holding the
 * producer's certificate can check that the label was written by the producer and not altered.
 *
 * <pre>ReservedCode1 = "HM1." + keyId (8 hex = SHA-256(SubjectPublicKeyInfo)[0..4]) + "." + base64url(r||s)</pre>
 *
 * <p>Security: the seal proves who wrote the label fields, not that the video frames are unmodified (C2PA's hard
 * binding and the watermark do that). A missing or foreign ReservedCode1 is reported as such, never as valid.
 */
public final class AigcSeal {
    public static final String PREFIX = "HM1.";

    /** Outcome of checking a label's ReservedCode1. */
    public enum Check {
        /** Our format, signed by one of the given keys, and the fields are unaltered. */
        VALID,
        /** Our format and a known key, but the signature does not match the fields: altered. */
        INVALID,
        /** Our format, but signed by a key we do not know. */
        UNKNOWN_KEY,
        /** Empty, or not Hallmark's format (another producer's integrity scheme). */
        NOT_HALLMARK
    }

    private AigcSeal() {
    }

    public static String seal(AigcLabel label, PrivateKey key, PublicKey publicKey) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(key);
            s.update(label.sealedContent().getBytes(StandardCharsets.US_ASCII));
            return PREFIX + keyId(publicKey) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal the AIGC label: " + e.getMessage(), e);
        }
    }

    /**
     * Seals with a C2PA claim-signing credential (the key never leaves it). Only EC P-256 (ES256) keys seal; for
     * other key types the label is returned unsealed (ReservedCode1 empty) and the caller says so.
     */
    public static String seal(AigcLabel label, dev.hallmark.provenance.SigningCredentials credentials)
            throws dev.hallmark.provenance.ProvenanceException {
        if (credentials.algorithm() != dev.hallmark.provenance.cose.CoseAlgorithm.ES256) {
            return "";
        }
        byte[] sig = credentials.sign(label.sealedContent().getBytes(StandardCharsets.US_ASCII));
        return PREFIX + keyId(credentials.chain().get(0).getPublicKey()) + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }

    public static Check check(AigcLabel label, Collection<PublicKey> knownKeys) {
        String rc = label.reservedCode1();
        if (!rc.startsWith(PREFIX)) {
            return Check.NOT_HALLMARK;
        }
        String[] parts = rc.split("\\.");
        if (parts.length != 3 || parts[1].length() != 8) {
            return Check.INVALID;
        }
        byte[] sig;
        try {
            sig = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return Check.INVALID;
        }
        for (PublicKey k : knownKeys) {
            if (!keyId(k).equals(parts[1])) {
                continue;
            }
            try {
                Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
                s.initVerify(k);
                s.update(label.sealedContent().getBytes(StandardCharsets.US_ASCII));
                return s.verify(sig) ? Check.VALID : Check.INVALID;
            } catch (GeneralSecurityException e) {
                return Check.INVALID;
            }
        }
        return Check.UNKNOWN_KEY;
    }

    /** First 4 bytes of SHA-256 over the key's SubjectPublicKeyInfo, as 8 hex digits. */
    public static String keyId(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
