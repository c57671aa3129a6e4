package dev.hallmark.policies;

import dev.hallmark.policies.PolicyException.Reason;
import dev.hallmark.policies.lucene.PromptNormalizer;
import dev.hallmark.policies.screening.Categories;
import dev.hallmark.policies.screening.CategoryCode;
import dev.hallmark.policies.screening.KeywordMatcher;
import dev.hallmark.policies.screening.LibraryReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A keyword/phrase library by risk category, compiled for matching. Load the operator's own with
 * {@link #load(Path)} (format: {@code policies/docs/screening-library.md}); {@link #starter()} is Hallmark's small
 * starter library — an honest sample showing the structure, NOT an operator's complete GB/T 45654 library.
 * Immutable and thread-safe.
 */
public final class ScreeningLibrary {
    /** Resource of the starter library. */
    public static final String STARTER_RESOURCE = "/dev/hallmark/policies/screening/starter-library.tsv";

    private final String name;
    private final String version;
    private final String description;
    private final String origin;
    private final Map<String, String> categoryNames;
    private final KeywordMatcher matcher;
    private final int terms;
    private final Set<String> categories;

    private ScreeningLibrary(String name, String version, String description, String origin,
            Map<String, String> categoryNames, List<LibraryEntry> entries) {
        this.name = Objects.requireNonNull(name);
        this.version = Objects.requireNonNull(version);
        this.description = Objects.requireNonNull(description);
        this.origin = Objects.requireNonNull(origin);
        this.categoryNames = Map.copyOf(categoryNames);
        this.matcher = new KeywordMatcher(entries, PromptNormalizer.shared());
        this.terms = (int) entries.stream().filter(e -> e.mode() != MatchMode.EXCEPT).count();
        Set<String> cats = new LinkedHashSet<>();
        entries.stream().filter(e -> e.mode() != MatchMode.EXCEPT).forEach(e -> cats.add(e.category()));
        this.categories = Set.copyOf(cats);
    }

    /** Hallmark's starter library (shipped resource). */
    public static ScreeningLibrary starter() throws PolicyException {
        try (InputStream in = ScreeningLibrary.class.getResourceAsStream(STARTER_RESOURCE)) {
            if (in == null) {
                throw new PolicyException(Reason.CORRUPT, "builtin:starter-library.tsv", "", "missing from the build");
            }
            return parse(in.readNBytes((int) LibraryReader.MAX_BYTES + 1), "builtin:starter-library.tsv");
        } catch (IOException e) {
            throw new PolicyException(Reason.UNREADABLE, "builtin:starter-library.tsv", "", e.getMessage());
        }
    }

    /** Loads and compiles an operator's library file. */
    public static ScreeningLibrary load(Path file) throws PolicyException {
        LibraryReader.Parsed p = LibraryReader.read(file);
        try {
            return new ScreeningLibrary(p.name(), p.version(), p.description(), file.toString(), p.categoryNames(), p.entries());
        } catch (IllegalArgumentException e) {
            throw new PolicyException(Reason.LIMIT_EXCEEDED, file, "", e.getMessage());
        }
    }

    /** Parses and compiles library bytes; {@code input} names them in errors and in rule sources. */
    public static ScreeningLibrary parse(byte[] bytes, String input) throws PolicyException {
        LibraryReader.Parsed p = LibraryReader.parse(bytes, input);
        try {
            return new ScreeningLibrary(p.name(), p.version(), p.description(), input, p.categoryNames(), p.entries());
        } catch (IllegalArgumentException e) {
            // the automaton's size bound (AhoCorasick.MAX_TOTAL_CHARS) on a huge library
            throw new PolicyException(Reason.LIMIT_EXCEEDED, input, "", e.getMessage());
        }
    }

    /** A library built in code (benchmarks, tests). Entries are not re-validated beyond the matcher's checks. */
    public static ScreeningLibrary of(String name, String version, List<LibraryEntry> entries) {
        return new ScreeningLibrary(name, version, "", "memory:" + name, Map.of(), entries);
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public String description() {
        return description;
    }

    /** Where it was loaded from: a path or {@code builtin:starter-library.tsv}. */
    public String origin() {
        return origin;
    }

    /** Screening terms (entries other than exception phrases). */
    public int terms() {
        return terms;
    }

    /** Distinct normalised patterns in the automaton. */
    public int patterns() {
        return matcher.patterns();
    }

    public List<LibraryEntry> entries() {
        return matcher.entries();
    }

    /** Categories with at least one screening term. */
    public Set<String> categories() {
        return categories;
    }

    /** Whether some term's category is covered by the selector {@code prefix}. */
    public boolean covers(String prefix) {
        return categories.stream().anyMatch(c -> CategoryCode.covers(prefix, c));
    }

    /** A readable name of a category: the library's own, else the GB/T 45654 item's. */
    public String categoryName(String code) {
        String own = categoryNames.get(code);
        if (own != null) {
            return own;
        }
        Categories.Name n = Categories.itemName(code);
        return n == null ? code : n.zh() + " / " + n.en();
    }

    /** The compiled matcher (used by {@link PromptScreener}). */
    public KeywordMatcher matcher() {
        return matcher;
    }

    /** Copy of the category-name map declared by the library. */
    public Map<String, String> declaredCategories() {
        return new LinkedHashMap<>(categoryNames);
    }
}
