package dev.hallmark.policies.screening;

import dev.hallmark.policies.LibraryEntry;
import dev.hallmark.policies.MatchMode;
import dev.hallmark.policies.lucene.NormalizedText;
import dev.hallmark.policies.lucene.PromptNormalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A keyword library compiled for matching: every term (every part of an {@code all} term) normalised by
 * {@link PromptNormalizer}, deduplicated into one {@link AhoCorasick} automaton; each pattern knows the entries and
 * parts that use it and with which boundary rule. Immutable and thread-safe.
 */
public final class KeywordMatcher {
    /** Most parts an {@code all} term may have. */
    public static final int MAX_PARTS = 8;

    private static final byte SUBSTRING = 0;
    private static final byte WORD = 1;
    private static final byte PREFIX = 2;

    private final List<LibraryEntry> entries;
    private final AhoCorasick automaton;
    /** pattern -> refs: entry index << 4 | part index. */
    private final int[][] refs;
    /** pattern -> boundary rule per ref. */
    private final byte[][] rules;
    private final int[] parts;

    /** A term that normalises to nothing (only punctuation or symbols): reported by the reader with its line. */
    public static final class EmptyTermException extends IllegalArgumentException {
        private final transient LibraryEntry entry;

        EmptyTermException(LibraryEntry entry) {
            super("term '" + entry.term() + "' has no letters or digits after normalisation");
            this.entry = entry;
        }

        public LibraryEntry entry() {
            return entry;
        }
    }

    public KeywordMatcher(List<LibraryEntry> entries, PromptNormalizer normalizer) {
        this.entries = List.copyOf(entries);
        Map<String, Integer> patternIndex = new LinkedHashMap<>();
        Map<Integer, List<int[]>> refList = new HashMap<>();
        parts = new int[entries.size()];
        for (int e = 0; e < entries.size(); e++) {
            LibraryEntry entry = entries.get(e);
            String[] pieces = entry.mode() == MatchMode.ALL ? entry.term().split("&") : new String[] {entry.term()};
            if (pieces.length > MAX_PARTS) {
                throw new IllegalArgumentException("term '" + entry.term() + "' has more than " + MAX_PARTS + " parts");
            }
            parts[e] = pieces.length;
            for (int p = 0; p < pieces.length; p++) {
                String skeleton = normalizer.normalize(pieces[p]).toString();
                if (skeleton.isEmpty()) {
                    throw new EmptyTermException(entry);
                }
                byte rule = switch (entry.mode()) {
                    case WORD -> WORD;
                    case PREFIX -> PREFIX;
                    case SUBSTRING, EXCEPT -> SUBSTRING;
                    case AUTO, ALL -> PromptNormalizer.containsCjk(skeleton) ? SUBSTRING : WORD;
                };
                int idx = patternIndex.computeIfAbsent(skeleton, k -> patternIndex.size());
                refList.computeIfAbsent(idx, k -> new ArrayList<>()).add(new int[] {e << 4 | p, rule});
            }
        }
        automaton = new AhoCorasick(new ArrayList<>(patternIndex.keySet()));
        refs = new int[patternIndex.size()][];
        rules = new byte[patternIndex.size()][];
        for (int i = 0; i < refs.length; i++) {
            List<int[]> l = refList.get(i);
            refs[i] = new int[l.size()];
            rules[i] = new byte[l.size()];
            for (int j = 0; j < l.size(); j++) {
                refs[i][j] = l.get(j)[0];
                rules[i][j] = (byte) l.get(j)[1];
            }
        }
    }

    /** Distinct normalised patterns in the automaton. */
    public int patterns() {
        return automaton.patterns();
    }

    public List<LibraryEntry> entries() {
        return entries;
    }

    /** Entries that match {@code text}, exception phrases applied; each entry reported once (first span). */
    public List<Hit> match(NormalizedText text) {
        Collector c = new Collector(text);
        automaton.match(text.chars(), text.length(), c);
        return c.result();
    }

    private final class Collector implements AhoCorasick.MatchSink {
        private final NormalizedText text;
        /** Triples: entry index, start, end. */
        private int[] found = new int[12];
        private int nFound;
        private int[] excepts;
        private int nExcepts;
        private Map<Integer, Integer> allMasks;

        Collector(NormalizedText text) {
            this.text = text;
        }

        @Override
        public void match(int pattern, int start, int end) {
            int[] r = refs[pattern];
            byte[] rl = rules[pattern];
            for (int i = 0; i < r.length; i++) {
                if (!boundaryOk(rl[i], start, end)) {
                    continue;
                }
                int e = r[i] >>> 4;
                switch (entries.get(e).mode()) {
                    case EXCEPT -> {
                        if (excepts == null) {
                            excepts = new int[6];
                        }
                        excepts = add(excepts, nExcepts++, e, start, end);
                    }
                    case ALL -> {
                        if (allMasks == null) {
                            allMasks = new HashMap<>();
                        }
                        int before = allMasks.getOrDefault(e, 0);
                        int mask = before | 1 << (r[i] & 15);
                        allMasks.put(e, mask);
                        int full = (1 << parts[e]) - 1;
                        if (mask == full && before != full) {
                            found = add(found, nFound++, e, start, end);
                        }
                    }
                    default -> found = add(found, nFound++, e, start, end);
                }
            }
        }

        private static int[] add(int[] a, int n, int e, int start, int end) {
            if (3 * n + 3 > a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[3 * n] = e;
            a[3 * n + 1] = start;
            a[3 * n + 2] = end;
            return a;
        }

        private boolean boundaryOk(byte rule, int start, int end) {
            if (rule == SUBSTRING) {
                return true;
            }
            char[] cs = text.chars();
            boolean[] b = text.boundary();
            boolean startOk = b[start] || PromptNormalizer.isCjk(cs[start]);
            if (rule == PREFIX) {
                return startOk;
            }
            return startOk && (b[end] || PromptNormalizer.isCjk(cs[end - 1]));
        }

        List<Hit> result() {
            if (nFound == 0) {
                return List.of();
            }
            List<Hit> out = new ArrayList<>(nFound);
            java.util.BitSet seen = new java.util.BitSet();
            for (int i = 0; i < nFound; i++) {
                int e = found[3 * i];
                int start = found[3 * i + 1];
                int end = found[3 * i + 2];
                if (seen.get(e) || suppressed(e, start, end)) {
                    continue;
                }
                seen.set(e);
                out.add(new Hit(entries.get(e), start, end));
            }
            return out;
        }

        private boolean suppressed(int e, int start, int end) {
            LibraryEntry entry = entries.get(e);
            if (nExcepts == 0 || entry.mode() == MatchMode.ALL) {
                return false;
            }
            for (int i = 0; i < nExcepts; i++) {
                String scope = entries.get(excepts[3 * i]).category();
                if (excepts[3 * i + 1] <= start && end <= excepts[3 * i + 2]
                        && (scope.equals("*") || CategoryCode.covers(scope, entry.category()))) {
                    return true;
                }
            }
            return false;
        }
    }
}
