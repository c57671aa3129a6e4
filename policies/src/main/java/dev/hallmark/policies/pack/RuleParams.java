package dev.hallmark.policies.pack;

import dev.hallmark.policies.ConsentSubject;
import dev.hallmark.policies.Position;
import dev.hallmark.policies.RecordClass;
import dev.hallmark.policies.Timing;
import java.time.Period;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** The kind-specific part of a pack rule. Absent optional values mean "this rule does not constrain it". */
public sealed interface RuleParams {

    /** For kinds without parameters (aigc-metadata, c2pa, watermark, pii-redaction). */
    record None() implements RuleParams {
    }

    /**
     * Visible label constraints. {@code textRule} (empty: no constraint) is a list of groups of alternatives: a text
     * satisfies it when one alternative of each group occurs, group after group, ignoring ASCII case; an alternative
     * made of ASCII letters and digits must not touch other ASCII letters or digits ({@code AI} matches
     * {@code AI生成} and {@code AI-generated}, not {@code RAIN}). Deliberately not a regular expression: pack files
     * are operator input and a regex from a file is a denial-of-service vector.
     */
    record VisibleLabel(List<String> texts, List<List<String>> textRule, OptionalDouble minHeightRatio,
            OptionalDouble minSeconds, List<Timing> timings, List<Position> positions, Optional<Boolean> burnedIn)
            implements RuleParams {
        public VisibleLabel {
            texts = List.copyOf(texts);
            textRule = textRule.stream().map(List::copyOf).toList();
            Objects.requireNonNull(minHeightRatio);
            Objects.requireNonNull(minSeconds);
            timings = List.copyOf(timings);
            positions = List.copyOf(positions);
            Objects.requireNonNull(burnedIn);
        }

        /** Whether {@code text} satisfies {@link #textRule()} (true when there is none). */
        public boolean accepts(String text) {
            return satisfies(text, textRule);
        }

        public boolean hasTextRule() {
            return !textRule.isEmpty();
        }

        /** The rule in words: {@code (人工智能|AI) then (生成|合成)}. */
        public String describeTextRule() {
            return textRule.stream().map(g -> "(" + String.join("|", g) + ")").collect(java.util.stream.Collectors.joining(" then "));
        }

        static boolean satisfies(String text, List<List<String>> rule) {
            String hay = text.toLowerCase(java.util.Locale.ROOT);
            int from = 0;
            for (List<String> group : rule) {
                int best = -1;
                int bestEnd = -1;
                for (String alt : group) {
                    String a = alt.toLowerCase(java.util.Locale.ROOT);
                    boolean word = a.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c));
                    for (int at = hay.indexOf(a, from); at >= 0; at = hay.indexOf(a, at + 1)) {
                        int end = at + a.length();
                        if (!word || (!asciiAlnum(hay, at - 1) && !asciiAlnum(hay, end))) {
                            if (best < 0 || end < bestEnd) {
                                best = at;
                                bestEnd = end;
                            }
                            break;
                        }
                    }
                }
                if (best < 0) {
                    return false;
                }
                from = bestEnd;
            }
            return true;
        }

        private static boolean asciiAlnum(String s, int i) {
            if (i < 0 || i >= s.length()) {
                return false;
            }
            char c = s.charAt(i);
            return c < 128 && Character.isLetterOrDigit(c);
        }
    }

    /** Retention of one record class. */
    record Retention(RecordClass recordClass, Optional<Period> minimum, Optional<Period> maximum) implements RuleParams {
        public Retention {
            Objects.requireNonNull(recordClass);
            Objects.requireNonNull(minimum);
            Objects.requireNonNull(maximum);
        }
    }

    /** One field of a disclosure. */
    record Field(String name, String description) {
        public Field {
            Objects.requireNonNull(name);
            Objects.requireNonNull(description);
        }
    }

    /** Fields to disclose and where: {@code aigc-metadata}, {@code latent} or {@code manifest}. */
    record Disclosure(String carrier, List<Field> fields) implements RuleParams {
        public Disclosure {
            Objects.requireNonNull(carrier);
            fields = List.copyOf(fields);
        }
    }

    /** Consent for a subject, triggered by screening categories (prefixes). */
    record Consent(ConsentSubject subject, List<String> triggers) implements RuleParams {
        public Consent {
            Objects.requireNonNull(subject);
            triggers = List.copyOf(triggers);
        }
    }

    /** Screening set-up. */
    record Screening(List<String> blockCategories, OptionalInt minLibraryTerms, OptionalInt maxPromptChars)
            implements RuleParams {
        public Screening {
            blockCategories = List.copyOf(blockCategories);
            Objects.requireNonNull(minLibraryTerms);
            Objects.requireNonNull(maxPromptChars);
        }
    }
}
