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
import org.apache.lucene.analysis.miscellaneous.ConditionalTokenFilter;
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
 *   <li>{@link ICUTransformFilter} with ICU's {@code Traditional-Simplified} transliterator (only on tokens holding a
 *       character it changes).</li>
 * </ol>
 * When no character needs it, the char filter is skipped: the folding filter applies NFKC_Casefold inside tokens
 * and gives the same skeleton (a differential test checks both shortcuts against the unconditional chain).
 * Thread-safe: the analyzer reuses one token stream per thread.
 */
public final class PromptNormalizer implements AutoCloseable {
    /** Longest single token; longer runs are split (a boundary is recorded, matching across it still works). */
    static final int MAX_TOKEN = 4096;

    private static volatile PromptNormalizer shared;

    private final Analyzer analyzer;
    /** The same chain without the char filter, for text where NFKC cannot create a token character. */
    private final Analyzer tokenFoldingOnly;
    /**
     * BMP chars that are not token chars but whose NFKC_Casefold form is empty (zero-width and other default
     * ignorables) or contains a letter or digit (ⓑ, ①, ㎏, ²).
     */
    private final java.util.BitSet needsCharFilter = new java.util.BitSet(65536);
    /** BMP chars that ICU's Traditional-Simplified changes; tokens without one skip the transform. */
    private final java.util.BitSet traditional = new java.util.BitSet(65536);

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
        for (int c = 0; c < 65536; c++) {
            if (Character.isSurrogate((char) c) || isTokenChar(c)) {
                continue;
            }
            String n = nfkcCf.normalize(String.valueOf((char) c));
            // removed (default ignorables join the tokens around them) or turned into a letter/digit
            if (!n.equals(String.valueOf((char) c)) && (n.isEmpty() || n.codePoints().anyMatch(PromptNormalizer::isTokenChar))) {
                needsCharFilter.set(c);
            }
        }
        for (int c = 0x2E80; c < 0xFFFF; c++) {
            if (!Character.isSurrogate((char) c) && Character.isLetter(c)) {
                String one = String.valueOf((char) c);
                if (!t2s.transliterate(one).equals(one)) {
                    traditional.set(c);
                }
            }
        }
        this.tokenFoldingOnly = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new WordCharTokenizer();
                TokenStream ts = new ICUFoldingFilter(tokenizer);
                ts = traditionalToSimplified(ts, t2s);
                return new TokenStreamComponents(tokenizer, ts);
            }
        };
        this.analyzer = new Analyzer() {
            @Override
            protected Reader initReader(String fieldName, Reader reader) {
                return new ICUNormalizer2CharFilter(reader, nfkcCf);
            }

            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new WordCharTokenizer();
                TokenStream ts = new ICUFoldingFilter(tokenizer);
                ts = traditionalToSimplified(ts, t2s);
                return new TokenStreamComponents(tokenizer, ts);
            }
        };
    }

    /**
     * {@link ICUTransformFilter} with Traditional-Simplified, applied (through Lucene's
     * {@link ConditionalTokenFilter}) only to tokens holding a character the transform changes or a supplementary
     * character; other tokens pass unchanged, as the transform would leave them.
     */
    private TokenStream traditionalToSimplified(TokenStream in, Transliterator t2s) {
        CharTermAttribute term = in.addAttribute(CharTermAttribute.class);
        return new ConditionalTokenFilter(in, s -> new ICUTransformFilter(s, t2s)) {
            @Override
            protected boolean shouldFilter() {
                char[] b = term.buffer();
                for (int i = 0, n = term.length(); i < n; i++) {
                    char c = b[i];
                    if (c >= 0x2E80 && (traditional.get(c) || Character.isSurrogate(c))) {
                        return true;
                    }
                }
                return false;
            }
        };
    }

    /** Always transforms every token (for tests comparing it with the conditional chain). */
    Analyzer unconditionalChain() {
        Normalizer2 nfkcCf = Normalizer2.getNFKCCasefoldInstance();
        Transliterator t2s = Transliterator.getInstance("Traditional-Simplified");
        return new Analyzer() {
            @Override
            protected Reader initReader(String fieldName, Reader reader) {
                return new ICUNormalizer2CharFilter(reader, nfkcCf);
            }

            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new WordCharTokenizer();
                return new TokenStreamComponents(tokenizer, new ICUTransformFilter(new ICUFoldingFilter(tokenizer), t2s));
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
            return PromptNormalizer.isTokenChar(c);
        }
    }

    static boolean isTokenChar(int c) {
        if (Character.isLetterOrDigit(c)) {
            return true;
        }
        int t = Character.getType(c);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
    }

    /**
     * Whether the full chain (with the NFKC_Casefold char filter) is needed: some character outside the tokens would
     * vanish (zero-width joiners) or become a token character under NFKC ({@code ⓑⓞⓜⓑ} -> {@code bomb}), or a
     * supplementary character is present.
     * Otherwise the ICU folding filter, which applies NFKC_Casefold inside tokens, gives the same skeleton.
     */
    boolean needsCharFilter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80 && (needsCharFilter.get(c) || Character.isSurrogate(c))) {
                return true;
            }
        }
        return false;
    }

    /** Normalises {@code text} (any length; callers bound it). */
    public NormalizedText normalize(String text) {
        return normalize(text, needsCharFilter(text) ? analyzer : tokenFoldingOnly);
    }

    /** Always through the full chain (for tests comparing it with the fast path). */
    NormalizedText normalizeFull(String text) {
        return normalize(text, analyzer);
    }

    /** Through {@code chain} (tests). */
    NormalizedText normalizeWith(String text, Analyzer chain) {
        return normalize(text, chain);
    }

    private NormalizedText normalize(String text, Analyzer chain) {
        char[] buf = new char[Math.max(16, text.length() + 8)];
        boolean[] tokenStart = new boolean[buf.length + 1];
        int len = 0;
        try (TokenStream ts = chain.tokenStream("prompt", text)) {
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
        tokenFoldingOnly.close();
    }
}
