package dev.hallmark.registry.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Per-thread cryptographic randomness: a NIST SP 800-90A DRBG per thread, so concurrent producers do not contend on
 * the process-wide lock of the default native generator.
 */
public final class Randoms {
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Randoms::create);

    private Randoms() {
    }

    private static SecureRandom create() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    public static SecureRandom get() {
        return RANDOM.get();
    }

    public static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.get().nextBytes(b);
        return b;
    }
}
