package dev.hallmark.policies.pack;

import dev.hallmark.policies.PackInfo;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A validated policy pack file ({@code hallmark.policy-pack} version 1). {@code override} packs replace or add rules
 * of the shipped pack for the same jurisdiction; {@code base} packs define a jurisdiction.
 */
public record PolicyPack(String jurisdiction, String title, String packVersion, LocalDate published, Mode mode,
        List<PackRule> rules, String origin) {
    /** How a pack combines with what is already loaded. */
    public enum Mode {
        /** Defines a jurisdiction (shipped packs; an operator's pack for a jurisdiction not shipped). */
        BASE,
        /** Replaces rules by id and adds rules to an already loaded jurisdiction. */
        OVERRIDE
    }

    public static final String FORMAT = "hallmark.policy-pack";
    public static final int FORMAT_VERSION = 1;

    public PolicyPack {
        Objects.requireNonNull(jurisdiction);
        Objects.requireNonNull(title);
        Objects.requireNonNull(packVersion);
        Objects.requireNonNull(published);
        Objects.requireNonNull(mode);
        rules = List.copyOf(rules);
        Objects.requireNonNull(origin);
    }

    public PackInfo info() {
        return new PackInfo(jurisdiction, title, packVersion, published, origin, rules.size());
    }
}
