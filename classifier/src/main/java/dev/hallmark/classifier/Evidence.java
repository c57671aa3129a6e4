package dev.hallmark.classifier;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One finding of one check.
 *
 * @param check which layer: {@code c2pa}, {@code aigc}, {@code watermark}, {@code xmp}, {@code container},
 *     {@code forensic}
 * @param outcome what it found
 * @param code a stable code tests and platforms assert on (c2pa-rs status codes where they exist, e.g.
 *     {@code assertion.bmffHash.mismatch}; otherwise {@code aigc.label.generated}, {@code watermark.detected} ...)
 * @param detail one human-readable line
 * @param data structured facts (payload, score, signer, fields ...), JSON-friendly values only
 */
public record Evidence(String check, Outcome outcome, String code, String detail, Map<String, Object> data) {
    public Evidence {
        Objects.requireNonNull(check);
        Objects.requireNonNull(outcome);
        Objects.requireNonNull(code);
        Objects.requireNonNull(detail);
        data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public static Evidence of(String check, Outcome outcome, String code, String detail) {
        return new Evidence(check, outcome, code, detail, Map.of());
    }
}
