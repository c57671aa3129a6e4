package dev.hallmark.registry;

import java.util.regex.Pattern;

/**
 * The model that produced a generation: name, version and (where the model is filed with the Cyberspace
 * Administration of China) its algorithm-filing number {@code 网信算备} + 21 digits + {@code 号}. When the number is
 * null the registry fills it from the algorithm filing registered for the model name, if any.
 */
public record ModelRef(String name, String version, String filingNumber) {
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._:/+-]{0,127}");
    private static final Pattern VERSION = Pattern.compile("[\\p{L}\\p{N}._:+-]{1,64}");

    public ModelRef {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("model name must be 1-128 letters, digits or . _ : / + - (got " + quote(name) + ")");
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("model version must be 1-64 letters, digits or . _ : + - (got " + quote(version) + ")");
        }
        if (filingNumber != null && !AlgorithmFiling.isValidNumber(filingNumber)) {
            throw new IllegalArgumentException("algorithm filing number must be 网信算备 + 21 digits + 号 (got " + quote(filingNumber) + ")");
        }
    }

    public ModelRef(String name, String version) {
        this(name, version, null);
    }

    /** {@code name@version}. */
    public String label() {
        return name + "@" + version;
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }
}
