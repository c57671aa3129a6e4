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
import java.util.regex.Pattern;

/** The kind-specific part of a pack rule. Absent optional values mean "this rule does not constrain it". */
public sealed interface RuleParams {

    /** For kinds without parameters (aigc-metadata, c2pa, watermark, pii-redaction). */
    record None() implements RuleParams {
    }

    /** Visible label constraints. */
    record VisibleLabel(List<String> texts, Optional<Pattern> textPattern, OptionalDouble minHeightRatio,
            OptionalDouble minSeconds, List<Timing> timings, List<Position> positions, Optional<Boolean> burnedIn)
            implements RuleParams {
        public VisibleLabel {
            texts = List.copyOf(texts);
            Objects.requireNonNull(textPattern);
            Objects.requireNonNull(minHeightRatio);
            Objects.requireNonNull(minSeconds);
            timings = List.copyOf(timings);
            positions = List.copyOf(positions);
            Objects.requireNonNull(burnedIn);
        }

        /** Whether {@code text} satisfies this rule's pattern (true when it has none). */
        public boolean accepts(String text) {
            return textPattern.map(p -> p.matcher(text).find()).orElse(true);
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
