package dev.hallmark.provenance;

import java.util.Locale;
import java.util.Optional;

/** IPTC digital source types for generated media (the {@code digitalSourceType} of {@code c2pa.created}). */
public enum DigitalSourceType {
    /** Output of a trained model (generative AI). */
    TRAINED_ALGORITHMIC_MEDIA("trained", "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"),
    /** Purely algorithmic output, no trained model involved. */
    ALGORITHMIC_MEDIA("algorithmic", "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia"),
    /** A composite that includes trained-model output. */
    COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA("composite-trained",
            "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia");

    private final String shortName;
    private final String uri;

    DigitalSourceType(String shortName, String uri) {
        this.shortName = shortName;
        this.uri = uri;
    }

    /** Name used on the command line ({@code trained}, {@code algorithmic}, {@code composite-trained}). */
    public String shortName() {
        return shortName;
    }

    /** The IPTC NewsCodes URI. */
    public String uri() {
        return uri;
    }

    public static Optional<DigitalSourceType> fromShortName(String s) {
        String k = s.toLowerCase(Locale.ROOT).trim();
        for (DigitalSourceType t : values()) {
            if (t.shortName.equals(k)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public static Optional<DigitalSourceType> fromUri(String uri) {
        for (DigitalSourceType t : values()) {
            if (t.uri.equals(uri)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
