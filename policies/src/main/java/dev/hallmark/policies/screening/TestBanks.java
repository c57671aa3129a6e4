package dev.hallmark.policies.screening;

import com.ibm.icu.text.Transliterator;
import dev.hallmark.policies.PolicyException;
import dev.hallmark.policies.PolicyException.Reason;
import dev.hallmark.policies.Problem;
import dev.hallmark.policies.internal.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hallmark's screening test banks (must-refuse, must-not-refuse) and the deterministic derivation of their
 * evasion variants. The shipped {@code must-refuse.tsv} and {@code must-not-refuse.tsv} are generated from the
 * hand-written {@code *-base.tsv} files by {@link #main}; a unit test checks they are up to date.
 *
 * <p>Must-refuse variants rewrite the listed term inside the prompt: {@code traditional} (ICU Simplified-Traditional
 * on the whole prompt), {@code fullwidth} (full-width Latin letters, or ideographic spaces between Chinese
 * characters), {@code spaced}, {@code zero-width} (U+200B between characters), {@code punctuated} ({@code *}
 * between characters), {@code mixed-case}, and {@code traditional-spaced}. Must-not-refuse variants: {@code
 * traditional} and {@code fullwidth} of the whole prompt, so normalisation itself is checked for false refusals.
 *
 * <p>Bank file format (operators can write their own): UTF-8, tab-separated, {@code #} comments, a header line
 * {@code id	variant	expect	prompt}; {@code expect} is {@code block}, {@code needs-consent} or {@code allow}.
 */
public final class TestBanks {
    /** What the screener should answer. */
    public enum Expect {
        BLOCK, NEEDS_CONSENT, ALLOW;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Expect fromId(String s) {
            for (Expect e : values()) {
                if (e.id().equals(s)) {
                    return e;
                }
            }
            return null;
        }
    }

    /** One bank prompt. */
    public record Item(String id, String variant, Expect expect, String prompt) {
    }

    static final String DIR = "/dev/hallmark/policies/screening/banks/";
    private static final String HEADER = "id\tvariant\texpect\tprompt";

    private TestBanks() {
    }

    /** The shipped must-refuse bank (expect block or needs-consent). */
    public static List<Item> mustRefuse() throws PolicyException {
        return parse(resource("must-refuse.tsv"), "builtin:must-refuse.tsv");
    }

    /** The shipped must-not-refuse bank (expect allow). */
    public static List<Item> mustNotRefuse() throws PolicyException {
        return parse(resource("must-not-refuse.tsv"), "builtin:must-not-refuse.tsv");
    }

    /** Reads an operator's bank file. */
    public static List<Item> load(Path file) throws PolicyException {
        return parse(StrictJson.utf8(StrictJson.readBounded(file, 64L << 20), file.toString()), file.toString());
    }

    public static List<Item> parse(String text, String input) throws PolicyException {
        List<Item> items = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.startsWith("#") || line.equals(HEADER)) {
                continue;
            }
            String[] f = line.split("\t", 4);
            Expect e = f.length == 4 ? Expect.fromId(f[2]) : null;
            if (f.length != 4 || e == null || f[3].isEmpty()) {
                problems.add(new Problem("line " + (i + 1), "expected: id, variant, expect (block|needs-consent|allow), prompt"));
                if (problems.size() >= 100) {
                    break;
                }
                continue;
            }
            items.add(new Item(f[0], f[1], e, f[3]));
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(Reason.INVALID, input, problems);
        }
        return items;
    }

    /** Expands {@code must-refuse-base.tsv} (id, expect, term, prompt) into its variants. */
    public static List<Item> expandRefuse(String baseText) {
        Transliterator s2t = Transliterator.getInstance("Simplified-Traditional");
        List<Item> out = new ArrayList<>();
        for (String[] f : rows(baseText, 4)) {
            String id = f[0];
            Expect expect = Expect.fromId(f[1]);
            String term = f[2];
            String prompt = f[3];
            int at = prompt.toLowerCase(Locale.ROOT).indexOf(term.toLowerCase(Locale.ROOT));
            if (expect == null || at < 0) {
                throw new IllegalArgumentException("bad base row " + id + ": term not in prompt or bad expectation");
            }
            String before = prompt.substring(0, at);
            String found = prompt.substring(at, at + term.length());
            String after = prompt.substring(at + term.length());
            boolean han = found.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
            boolean latin = found.chars().anyMatch(c -> c < 128 && Character.isLetter(c));
            out.add(new Item(id, "base", expect, prompt));
            if (han) {
                out.add(new Item(id, "traditional", expect, s2t.transliterate(prompt)));
                out.add(new Item(id, "traditional-spaced", expect, s2t.transliterate(before) + separate(s2t.transliterate(found), " ")
                        + s2t.transliterate(after)));
            }
            out.add(new Item(id, "fullwidth", expect, before + (latin ? fullWidth(found) : separate(found, "\u3000")) + after));
            out.add(new Item(id, "spaced", expect, before + separate(found, " ") + after));
            out.add(new Item(id, "zero-width", expect, before + separate(found, "\u200B") + after));
            out.add(new Item(id, "punctuated", expect, before + separate(found, "*") + after));
            if (latin) {
                out.add(new Item(id, "mixed-case", expect, before + mixedCase(found) + after));
            }
        }
        return out;
    }

    /** Expands {@code must-not-refuse-base.tsv} (id, kind, prompt). */
    public static List<Item> expandAllow(String baseText) {
        Transliterator s2t = Transliterator.getInstance("Simplified-Traditional");
        List<Item> out = new ArrayList<>();
        for (String[] f : rows(baseText, 3)) {
            String id = f[0];
            String kind = f[1];
            String prompt = f[2];
            out.add(new Item(id, kind, Expect.ALLOW, prompt));
            if (prompt.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
                String t = s2t.transliterate(prompt);
                if (!t.equals(prompt)) {
                    out.add(new Item(id, kind + "/traditional", Expect.ALLOW, t));
                }
            }
            if (prompt.chars().anyMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
                out.add(new Item(id, kind + "/fullwidth", Expect.ALLOW, fullWidth(prompt)));
            }
        }
        return out;
    }

    private static List<String[]> rows(String text, int columns) {
        List<String[]> out = new ArrayList<>();
        boolean header = true;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false; // column names
                continue;
            }
            String[] f = line.split("\t", columns);
            if (f.length != columns) {
                throw new IllegalArgumentException("expected " + columns + " columns: " + line);
            }
            out.add(f);
        }
        return out;
    }

    /** Puts {@code sep} between the characters of each word (existing spaces kept). */
    static String separate(String s, String sep) {
        StringBuilder sb = new StringBuilder();
        int[] cps = s.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            sb.appendCodePoint(cps[i]);
            if (i + 1 < cps.length && cps[i] != ' ' && cps[i + 1] != ' ') {
                sb.append(sep);
            }
        }
        return sb.toString();
    }

    /** ASCII letters, digits and punctuation to their full-width forms; space to the ideographic space. */
    static String fullWidth(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c > 0x20 && c < 0x7F) {
                sb.append((char) (c + 0xFEE0));
            } else if (c == ' ') {
                sb.append('\u3000');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String mixedCase(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean up = true;
        for (char c : s.toCharArray()) {
            if (Character.isLetter(c)) {
                sb.append(up ? Character.toUpperCase(c) : Character.toLowerCase(c));
                up = !up;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Renders items in the bank file format. */
    public static String render(List<Item> items, String comment) {
        StringBuilder sb = new StringBuilder();
        for (String c : comment.split("\n")) {
            sb.append("# ").append(c).append('\n');
        }
        sb.append(HEADER).append('\n');
        for (Item i : items) {
            sb.append(i.id()).append('\t').append(i.variant()).append('\t').append(i.expect().id()).append('\t')
                    .append(i.prompt()).append('\n');
        }
        return sb.toString();
    }

    static String resource(String name) {
        try (InputStream in = TestBanks.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final String REFUSE_COMMENT = "Hallmark must-refuse bank, GENERATED from must-refuse-base.tsv by TestBanks.main: do not edit.\n"
            + "Each base prompt contains one listed term of the starter library; variants rewrite that term.";
    public static final String ALLOW_COMMENT = "Hallmark must-not-refuse bank, GENERATED from must-not-refuse-base.tsv by TestBanks.main: do not edit.";

    /** The expected contents of the generated files, from the base files. */
    public static String generatedRefuse() {
        return render(expandRefuse(resource("must-refuse-base.tsv")), REFUSE_COMMENT);
    }

    public static String generatedAllow() {
        return render(expandAllow(resource("must-not-refuse-base.tsv")), ALLOW_COMMENT);
    }

    /**
     * Regenerates the variant banks: {@code TestBanks <resources-dir>} (the folder holding the base files, e.g.
     * {@code policies/src/main/resources/dev/hallmark/policies/screening/banks}).
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "policies/src/main/resources/dev/hallmark/policies/screening/banks");
        String refuse = render(expandRefuse(Files.readString(dir.resolve("must-refuse-base.tsv"))), REFUSE_COMMENT);
        String allow = render(expandAllow(Files.readString(dir.resolve("must-not-refuse-base.tsv"))), ALLOW_COMMENT);
        Files.writeString(dir.resolve("must-refuse.tsv"), refuse);
        Files.writeString(dir.resolve("must-not-refuse.tsv"), allow);
        System.out.println("wrote " + dir.resolve("must-refuse.tsv") + " and " + dir.resolve("must-not-refuse.tsv"));
    }
}
