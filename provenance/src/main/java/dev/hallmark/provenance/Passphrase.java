package dev.hallmark.provenance;

import java.util.Arrays;

/**
 * The secret protecting private keys at rest. Taken from the environment ({@value #ENV}) or given explicitly; when
 * absent, key creation generates one into a 0600 file beside the keys. Never printed: {@link #toString()} hides it.
 */
public final class Passphrase {
    /** Environment variable holding the passphrase. */
    public static final String ENV = "HALLMARK_KEY_PASSPHRASE";
    private static final Passphrase NONE = new Passphrase(null);

    private final char[] value;

    private Passphrase(char[] value) {
        this.value = value;
    }

    /** The passphrase in {@value #ENV}, or none when unset or empty. */
    public static Passphrase fromEnvironment() {
        String v = System.getenv(ENV);
        return v == null || v.isEmpty() ? NONE : new Passphrase(v.toCharArray());
    }

    public static Passphrase of(char[] value) {
        if (value == null || value.length == 0) {
            return NONE;
        }
        return new Passphrase(value.clone());
    }

    public static Passphrase none() {
        return NONE;
    }

    public boolean isPresent() {
        return value != null;
    }

    /** A copy of the secret for a key-derivation call; callers wipe it after use. */
    public char[] chars() {
        if (value == null) {
            throw new IllegalStateException("no passphrase");
        }
        return value.clone();
    }

    @Override
    public String toString() {
        return isPresent() ? "Passphrase[***]" : "Passphrase[none]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Passphrase p && Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
        return 17;
    }
}
