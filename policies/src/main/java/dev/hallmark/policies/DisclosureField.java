package dev.hallmark.policies;

import java.util.List;
import java.util.Objects;

/**
 * A field the output must disclose, where it goes ({@code aigc-metadata}: the GB 45438 AIGC JSON; {@code latent}:
 * a latent disclosure such as the C2PA manifest and watermark) and the rules that require it.
 */
public record DisclosureField(String name, String carrier, String description, List<RuleRef> requiredBy) {
    public DisclosureField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(description, "description");
        requiredBy = List.copyOf(requiredBy);
    }
}
