package dev.hallmark.generator.pipeline;

import dev.hallmark.media.FrameRate;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One {@code hallmark generate}.
 *
 * @param prompt what to generate
 * @param out where the released clip goes (must not exist)
 * @param model built-in model name or bundle folder
 * @param seconds clip length
 * @param width output width (even)
 * @param height output height (even)
 * @param fps output frame rate, or null for the model's native rate
 * @param seed sampling seed (same seed, same frames)
 * @param jurisdictions policy packs that apply (codes such as {@code cn}, {@code eu}, {@code us-ca})
 * @param consentId consent record for depicting a real person, or null
 * @param userIdentity who asked (stored encrypted, crypto-shredded at retention end), or null
 */
public record GenerateRequest(String prompt, Path out, String model, double seconds, int width, int height,
        FrameRate fps, long seed, List<String> jurisdictions, String consentId, String userIdentity) {
    public GenerateRequest {
        Objects.requireNonNull(prompt);
        Objects.requireNonNull(out);
        Objects.requireNonNull(model);
        jurisdictions = List.copyOf(jurisdictions);
        if (jurisdictions.isEmpty()) {
            throw new IllegalArgumentException("at least one jurisdiction");
        }
    }
}
