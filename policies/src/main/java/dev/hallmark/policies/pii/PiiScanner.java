package dev.hallmark.policies.pii;

import dev.hallmark.policies.Redaction;
import dev.hallmark.policies.Redaction.Kind;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds personal identifiers in a prompt so they can be redacted before it is stored: PRC resident identity numbers
 * (checked), mainland mobile numbers, e-mail addresses and payment card numbers (Luhn-checked). Full-width forms
 * are folded to ASCII first (one char for one, so offsets stay those of the original); groups may be separated by one space or hyphen ({@code 6222 0202 0000 1234 567},
 * {@code 138-1234-5678}). Spans never overlap; a run of digits is taken by the longest candidate that fits a kind, checked in the
 * order resident id, phone, bank card. Linear time; thread-safe.
 */
public final class PiiScanner {
    /** Most digit groups joined into one candidate (19-digit card in groups of 4 = 5 groups; some write 2-2-...). */
    private static final int MAX_GROUPS = 8;

    private final LocalDate today;

    /** {@code today} bounds birth dates in resident ids. */
    public PiiScanner(LocalDate today) {
        this.today = today;
    }

    /** Redactions in {@code text}, ordered by start. */
    public List<Redaction> scan(String original) {
        String text = foldWidth(original);
        List<Redaction> out = new ArrayList<>();
        if (text.indexOf('@') >= 0) {
            scanEmails(text, out);
        }
        scanNumbers(text, out);
        out.sort(Comparator.comparingInt(Redaction::start));
        return out;
    }

    /**
     * Full-width ASCII forms (U+FF01-U+FF5E) and the ideographic space mapped to ASCII, one char for one char, so
     * spans found in the folded text index the original.
     */
    static String foldWidth(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && !isWide(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        char[] cs = s.toCharArray();
        for (; i < n; i++) {
            char c = cs[i];
            if (c >= '\uFF01' && c <= '\uFF5E') {
                cs[i] = (char) (c - 0xFEE0);
            } else if (c == '\u3000') {
                cs[i] = ' ';
            }
        }
        return new String(cs);
    }

    private static boolean isWide(char c) {
        return (c >= '\uFF01' && c <= '\uFF5E') || c == '\u3000';
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return -1;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-';
    }

    /** A maximal run of digits: {@code [start, end)} and its digits. */
    private record Group(int start, int end, String digits, boolean joinedToPrevious) {
    }

    private void scanNumbers(String text, List<Redaction> out) {
        List<Group> groups = new ArrayList<>();
        int n = text.length();
        int i = 0;
        int prevEnd = -10;
        while (i < n) {
            if (digit(text.charAt(i)) < 0) {
                i++;
                continue;
            }
            int s = i;
            StringBuilder d = new StringBuilder();
            while (i < n && digit(text.charAt(i)) >= 0) {
                d.append((char) ('0' + digit(text.charAt(i))));
                i++;
            }
            // trailing X/x check character right after 17 digits
            if (d.length() == 17 && i < n && (text.charAt(i) == 'X' || text.charAt(i) == 'x')) {
                d.append('X');
                i++;
            }
            boolean joined = s == prevEnd + 1 && isSeparator(text.charAt(prevEnd));
            groups.add(new Group(s, i, d.toString(), joined));
            prevEnd = i;
        }
        if (groups.isEmpty()) {
            return;
        }
        List<Redaction> emails = List.copyOf(out);
        int g = 0;
        while (g < groups.size()) {
            Redaction best = null;
            int bestLast = g;
            StringBuilder digits = new StringBuilder();
            for (int last = g; last < groups.size() && last < g + MAX_GROUPS; last++) {
                if (last > g && !groups.get(last).joinedToPrevious()) {
                    break;
                }
                digits.append(groups.get(last).digits());
                if (digits.length() > 19 + 4) {
                    break;
                }
                Kind k = classify(digits, text, groups.get(g).start());
                if (k != null) {
                    int start = groups.get(g).start();
                    if (k == Kind.PHONE && start > 0 && text.charAt(start - 1) == '+') {
                        start--;
                    }
                    best = new Redaction(k, start, groups.get(last).end());
                    bestLast = last;
                }
            }
            if (best != null && !overlaps(best, emails)) {
                out.add(best);
                g = bestLast + 1;
            } else {
                g++;
            }
        }
    }

    private static boolean overlaps(Redaction r, List<Redaction> others) {
        for (Redaction o : others) {
            if (r.start() < o.end() && o.start() < r.end()) {
                return true;
            }
        }
        return false;
    }

    private Kind classify(CharSequence d, String text, int start) {
        int len = d.length();
        if (len == 18 && Checksums.residentId(d, today)) {
            return Kind.RESIDENT_ID;
        }
        if (d.charAt(len - 1) == 'X') {
            return null;
        }
        String s = d.toString();
        if (len == 13 && s.startsWith("86")) {
            s = s.substring(2);
        } else if (len == 15 && s.startsWith("0086")) {
            s = s.substring(4);
        }
        if (s.length() == 11 && s.charAt(0) == '1' && s.charAt(1) >= '3' && s.charAt(1) <= '9') {
            return Kind.PHONE;
        }
        if (len >= 13 && len <= 19 && Checksums.luhn(d)) {
            return Kind.BANK_CARD;
        }
        return null;
    }

    private static boolean isLocalChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomainChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }

    /**
     * E-mail addresses, scanned by hand around each '@' (a regular expression with nested repetition overflowed the
     * stack on hostile input): up to 64 local-part characters before, a domain of up to 253 characters after with
     * at least two labels of 1-63 characters (no leading/trailing '-') and an alphabetic top-level label of 2-24.
     */
    private static void scanEmails(String text, List<Redaction> out) {
        int n = text.length();
        int from = 0;
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', Math.max(at + 1, from))) {
            int k = at;
            while (k > 0 && at - k < 64 && isLocalChar(text.charAt(k - 1))) {
                k--;
            }
            while (k < at && text.charAt(k) == '.') {
                k++;
            }
            if (k == at || k < from) {
                continue;
            }
            int j = at + 1;
            while (j < n && j - at - 1 < 253 && isDomainChar(text.charAt(j))) {
                j++;
            }
            while (j > at + 1 && (text.charAt(j - 1) == '.' || text.charAt(j - 1) == '-')) {
                j--;
            }
            if (validDomain(text, at + 1, j)) {
                out.add(new Redaction(Kind.EMAIL, k, j));
                from = j;
            }
        }
    }

    private static boolean validDomain(String text, int start, int end) {
        if (end <= start) {
            return false;
        }
        int labels = 0;
        int labelStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || text.charAt(i) == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63 || text.charAt(labelStart) == '-' || text.charAt(i - 1) == '-') {
                    return false;
                }
                labels++;
                if (i == end) {
                    if (len < 2 || len > 24) {
                        return false;
                    }
                    for (int c = labelStart; c < end; c++) {
                        if (!Character.isLetter(text.charAt(c))) {
                            return false;
                        }
                    }
                }
                labelStart = i + 1;
            }
        }
        return labels >= 2;
    }
}
