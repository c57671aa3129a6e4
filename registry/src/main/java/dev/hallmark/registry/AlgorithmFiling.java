package dev.hallmark.registry;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A model's algorithm filing with the Cyberspace Administration of China (schema {@code hallmark.algorithm-filing/1}):
 * filing number {@code 网信算备} + 21 digits + {@code 号}, the filed algorithm's name, the model names it covers, the
 * filing entity, the date filed and the date of the last change. Each add or change is its own journal record, so
 * the change history is part of the tamper-evident log; generations link to the version in force when filed.
 */
public record AlgorithmFiling(
        String number,
        String algorithm,
        List<String> models,
        String provider,
        LocalDate filedOn,
        LocalDate changedOn,
        Status status,
        String note) {

    /** Schema name in the journal. */
    public static final String SCHEMA = "hallmark.algorithm-filing/1";
    private static final Pattern NUMBER = Pattern.compile("网信算备[0-9]{21}号");

    /** Whether the filing is in force. */
    public enum Status { ACTIVE, REVOKED }

    public AlgorithmFiling {
        if (!isValidNumber(number)) {
            throw new IllegalArgumentException("filing number must be 网信算备 + 21 digits + 号 (got " + ModelRef.quote(number) + ")");
        }
        if (algorithm == null || algorithm.isBlank() || algorithm.length() > 200 || !FilingRecord.validText(algorithm)) {
            throw new IllegalArgumentException("algorithm name must be 1-200 characters");
        }
        if (models == null || models.isEmpty() || models.size() > 64) {
            throw new IllegalArgumentException("an algorithm filing covers 1 to 64 model names");
        }
        LinkedHashSet<String> ms = new LinkedHashSet<>();
        for (String m : models) {
            new ModelRef(m, "0"); // same name rules as generations
            ms.add(m);
        }
        models = List.copyOf(ms);
        if (provider == null || provider.isBlank() || provider.length() > 200 || !FilingRecord.validText(provider)) {
            throw new IllegalArgumentException("provider (filing entity) must be 1-200 characters");
        }
        if (filedOn == null) {
            throw new IllegalArgumentException("filedOn date is required");
        }
        if (changedOn != null && changedOn.isBefore(filedOn)) {
            throw new IllegalArgumentException("changedOn " + changedOn + " is before filedOn " + filedOn);
        }
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
        if (note != null && (note.length() > 1000 || !FilingRecord.validText(note))) {
            throw new IllegalArgumentException("note must be at most 1000 characters");
        }
    }

    /** True if {@code s} has the form 网信算备 + 21 ASCII digits + 号. */
    public static boolean isValidNumber(String s) {
        return s != null && NUMBER.matcher(s).matches();
    }

    /** Whether this filing covers generations by {@code modelName}. */
    public boolean covers(String modelName) {
        return models.contains(modelName);
    }
}
