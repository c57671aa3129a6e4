package dev.hallmark.generator;

import java.util.Optional;

/**
 * IPTC Digital Source Type of what a model makes (https://cv.iptc.org/newscodes/digitalsourcetype/), the value
 * C2PA actions and AIGC labels declare.
 */
public enum DigitalSourceType {
    /** Made by a model trained on sampled content (a diffusion model). */
    TRAINED_ALGORITHMIC_MEDIA("trainedAlgorithmicMedia"),
    /** Made purely by an algorithm, no training data (a procedural renderer). */
    ALGORITHMIC_MEDIA("algorithmicMedia"),
    /** Mixed: a model edited or extended captured content. */
    COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA("compositeWithTrainedAlgorithmicMedia");

    public static final String PREFIX = "http://cv.iptc.org/newscodes/digitalsourcetype/";

    private final String code;

    DigitalSourceType(String code) {
        this.code = code;
    }

    /** The IPTC code, e.g. {@code trainedAlgorithmicMedia}. */
    public String code() {
        return code;
    }

    /** The full IPTC URI. */
    public String uri() {
        return PREFIX + code;
    }

    /** Parses a full IPTC URI (http or https) or a bare code. */
    public static Optional<DigitalSourceType> fromUri(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String code = value.replaceFirst("^https?://cv\\.iptc\\.org/newscodes/digitalsourcetype/", "");
        for (DigitalSourceType t : values()) {
            if (t.code.equals(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
