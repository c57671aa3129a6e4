package dev.hallmark.provenance.aigc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The GB 45438-2025 implicit label: seven fields, serialised as one JSON object with exactly these keys in this
 * order. Values are printable ASCII without space, {@code "} or {@code \}; empty values are allowed for fields not
 * (yet) filled, e.g. the propagator fields before a platform re-publishes the file.
 *
 * @param label "1" AI-generated, "2" possibly AI-generated, "3" suspected AI-generated
 * @param contentProducer 27-character provider code of the generation service
 * @param produceId the producer's unique id of this content
 * @param reservedCode1 producer integrity field (Hallmark: an ECDSA seal over the other fields, see {@link AigcSeal})
 * @param contentPropagator 27-character code of the dissemination platform
 * @param propagateId the platform's id of this content
 * @param reservedCode2 platform integrity field
 */
public record AigcLabel(String label, String contentProducer, String produceId, String reservedCode1,
        String contentPropagator, String propagateId, String reservedCode2) {

    /** The JSON keys, in the order the standard requires. */
    public static final String[] KEYS = {"Label", "ContentProducer", "ProduceID", "ReservedCode1",
        "ContentPropagator", "PropagateID", "ReservedCode2"};
    private static final int MAX_VALUE = 1024;

    public AigcLabel {
        Objects.requireNonNull(label, "Label");
        if (!label.equals("1") && !label.equals("2") && !label.equals("3")) {
            throw new IllegalArgumentException("Label must be \"1\", \"2\" or \"3\", got \"" + label + "\"");
        }
        check("ContentProducer", contentProducer);
        check("ProduceID", produceId);
        check("ReservedCode1", reservedCode1);
        check("ContentPropagator", contentPropagator);
        check("PropagateID", propagateId);
        check("ReservedCode2", reservedCode2);
    }

    private static void check(String key, String value) {
        Objects.requireNonNull(value, key);
        if (value.length() > MAX_VALUE) {
            throw new IllegalArgumentException(key + " is longer than " + MAX_VALUE + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                throw new IllegalArgumentException(key + " contains a character not allowed in AIGC values ("
                        + (c < 0x20 || c >= 0x7F ? String.format("U+%04X", (int) c) : "'" + c + "'")
                        + "): only printable ASCII without space, '\"' or '\\'");
            }
        }
    }

    /** A producer's label for AI-generated content (propagator fields empty). */
    public static AigcLabel generated(String producerCode, String produceId, String reservedCode1) {
        return new AigcLabel("1", producerCode, produceId, reservedCode1, "", "", "");
    }

    public AigcLabel withReservedCode1(String code) {
        return new AigcLabel(label, contentProducer, produceId, code, contentPropagator, propagateId, reservedCode2);
    }

    /** The label as a platform re-publishing the content records it (Art. 6). */
    public AigcLabel propagated(String newLabel, String propagatorCode, String propagateId, String reservedCode2) {
        return new AigcLabel(newLabel, contentProducer, produceId, reservedCode1, propagatorCode, propagateId,
                reservedCode2);
    }

    /** Fields in standard order. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        String[] v = values();
        for (int i = 0; i < KEYS.length; i++) {
            m.put(KEYS[i], v[i]);
        }
        return m;
    }

    String[] values() {
        return new String[] {label, contentProducer, produceId, reservedCode1, contentPropagator, propagateId,
            reservedCode2};
    }

    /** The canonical JSON: keys in order, no white space (values never need escaping). */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        String[] v = values();
        for (int i = 0; i < KEYS.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"').append(KEYS[i]).append("\":\"").append(v[i]).append('"');
        }
        return sb.append('}').toString();
    }

    /** What {@link AigcSeal} signs: every field except the two integrity fields, in order, joined by '|'. */
    public String sealedContent() {
        return String.join("|", "GB45438-AIGC-v1", label, contentProducer, produceId);
    }
}
