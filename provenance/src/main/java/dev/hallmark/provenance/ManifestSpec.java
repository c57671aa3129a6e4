package dev.hallmark.provenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to say in a manifest for generated media: title, IPTC source type, the generating software, the California
 * latent disclosure, and optional soft bindings (watermarks) with their actions. Built with {@link #builder()},
 * which checks cross-field rules (a {@code c2pa.watermarked} action needs a soft binding).
 *
 * @param title {@code dc:title}
 * @param sourceType the {@code digitalSourceType} of {@code c2pa.created}
 * @param softwareAgent the generating system (the {@code softwareAgent} of {@code c2pa.created})
 * @param disclosure the latent disclosure, or null to omit it
 * @param softBindings soft-binding assertions to add
 * @param extraActions actions after {@code c2pa.created}
 */
public record ManifestSpec(String title, DigitalSourceType sourceType, SoftwareAgent softwareAgent,
        AiDisclosure disclosure, List<SoftBinding> softBindings, List<ActionSpec> extraActions) {

    public ManifestSpec {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(sourceType, "sourceType");
        Objects.requireNonNull(softwareAgent, "softwareAgent");
        softBindings = List.copyOf(softBindings);
        extraActions = List.copyOf(extraActions);
        if (title.isBlank()) {
            throw new IllegalArgumentException("title must not be blank");
        }
        boolean watermarked = extraActions.stream().anyMatch(a -> a.action().equals(ActionSpec.WATERMARKED));
        if (watermarked && softBindings.isEmpty()) {
            throw new IllegalArgumentException("a c2pa.watermarked action needs a c2pa.soft-binding assertion");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private String title;
        private DigitalSourceType sourceType = DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA;
        private SoftwareAgent softwareAgent;
        private AiDisclosure disclosure;
        private final List<SoftBinding> softBindings = new ArrayList<>();
        private final List<ActionSpec> extraActions = new ArrayList<>();

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder sourceType(DigitalSourceType sourceType) {
            this.sourceType = sourceType;
            return this;
        }

        public Builder softwareAgent(SoftwareAgent softwareAgent) {
            this.softwareAgent = softwareAgent;
            return this;
        }

        public Builder disclosure(AiDisclosure disclosure) {
            this.disclosure = disclosure;
            return this;
        }

        /** Adds a soft-binding assertion (the watermark work calls this). */
        public Builder softBinding(SoftBinding binding) {
            softBindings.add(Objects.requireNonNull(binding));
            return this;
        }

        /** Adds an action after {@code c2pa.created}, e.g. {@link ActionSpec#watermarked}. */
        public Builder action(ActionSpec action) {
            extraActions.add(Objects.requireNonNull(action));
            return this;
        }

        public ManifestSpec build() {
            return new ManifestSpec(title, sourceType, softwareAgent, disclosure, softBindings, extraActions);
        }
    }
}
