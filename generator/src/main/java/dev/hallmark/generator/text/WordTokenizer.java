package dev.hallmark.generator.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Word-level tokenizer over a vocabulary list (one token per line; line number = id): lowercases (optional), splits
 * on every character that is not a letter or digit, maps unknown words to the unknown token, puts the begin token
 * (if any) first, truncates to {@code maxTokens} and pads with the pad token. The tiny-t2v training recipe uses
 * the same rule ({@code tools/train/tiny_t2v/vocab.py}).
 */
public final class WordTokenizer implements Tokenizer {
    private final Map<String, Integer> ids;
    private final int maxTokens;
    private final boolean lowercase;
    private final int pad;
    private final int unk;
    private final int bos;

    /**
     * @param bos begin token, or null for none
     * @throws IllegalArgumentException duplicate tokens, or pad/unk/bos missing from the vocabulary
     */
    public WordTokenizer(List<String> vocabulary, int maxTokens, boolean lowercase, String pad, String unk,
            String bos) {
        if (maxTokens < 1 || maxTokens > 4096) {
            throw new IllegalArgumentException("maxTokens must be in 1..4096, got " + maxTokens);
        }
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            String w = Objects.requireNonNull(vocabulary.get(i));
            if (m.putIfAbsent(w, i) != null) {
                throw new IllegalArgumentException("duplicate token '" + w + "' at line " + (i + 1));
            }
        }
        this.ids = Map.copyOf(m);
        this.maxTokens = maxTokens;
        this.lowercase = lowercase;
        this.pad = require(pad, "pad");
        this.unk = require(unk, "unk");
        this.bos = bos == null ? -1 : require(bos, "bos");
    }

    private int require(String token, String role) {
        Integer id = ids.get(Objects.requireNonNull(token, role));
        if (id == null) {
            throw new IllegalArgumentException(role + " token '" + token + "' is not in the vocabulary");
        }
        return id;
    }

    @Override
    public long[] encode(String text) {
        String t = lowercase ? text.toLowerCase(Locale.ROOT) : text;
        List<Integer> out = new ArrayList<>(maxTokens);
        if (bos >= 0) {
            out.add(bos);
        }
        for (String w : t.split("[^\\p{L}\\p{N}]+")) {
            if (out.size() >= maxTokens) {
                break;
            }
            if (!w.isEmpty()) {
                out.add(ids.getOrDefault(w, unk));
            }
        }
        long[] r = new long[maxTokens];
        for (int i = 0; i < maxTokens; i++) {
            r[i] = i < out.size() ? out.get(i) : pad;
        }
        return r;
    }

    /** True when every word of the text is in the vocabulary. */
    public boolean knowsAll(String text) {
        String t = lowercase ? text.toLowerCase(Locale.ROOT) : text;
        for (String w : t.split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty() && !ids.containsKey(w)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int maxTokens() {
        return maxTokens;
    }

    public int vocabularySize() {
        return ids.size();
    }
}
