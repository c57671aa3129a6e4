package dev.hallmark.generator.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hallmark.generator.DigitalSourceType;
import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.GeneratorException.Reason;
import dev.hallmark.generator.sampling.NoiseSchedule;
import dev.hallmark.generator.sampling.Prediction;
import dev.hallmark.generator.sampling.Sampler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses and validates {@code manifest.json} (bounded: 1 MiB, nesting depth 16). */
public final class ManifestParser {
    public static final int MAX_BYTES = 1 << 20;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxStringLength(64 * 1024).maxNumberLength(64).build());
    }

    private final Path file;

    private ManifestParser(Path file) {
        this.file = file;
    }

    /**
     * @param file the manifest's path, for messages
     * @throws GeneratorException {@link Reason#BAD_MANIFEST} with the field concerned
     */
    public static BundleManifest parse(byte[] bytes, Path file) throws GeneratorException {
        return new ManifestParser(file).parse(bytes);
    }

    private BundleManifest parse(byte[] bytes) throws GeneratorException {
        if (bytes.length > MAX_BYTES) {
            throw bad("larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new GeneratorException(Reason.BAD_MANIFEST, file, "not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw bad("not a JSON object");
        }
        String format = text(root, "format", true);
        if (!BundleManifest.FORMAT.equals(format)) {
            throw bad("format is '" + format + "', expected '" + BundleManifest.FORMAT + "'");
        }
        int formatVersion = integer(root, "formatVersion", 1, Integer.MAX_VALUE);
        if (formatVersion != BundleManifest.FORMAT_VERSION) {
            throw bad("formatVersion " + formatVersion + " is not supported (this build reads "
                    + BundleManifest.FORMAT_VERSION + ")");
        }
        String name = text(root, "name", true);
        String version = text(root, "version", true);
        if (name.isBlank() || name.length() > 128 || version.isBlank() || version.length() > 64) {
            throw bad("name and version must be non-blank (name <= 128, version <= 64 characters)");
        }
        String filing = text(root, "filingNumber", false);
        String dst = text(root, "digitalSourceType", true);
        DigitalSourceType type = DigitalSourceType.fromUri(dst)
                .orElseThrow(() -> bad("digitalSourceType '" + dst + "' is not an IPTC URI this build knows"));
        String licence = text(root, "licence", true);
        String description = text(root, "description", false);

        JsonNode nat = object(root, "native", true);
        int w = integer(nat, "width", 1, 4096);
        int h = integer(nat, "height", 1, 4096);
        int frames = integer(nat, "frames", 1, 1024);
        double fps = number(nat, "fps", 0.1, 240);

        BundleManifest.Tokenizer tok = tokenizer(object(root, "tokenizer", true));
        String empty = root.has("emptyPrompt") ? text(root, "emptyPrompt", true) : "";

        JsonNode comps = object(root, "components", true);
        BundleManifest.Component text = component(comps, "textEncoder", true);
        BundleManifest.Component den = component(comps, "denoiser", true);
        BundleManifest.Component dec = component(comps, "decoder", false);

        JsonNode lat = object(root, "latent", true);
        JsonNode shapeNode = lat.get("shape");
        if (shapeNode == null || !shapeNode.isArray() || shapeNode.size() != 4) {
            throw bad("latent.shape must be [channels, frames, height, width]");
        }
        int[] shape = new int[4];
        long size = 1;
        for (int i = 0; i < 4; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.asInt() < 1 || d.asInt() > 4096) {
                throw bad("latent.shape[" + i + "] must be an integer in 1..4096");
            }
            shape[i] = d.asInt();
            size *= shape[i];
        }
        if (size > 64L << 20) {
            throw bad("latent.shape has " + size + " elements (limit " + (64 << 20) + ")");
        }
        double scale = lat.has("scale") ? number(lat, "scale", 1e-6, 1e6) : 1.0;
        double shift = lat.has("shift") ? number(lat, "shift", -1e6, 1e6) : 0.0;
        if (dec == null && (shape[0] != 3 || shape[1] != frames || shape[2] != h || shape[3] != w)) {
            throw bad("without a decoder latent.shape must be [3, native.frames, native.height, native.width]");
        }

        BundleManifest.SamplerSettings sampler = sampler(object(root, "sampler", true));

        JsonNode files = object(root, "files", true);
        Map<String, String> digests = new LinkedHashMap<>();
        var it = files.fields();
        while (it.hasNext()) {
            var e = it.next();
            BundleSource.checkName(file.getParent(), e.getKey());
            String hex = e.getValue().isTextual() ? e.getValue().asText().toLowerCase(Locale.ROOT) : "";
            if (!HEX64.matcher(hex).matches()) {
                throw bad("files." + e.getKey() + " must be a SHA-256 in hex");
            }
            digests.put(e.getKey(), hex);
        }
        List<String> needed = new ArrayList<>();
        for (BundleManifest.Component c : new BundleManifest.Component[] {text, den, dec}) {
            if (c != null) {
                needed.addAll(c.files());
            }
        }
        if (tok.vocab() != null) {
            needed.add(tok.vocab());
        }
        for (String n : needed) {
            BundleSource.checkName(file.getParent(), n);
            if (!digests.containsKey(n)) {
                throw bad("files has no SHA-256 for '" + n + "' (every component file must be listed)");
            }
        }
        return new BundleManifest(name, version, filing, type, licence, description == null ? "" : description, w,
                h, frames, fps, tok, empty, text, den, dec, shape, scale, shift, sampler, digests);
    }

    private BundleManifest.Tokenizer tokenizer(JsonNode t) throws GeneratorException {
        String type = text(t, "type", true);
        int max = integer(t, "maxTokens", 1, 4096);
        return switch (type) {
            case "word" -> new BundleManifest.Tokenizer("word", text(t, "vocab", true), max,
                    !t.has("lowercase") || bool(t, "lowercase"), textOr(t, "pad", "[PAD]"), textOr(t, "unk", "[UNK]"),
                    text(t, "bos", false), 0, 0, -1);
            case "byte" -> new BundleManifest.Tokenizer("byte", null, max, false, null, null, null,
                    t.has("offset") ? integer(t, "offset", 0, 1 << 20) : 3,
                    t.has("padId") ? integer(t, "padId", 0, 1 << 20) : 0,
                    t.has("eosId") ? integer(t, "eosId", -1, 1 << 20) : 1);
            default -> throw bad("tokenizer.type '" + type + "' is not supported (word, byte)");
        };
    }

    private BundleManifest.Component component(JsonNode comps, String role, boolean required)
            throws GeneratorException {
        JsonNode c = object(comps, role, required);
        if (c == null) {
            return null;
        }
        String onnx = text(c, "onnx", false);
        String ts = text(c, "torchscript", false);
        if (onnx == null && ts == null) {
            throw bad("components." + role + " names neither an onnx nor a torchscript file");
        }
        List<String> inputs = new ArrayList<>();
        JsonNode in = c.get("inputs");
        if (in != null) {
            if (!in.isArray() || in.size() > 16) {
                throw bad("components." + role + ".inputs must be a list of graph input names");
            }
            Set<String> seen = new HashSet<>();
            for (JsonNode n : in) {
                if (!n.isTextual() || !seen.add(n.asText())) {
                    throw bad("components." + role + ".inputs must be distinct names");
                }
                inputs.add(n.asText());
            }
        }
        int maxBatch = c.has("maxBatch") ? integer(c, "maxBatch", 1, 1024) : 2;
        return new BundleManifest.Component(role, onnx, ts, inputs, maxBatch);
    }

    private BundleManifest.SamplerSettings sampler(JsonNode s) throws GeneratorException {
        try {
            Sampler sampler = Sampler.parse(text(s, "default", true));
            int steps = integer(s, "steps", 1, 1000);
            double guidance = number(s, "guidance", 0, 50);
            Prediction prediction = Prediction.parse(text(s, "prediction", true));
            JsonNode sch = object(s, "schedule", true);
            String type = text(sch, "type", true);
            NoiseSchedule schedule = switch (type) {
                case "flow" -> new NoiseSchedule.Flow(sch.has("shift") ? number(sch, "shift", 0.01, 100) : 1.0,
                        sch.has("timestepScale") ? number(sch, "timestepScale", 1e-6, 1e6) : 1.0);
                case "ddpm" -> new NoiseSchedule.Ddpm(integer(sch, "trainSteps", 2, 100_000),
                        NoiseSchedule.Ddpm.Betas.parse(textOr(sch, "betas", "linear")),
                        sch.has("betaStart") ? number(sch, "betaStart", 0, 1) : 0.00085,
                        sch.has("betaEnd") ? number(sch, "betaEnd", 0, 1) : 0.012);
                default -> throw bad("sampler.schedule.type '" + type + "' is not supported (flow, ddpm)");
            };
            if (sampler == Sampler.FLOW_EULER && !(schedule instanceof NoiseSchedule.Flow)) {
                throw bad("sampler flow-euler needs schedule type flow");
            }
            if (prediction == Prediction.VELOCITY && !(schedule instanceof NoiseSchedule.Flow)) {
                throw bad("prediction velocity needs schedule type flow");
            }
            if (prediction == Prediction.V && !(schedule instanceof NoiseSchedule.Ddpm)) {
                throw bad("prediction v needs schedule type ddpm");
            }
            return new BundleManifest.SamplerSettings(sampler, steps, guidance, prediction, schedule);
        } catch (IllegalArgumentException e) {
            throw bad("sampler: " + e.getMessage());
        }
    }

    private GeneratorException bad(String detail) {
        return new GeneratorException(Reason.BAD_MANIFEST, file, detail);
    }

    private JsonNode object(JsonNode n, String field, boolean required) throws GeneratorException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw bad("missing object '" + field + "'");
            }
            return null;
        }
        if (!v.isObject()) {
            throw bad("'" + field + "' must be an object");
        }
        return v;
    }

    private String text(JsonNode n, String field, boolean required) throws GeneratorException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw bad("missing '" + field + "'");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw bad("'" + field + "' must be a string");
        }
        return v.asText();
    }

    private String textOr(JsonNode n, String field, String dflt) throws GeneratorException {
        String s = text(n, field, false);
        return s == null ? dflt : s;
    }

    private boolean bool(JsonNode n, String field) throws GeneratorException {
        JsonNode v = n.get(field);
        if (v == null || !v.isBoolean()) {
            throw bad("'" + field + "' must be true or false");
        }
        return v.asBoolean();
    }

    private int integer(JsonNode n, String field, int min, int max) throws GeneratorException {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw bad("'" + field + "' must be an integer in " + min + ".." + max);
        }
        return v.asInt();
    }

    private double number(JsonNode n, String field, double min, double max) throws GeneratorException {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber() || !(v.asDouble() >= min && v.asDouble() <= max)) {
            throw bad("'" + field + "' must be a number in " + min + ".." + max);
        }
        return v.asDouble();
    }
}
