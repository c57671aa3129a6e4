package dev.hallmark.generator.text;

import java.nio.charset.StandardCharsets;

/**
 * Byte-level tokenizer (ByT5 style, no vocabulary file): UTF-8 bytes, each id = byte + {@code offset}, then an
 * optional end id, padded with {@code pad} to {@code maxTokens}.
 */
public final class ByteTokenizer implements Tokenizer {
    private final int maxTokens;
    private final int offset;
    private final int pad;
    private final int eos;

    /** @param eos end id, or -1 for none */
    public ByteTokenizer(int maxTokens, int offset, int pad, int eos) {
        if (maxTokens < 1 || maxTokens > 65536 || offset < 0) {
            throw new IllegalArgumentException("bad byte tokenizer settings");
        }
        this.maxTokens = maxTokens;
        this.offset = offset;
        this.pad = pad;
        this.eos = eos;
    }

    @Override
    public long[] encode(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        long[] r = new long[maxTokens];
        int n = Math.min(b.length, eos >= 0 ? maxTokens - 1 : maxTokens);
        for (int i = 0; i < n; i++) {
            r[i] = (b[i] & 0xFF) + offset;
        }
        int i = n;
        if (eos >= 0) {
            r[i++] = eos;
        }
        for (; i < maxTokens; i++) {
            r[i] = pad;
        }
        return r;
    }

    @Override
    public int maxTokens() {
        return maxTokens;
    }
}
