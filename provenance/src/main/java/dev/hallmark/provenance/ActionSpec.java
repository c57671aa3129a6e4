package dev.hallmark.provenance;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An action appended after {@code c2pa.created} in {@code c2pa.actions.v2}.
 *
 * @param action the action name, e.g. {@value #WATERMARKED}
 * @param softwareAgent who performed it (null: the claim generator)
 * @param description optional free text
 * @param parameters optional extra parameters (strings, numbers, booleans; written as CBOR)
 */
public record ActionSpec(String action, SoftwareAgent softwareAgent, String description, Map<String, Object> parameters) {
    public static final String WATERMARKED = "c2pa.watermarked";

    public ActionSpec {
        Objects.requireNonNull(action, "action");
        if (action.isBlank() || action.equals("c2pa.created") || action.equals("c2pa.opened")) {
            throw new IllegalArgumentException("extra actions cannot be blank, c2pa.created or c2pa.opened: " + action);
        }
        parameters = parameters == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(parameters));
    }

    /** {@code c2pa.watermarked}: an invisible watermark declared by a soft-binding assertion was embedded. */
    public static ActionSpec watermarked(SoftwareAgent agent, String description) {
        return new ActionSpec(WATERMARKED, agent, description, Map.of());
    }
}
