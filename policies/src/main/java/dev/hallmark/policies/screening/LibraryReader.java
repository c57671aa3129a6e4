package dev.hallmark.policies.screening;

import dev.hallmark.policies.LibraryEntry;
import dev.hallmark.policies.MatchMode;
import dev.hallmark.policies.PolicyException;
import dev.hallmark.policies.PolicyException.Reason;
import dev.hallmark.policies.Problem;
import dev.hallmark.policies.internal.StrictJson;
import dev.hallmark.policies.lucene.PromptNormalizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code hallmark.screening-library} version 1 files: UTF-8 text, tab-separated, documented in
 * {@code policies/docs/screening-library.md}.
 *
 * <pre>
 * #format: hallmark.screening-library/1
 * #name: acme-library
 * #version: 2026.3.1
 * #category: A.1.f/weapons	Weapons and explosives instructions
 * # any other line starting with '#' is a comment
 * category	term	mode	id
 * A.1.f/weapons	制作炸药
 * A.1.f/weapons	pipe bomb	prefix	acme-0002
 * A.1.f/weapons	炸药膳	except
 * </pre>
 *
 * Bounded: {@link #MAX_BYTES} bytes, {@link #MAX_ENTRIES} entries, {@link #MAX_LINE} characters per line,
 * {@link #MAX_TERM} per term. Every problem is reported with its line (up to {@link #MAX_PROBLEMS}).
 */
public final class LibraryReader {
    public static final String FORMAT = "hallmark.screening-library";
    public static final int FORMAT_VERSION = 1;
    public static final long MAX_BYTES = 64L * 1024 * 1024;
    public static final int MAX_ENTRIES = 2_000_000;
    public static final int MAX_LINE = 4096;
    public static final int MAX_TERM = 256;
    public static final int MAX_PROBLEMS = 100;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+-]{0,31}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final Pattern DIRECTIVE = Pattern.compile("#([a-z]+):(.*)");

    /** The parsed file, before compiling. */
    public record Parsed(String name, String version, String description, Map<String, String> categoryNames,
            List<LibraryEntry> entries) {
    }

    private LibraryReader() {
    }

    public static Parsed read(Path file) throws PolicyException {
        byte[] bytes = StrictJson.readBounded(file, MAX_BYTES);
        try {
            return parse(bytes, file.toString());
        } catch (PolicyException e) {
            throw new PolicyException(e.reason(), file, e.problems());
        }
    }

    public static Parsed parse(byte[] bytes, String input) throws PolicyException {
        if (bytes.length > MAX_BYTES) {
            throw new PolicyException(Reason.LIMIT_EXCEEDED, input, "", "library is " + bytes.length
                    + " bytes; at most " + MAX_BYTES + " accepted");
        }
        String text = StrictJson.utf8(bytes, input);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw new PolicyException(Reason.UNREADABLE, input, "", "library is empty");
        }
        List<Problem> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        String first = strip(lines[0]);
        String expected = "#format: " + FORMAT + "/" + FORMAT_VERSION;
        if (!first.equals(expected)) {
            Reason r = first.startsWith("#format:") ? Reason.UNSUPPORTED_FORMAT : Reason.INVALID;
            throw new PolicyException(r, input, "line 1", "must be '" + expected + "'" + (first.startsWith("#format:")
                    ? ", got '" + clip(first) + "' (this build reads version " + FORMAT_VERSION + ")"
                    : " (is this a screening library?)"));
        }
        String name = null;
        String version = null;
        String description = "";
        Map<String, String> categoryNames = new LinkedHashMap<>();
        List<LibraryEntry> entries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        boolean inData = false;
        PromptNormalizer normalizer = PromptNormalizer.shared();
        for (int i = 1; i < lines.length; i++) {
            if (problems.size() >= MAX_PROBLEMS) {
                problems.add(new Problem("line " + (i + 1), "stopped after " + MAX_PROBLEMS + " problems"));
                break;
            }
            int lineNo = i + 1;
            String where = "line " + lineNo;
            String line = strip(lines[i]);
            if (line.length() > MAX_LINE) {
                problems.add(new Problem(where, "line is " + line.length() + " characters; at most " + MAX_LINE));
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                var m = DIRECTIVE.matcher(line);
                if (!m.matches()) {
                    continue; // comment
                }
                String key = m.group(1);
                String value = m.group(2).strip();
                if (inData && !key.equals("category")) {
                    problems.add(new Problem(where, "#" + key + " must come before the first term"));
                    continue;
                }
                switch (key) {
                    case "name" -> {
                        if (!NAME.matcher(value).matches()) {
                            problems.add(new Problem(where, "#name must be lower-case letters, digits, '.', '_' or '-', got '" + clip(value) + "'"));
                        } else if (name != null) {
                            problems.add(new Problem(where, "#name given twice"));
                        } else {
                            name = value;
                        }
                    }
                    case "version" -> {
                        if (!VERSION.matcher(value).matches()) {
                            problems.add(new Problem(where, "#version must look like 2026.1.0, got '" + clip(value) + "'"));
                        } else if (version != null) {
                            problems.add(new Problem(where, "#version given twice"));
                        } else {
                            version = value;
                        }
                    }
                    case "description" -> description = value;
                    case "category" -> {
                        String[] f = value.split("\t", 2);
                        if (!CategoryCode.isValid(f[0]) || f.length < 2 || f[1].isBlank()) {
                            problems.add(new Problem(where, "#category needs a code and a name separated by a tab, e.g. '#category: A.1.f/weapons<TAB>Weapons instructions'"));
                        } else if (Categories.builtin().get(CategoryCode.item(f[0])) == null) {
                            problems.add(new Problem(where, "category " + f[0] + " is not under a GB/T 45654 Annex A item (A.1.a ... A.5.b)"));
                        } else {
                            categoryNames.put(f[0], f[1].strip());
                        }
                    }
                    default -> { /* unknown directives are comments, for forward compatibility */ }
                }
                continue;
            }
            if (!inData && line.toLowerCase(Locale.ROOT).startsWith("category\tterm")) {
                inData = true;
                continue; // column header
            }
            inData = true;
            if (entries.size() >= MAX_ENTRIES) {
                throw new PolicyException(Reason.LIMIT_EXCEEDED, input, where, "more than " + MAX_ENTRIES + " entries");
            }
            LibraryEntry e = entry(line, lineNo, name, ids, normalizer, problems);
            if (e != null) {
                entries.add(e);
            }
        }
        if (name == null) {
            problems.add(0, new Problem("header", "missing '#name: <library-name>'"));
        }
        if (version == null) {
            problems.add(0, new Problem("header", "missing '#version: <version>'"));
        }
        if (problems.isEmpty() && entries.isEmpty()) {
            problems.add(new Problem("", "library has no terms"));
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(Reason.INVALID, input, problems);
        }
        // default ids need the name, which may follow the first lines
        List<LibraryEntry> named = new ArrayList<>(entries.size());
        for (LibraryEntry e : entries) {
            named.add(e.id().isEmpty() ? new LibraryEntry(name + ":" + e.line(), e.category(), e.term(), e.mode(), e.line()) : e);
        }
        return new Parsed(name, version, description, categoryNames, named);
    }

    private static LibraryEntry entry(String line, int lineNo, String name, Set<String> ids,
            PromptNormalizer normalizer, List<Problem> problems) {
        String where = "line " + lineNo;
        String[] f = line.split("\t", -1);
        if (f.length < 2 || f.length > 4) {
            problems.add(new Problem(where, "expected 2 to 4 tab-separated columns (category, term, mode, id), got " + f.length));
            return null;
        }
        String category = f[0].strip();
        String term = f[1].strip();
        String modeText = f.length > 2 ? f[2].strip().toLowerCase(Locale.ROOT) : "";
        String id = f.length > 3 ? f[3].strip() : "";
        MatchMode mode = modeText.isEmpty() ? MatchMode.AUTO : MatchMode.fromId(modeText);
        int before = problems.size();
        if (mode == null) {
            problems.add(new Problem(where, "mode must be one of auto, substring, word, prefix, all, except; got '" + clip(modeText) + "'"));
        }
        boolean wildcard = category.equals("*") && mode == MatchMode.EXCEPT;
        if (!wildcard && !CategoryCode.isValid(category)) {
            problems.add(new Problem(where, "category must be a code such as A.1.f or A.1.f/weapons" + (category.equals("*")
                    ? " ('*' only for except entries)" : "") + ", got '" + clip(category) + "'"));
        } else if (!wildcard && Categories.builtin().get(CategoryCode.item(category)) == null) {
            problems.add(new Problem(where, "category " + category + " is not under a GB/T 45654 Annex A item (A.1.a ... A.5.b)"));
        }
        if (term.isEmpty()) {
            problems.add(new Problem(where, "empty term"));
        } else if (term.length() > MAX_TERM) {
            problems.add(new Problem(where, "term is " + term.length() + " characters; at most " + MAX_TERM));
        } else if (term.chars().anyMatch(Character::isISOControl)) {
            problems.add(new Problem(where, "term contains control characters"));
        } else if (mode != null) {
            String[] parts = mode == MatchMode.ALL ? term.split("&", -1) : new String[] {term};
            if (mode == MatchMode.ALL && (parts.length < 2 || parts.length > KeywordMatcher.MAX_PARTS)) {
                problems.add(new Problem(where, "an 'all' term needs 2 to " + KeywordMatcher.MAX_PARTS + " parts separated by '&'"));
            } else {
                for (String part : parts) {
                    if (normalizer.normalize(part).length() == 0) {
                        problems.add(new Problem(where, "term part '" + clip(part) + "' has no letters or digits after normalisation"));
                        break;
                    }
                }
            }
        }
        if (!id.isEmpty()) {
            if (!ID.matcher(id).matches()) {
                problems.add(new Problem(where, "id must be letters, digits, '.', '_', ':' or '-' (at most 64), got '" + clip(id) + "'"));
            } else if (!ids.add(id)) {
                problems.add(new Problem(where, "duplicate id '" + id + "'"));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new LibraryEntry(id, category, term, mode, lineNo);
    }

    private static String strip(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String clip(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
