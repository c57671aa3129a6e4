package dev.hallmark.watermark;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A secret watermark key: 256 random bits that decide every chip, pilot position and cell assignment of the pattern,
 * and key the payload's check bits. Without it the pattern can neither be read nor forged. Its {@link #id()} (16 hex
 * digits, a hash of the secret) is public: it is recorded with each marked clip so keys can rotate and the detector
 * can try every key it knows.
 *
 * <p><b>Security.</b> The secret never appears in {@link #toString()}, logs or exceptions; it leaves this object only
 * through {@link #derive} (one-way) and through {@link WatermarkKeyStore}, which stores it encrypted.
 */
public final class WatermarkKey {
    /** Secret length in bytes. */
    public static final int SECRET_BYTES = 32;

    private final byte[] secret;
    private final String id;
    private final Instant created;

    private WatermarkKey(byte[] secret, Instant created) {
        if (secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("watermark key must be " + SECRET_BYTES + " bytes");
        }
        this.secret = secret.clone();
        this.created = Objects.requireNonNull(created);
        this.id = computeId(this.secret);
    }

    /** A fresh random key. */
    public static WatermarkKey generate(SecureRandom random, Instant created) {
        byte[] s = new byte[SECRET_BYTES];
        random.nextBytes(s);
        return new WatermarkKey(s, created);
    }

    /** A fresh random key from the platform's strong random source. */
    public static WatermarkKey generate() {
        try {
            return generate(SecureRandom.getInstanceStrong(), Instant.now());
        } catch (GeneralSecurityException e) {
            return generate(new SecureRandom(), Instant.now());
        }
    }

    /** A key from known secret bytes (key files, tests, calibration runs with random keys). */
    public static WatermarkKey fromSecret(byte[] secret, Instant created) {
        return new WatermarkKey(secret, created);
    }

    private static String computeId(byte[] secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("hallmark.watermark.key-id/1".getBytes(StandardCharsets.US_ASCII));
            md.update(secret);
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Public identifier: 16 hex digits of SHA-256 over a label and the secret. */
    public String id() {
        return id;
    }

    public Instant created() {
        return created;
    }

    /**
     * Derives {@code length} pseudo-random bytes for one purpose (HMAC-SHA256 in counter mode, NIST SP 800-108):
     * distinct purposes give independent streams; the secret cannot be recovered from them.
     */
    public byte[] derive(String purpose, int length) {
        if (length < 0 || length > (1 << 24)) {
            throw new IllegalArgumentException("length out of range: " + length);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] label = purpose.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[length];
            int done = 0;
            for (int counter = 1; done < length; counter++) {
                mac.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8),
                        (byte) counter});
                mac.update(label);
                mac.update((byte) 0);
                mac.update(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                        (byte) length});
                byte[] block = mac.doFinal();
                int n = Math.min(block.length, length - done);
                System.arraycopy(block, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** HMAC-SHA256 of {@code data} under a key derived for {@code purpose}. */
    public byte[] mac(String purpose, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(derive(purpose, 32), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The secret, for {@link WatermarkKeyStore} only. */
    byte[] secretForStorage() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WatermarkKey k && MessageDigest.isEqual(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "WatermarkKey[id=" + id + "]";
    }

    /** Overwrites a copy of secret material (best effort; the JVM may hold others). */
    static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}
