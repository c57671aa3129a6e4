package dev.hallmark.policies.screening;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The GB/T 45654-2025 Annex A risk categories shipped as {@code gbt45654-categories.tsv}. */
public final class Categories {
    /** Category name in Chinese and English. */
    public record Name(String zh, String en) {
    }

    private static final Map<String, Name> BUILTIN = load();

    private Categories() {
    }

    private static Map<String, Name> load() {
        Map<String, Name> m = new LinkedHashMap<>();
        try (InputStream in = Categories.class.getResourceAsStream("/dev/hallmark/policies/screening/gbt45654-categories.tsv")) {
            if (in == null) {
                throw new IllegalStateException("gbt45654-categories.tsv missing from the build");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                m.put(f[0], new Name(f[1], f[2].strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(m);
    }

    /** Every Annex A class and item, in order. */
    public static Map<String, Name> builtin() {
        return BUILTIN;
    }

    /** The name of the Annex A item of {@code code} ({@code A.1.f/weapons} -> A.1.f's name), or null. */
    public static Name itemName(String code) {
        return BUILTIN.get(CategoryCode.item(code));
    }

    /** The 17 items the GB/T 45654 keyword library must cover (A.1.a-h, A.2.a-i). */
    public static java.util.List<String> keywordItems() {
        return BUILTIN.keySet().stream().filter(c -> c.matches("A\\.[12]\\.[a-z]")).toList();
    }
}
