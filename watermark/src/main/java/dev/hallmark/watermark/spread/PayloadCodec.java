package dev.hallmark.watermark.spread;

import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkPayload;
import java.util.List;
import java.util.Optional;

/**
 * Payload bits on the wire: the 64-bit id followed by a 24-bit keyed check (HMAC-SHA256 of the id under a key-derived
 * MAC key, truncated), 88 information bits, then the LTE tail-biting convolutional code (rate 1/3): 264 coded bits.
 * The keyed check makes a wrong decode (or a decode of an unmarked video) pass with probability 2^-24 per candidate
 * tried, and cannot be computed without the key.
 */
public final class PayloadCodec {
    public static final int PAYLOAD_BITS = 64;
    public static final int CHECK_BITS = 24;
    public static final int INFO_BITS = PAYLOAD_BITS + CHECK_BITS;
    public static final int CODED_BITS = INFO_BITS * 3;
    /** Candidates tried per decode (each multiplies the chance of a false check pass). */
    public static final int LIST_SIZE = 4;
    private static final String MAC_PURPOSE = "hallmark.watermark.ss1/payload-check";

    private final WatermarkKey key;

    public PayloadCodec(WatermarkKey key) {
        this.key = key;
    }

    /** The 24 check bits of {@code payload} as an int. */
    int check(WatermarkPayload payload) {
        byte[] mac = key.mac(MAC_PURPOSE, payload.bytes());
        return ((mac[0] & 0xFF) << 16) | ((mac[1] & 0xFF) << 8) | (mac[2] & 0xFF);
    }

    /** The 88 information bits (0/1). */
    int[] infoBits(WatermarkPayload payload) {
        int[] bits = new int[INFO_BITS];
        for (int i = 0; i < PAYLOAD_BITS; i++) {
            bits[i] = payload.bit(i);
        }
        int c = check(payload);
        for (int i = 0; i < CHECK_BITS; i++) {
            bits[PAYLOAD_BITS + i] = (c >>> (CHECK_BITS - 1 - i)) & 1;
        }
        return bits;
    }

    /** The 264 coded bits (0/1). */
    public int[] encode(WatermarkPayload payload) {
        return TailBitingConvolutionalCode.LTE.encode(infoBits(payload));
    }

    /** A decode: the payload when a candidate passed the check, and how many candidates were tried. */
    public record Decoded(Optional<WatermarkPayload> payload, int candidatesTried, int[] bestInfoBits) {
    }

    /**
     * Decodes 264 soft values (positive: bit 0). Tries the best {@link #LIST_SIZE} tail-biting candidates and returns
     * the first whose check bits match.
     */
    public Decoded decode(double[] soft) {
        if (soft.length != CODED_BITS) {
            throw new IllegalArgumentException("expected " + CODED_BITS + " soft values, got " + soft.length);
        }
        List<TailBitingConvolutionalCode.Candidate> list = TailBitingConvolutionalCode.LTE.decode(soft, LIST_SIZE);
        int tried = 0;
        for (TailBitingConvolutionalCode.Candidate c : list) {
            tried++;
            int[] bits = c.bits();
            long v = 0;
            for (int i = 0; i < PAYLOAD_BITS; i++) {
                v = (v << 1) | bits[i];
            }
            int chk = 0;
            for (int i = 0; i < CHECK_BITS; i++) {
                chk = (chk << 1) | bits[PAYLOAD_BITS + i];
            }
            WatermarkPayload p = WatermarkPayload.of(v);
            if (check(p) == chk) {
                return new Decoded(Optional.of(p), tried, bits);
            }
        }
        return new Decoded(Optional.empty(), tried, list.isEmpty() ? new int[INFO_BITS] : list.get(0).bits());
    }
}
