package dev.hallmark.registry.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a record's personal data with its own 256-bit data key: AES-256-GCM, random 96-bit nonce, the filing id as
 * associated data (a sealed blob moved to another record fails to open). Output: nonce[12] || ciphertext || tag[16].
 *
 * <p>Security: a fresh key per record, so deleting one key (crypto-shredding) makes exactly that record's personal
 * data unreadable.
 */
public final class Sealer {
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES-GCM", e);
        }
    });

    private Sealer() {
    }

    /** A fresh random 256-bit key. */
    public static byte[] newKey() {
        return dev.hallmark.registry.internal.Randoms.bytes(32);
    }

    public static byte[] random(int n) {
        return dev.hallmark.registry.internal.Randoms.bytes(n);
    }

    public static byte[] seal(byte[] key, String recordId, byte[] plaintext) {
        return seal(key, random(12), recordId, plaintext);
    }

    /** Seals with a caller-supplied fresh random 96-bit nonce (never reuse one with the same key). */
    public static byte[] seal(byte[] key, byte[] nonce, String recordId, byte[] plaintext) {
        if (nonce.length != 12) {
            throw new IllegalArgumentException("nonce must be 12 bytes");
        }
        try {
            Cipher c = GCM.get();
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad(recordId));
            byte[] ct = c.doFinal(plaintext);
            byte[] out = Arrays.copyOf(nonce, 12 + ct.length);
            System.arraycopy(ct, 0, out, 12, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
    }

    /** Opens a sealed blob; GeneralSecurityException if the key is wrong or the blob was altered. */
    public static byte[] open(byte[] key, String recordId, byte[] sealed) throws GeneralSecurityException {
        if (sealed.length < 12 + 16) {
            throw new GeneralSecurityException("sealed data too short");
        }
        Cipher c = GCM.get();
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, 0, 12));
        c.updateAAD(aad(recordId));
        return c.doFinal(sealed, 12, sealed.length - 12);
    }

    private static byte[] aad(String recordId) {
        return ("hallmark.sealed/1\n" + recordId).getBytes(StandardCharsets.UTF_8);
    }
}
