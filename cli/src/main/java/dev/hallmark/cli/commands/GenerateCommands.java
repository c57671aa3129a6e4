package dev.hallmark.cli.commands;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.Output;
import dev.hallmark.cli.Pipelines;
import dev.hallmark.cli.Progress;
import dev.hallmark.generator.DigitalSourceType;
import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.pipeline.ComplyRequest;
import dev.hallmark.generator.pipeline.CompliancePipeline;
import dev.hallmark.generator.pipeline.GenerateRequest;
import dev.hallmark.generator.pipeline.PipelineResult;
import dev.hallmark.media.FrameRate;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** {@code hallmark generate} and {@code hallmark comply}: the compliant pipeline. */
@Component
public class GenerateCommands {
    /** The embedded default model. */
    public static final String DEFAULT_MODEL = "tiny-t2v";
    /** Output frame rate unless asked otherwise (tiny-t2v samples 16 frames at 4 fps natively). */
    public static final int DEFAULT_FPS = 24;
    private final Output output;
    private final Pipelines pipelines;

    public GenerateCommands(Output output, Pipelines pipelines) {
        this.output = output;
        this.pipelines = pipelines;
    }

    @Command(name = "generate", group = "Generate",
            description = "Generate a clip that leaves already labelled, watermarked, C2PA-signed, self-verified and filed")
    public void generate(
            @Option(longName = "prompt", required = true, description = "what to generate") String prompt,
            @Option(longName = "out", required = true, description = "output MP4 (must not exist)") String out,
            @Option(longName = "model", description = "tiny-t2v (default), scene, or a model bundle folder") String model,
            @Option(longName = "seconds", description = "clip length in seconds (default 4)") Double seconds,
            @Option(longName = "size", description = "WxH (default the model's output size, 512x512)") String size,
            @Option(longName = "fps", description = "frames per second (default 24; the model's native frames are blended in between)") Integer fps,
            @Option(longName = "seed", description = "sampling seed (default 0)") Long seed,
            @Option(longName = "jurisdiction", description = "comma list of cn, eu, us-ca, none (default cn,eu,us-ca)") String jurisdiction,
            @Option(longName = "consent", description = "consent record id when the prompt depicts a real person") String consent,
            @Option(longName = "user", description = "who asked (stored encrypted, erased at retention end)") String user,
            @Option(longName = "json", description = "print one JSON document") boolean json) throws GeneratorException {
        int[] wh = size(size == null ? "512x512" : size);
        GenerateRequest req;
        try {
            req = new GenerateRequest(prompt, Path.of(out), model == null ? DEFAULT_MODEL : model,
                    seconds == null ? 4 : seconds, wh[0], wh[1], FrameRate.of(fps == null ? DEFAULT_FPS : fps),
                    seed == null ? 0 : seed, jurisdictions(jurisdiction), consent, user);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        PipelineResult r;
        try (CompliancePipeline p = pipelines.open(); Progress bar = output.progress("generate", -1)) {
            r = p.generate(req, bar);
        }
        report(r, json, "hallmark.generation/1");
    }

    @Command(name = "comply", group = "Generate",
            description = "Take a clip made by another generator through the same pipeline (label, watermark, sign, check, file)")
    public void comply(
            @Option(longName = "in", required = true, description = "the AI-generated clip") String in,
            @Option(longName = "out", required = true, description = "output MP4 (must not exist)") String out,
            @Option(longName = "model-name", required = true, description = "the generator that made it") String modelName,
            @Option(longName = "model-version", required = true, description = "its version") String modelVersion,
            @Option(longName = "filing-number", description = "its algorithm-filing number (网信算备...号)") String filing,
            @Option(longName = "source-type", description = "trained (default), algorithmic or composite") String sourceType,
            @Option(longName = "prompt", description = "the prompt, if known (screened and filed)") String prompt,
            @Option(longName = "jurisdiction", description = "comma list (default cn,eu,us-ca)") String jurisdiction,
            @Option(longName = "user", description = "who asked (stored encrypted)") String user,
            @Option(longName = "json", description = "print one JSON document") boolean json) throws GeneratorException {
        DigitalSourceType type = switch (sourceType == null ? "trained" : sourceType.toLowerCase(Locale.ROOT)) {
            case "trained" -> DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA;
            case "algorithmic" -> DigitalSourceType.ALGORITHMIC_MEDIA;
            case "composite" -> DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA;
            default -> throw CliException.usage("--source-type must be trained, algorithmic or composite");
        };
        ComplyRequest req;
        try {
            req = new ComplyRequest(Path.of(in), Path.of(out), modelName, modelVersion, filing, type, prompt,
                    jurisdictions(jurisdiction), user);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        PipelineResult r;
        try (CompliancePipeline p = pipelines.open(); Progress bar = output.progress("comply", -1)) {
            r = p.comply(req, bar);
        }
        report(r, json, "hallmark.comply/1");
    }

    static List<String> jurisdictions(String s) {
        if (s == null || s.isBlank()) {
            return List.of("cn", "eu", "us-ca");
        }
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    static int[] size(String s) {
        String[] p = s.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int w = Integer.parseInt(p[0].trim());
                int h = Integer.parseInt(p[1].trim());
                if (w >= 16 && h >= 16 && w <= 4096 && h <= 4096 && w % 2 == 0 && h % 2 == 0) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw CliException.usage("--size must be WxH with even numbers from 16 to 4096, e.g. 640x360; got '" + s + "'");
    }

    /** The generation's JSON document. */
    public static Map<String, Object> document(PipelineResult r, String schema) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("schema", schema);
        d.put("filingId", r.filingId());
        d.put("output", r.output().toString());
        d.put("contentSha256", r.contentSha256());
        d.put("watermarkPayload", r.watermarkPayload());
        d.put("model", r.model());
        d.put("frames", r.frames());
        d.put("c2pa", Map.of("state", r.c2pa().state().label(), "manifest", String.valueOf(r.c2pa().activeManifest()),
                "digitalSourceType", String.valueOf(r.c2pa().digitalSourceType())));
        d.put("aigc", r.aigc().asMap());
        var g = r.label().geometry();
        d.put("visibleLabel", Map.of("text", r.label().spec().text(), "position", r.label().spec().position().cliName(),
                "seconds", r.label().spec().seconds() == 0 ? "whole clip" : r.label().spec().seconds(),
                "textHeightPx", g.textHeight(), "textHeightRatio", Math.round(g.textHeightRatio() * 10000) / 10000.0));
        d.put("policy", r.policy() == null ? Map.of("decision", "allow", "note", "no prompt given")
                : r.policy().toDocument());
        d.put("registry", Map.of("seq", r.receipt().seq(), "leafIndex", r.receipt().leafIndex(),
                "leafHash", r.receipt().leafHashHex()));
        d.put("timingsMs", r.timingsMs());
        return d;
    }

    private void report(PipelineResult r, boolean json, String schema) {
        if (json) {
            output.json(document(r, schema));
            return;
        }
        output.line("Released %s", r.output());
        output.line("  filing id     %s (registry seq %d)", r.filingId(), r.receipt().seq());
        output.line("  content       sha256 %s, %d frames, model %s", r.contentSha256(), r.frames(), r.model());
        output.line("  visible label \"%s\" %s, text %d px = %.1f%% of the short side", r.label().spec().text(),
                r.label().spec().position().cliName(), r.label().geometry().textHeight(),
                100 * r.label().geometry().textHeightRatio());
        output.line("  AIGC label    %s", r.aigc().toJson());
        output.line("  C2PA          %s, %s", r.c2pa().state().label(), r.c2pa().activeManifest());
        output.line("  watermark     payload %s = filing id", r.watermarkPayload());
        long total = r.timingsMs().values().stream().mapToLong(Long::longValue).sum();
        output.line("  timings       %s (total %d ms)", r.timingsMs(), total);
    }
}
