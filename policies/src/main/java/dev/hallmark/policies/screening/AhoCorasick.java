package dev.hallmark.policies.screening;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Aho-Corasick multi-pattern matcher over UTF-16 code units (Aho and Corasick, "Efficient string matching", CACM
 * 1975): all occurrences of all patterns in one pass over the text, in time linear in the text plus the number of
 * matches. Written here because no maintained Java library fits (the Lucene automaton API would need determinising
 * a {@code .*(p1|p2|...)} union of 10,000+ terms). Immutable and thread-safe once built.
 *
 * <p>Layout: states are ints, 0 is the root. The root's transitions are a direct 65,536-entry table; all other
 * transitions live in one open-addressing hash table keyed by {@code state << 16 | char}. {@code fail} links and
 * {@code dict} links (nearest suffix state that ends a pattern) are precomputed, so reporting matches never walks
 * states without output.
 */
public final class AhoCorasick {
    /** Receives each match: the pattern index and its span {@code [start, end)} in the text. */
    @FunctionalInterface
    public interface MatchSink {
        void match(int pattern, int start, int end);
    }

    /** Bound on the summed pattern length (keeps the tables under ~1 GiB even for hostile libraries). */
    public static final int MAX_TOTAL_CHARS = 1 << 25;

    private final int[] rootNext = new int[65536];
    private final long[] keys;
    private final int[] values;
    private final int mask;
    private final int shift;
    private final int[] fail;
    private final int[] dict;
    private final int[] endsPattern;
    private final int[] patternLength;
    private final int states;

    /**
     * Builds the automaton. Patterns must be non-empty and distinct (callers deduplicate); pattern {@code i}
     * is reported as index {@code i}.
     */
    public AhoCorasick(List<String> patterns) {
        long total = 0;
        for (String p : patterns) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty pattern");
            }
            total += p.length();
        }
        if (total > MAX_TOTAL_CHARS) {
            throw new IllegalArgumentException("patterns hold " + total + " characters; at most " + MAX_TOTAL_CHARS);
        }
        int totalChars = (int) total;
        int cap = totalChars + 1;
        // trie as first-child / next-sibling lists while building
        int[] firstChild = new int[cap];
        int[] nextSibling = new int[cap];
        char[] edge = new char[cap];
        int[] ends = new int[cap];
        Arrays.fill(firstChild, -1);
        Arrays.fill(nextSibling, -1);
        Arrays.fill(ends, -1);
        patternLength = new int[patterns.size()];
        int hashSize = Integer.highestOneBit(Math.max(16, totalChars * 2)) << 1;
        keys = new long[hashSize];
        values = new int[hashSize];
        Arrays.fill(keys, -1L);
        mask = hashSize - 1;
        shift = 64 - Integer.numberOfTrailingZeros(hashSize);
        Arrays.fill(rootNext, -1);
        int count = 1;
        for (int pi = 0; pi < patterns.size(); pi++) {
            String p = patterns.get(pi);
            patternLength[pi] = p.length();
            int s = 0;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                int n = next(s, c);
                if (n < 0) {
                    n = count++;
                    edge[n] = c;
                    nextSibling[n] = firstChild[s];
                    firstChild[s] = n;
                    put(s, c, n);
                }
                s = n;
            }
            if (ends[s] >= 0) {
                throw new IllegalArgumentException("duplicate pattern: " + p);
            }
            ends[s] = pi;
        }
        states = count;
        fail = new int[count];
        dict = new int[count];
        endsPattern = Arrays.copyOf(ends, count);
        // breadth-first: fail and dictionary links
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int ch = firstChild[0]; ch >= 0; ch = nextSibling[ch]) {
            fail[ch] = 0;
            dict[ch] = 0;
            queue.add(ch);
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            for (int t = firstChild[s]; t >= 0; t = nextSibling[t]) {
                char c = edge[t];
                int f = fail[s];
                int n;
                while ((n = next(f, c)) < 0 && f != 0) {
                    f = fail[f];
                }
                fail[t] = (n >= 0 && n != t) ? n : 0;
                int ft = fail[t];
                dict[t] = endsPattern[ft] >= 0 ? ft : dict[ft];
                queue.add(t);
            }
        }
    }

    /** Fibonacci hashing: the top bits of key * 2^64/phi. */
    private int hash(int state, char c) {
        long k = (((long) state << 16) | c) * 0x9E3779B97F4A7C15L;
        return (int) (k >>> shift);
    }

    private void put(int state, char c, int target) {
        if (state == 0) {
            rootNext[c] = target;
            return;
        }
        long key = ((long) state << 16) | c;
        int i = hash(state, c) & mask;
        while (keys[i] != -1L) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = target;
    }

    private int next(int state, char c) {
        if (state == 0) {
            return rootNext[c];
        }
        long key = ((long) state << 16) | c;
        int i = hash(state, c) & mask;
        long k;
        while ((k = keys[i]) != -1L) {
            if (k == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Reports every occurrence of every pattern in {@code text[0, length)}. */
    public void match(char[] text, int length, MatchSink sink) {
        int s = 0;
        for (int i = 0; i < length; i++) {
            char c = text[i];
            int n;
            while ((n = next(s, c)) < 0 && s != 0) {
                s = fail[s];
            }
            s = n < 0 ? 0 : n;
            int o = endsPattern[s] >= 0 ? s : dict[s];
            while (o > 0) {
                int p = endsPattern[o];
                sink.match(p, i + 1 - patternLength[p], i + 1);
                o = dict[o];
            }
        }
    }

    /** Convenience for strings. */
    public void match(String text, MatchSink sink) {
        match(text.toCharArray(), text.length(), sink);
    }

    public int patterns() {
        return patternLength.length;
    }

    public int states() {
        return states;
    }
}
