package dev.hallmark.classifier.forensic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hallmark.classifier.ClassifierException;
import dev.hallmark.classifier.ClassifierException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a forensic detector model is and how to feed it: the {@code forensic.json} beside its {@code model.onnx}
 * (format in classifier/FORENSIC.md, "Bring your own detector").
 *
 * <pre>
 * {
 *   "format": "hallmark.forensic-model", "formatVersion": 1,
 *   "name": "hallmark-forensic", "version": "1.0.0", "licence": "Apache-2.0", "description": "...",
 *   "model": "model.onnx", "sha256": "&lt;hex of model.onnx&gt;",
 *   "input": {"colour": "rgb", "patch": 96, "frameShortSide": 160, "maxAspect": 4.0,
 *             "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25]},
 *   "output": "logit",
 *   "sampling": {"maxFrames": 16, "minFrames": 6, "windows": 8},
 *   "threshold": 0.5
 * }
 * </pre>
 *
 * @param name model name (reported in evidence)
 * @param version model version
 * @param licence licence of the weights
 * @param description free text
 * @param modelFile file name of the ONNX graph inside the folder (a plain name)
 * @param sha256 lowercase hex SHA-256 of the ONNX graph
 * @param colour {@code rgb} (3 channels, BT.601 limited-range I420 to RGB) or {@code luma} (1 channel, the Y plane)
 * @param patch side of the square patches fed to the network, pixels
 * @param frameShortSide frames are scaled so that their short side has this many pixels before patches are cut
 * @param maxAspect the long side is at most this many times the short side (wider frames are squeezed)
 * @param mean per-channel mean subtracted from {@code value / 255}
 * @param std per-channel divisor applied after the mean
 * @param output {@code logit} (a real number per patch, larger = more likely generated) or {@code probability}
 *     (in [0, 1])
 * @param maxFrames at most this many frames are sampled per video
 * @param minFrames when key frames give fewer than this, frames are sampled from the whole stream instead
 * @param windows the video's time line is split into this many windows, each scored on its own
 * @param threshold a video is flagged when its score (sigmoid of the mean patch logit) is at least this
 */
public record ForensicManifest(String name, String version, String licence, String description, String modelFile,
        String sha256, String colour, int patch, int frameShortSide, double maxAspect, List<Double> mean,
        List<Double> std, String output, int maxFrames, int minFrames, int windows, double threshold) {

    public static final String FORMAT = "hallmark.forensic-model";
    public static final int FORMAT_VERSION = 1;
    /** Largest manifest accepted, bytes. */
    public static final int MAX_MANIFEST_BYTES = 64 * 1024;

    public ForensicManifest {
        Objects.requireNonNull(name);
        Objects.requireNonNull(version);
        mean = List.copyOf(mean);
        std = List.copyOf(std);
    }

    /** Number of network input channels. */
    public int channels() {
        return colour.equals("luma") ? 1 : 3;
    }

    /** Parses and range-checks a manifest. */
    static ForensicManifest parse(byte[] json, Path file) throws ClassifierException {
        if (json.length > MAX_MANIFEST_BYTES) {
            throw bad(file, "manifest is larger than " + MAX_MANIFEST_BYTES + " bytes");
        }
        JsonNode root;
        try {
            ObjectMapper mapper = JsonMapper.builder()
                    .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();
            mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(16).maxStringLength(16 * 1024).maxNumberLength(64).build());
            root = mapper.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw bad(file, "manifest is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad(file, "manifest must be a JSON object");
        }
        String format = text(root, "format", file);
        if (!FORMAT.equals(format)) {
            throw bad(file, "format is '" + format + "', expected '" + FORMAT + "'");
        }
        int fv = integer(root, "formatVersion", 1, Integer.MAX_VALUE, file);
        if (fv != FORMAT_VERSION) {
            throw bad(file, "formatVersion " + fv + " is not supported (this build reads " + FORMAT_VERSION + ")");
        }
        String name = text(root, "name", file);
        String version = text(root, "version", file);
        if (name.isBlank() || name.length() > 128 || version.isBlank() || version.length() > 64) {
            throw bad(file, "name must be 1..128 and version 1..64 characters");
        }
        String modelFile = text(root, "model", file);
        if (!modelFile.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}") || modelFile.contains("..")) {
            throw bad(file, "model must be a plain file name inside the folder, got '" + modelFile + "'");
        }
        String sha = text(root, "sha256", file).toLowerCase(Locale.ROOT);
        if (sha.length() != 64 || !sha.chars().allMatch(HexFormat::isHexDigit)) {
            throw bad(file, "sha256 must be 64 hex digits");
        }
        JsonNode in = object(root, "input", file);
        String colour = text(in, "colour", file);
        if (!colour.equals("rgb") && !colour.equals("luma")) {
            throw bad(file, "input.colour must be 'rgb' or 'luma', got '" + colour + "'");
        }
        int patch = integer(in, "patch", 8, 512, file);
        int shortSide = integer(in, "frameShortSide", 16, 2160, file);
        if (patch > shortSide) {
            throw bad(file, "input.patch " + patch + " is larger than input.frameShortSide " + shortSide);
        }
        double maxAspect = number(in, "maxAspect", 1, 16, file);
        int ch = colour.equals("luma") ? 1 : 3;
        List<Double> mean = numbers(in, "mean", ch, -1e3, 1e3, file);
        List<Double> std = numbers(in, "std", ch, 1e-6, 1e3, file);
        String output = text(root, "output", file);
        if (!output.equals("logit") && !output.equals("probability")) {
            throw bad(file, "output must be 'logit' or 'probability', got '" + output + "'");
        }
        JsonNode s = object(root, "sampling", file);
        int maxFrames = integer(s, "maxFrames", 1, 256, file);
        int minFrames = integer(s, "minFrames", 1, maxFrames, file);
        int windows = integer(s, "windows", 1, 64, file);
        double threshold = number(root, "threshold", 0, 1, file);
        String licence = optText(root, "licence");
        String description = optText(root, "description");
        return new ForensicManifest(name, version, licence, description, modelFile, sha, colour, patch, shortSide,
                maxAspect, mean, std, output, maxFrames, minFrames, windows, threshold);
    }

    private static ClassifierException bad(Path file, String detail) {
        return new ClassifierException(Reason.BAD_MANIFEST, file, detail);
    }

    private static JsonNode field(JsonNode n, String key, Path file) throws ClassifierException {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw bad(file, "manifest lacks '" + key + "'");
        }
        return v;
    }

    private static JsonNode object(JsonNode n, String key, Path file) throws ClassifierException {
        JsonNode v = field(n, key, file);
        if (!v.isObject()) {
            throw bad(file, "'" + key + "' must be an object");
        }
        return v;
    }

    private static String text(JsonNode n, String key, Path file) throws ClassifierException {
        JsonNode v = field(n, key, file);
        if (!v.isTextual()) {
            throw bad(file, "'" + key + "' must be a string");
        }
        return v.asText();
    }

    private static String optText(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v != null && v.isTextual() ? v.asText() : "";
    }

    private static int integer(JsonNode n, String key, int min, int max, Path file) throws ClassifierException {
        JsonNode v = field(n, key, file);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw bad(file, "'" + key + "' must be an integer in " + min + ".." + max + ", got " + v);
        }
        return v.asInt();
    }

    private static double number(JsonNode n, String key, double min, double max, Path file)
            throws ClassifierException {
        JsonNode v = field(n, key, file);
        if (!v.isNumber() || !(v.asDouble() >= min && v.asDouble() <= max)) {
            throw bad(file, "'" + key + "' must be a number in " + min + ".." + max + ", got " + v);
        }
        return v.asDouble();
    }

    private static List<Double> numbers(JsonNode n, String key, int count, double min, double max, Path file)
            throws ClassifierException {
        JsonNode v = field(n, key, file);
        if (!v.isArray() || v.size() != count) {
            throw bad(file, "'" + key + "' must be an array of " + count + " numbers");
        }
        Double[] out = new Double[count];
        for (int i = 0; i < count; i++) {
            JsonNode e = v.get(i);
            if (!e.isNumber() || !(e.asDouble() >= min && e.asDouble() <= max)) {
                throw bad(file, "'" + key + "' values must be numbers in " + min + ".." + max);
            }
            out[i] = e.asDouble();
        }
        return List.of(out);
    }
}
