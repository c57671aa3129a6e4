package dev.hallmark.registry.internal;

import java.time.Instant;

/**
 * Filing ids: ULIDs (48-bit millisecond time + 80 random bits), 26 characters of Crockford base32, sortable by time.
 * Held as two longs for compact maps and the 16-byte id column of the entry index.
 */
public final class Ulid {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int[] DECODE = new int[128];

    static {
        java.util.Arrays.fill(DECODE, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DECODE[ALPHABET[i]] = i;
            DECODE[Character.toLowerCase(ALPHABET[i])] = i;
        }
    }

    private Ulid() {
    }

    /** A new id for {@code time}. */
    public static String create(Instant time) {
        byte[] r = Randoms.bytes(10);
        long hi = (time.toEpochMilli() & 0xFFFFFFFFFFFFL) << 16 | (r[0] & 0xFFL) << 8 | (r[1] & 0xFFL);
        long lo = 0;
        for (int i = 2; i < 10; i++) {
            lo = lo << 8 | (r[i] & 0xFFL);
        }
        return format(hi, lo);
    }

    /** True if {@code s} is a 26-character ULID (case-insensitive, first character 0-7). */
    public static boolean isValid(String s) {
        if (s == null || s.length() != 26) {
            return false;
        }
        for (int i = 0; i < 26; i++) {
            char c = s.charAt(i);
            if (c >= 128 || DECODE[c] < 0) {
                return false;
            }
        }
        return DECODE[s.charAt(0)] <= 7;
    }

    public static String format(long hi, long lo) {
        char[] out = new char[26];
        // 128 bits -> 26 base32 digits (the first digit holds 3 bits)
        long h = hi;
        long l = lo;
        for (int i = 25; i >= 0; i--) {
            int digit = (int) (l & 31);
            out[i] = ALPHABET[digit];
            l = (l >>> 5) | (h << 59);
            h >>>= 5;
        }
        return new String(out);
    }

    /** High 64 bits of a valid ULID. */
    public static long hi(String s) {
        return bits(s)[0];
    }

    /** Low 64 bits of a valid ULID. */
    public static long lo(String s) {
        return bits(s)[1];
    }

    public static long[] bits(String s) {
        if (!isValid(s)) {
            throw new IllegalArgumentException("not a ULID: " + s);
        }
        long h = 0;
        long l = 0;
        for (int i = 0; i < 26; i++) {
            int d = DECODE[s.charAt(i)];
            h = (h << 5) | (l >>> 59);
            l = (l << 5) | d;
        }
        return new long[] {h, l};
    }

    /** Canonical (upper-case) spelling. */
    public static String canonical(String s) {
        long[] b = bits(s);
        return format(b[0], b[1]);
    }
}
