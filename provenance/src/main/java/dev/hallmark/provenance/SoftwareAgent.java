package dev.hallmark.provenance;

import java.util.Objects;

/**
 * A software agent (C2PA {@code generator-info-map}): the generator of a claim or the tool that performed an action.
 *
 * @param name product name, non-blank
 * @param version version string, non-blank
 */
public record SoftwareAgent(String name, String version) {
    public SoftwareAgent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        if (name.isBlank() || version.isBlank()) {
            throw new IllegalArgumentException("software agent name and version must not be blank");
        }
    }
}
