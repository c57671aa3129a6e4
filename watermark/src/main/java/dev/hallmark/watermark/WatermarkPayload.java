package dev.hallmark.watermark;

import java.util.HexFormat;
import java.util.Locale;

/**
 * The 64-bit identifier a watermark carries (e.g. a clip id in the filing registry). Written as 16 lower-case hex
 * digits.
 */
public record WatermarkPayload(long value) {

    /** Parses 16 hex digits (upper or lower case, no prefix). */
    public static WatermarkPayload parse(String hex) {
        if (hex == null || hex.length() != 16 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("payload must be exactly 16 hex digits, got \"" + hex + "\"");
        }
        return new WatermarkPayload(Long.parseUnsignedLong(hex, 16));
    }

    public static WatermarkPayload of(long value) {
        return new WatermarkPayload(value);
    }

    /** 16 lower-case hex digits. */
    public String hex() {
        return String.format(Locale.ROOT, "%016x", value);
    }

    /** Big-endian bytes. */
    public byte[] bytes() {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (56 - 8 * i));
        }
        return b;
    }

    /** Bit {@code i} (0 = most significant). */
    public int bit(int i) {
        return (int) (value >>> (63 - i)) & 1;
    }

    /** Number of differing bits (for bit-accuracy figures). */
    public int distance(WatermarkPayload other) {
        return Long.bitCount(value ^ other.value);
    }

    @Override
    public String toString() {
        return hex();
    }

    static String hexOf(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
