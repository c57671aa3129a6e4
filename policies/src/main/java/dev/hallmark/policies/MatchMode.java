package dev.hallmark.policies;

import java.util.Locale;

/** How a library term matches the normalised prompt. */
public enum MatchMode {
    /** Substring for terms containing Chinese/Japanese characters, word otherwise (the default). */
    AUTO,
    /** Anywhere in the skeleton, across removed spacing and punctuation (Chinese terms: no word boundaries). */
    SUBSTRING,
    /** Whole words: a boundary before and after at non-CJK edges ({@code kill} does not match {@code skills}). */
    WORD,
    /** Word start: a boundary before ({@code pipe bomb} matches {@code pipe bombs}). */
    PREFIX,
    /** Every {@code &}-separated part somewhere in the prompt (co-occurrence, each part matched as AUTO). */
    ALL,
    /** Exception phrase: matches of the entry's category that lie inside it are ignored ({@code 望子成龙}). */
    EXCEPT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MatchMode fromId(String id) {
        for (MatchMode m : values()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        return null;
    }
}
