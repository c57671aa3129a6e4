package dev.hallmark.policies;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A jurisdiction code as used by the packs: {@code cn}, {@code eu}, {@code us-ca}, {@code none}, or an operator's
 * own (lower-case letters, digits and '-', at most 16 characters).
 */
public record Jurisdiction(String code) {
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]{0,15}");

    public static final Jurisdiction CN = new Jurisdiction("cn");
    public static final Jurisdiction EU = new Jurisdiction("eu");
    public static final Jurisdiction US_CA = new Jurisdiction("us-ca");
    /** Permissive pack for local testing: no labeling duties, only the product's own screening floor. */
    public static final Jurisdiction NONE = new Jurisdiction("none");

    public Jurisdiction {
        Objects.requireNonNull(code, "code");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("jurisdiction code must match " + CODE.pattern() + ": '" + code + "'");
        }
    }

    public static boolean isValidCode(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    /**
     * Parses a comma list such as {@code cn,eu,us-ca} (case-insensitive, spaces ignored, duplicates dropped, order
     * kept).
     */
    public static List<Jurisdiction> parseList(String list) throws PolicyException {
        if (list == null || list.isBlank()) {
            throw new PolicyException(PolicyException.Reason.BAD_ARGUMENT, "jurisdiction list", "",
                    "empty; give codes separated by commas, e.g. cn,eu,us-ca");
        }
        Set<Jurisdiction> out = new LinkedHashSet<>();
        List<Problem> problems = new ArrayList<>();
        for (String part : list.split(",", -1)) {
            String code = part.strip().toLowerCase(Locale.ROOT);
            if (!isValidCode(code)) {
                problems.add(new Problem("", "'" + part.strip() + "' is not a jurisdiction code (e.g. cn, eu, us-ca, none)"));
            } else {
                out.add(new Jurisdiction(code));
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(PolicyException.Reason.BAD_ARGUMENT, "jurisdiction list '" + list + "'", problems);
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return code;
    }
}
