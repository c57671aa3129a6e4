package dev.hallmark.classifier;

import java.util.List;

/**
 * A sign that labels or provenance were altered: an invalid C2PA manifest, metadata contradicting the watermark, a
 * label whose integrity check fails, labels stripped from a watermarked clip.
 *
 * @param code stable code ({@code c2pa.invalid}, {@code aigc.seal.invalid}, {@code watermark.payload.mismatch},
 *     {@code labels.stripped} ...)
 * @param detail one line for people
 * @param evidence the evidence that shows it
 */
public record Tampering(String code, String detail, List<Evidence> evidence) {
    public Tampering {
        evidence = List.copyOf(evidence);
    }
}
