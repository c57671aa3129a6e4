package dev.hallmark.watermark.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hallmark.watermark.EmbedOptions;
import dev.hallmark.watermark.SoftBinding;
import dev.hallmark.watermark.spread.NullModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The outcome of a {@link WatermarkEvaluation} run, as Markdown and JSON ({@code hallmark.watermark.eval/1}). */
public final class EvalReport {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final String clip;
    private final int width;
    private final int height;
    private final double fps;
    private final int segmentFrames;
    private final int segments;
    private final int trials;
    private final List<Attack> attacks;
    private final List<WatermarkEvaluation.Outcome> outcomes;
    private final QualityMeter quality;
    private final List<Double> bitrateChanges;
    private final double embedFps;
    private final EmbedOptions embed;
    private final int nullRuns;
    private final int nullFalsePositives;
    private final NullModel model;
    private final List<WatermarkEvaluation.AttackSummary> summaries;

    EvalReport(String clip, int width, int height, double fps, int segmentFrames, int segments, int trials,
            List<Attack> attacks, List<WatermarkEvaluation.Outcome> outcomes, QualityMeter quality,
            List<Double> bitrateChanges, double embedFps, EmbedOptions embed, int nullRuns, int nullFalsePositives,
            NullModel model) {
        this.clip = clip;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.segmentFrames = segmentFrames;
        this.segments = segments;
        this.trials = trials;
        this.attacks = List.copyOf(attacks);
        this.outcomes = List.copyOf(outcomes);
        this.quality = quality;
        this.bitrateChanges = List.copyOf(bitrateChanges);
        this.embedFps = embedFps;
        this.embed = embed;
        this.nullRuns = nullRuns;
        this.nullFalsePositives = nullFalsePositives;
        this.model = model;
        this.summaries = WatermarkEvaluation.summarize(attacks, outcomes);
    }

    public List<WatermarkEvaluation.AttackSummary> summaries() {
        return summaries;
    }

    /**
     * Whole segments of {@code seconds} in the frames this run's segments covered (the clip's frames up to its last
     * whole segment): what a run on longer segments of the same clip would find, without decoding it again.
     */
    public int wholeSegmentsOf(double seconds) {
        return (int) ((long) segments * segmentFrames / Math.max(1, Math.round(seconds * fps)));
    }

    public QualityMeter quality() {
        return quality;
    }

    public int nullFalsePositives() {
        return nullFalsePositives;
    }

    public double bitrateChange() {
        return bitrateChanges.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** The JSON document. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", "hallmark.watermark.eval/1");
        m.put("alg", SoftBinding.algOf(embed));
        m.put("clip", clip);
        m.put("width", width);
        m.put("height", height);
        m.put("fps", fps);
        m.put("segmentFrames", segmentFrames);
        m.put("segments", segments);
        m.put("trials", trials);
        m.put("targetPsnrY", embed.targetPsnrY());
        m.put("cellScale", embed.cellScale());
        m.put("maxGain", embed.maxGain());
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("psnrY", quality.psnrY());
        q.put("psnrRgb", quality.psnrRgb());
        q.put("ssimY", quality.ssimY());
        q.put("perFramePsnrSpread", quality.psnrSpread());
        q.put("perFramePsnrMin", quality.psnrMin());
        q.put("perFramePsnrMax", quality.psnrMax());
        q.put("meanLevelFlicker", quality.meanLevelFlicker());
        q.put("bitrateChange", bitrateChange());
        q.put("bitrateTrials", bitrateChanges.size());
        m.put("quality", q);
        Map<String, Object> speed = new LinkedHashMap<>();
        speed.put("embedFps", embedFps);
        speed.put("embedThreads", embed.threads());
        speed.put("detectFpsMedian", medianDetectFps());
        m.put("speed", speed);
        m.put("reproducibleEncodes", reproducibleEncodes());
        m.put("nullRuns", nullRuns);
        m.put("nullFalsePositives", nullFalsePositives);
        m.put("payloadThreshold", model.payloadThreshold());
        if (model.payloadScores() != null) {
            m.put("payloadScoreThreshold", model.payloadScores().threshold());
        }
        m.put("detectThreshold", model.detectThreshold());
        List<Map<String, Object>> list = new ArrayList<>();
        for (WatermarkEvaluation.AttackSummary s : summaries) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("id", s.id());
            a.put("description", s.description());
            a.put("group", s.group());
            a.put("trials", s.trials());
            a.put("recovered", s.recovered());
            a.put("recoveryRate", s.recoveryRate());
            a.put("recoveryLow95", s.recoveryLow95());
            a.put("wrongPayloads", s.wrongPayloads());
            a.put("presentWithoutPayload", s.presentOnly());
            a.put("bitAccuracy", s.bitAccuracy());
            a.put("meanScore", s.meanScore());
            a.put("minScore", s.minScore());
            a.put("minRecoveredPayloadScore", s.minRecoveredPayloadScore());
            a.put("detectFps", s.detectFps());
            list.add(a);
        }
        m.put("attacks", list);
        m.put("outcomes", outcomes);
        return m;
    }

    /**
     * Whether x264 runs are reproducible in this process: x264's MB-tree lookahead reads memory it never wrote at some
     * frame widths (e.g. 544, vtest cropped to 0.71), so identical frames may encode differently unless glibc fills
     * fresh allocations with a fixed byte ({@code MALLOC_PERTURB_}, set by the {@code hallmark} launcher and the
     * test runs, or the {@code glibc.malloc.perturb} tunable).
     */
    public static boolean reproducibleEncodes() {
        return reproducibleEncodes(System.getenv());
    }

    /** One sentence for a report saying whether its attack encodes reproduce ({@link #reproducibleEncodes()}). */
    public static String reproducibilityNote() {
        return reproducibleEncodes()
                ? "Attack encodes are reproducible to the bit (malloc perturbation on: `MALLOC_PERTURB_`)."
                : "Attack encodes may differ from run to run by a few tenths of a score: x264's lookahead reads memory "
                        + "it never wrote at some frame widths. Run through `./hallmark`, or set `MALLOC_PERTURB_=165`, "
                        + "for figures reproducible to the bit.";
    }

    static boolean reproducibleEncodes(Map<String, String> env) {
        String p = env.get("MALLOC_PERTURB_");
        String t = env.get("GLIBC_TUNABLES");
        return nonZero(p) || (t != null && t.matches("(.*:)?glibc\\.malloc\\.perturb=0*[1-9][0-9]*(:.*)?"));
    }

    private static boolean nonZero(String v) {
        try {
            return v != null && Integer.parseInt(v.strip()) != 0;
        } catch (NumberFormatException e) {
            return false; // glibc reads it with atoi: not a number is 0, off
        }
    }

    private double medianDetectFps() {
        double[] v = summaries.stream().mapToDouble(WatermarkEvaluation.AttackSummary::detectFps)
                .filter(d -> !Double.isNaN(d)).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    /** The Markdown report. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Watermark evaluation: ").append(clip).append("\n\n");
        b.append(String.format(Locale.ROOT, "%s, %dx%d at %.3g fps; %d trials (segments of %d frames, %d distinct; a "
                + "random payload and key each), embedded at target luma PSNR %.1f dB, cells %.2f x nominal, frame gain "
                + "<= %.1f, %d threads.%n%n", SoftBinding.algOf(embed), width, height, fps, trials, segmentFrames, segments,
                embed.targetPsnrY(), embed.cellScale(), embed.maxGain(), embed.threads()));
        b.append("## Fidelity and cost\n\n| metric | value |\n|---|---|\n");
        b.append(String.format(Locale.ROOT, "| PSNR-Y | %.2f dB |%n", quality.psnrY()));
        b.append(String.format(Locale.ROOT, "| PSNR-RGB (BT.601) | %.2f dB |%n", quality.psnrRgb()));
        b.append(String.format(Locale.ROOT, "| SSIM-Y | %.5f |%n", quality.ssimY()));
        b.append(String.format(Locale.ROOT, "| per-frame PSNR-Y spread (flicker) | %.2f dB sd, %.2f..%.2f dB |%n",
                quality.psnrSpread(), quality.psnrMin(), quality.psnrMax()));
        b.append(String.format(Locale.ROOT, "| mean-level flicker | %.4f levels/frame |%n", quality.meanLevelFlicker()));
        b.append(String.format(Locale.ROOT, "| bitrate change at fixed CRF (x264 CRF 23 medium, %d trials) | %+.2f%% |%n",
                bitrateChanges.size(), 100 * bitrateChange()));
        b.append(String.format(Locale.ROOT, "| embed speed | %.0f fps (%dx%d, %d threads) |%n", embedFps, width, height,
                embed.threads()));
        b.append(String.format(Locale.ROOT, "| detect speed (median over attacks, decode included) | %.0f fps |%n",
                medianDetectFps()));
        b.append(String.format(Locale.ROOT, "| false positives on the unmarked segments | %d of %d |%n%n",
                nullFalsePositives, nullRuns));
        if (model.payloadScores() == null) {
            b.append(String.format(Locale.ROOT, "Decision: payload reported when its 24-bit keyed check passes at "
                    + "score >= %.2f; mark reported present without payload at score >= %.2f.%n%n",
                    model.payloadThreshold(), model.detectThreshold()));
        } else {
            b.append(String.format(Locale.ROOT, "Decision: payloads decoded from score %.2f and reported when the 24-bit "
                    + "keyed check passes at payload score >= %.2f; mark reported present without payload at score "
                    + ">= %.2f.%n%n", model.payloadThreshold(), model.payloadScores().threshold(),
                    model.detectThreshold()));
        }
        b.append(reproducibilityNote()).append("\n\n");
        b.append("## Robustness\n\n");
        b.append("| attack | trials | exact 64-bit recovery | 95% lower | bit accuracy | wrong payloads | "
                + "present only | mean score | min score | lowest payload score recovered | detect fps |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (WatermarkEvaluation.AttackSummary s : summaries) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %.1f%% | %.3f | %d | %d | %.2f | %.2f | %s | %.0f |%n",
                    s.description(), s.trials(), 100 * s.recoveryRate(), 100 * s.recoveryLow95(), s.bitAccuracy(),
                    s.wrongPayloads(), s.presentOnly(), s.meanScore(), s.minScore(),
                    Double.isNaN(s.minRecoveredPayloadScore()) ? "-"
                            : String.format(Locale.ROOT, "%.2f", s.minRecoveredPayloadScore()),
                    s.detectFps()));
        }
        return b.toString();
    }

    /** Writes {@code report.md} and {@code report.json} into {@code dir}. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.json"), JSON.writeValueAsString(toJson()) + "\n", StandardCharsets.UTF_8);
    }
}
