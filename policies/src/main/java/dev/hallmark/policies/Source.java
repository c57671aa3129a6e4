package dev.hallmark.policies;

import java.util.Objects;

/**
 * Where a rule comes from: the instrument (law, standard, guide), the article or clause, and its {@link Basis}.
 *
 * @param instrument e.g. {@code 人工智能生成合成内容标识办法 (CN Labeling Measures)}
 * @param clause     e.g. {@code Art. 4(1)(3)}
 * @param basis      law, standard, guidance or design
 */
public record Source(String instrument, String clause, Basis basis) {
    public Source {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(clause, "clause");
        Objects.requireNonNull(basis, "basis");
        if (instrument.isBlank() || clause.isBlank()) {
            throw new IllegalArgumentException("a source needs an instrument and a clause");
        }
    }

    /** {@code instrument clause [basis]} — the one-line citation used in decisions and reports. */
    public String citation() {
        return instrument + " " + clause + " [" + basis.id() + "]";
    }
}
