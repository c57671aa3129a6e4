package dev.hallmark.provenance;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A {@code c2pa.soft-binding} assertion: declares a watermark (or fingerprint) that binds the manifest to the content
 * in a way that survives re-encoding. Added by the watermark / generator work through {@link ManifestSpec}.
 *
 * <pre>
 * {alg: tstr, blocks: [{scope: {timespan: {start: uint, end: uint}}, value: tstr (base64)}], pad: bstr, name?: tstr}
 * </pre>
 *
 * @param alg our reverse-DNS algorithm name, e.g. {@code dev.hallmark.watermark.v1}
 * @param blocks the time ranges and the value embedded in each
 * @param name optional human-readable description
 */
public record SoftBinding(String alg, List<Block> blocks, String name) {
    public static final String LABEL = "c2pa.soft-binding";

    public SoftBinding {
        if (alg == null || alg.isBlank()) {
            throw new IllegalArgumentException("soft binding needs an algorithm name");
        }
        blocks = List.copyOf(blocks);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("soft binding needs at least one block");
        }
    }

    /**
     * One watermarked time range.
     *
     * @param startMillis start of the range in milliseconds from the start of the media
     * @param endMillis end of the range, &gt;= start
     * @param value the payload embedded there (written base64)
     */
    public record Block(long startMillis, long endMillis, byte[] value) {
        public Block {
            Objects.requireNonNull(value, "value");
            if (startMillis < 0 || endMillis < startMillis) {
                throw new IllegalArgumentException("bad time range " + startMillis + ".." + endMillis);
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Block b && b.startMillis == startMillis && b.endMillis == endMillis
                    && Arrays.equals(b.value, value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(startMillis, endMillis, Arrays.hashCode(value));
        }

        @Override
        public String toString() {
            return "Block[" + startMillis + ".." + endMillis + ", " + value.length + " bytes]";
        }
    }
}
