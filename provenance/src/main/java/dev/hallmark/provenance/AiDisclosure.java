package dev.hallmark.provenance;

import java.time.Instant;
import java.util.Objects;

/**
 * California's latent disclosure for AI-generated content (AI Transparency Act, SB 942, Bus. &amp; Prof. Code
 * §22757.3(b)): the covered provider's name, the generative AI system's name and version, the time of creation, and a
 * unique identifier. Written as the custom assertion {@value #LABEL}; the claim's generator info repeats the system.
 *
 * @param provider name of the covered provider
 * @param systemName name of the generative AI system
 * @param systemVersion version of that system
 * @param createdAt time the content was created or altered
 * @param uniqueId unique identifier of this content (e.g. the registry filing id or a UUID)
 */
public record AiDisclosure(String provider, String systemName, String systemVersion, Instant createdAt,
        String uniqueId) {
    /** Label of the assertion carrying the disclosure. */
    public static final String LABEL = "dev.hallmark.ai-disclosure";

    public AiDisclosure {
        Objects.requireNonNull(createdAt, "createdAt");
        for (String s : new String[] {provider, systemName, systemVersion, uniqueId}) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("provider, system name, system version and unique id are required");
            }
        }
    }
}
