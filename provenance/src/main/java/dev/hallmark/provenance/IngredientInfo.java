package dev.hallmark.provenance;

import java.util.List;

/**
 * One ingredient of a manifest and, when it carries provenance, what validating its manifest found: the chain of
 * ingredients is reported recursively.
 *
 * @param label the ingredient assertion label
 * @param title {@code dc:title}
 * @param format {@code dc:format} / {@code format}
 * @param relationship {@code parentOf}, {@code componentOf} or {@code inputTo}
 * @param manifestLabel label of the ingredient's manifest in this store, or null (no provenance)
 * @param claimVersion claim version of that manifest, or null
 * @param signer who signed that manifest, or null
 * @param failures failure statuses found for that manifest (its validation deltas)
 * @param ingredients that manifest's own ingredients
 */
public record IngredientInfo(String label, String title, String format, String relationship, String manifestLabel,
        Integer claimVersion, SignerInfo signer, List<ValidationStatus> failures, List<IngredientInfo> ingredients) {
    public IngredientInfo {
        failures = List.copyOf(failures);
        ingredients = List.copyOf(ingredients);
    }
}
