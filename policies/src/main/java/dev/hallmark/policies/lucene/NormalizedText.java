package dev.hallmark.policies.lucene;

/**
 * A prompt reduced to its matching skeleton: letters and digits only, NFKC case-folded, accents folded,
 * traditional Chinese mapped to simplified. {@code boundary[i]} (for {@code 0 <= i <= length}) is true where a word
 * boundary existed in the original before skeleton character {@code i}: the ends, removed spacing or punctuation
 * between tokens, or a change between CJK and other scripts.
 */
public record NormalizedText(char[] chars, int length, boolean[] boundary) {
    public NormalizedText {
        if (length < 0 || length > chars.length || boundary.length < length + 1) {
            throw new IllegalArgumentException("inconsistent normalized text");
        }
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }

    /** The skeleton with '|' where a boundary is (for tests and debugging). */
    public String withBoundaries() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= length; i++) {
            if (boundary[i] && i > 0 && i < length) {
                sb.append('|');
            }
            if (i < length) {
                sb.append(chars[i]);
            }
        }
        return sb.toString();
    }
}
