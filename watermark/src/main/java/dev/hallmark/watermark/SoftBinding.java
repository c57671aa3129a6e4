package dev.hallmark.watermark;

import java.util.Objects;

/**
 * What a C2PA {@code c2pa.soft-binding} assertion says about the watermark in a clip:
 * {@code {alg, blocks: [{scope: {timespan: {start, end}}, value}]}}. {@link #value()} is the 8-byte payload
 * (big-endian); the key id is public and lets a verifier pick the key.
 *
 * @param alg         algorithm name ({@value #ALG})
 * @param keyId       id of the watermark key (16 hex digits)
 * @param payload     the 64-bit id carried
 * @param startMicros first marked frame's presentation time
 * @param endMicros   end of the last marked frame (its time plus one frame duration)
 */
public record SoftBinding(String alg, String keyId, WatermarkPayload payload, long startMicros, long endMicros) {
    /** Our reverse-DNS algorithm name: spread-spectrum tiled luma watermark, version 1. */
    public static final String ALG = "dev.hallmark.watermark.ss1";
    /** The same pattern with its sign flipped over time ({@link dev.hallmark.watermark.EmbedOptions#flipSeconds()}). */
    public static final String ALG_FLIPPED = "dev.hallmark.watermark.ss3";

    /** The algorithm a marking with these options embeds. */
    public static String algOf(EmbedOptions options) {
        return options.flipSeconds() > 0 ? ALG_FLIPPED : ALG;
    }

    public SoftBinding {
        Objects.requireNonNull(alg);
        Objects.requireNonNull(keyId);
        Objects.requireNonNull(payload);
        if (startMicros < 0 || endMicros < startMicros) {
            throw new IllegalArgumentException("bad timespan " + startMicros + ".." + endMicros);
        }
    }

    /** The soft-binding value bytes: the payload, big-endian. */
    public byte[] value() {
        return payload.bytes();
    }

    /** Timespan start in seconds (C2PA timespan scope). */
    public double startSeconds() {
        return startMicros / 1e6;
    }

    public double endSeconds() {
        return endMicros / 1e6;
    }
}
