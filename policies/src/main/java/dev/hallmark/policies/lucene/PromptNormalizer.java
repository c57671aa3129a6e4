package dev.hallmark.policies.lucene;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.Transliterator;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.icu.ICUFoldingFilter;
import org.apache.lucene.analysis.icu.ICUNormalizer2CharFilter;
import org.apache.lucene.analysis.icu.ICUTransformFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.util.CharTokenizer;
import org.apache.lucene.util.AttributeFactory;

/**
 * Normalises prompts and library terms identically with a Lucene analysis chain, so that evasions by width, case,
 * script variant, accents, spacing, punctuation or invisible characters all reduce to the same skeleton:
 * <ol>
 *   <li>{@link ICUNormalizer2CharFilter} with NFKC_Casefold: full-width to half-width, compatibility forms, case
 *       folding; default-ignorable code points (zero-width space/joiners, soft hyphen, BOM) are removed;</li>
 *   <li>a {@link CharTokenizer} keeping letters, digits and combining marks: spaces, punctuation, symbols and emoji
 *       become token gaps (recorded as word boundaries, then dropped);</li>
 *   <li>{@link ICUFoldingFilter}: accents and other foldings ({@code ß}→{@code ss}, {@code é}→{@code e});</li>
 *   <li>{@link ICUTransformFilter} with ICU's {@code Traditional-Simplified} transliterator.</li>
 * </ol>
 * Thread-safe: the analyzer reuses one token stream per thread.
 */
public final class PromptNormalizer implements AutoCloseable {
    /** Longest single token; longer runs are split (a boundary is recorded, matching across it still works). */
    static final int MAX_TOKEN = 4096;

    private static volatile PromptNormalizer shared;

    private final Analyzer analyzer;

    /** One normaliser for the whole JVM (thread-safe; building ICU transliterators costs milliseconds). */
    public static PromptNormalizer shared() {
        PromptNormalizer s = shared;
        if (s == null) {
            synchronized (PromptNormalizer.class) {
                s = shared;
                if (s == null) {
                    s = new PromptNormalizer();
                    shared = s;
                }
            }
        }
        return s;
    }

    public PromptNormalizer() {
        Normalizer2 nfkcCf = Normalizer2.getNFKCCasefoldInstance();
        Transliterator t2s = Transliterator.getInstance("Traditional-Simplified");
        this.analyzer = new Analyzer() {
            @Override
            protected Reader initReader(String fieldName, Reader reader) {
                return new ICUNormalizer2CharFilter(reader, nfkcCf);
            }

            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new WordCharTokenizer();
                TokenStream ts = new ICUFoldingFilter(tokenizer);
                ts = new ICUTransformFilter(ts, t2s);
                return new TokenStreamComponents(tokenizer, ts);
            }
        };
    }

    /** Letters, digits and marks form tokens; everything else separates them. */
    private static final class WordCharTokenizer extends CharTokenizer {
        WordCharTokenizer() {
            super(AttributeFactory.DEFAULT_ATTRIBUTE_FACTORY, MAX_TOKEN);
        }

        @Override
        protected boolean isTokenChar(int c) {
            if (Character.isLetterOrDigit(c)) {
                return true;
            }
            int t = Character.getType(c);
            return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK
                    || t == Character.ENCLOSING_MARK;
        }
    }

    /** Normalises {@code text} (any length; callers bound it). */
    public NormalizedText normalize(String text) {
        char[] buf = new char[Math.max(16, text.length() + 8)];
        boolean[] tokenStart = new boolean[buf.length + 1];
        int len = 0;
        try (TokenStream ts = analyzer.tokenStream("prompt", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                int n = term.length();
                if (len + n > buf.length) {
                    int cap = Math.max(buf.length * 2, len + n + 16);
                    buf = java.util.Arrays.copyOf(buf, cap);
                    tokenStart = java.util.Arrays.copyOf(tokenStart, cap + 1);
                }
                tokenStart[len] = true;
                System.arraycopy(term.buffer(), 0, buf, len, n);
                len += n;
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException("normalising in memory failed", e);
        }
        boolean[] boundary = new boolean[len + 1];
        boundary[0] = true;
        boundary[len] = true;
        for (int i = 1; i < len; i++) {
            boundary[i] = tokenStart[i] || isCjk(buf[i - 1]) != isCjk(buf[i]);
        }
        return new NormalizedText(buf, len, boundary);
    }

    /**
     * Whether {@code c} belongs to a script written without spaces between words (Han, kana): matching inside such
     * text cannot rely on word boundaries. Surrogates (supplementary ideographs) count as CJK.
     */
    public static boolean isCjk(char c) {
        if (c < 0x2E80) {
            return false;
        }
        if (c >= 0x4E00 && c <= 0x9FFF) {
            return true; // CJK Unified Ideographs, the common case
        }
        if (Character.isSurrogate(c)) {
            return true;
        }
        Character.UnicodeScript s = Character.UnicodeScript.of(c);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.BOPOMOFO;
    }

    /** Whether any character of the skeleton is CJK. */
    public static boolean containsCjk(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (isCjk(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        analyzer.close();
    }
}
