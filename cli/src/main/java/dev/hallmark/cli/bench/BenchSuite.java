package dev.hallmark.cli.bench;

import dev.hallmark.classifier.Assessment;
import dev.hallmark.classifier.Verdict;
import dev.hallmark.cli.Verification;
import dev.hallmark.cli.bench.BenchRow.Status;
import dev.hallmark.generator.GenerationRequest;
import dev.hallmark.generator.eval.AdherenceBenchmark;
import dev.hallmark.generator.pipeline.CompliancePipeline;
import dev.hallmark.generator.pipeline.GenerateRequest;
import dev.hallmark.generator.pipeline.LabelBenchmark;
import dev.hallmark.generator.pipeline.PipelineBenchmark;
import dev.hallmark.generator.pipeline.PipelineResult;
import dev.hallmark.generator.pipeline.PipelineSettings;
import dev.hallmark.generator.pipeline.ProgressSink;
import dev.hallmark.generator.scene.SceneModel;
import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.ReadOptions;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.policies.bench.ScreeningBenchmark;
import dev.hallmark.provenance.Passphrase;
import dev.hallmark.provenance.aigc.ProviderCode;
import dev.hallmark.provenance.bench.C2paBenchmark;
import dev.hallmark.registry.bench.RegistryBenchmark;
import dev.hallmark.watermark.EmbedOptions;
import dev.hallmark.watermark.SoftBinding;
import dev.hallmark.watermark.eval.Attack;
import dev.hallmark.watermark.eval.AttackSuite;
import dev.hallmark.watermark.eval.EvalReport;
import dev.hallmark.watermark.eval.WatermarkBenchmark;
import dev.hallmark.watermark.eval.WatermarkEvaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs every headline benchmark of the product in one process and lines each figure up with the target of the issue
 * that set it: pipeline overhead and label cost against a bare encode of the same frames (side by side, alternating
 * rounds), watermark speed and a robustness table, C2PA against one SHA-256 pass and c2pa-node, registry writes,
 * search and proofs, prompt screening, verification of a long 1080p clip and generation with the default model.
 *
 * <p>Benchmarks report; they never fail. A section that cannot run (a missing clip, c2pa-node not installed) is
 * a {@code SKIPPED} row saying why; a section that throws is a {@code SKIPPED} row with the error, and the rest runs.
 */
public final class BenchSuite {
    /** Every section, in the order they run. */
    public static final List<String> SECTIONS = List.of("screening", "c2pa", "registry", "label", "pipeline",
            "watermark", "robustness", "generate", "verify");

    /**
     * @param quick       small sizes: a few minutes in all, for smoke runs
     * @param sections    which sections to run (a subset of {@link #SECTIONS})
     * @param clip        real footage for the label benchmark and the robustness table (null: skipped)
     * @param c2paNode    folder holding {@code node_modules/@contentauth/c2pa-node} (null: comparison skipped)
     * @param defaultModel the model {@code hallmark generate} uses by default
     * @param work        scratch folder (created, emptied afterwards)
     */
    public record Options(boolean quick, Set<String> sections, Path clip, Path c2paNode, String defaultModel, Path work) {
    }

    /** The rows and the raw figures of each section. */
    public record Report(String date, Map<String, Object> machine, boolean quick, List<BenchRow> rows,
            Map<String, Object> details) {
    }

    private final Options o;
    private final PrintStream log;
    private final List<BenchRow> rows = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();

    private BenchSuite(Options o, PrintStream log) {
        this.o = o;
        this.log = log;
    }

    /** Runs the selected sections; progress goes to {@code log}. */
    public static Report run(Options o, PrintStream log) throws IOException {
        Files.createDirectories(o.work());
        BenchSuite s = new BenchSuite(o, log);
        String date = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Map<String, Object> machine = machine();
        try {
            for (String section : SECTIONS) {
                if (o.sections().contains(section)) {
                    s.section(section);
                }
            }
        } finally {
            deleteTree(o.work());
        }
        machine.put("loadAverageAtEnd", loadAverage());
        return new Report(date, machine, o.quick(), List.copyOf(s.rows), s.details);
    }

    private void section(String name) {
        log.printf("bench: %s ... (load average %s)%n", name, loadAverage());
        long t0 = System.nanoTime();
        int before = rows.size();
        try {
            Path dir = Files.createDirectories(o.work().resolve(name));
            switch (name) {
                case "screening" -> screening();
                case "c2pa" -> c2pa(dir);
                case "registry" -> registry(dir);
                case "label" -> label(dir);
                case "pipeline" -> pipeline(dir);
                case "watermark" -> watermark(dir);
                case "robustness" -> robustness(dir);
                case "generate" -> generate(dir);
                case "verify" -> {
                    verify(dir);
                    reupload(dir);
                }
                default -> throw new IllegalArgumentException("unknown section " + name);
            }
            deleteTree(dir);
        } catch (Exception | OutOfMemoryError e) {
            rows.add(BenchRow.skipped(name, "(section failed)", "", e.getClass().getSimpleName() + ": "
                    + firstLine(e.getMessage())));
        }
        log.printf("bench: %s done in %.0f s%n", name, (System.nanoTime() - t0) / 1e9);
        for (BenchRow r : rows.subList(before, rows.size())) {
            log.printf("  %-8s %-52s %-22s %-18s %s%n", r.status(), r.figure(), r.measured(), r.target(), r.note());
        }
    }

    // ---- sections ----------------------------------------------------------------------------------------------

    private void screening() throws Exception {
        ScreeningBenchmark.Result r = ScreeningBenchmark.run(o.quick() ? ScreeningBenchmark.Options.quick()
                : ScreeningBenchmark.Options.defaults());
        details.put("screening", r);
        rows.add(new BenchRow("screening", "prompts screened per CPU-second (10,000-term library)",
                fmt("%,.0f /s", r.promptsPerSecond()), ">= 20,000 /s (issue 6)", Status.of(r.meetsTarget()),
                "slower of short and paragraph prompts; whole-JVM CPU time"));
    }

    private void c2pa(Path dir) throws Exception {
        long size = o.quick() ? 64L << 20 : 1L << 30;
        Path node = o.c2paNode() != null && Files.isDirectory(o.c2paNode().resolve("node_modules/@contentauth/c2pa-node"))
                ? o.c2paNode() : null;
        C2paBenchmark.Result r = C2paBenchmark.run(dir, size, node, o.quick() ? 1 : 3, log);
        details.put("c2pa", r);
        String file = fmt("%.2f GiB MP4", size / (double) (1L << 30));
        rows.add(new BenchRow("c2pa", "sign / one SHA-256 pass", fmt("%.2fx (%.2f s)", r.signRatio(), r.sign()),
                "<= 1.5x (issue 3)", Status.of(r.signRatio() <= 1.5), file));
        rows.add(new BenchRow("c2pa", "verify / one SHA-256 pass", fmt("%.2fx (%.2f s)", r.verifyRatio(), r.verify()),
                "<= 1.5x (issue 3)", Status.of(r.verifyRatio() <= 1.5), file));
        if (r.nodeSign() != null && r.nodeVerify() != null) {
            rows.add(new BenchRow("c2pa", "sign speed vs c2pa-node 0.8.0", fmt("%.2fx faster", r.nodeSign() / r.sign()),
                    "faster (issue 3)", Status.of(r.sign() < r.nodeSign()), file));
            rows.add(new BenchRow("c2pa", "verify speed vs c2pa-node 0.8.0",
                    fmt("%.2fx faster", r.nodeVerify() / r.verify()), "faster (issue 3)",
                    Status.of(r.verify() < r.nodeVerify()), file));
        } else {
            rows.add(BenchRow.skipped("c2pa", "sign/verify vs c2pa-node", "faster (issue 3)",
                    "c2pa-node not installed (scripts/install-test-tools.sh installs it)"));
        }
        if (node != null && r.nodeStateOnOurs() != null) {
            rows.add(new BenchRow("c2pa", "c2pa-rs (c2pa-node) verdict on our signed file", r.nodeStateOnOurs(),
                    "Trusted (issue 3)", Status.of("Trusted".equalsIgnoreCase(r.nodeStateOnOurs())), file));
        }
        double slowest = r.hostile().stream().mapToDouble(C2paBenchmark.Hostile::seconds).max().orElse(0);
        rows.add(new BenchRow("c2pa", "slowest hostile input", fmt("%.3f s", slowest), "< 2 s (issue 3)",
                Status.of(slowest < 2), r.hostile().size() + " hostile files"));
    }

    @SuppressWarnings("unchecked")
    private void registry(Path dir) throws Exception {
        RegistryBenchmark.Options base = o.quick() ? RegistryBenchmark.Options.quick(dir)
                : RegistryBenchmark.Options.standard(dir);
        // kill -9 trials need the registry's own class path for their child JVMs: RegistryBenchmark --long runs them
        RegistryBenchmark.Options ro = new RegistryBenchmark.Options(base.work(), base.durableFilings(), base.producers(),
                base.searchCorpus(), base.queriesPerKind(), 0, base.seed(), Set.of("writes", "visibility", "search"));
        Map<String, Object> r = RegistryBenchmark.run(ro, log);
        details.put("registry", r);
        Map<String, Object> w = (Map<String, Object>) r.get("durableWrites");
        long perSecond = ((Number) w.get("filingsPerSecond")).longValue();
        rows.add(new BenchRow("registry", "durable filings/s (fsync before acknowledge)", fmt("%,d /s", perSecond),
                ">= 30,000 /s (issue 5)", Status.of(perSecond >= 30_000),
                fmt("%,d filings, %s blocking producers", ((Number) w.get("filings")).longValue(), w.get("producers"))));
        Map<String, Object> bulk = (Map<String, Object>) r.get("durableWritesBulk");
        if (bulk != null) {
            rows.add(new BenchRow("registry", "durable filings/s, asynchronous producers",
                    fmt("%,d /s", ((Number) bulk.get("filingsPerSecond")).longValue()), ">= 30,000 /s (issue 5)",
                    Status.of(((Number) bulk.get("filingsPerSecond")).longValue() >= 30_000), "16,384 in flight"));
        }
        Map<String, Object> search = (Map<String, Object>) r.get("search");
        long corpus = ((Number) search.get("filings")).longValue();
        Map<String, Object> all = (Map<String, Object>) search.get("allQueriesMs");
        double p99 = ((Number) all.get("p99")).doubleValue();
        boolean full = corpus >= 1_000_000;
        rows.add(new BenchRow("registry", "search p50 / p99", fmt("%.2f / %.2f ms", ((Number) all.get("p50")).doubleValue(),
                p99), "p99 <= 20 ms at 1 M filings (issue 5)", full ? Status.of(p99 <= 20) : Status.INFO,
                fmt("%,d filings%s", corpus, full ? "" : " (quick run: not the target's size)")));
        Map<String, Object> proofs = (Map<String, Object>) search.get("proofs");
        if (proofs != null) {
            Map<String, Object> prove = (Map<String, Object>) proofs.get("proveMs");
            Map<String, Object> check = (Map<String, Object>) proofs.get("verifyWithCheckpointSignatureMs");
            rows.add(new BenchRow("registry", "inclusion proof: generate p50 / verify p50",
                    fmt("%.3f / %.3f ms", ((Number) prove.get("p50")).doubleValue(),
                            ((Number) check.get("p50")).doubleValue()), "", Status.INFO,
                    "verify includes the checkpoint signature"));
        }
        rows.add(new BenchRow("registry", "kill -9 trials", "see registry/README.md", "0 lost in >= 1,000 trials (issue 5)",
                Status.INFO, "not run here: RegistryBenchmark --only crash --crash-trials 1000 (100 trials run in the test suite)"));
    }

    private void label(Path dir) throws Exception {
        if (o.clip() == null) {
            rows.add(BenchRow.skipped("label", "label / bare decode+encode at 720p", "<= 1.10x (issue 2)",
                    "no footage (--clip)"));
            return;
        }
        Path clip720 = scaled(o.clip(), dir.resolve("clip-720p.mp4"), 1280, 720, o.quick() ? 150 : 300);
        LabelBenchmark.Result r = LabelBenchmark.run(clip720, o.quick() ? 1 : 3, dir);
        details.put("label", r);
        rows.add(new BenchRow("label", "label / bare decode+encode at 720p", fmt("%.3fx (%.0f fps)", r.ratio(),
                r.labelFps()), "<= 1.10x (issue 2)", Status.of(r.ratio() <= 1.10),
                fmt("%dx%d, %d frames, %d alternating rounds", r.width(), r.height(), r.frames(), r.rounds())));
    }

    private void pipeline(Path dir) throws Exception {
        int frames = o.quick() ? 48 : 240;
        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}}) {
            // the target's row alternates 9 rounds of each: single runs of either side vary by 10 % here
            int rounds = o.quick() ? 1 : size[1] == 720 ? 9 : 3;
            PipelineBenchmark.Result r = PipelineBenchmark.run(size[0], size[1], frames, rounds, dir);
            details.put("pipeline" + size[1] + "p", r);
            boolean target = size[1] == 720;
            rows.add(new BenchRow("pipeline", fmt("pipeline / bare H.264 encode at %dp", size[1]),
                    fmt("%.2fx (%.2f vs %.2f s)", r.ratio(), r.pipelineSeconds(), r.bareSeconds()),
                    target ? "<= 1.25x (issue 7)" : "", target ? Status.of(r.ratio() <= 1.25) : Status.INFO,
                    fmt("%d replayed frames, median of %d; steps ms %s", frames, rounds, r.stepsMs())));
        }
    }

    private void watermark(Path dir) throws Exception {
        List<WatermarkBenchmark.Figure> figs = WatermarkBenchmark.figures(o.clip(), dir, o.quick() ? 30 : 60,
                o.quick() ? 2 : 3, o.quick() ? 150 : 300);
        details.put("watermark", figs);
        for (WatermarkBenchmark.Figure f : figs) {
            boolean embed2 = f.what().startsWith("embed 1920x1080, 2 threads");
            boolean detectAll = f.what().startsWith("detect 1280x720") && f.what().endsWith("every frame");
            String target = embed2 ? ">= 60 fps (issue 4)" : detectAll ? ">= 120 fps (issue 4)" : "";
            Status st = embed2 ? Status.of(f.fps() >= 60) : detectAll ? Status.of(f.fps() >= 120) : Status.INFO;
            rows.add(new BenchRow("watermark", f.what(), fmt("%.0f fps", f.fps()),
                    target, st, fmt("%d frames; %s", f.frames(), f.note())));
        }
    }

    /** Issue 4's recovery targets by attack id; attacks without one are reported for information. */
    static final Map<String, Double> RECOVERY_TARGETS = Map.ofEntries(Map.entry("lossless", 1.0),
            Map.entry("h264-crf18", 1.0), Map.entry("h264-crf23", 1.0), Map.entry("h264-crf28", 1.0),
            Map.entry("h265-crf23", 1.0), Map.entry("h265-crf28", 1.0), Map.entry("h264-crf40", 0.95),
            Map.entry("videoseal-crf30", 0.99), Map.entry("resize-0.5", 0.99), Map.entry("resize-0.71", 0.99),
            Map.entry("resize-1.5", 0.99), Map.entry("resize-2.0", 0.99), Map.entry("fps-25", 0.99),
            Map.entry("fps-6", 0.99), Map.entry("speed-2x", 0.99), Map.entry("drop-every-3rd", 0.99),
            Map.entry("trim-3s", 0.99), Map.entry("rotate-2", 0.99), Map.entry("hflip", 0.99));

    private void robustness(Path dir) throws Exception {
        if (o.clip() == null) {
            rows.add(BenchRow.skipped("robustness", "watermark attack table", "issue 4", "no footage (--clip)"));
        } else {
            int tens = robustnessOn(o.clip(), o.clip().getFileName().toString(), dir.resolve("footage"),
                    EmbedOptions.defaults());
            costOn(o.clip(), o.clip().getFileName().toString(), dir.resolve("footage-cost"), EmbedOptions.defaults(), 20);
            tenSecondsOn(o.clip(), o.clip().getFileName().toString(), dir.resolve("footage-10s"),
                    EmbedOptions.defaults(), tens);
        }
        if (!o.quick()) {
            // the product's own output: a 12 s 720p scene clip, unmarked, at high quality
            Path own = dir.resolve("scene-720p.mp4");
            GenerationRequest gr = new GenerationRequest("a yellow square moving right on a striped green background",
                    12, 1280, 720, FrameRate.of(24), 5, 0, Double.NaN);
            try (SceneModel scene = new SceneModel();
                    VideoWriter w = VideoWriter.create(own, EncoderSettings.h264(1280, 720, FrameRate.of(24)).withCrf(14)
                            .withPreset("veryfast"))) {
                scene.generate(gr, w::write, p -> { });
            }
            // marked as the pipeline marks its generators' output
            int tens = robustnessOn(own, "own 720p scene output", dir.resolve("own"), EmbedOptions.synthetic());
            costOn(own, "own 720p scene output", dir.resolve("own-cost"), EmbedOptions.synthetic(), 10);
            tenSecondsOn(own, "own 720p scene output", dir.resolve("own-10s"), EmbedOptions.synthetic(), tens);
        }
    }

    /**
     * The attack suite on 5 s segments. Returns the clip's whole 10 s segments (at most 7; 0 in a quick run): where
     * there are any, the attacks of {@link #TEN_SECOND_ATTACKS} have their target rows there, else on 5 s.
     */
    private int robustnessOn(Path clip, String name, Path work, EmbedOptions marking) throws Exception {
        List<Attack> attacks = o.quick()
                ? AttackSuite.select(List.of("h264-crf28", "videoseal-crf30", "resize-0.5", "hflip"))
                : AttackSuite.full();
        int trials = o.quick() ? 1 : 3;
        WatermarkEvaluation.Options eo = new WatermarkEvaluation.Options(attacks, trials, 5, 20261121L, marking, 1,
                work);
        EvalReport r = WatermarkEvaluation.run(clip, eo, m -> log.println("  " + m));
        details.put("robustness " + name, r.toJson());
        int tens = o.quick() ? 0 : Math.min(7, r.wholeSegmentsOf(10));
        attackRows(name, r, tens > 0 ? TEN_SECOND_ATTACKS : List.of());
        rows.add(new BenchRow("robustness", name + ", 5 s segments: bitrate change (x264 CRF 23, preset medium)",
                fmt("%+.1f%%", r.bitrateChange() * 100), "", Status.INFO,
                "one segment; the target is for >= 10 s clips (next rows)"));
        return tens;
    }

    /**
     * Attacks whose 5 s rows fall short: their target rows are measured again on 10 s segments, the shortest clips
     * issue 4's targets are for (a longer clip folds more frames, so 10 s is the hardest length the target covers).
     */
    static final List<String> TEN_SECOND_ATTACKS = List.of("videoseal-crf30", "h264-crf40");

    /**
     * One row per attack of {@code r}; attacks in {@code measuredLonger} are reported for information here, their
     * target row being on longer segments.
     */
    private void attackRows(String name, EvalReport r, List<String> measuredLonger) {
        for (WatermarkEvaluation.AttackSummary a : r.summaries()) {
            boolean longer = measuredLonger.contains(a.id());
            Double t = longer ? null : RECOVERY_TARGETS.get(a.id());
            rows.add(new BenchRow("robustness", name + ": " + a.description(),
                    fmt("%d/%d (bit acc. %.3f)", a.recovered(), a.trials(), a.bitAccuracy()),
                    t == null ? "" : fmt(">= %.0f%% (issue 4)", t * 100),
                    t == null ? Status.INFO : Status.of(a.recoveryRate() >= t),
                    fmt("exact 64-bit recovery; mean score %.1f;%s %d wrong ids%s", a.meanScore(),
                            Double.isNaN(a.minRecoveredPayloadScore()) ? ""
                                    : fmt(" lowest payload score recovered %.1f;", a.minRecoveredPayloadScore()),
                            a.wrongPayloads(), longer ? "; 5 s segments: the target is for >= 10 s clips (10 s row)"
                                    : "")));
        }
    }

    /**
     * The attacks of {@link #TEN_SECOND_ATTACKS} on the clip's {@code segments} 10 s segments (none: nothing), three
     * trials per segment, each with its own key (a first run with one trial per segment read 7/7 where three more runs
     * of 7 gave 6, 4 and 5, so fewer trials overstate the rate).
     */
    private void tenSecondsOn(Path clip, String name, Path work, EmbedOptions marking, int segments) throws Exception {
        if (segments == 0) {
            return;
        }
        WatermarkEvaluation.Options eo = new WatermarkEvaluation.Options(AttackSuite.select(TEN_SECOND_ATTACKS),
                3 * segments, 10, 20261123L, marking, 0, work);
        EvalReport r = WatermarkEvaluation.run(clip, eo, m -> log.println("  " + m));
        String label = name + ", 10 s segments";
        // costOn's 10 s run of the same clip keeps its own entry
        details.put("robustness " + label + " (attacks short on 5 s)", r.toJson());
        attackRows(label, r, List.of());
    }

    /**
     * Fidelity and file-size cost on segments of {@code seconds}, and speed x2 there (the targets are for
     * clips of 10 s or more: on 5 s segments the keyframe is a larger share of the file and hides part of the cost of
     * a flipped mark, and a sped-up copy has too few flips to lose a flipped mark's phase).
     */
    private void costOn(Path clip, String name, Path work, EmbedOptions marking, double seconds) throws Exception {
        int trials = o.quick() ? 1 : 3;
        WatermarkEvaluation.Options eo = new WatermarkEvaluation.Options(AttackSuite.select(List.of("speed-2x")),
                trials, seconds, 20261122L, marking, trials, work);
        EvalReport r = WatermarkEvaluation.run(clip, eo, m -> log.println("  " + m));
        String segments = fmt("%s, %.0f s segments", name, seconds);
        details.put("robustness " + segments, r.toJson());
        attackRows(segments, r, List.of());
        rows.add(new BenchRow("robustness", segments + ": quality PSNR-RGB / SSIM-Y", fmt("%.2f dB / %.4f",
                r.quality().psnrRgb(), r.quality().ssimY()), ">= 48 dB / >= 0.997 (issue 4)",
                Status.of(r.quality().psnrRgb() >= 48 && r.quality().ssimY() >= 0.997),
                fmt("%d frames, %d trials", r.quality().frames(), trials)));
        rows.add(new BenchRow("robustness", segments + ": bitrate change (x264 CRF 23, preset medium)",
                fmt("%+.1f%%", r.bitrateChange() * 100), "<= +2% (issue 4)", Status.of(r.bitrateChange() <= 0.02),
                fmt("%s; %d trials", SoftBinding.algOf(marking), trials)));
    }

    private CompliancePipeline pipelineIn(Path home) throws Exception {
        return CompliancePipeline.open(new PipelineSettings(home.resolve("keys"), home.resolve("registry"),
                home.resolve("config"), Passphrase.of("bench-only".toCharArray()), ProviderCode.DEMO,
                "Hallmark bench", "bench", null, 20, "fast"));
    }

    private void generate(Path dir) throws Exception {
        Path home = dir.resolve("home");
        List<Double> times = new ArrayList<>();
        PipelineResult last = null;
        int runs = o.quick() ? 1 : 3;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            try (CompliancePipeline p = pipelineIn(home)) {
                last = p.generate(new GenerateRequest("a red circle bouncing on a blue background",
                        dir.resolve("gen-" + i + ".mp4"), o.defaultModel(), 4, 512, 512, FrameRate.of(24), i,
                        List.of("cn", "eu", "us-ca"), null, null), ProgressSink.NONE);
            }
            times.add((System.nanoTime() - t0) / 1e9);
        }
        times.sort(Comparator.naturalOrder());
        double median = times.get(times.size() / 2);
        details.put("generate", Map.of("seconds", times, "steps", last.timingsMs()));
        adherence(dir);
        rows.add(new BenchRow("generate", "generate a 4 s clip with the default model (" + o.defaultModel() + ")",
                fmt("%.1f s", median), "<= 30 s (issue 7)", Status.of(median <= 30),
                fmt("512x512, 24 fps, %d frames, whole pipeline incl. model load, self-check and filing; median of %d; steps ms %s",
                        last.frames(), runs, last.timingsMs())));
    }

    private void adherence(Path dir) throws Exception {
        AdherenceBenchmark.Options d = AdherenceBenchmark.Options.defaults(dir.resolve("adherence"));
        AdherenceBenchmark.Options ao = new AdherenceBenchmark.Options("tiny-t2v", null, d.outDir(), d.width(),
                d.height(), d.seconds(), d.fps(), o.quick() ? 12 : 0, o.quick() ? 1 : 2, d.generator());
        AdherenceBenchmark.Report r = AdherenceBenchmark.run(ao);
        details.put("adherence", Map.of("clips", r.clips(), "adherence", r.adherence(), "colour", r.colour(),
                "shape", r.shape(), "motion", r.motion(), "background", r.background()));
        rows.add(new BenchRow("generate", "tiny-t2v prompt adherence, held-out captions (oracle)",
                fmt("%.1f%%", 100 * r.adherence()), ">= 80% (issue 7)", Status.of(r.adherence() >= 0.8),
                fmt("%d clips; colour %.0f%%, shape %.0f%%, motion %.0f%%, background %.0f%%", r.clips(),
                        100 * r.colour(), 100 * r.shape(), 100 * r.motion(), 100 * r.background())));
    }

    private void verify(Path dir) throws Exception {
        Path home = dir.resolve("home");
        double seconds = o.quick() ? 10 : 60;
        Path clip = dir.resolve("verify-1080p.mp4");
        log.printf("  making a %.0f s 1080p compliant clip with the scene model ...%n", seconds);
        try (CompliancePipeline p = pipelineIn(home)) {
            p.generate(new GenerateRequest("a yellow square moving right on a striped green background", clip, "scene",
                    seconds, 1920, 1080, FrameRate.of(24), 1, List.of("cn", "eu", "us-ca"), null, null),
                    ProgressSink.NONE);
        }
        List<Double> times = new ArrayList<>();
        String verdict = null;
        try (Verification.Opened v = Verification.open(home.resolve("keys"), home.resolve("registry"), List.of(),
                true, log::println)) {
            for (int i = 0; i < (o.quick() ? 1 : 3); i++) {
                long t0 = System.nanoTime();
                Assessment a = v.verifier().verify(clip);
                times.add((System.nanoTime() - t0) / 1e9);
                verdict = a.verdict().name();
            }
        }
        times.sort(Comparator.naturalOrder());
        double median = times.get(times.size() / 2);
        rows.add(new BenchRow("verify", fmt("verify all layers, %.0f s 1080p H.264", seconds), fmt("%.1f s", median),
                "<= 10 s for 60 s 1080p (issue 8)", seconds >= 60 ? Status.of(median <= 10) : Status.INFO,
                fmt("verdict %s; C2PA, AIGC, watermark, XMP, forensic, registry; median of %d", verdict, times.size())));
    }

    /** Prompts of the re-upload check: every background of the vocabulary, black and white included. */
    private static final List<String> REUPLOAD_PROMPTS = List.of("a red circle bouncing on a navy background",
            "a blue square moving left on a white background", "a green triangle spinning on a gray background",
            "a white circle moving up on a black background", "a yellow square bouncing on a gray background",
            "a purple triangle moving right on a white background", "a red square moving down on a black background",
            "an orange circle moving left on a navy background");

    /**
     * Issue 8's abuse-chain target: clips of the default model, released by the pipeline, then stripped, re-encoded,
     * cropped and resized ({@link AttackSuite#platformReupload()}); each must still verify as AI_GENERATED through the
     * watermark, linked to its own filing.
     */
    private void reupload(Path dir) throws Exception {
        Path home = dir.resolve("home-reupload");
        List<String> prompts = o.quick() ? REUPLOAD_PROMPTS.subList(0, 2) : REUPLOAD_PROMPTS;
        List<String> filings = new ArrayList<>();
        List<Path> abused = new ArrayList<>();
        try (CompliancePipeline p = pipelineIn(home)) {
            for (int i = 0; i < prompts.size(); i++) {
                Path clip = dir.resolve("reupload-src-" + i + ".mp4");
                Path out = dir.resolve("reupload-" + i + ".mp4");
                PipelineResult r = p.generate(new GenerateRequest(prompts.get(i), clip, o.defaultModel(), 4, 512, 512,
                        FrameRate.of(24), i, List.of("cn", "eu", "us-ca"), null, null), ProgressSink.NONE);
                AttackSuite.platformReupload().apply(clip, out);
                Files.deleteIfExists(clip);
                filings.add(r.filingId());
                abused.add(out);
            }
        }
        int ok = 0;
        List<String> scores = new ArrayList<>();
        try (Verification.Opened v = Verification.open(home.resolve("keys"), home.resolve("registry"), List.of(), true,
                log::println)) {
            for (int i = 0; i < abused.size(); i++) {
                Assessment a = v.verifier().verify(abused.get(i));
                boolean viaWatermark = a.verdict() instanceof Verdict.AiGenerated g
                        && g.reliedOn().stream().anyMatch(e -> e.check().equals("watermark"))
                        && a.filing() != null && filings.get(i).equals(a.filing().get("id"));
                ok += viaWatermark ? 1 : 0;
                scores.add(a.evidence().stream().filter(e -> e.check().equals("watermark")).findFirst()
                        .map(e -> e.outcome() + " " + e.data().get("score")).orElse("none"));
                Files.deleteIfExists(abused.get(i));
            }
        }
        rows.add(new BenchRow("verify", "default-model clips after the platform re-upload chain",
                fmt("%d/%d AI_GENERATED via the watermark", ok, prompts.size()), "AI_GENERATED via the watermark (issue 8)",
                Status.of(ok == prompts.size()), fmt("%s, 4 s 512x512 24 fps; CRF 23, then crop 0.9 + 720 lines at CRF 28; "
                        + "watermark evidence and score per clip: %s", o.defaultModel(), scores)));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** The first {@code maxFrames} frames of {@code src} scaled to w x h, as an H.264 file. */
    static Path scaled(Path src, Path out, int w, int h, int maxFrames) throws Exception {
        try (VideoReader r = VideoReader.open(src, ReadOptions.defaults().scaledTo(w, h))) {
            FrameRate rate = r.info().frameRate();
            try (VideoWriter wr = VideoWriter.create(out, EncoderSettings.h264(w, h, rate).withPreset("veryfast"))) {
                int n = 0;
                for (I420Frame f; n < maxFrames && (f = r.next()) != null; n++) {
                    wr.write(f);
                }
            }
        }
        return out;
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memoryGiB", Math.round(((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / (double) (1L << 30)));
        m.put("java", System.getProperty("java.vm.vendor") + " " + Runtime.version());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("loadAverageAtStart", loadAverage());
        m.put("reproducibleEncodes", dev.hallmark.watermark.eval.EvalReport.reproducibleEncodes()); // for the JSON
        return m;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // scratch space
                }
            });
        } catch (IOException ignored) {
            // scratch space
        }
    }
}
