package dev.hallmark.generator.pipeline;

import dev.hallmark.generator.DigitalSourceType;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One {@code hallmark comply}: a clip made by another generator (e.g. an API) taken through the same pipeline from
 * decode onwards.
 *
 * @param in the clip
 * @param out where the released clip goes (must not exist)
 * @param modelName the generator that made it
 * @param modelVersion its version
 * @param filingNumber its algorithm-filing number, or null
 * @param sourceType IPTC digital source type to declare
 * @param prompt the prompt, if known (screened and filed), or null
 * @param jurisdictions policy packs that apply
 * @param userIdentity who asked, or null
 */
public record ComplyRequest(Path in, Path out, String modelName, String modelVersion, String filingNumber,
        DigitalSourceType sourceType, String prompt, List<String> jurisdictions, String userIdentity) {
    public ComplyRequest {
        Objects.requireNonNull(in);
        Objects.requireNonNull(out);
        Objects.requireNonNull(modelName);
        Objects.requireNonNull(modelVersion);
        Objects.requireNonNull(sourceType);
        jurisdictions = List.copyOf(jurisdictions);
    }
}
