package dev.hallmark.registry.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Cryptographic randomness for many concurrent producers: a small fixed set of NIST SP 800-90A DRBGs, picked by
 * thread, so producers neither contend on one process-wide lock (the default native generator's) nor pay a DRBG
 * instantiation per (virtual) thread.
 */
public final class Randoms {
    private static final SecureRandom[] STRIPES = new SecureRandom[Math.max(8, Integer.highestOneBit(
            Runtime.getRuntime().availableProcessors() * 2 - 1) << 1)];

    private Randoms() {
    }

    public static SecureRandom get() {
        int i = (int) (Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L >>> 40) & (STRIPES.length - 1);
        SecureRandom r = STRIPES[i];
        if (r == null) {
            synchronized (STRIPES) {
                r = STRIPES[i];
                if (r == null) {
                    r = create();
                    STRIPES[i] = r;
                }
            }
        }
        return r;
    }

    private static SecureRandom create() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    public static byte[] bytes(int n) {
        byte[] b = new byte[n];
        get().nextBytes(b);
        return b;
    }
}
