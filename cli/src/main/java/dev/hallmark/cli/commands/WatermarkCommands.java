package dev.hallmark.cli.commands;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import dev.hallmark.cli.HallmarkHome;
import dev.hallmark.cli.Output;
import dev.hallmark.cli.Progress;
import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.PipelinedVideoWriter;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.watermark.DetectOptions;
import dev.hallmark.watermark.EmbedOptions;
import dev.hallmark.watermark.SoftBinding;
import dev.hallmark.watermark.WatermarkDetector;
import dev.hallmark.watermark.WatermarkEmbedder;
import dev.hallmark.watermark.WatermarkException;
import dev.hallmark.watermark.WatermarkException.Reason;
import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkKeyStore;
import dev.hallmark.watermark.WatermarkPayload;
import dev.hallmark.watermark.WatermarkResult;
import dev.hallmark.watermark.eval.Attack;
import dev.hallmark.watermark.eval.AttackSuite;
import dev.hallmark.watermark.eval.EvalReport;
import dev.hallmark.watermark.eval.SignalBudget;
import dev.hallmark.watermark.eval.WatermarkEvaluation;
import dev.hallmark.watermark.spread.Calibration;
import dev.hallmark.watermark.spread.MarkSearch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/**
 * {@code hallmark watermark ...}: embed the invisible watermark, detect it blind, evaluate it against the attack suite,
 * calibrate the detector's false-positive bound, and manage the watermark keys under {@code $HALLMARK_HOME/keys}.
 */
@Component
public class WatermarkCommands {
    private final HallmarkHome home;
    private final Output output;

    public WatermarkCommands(HallmarkHome home, Output output) {
        this.home = home;
        this.output = output;
    }

    private WatermarkKeyStore store() throws WatermarkException {
        return WatermarkKeyStore.open(home.keys());
    }

    @Command(name = "watermark embed", group = "Watermark",
            description = "Mark a video with a 64-bit payload (decode, embed, H.264 encode, audio copied)")
    public void embed(
            @Option(longName = "in", description = "video to mark", required = true) String in,
            @Option(longName = "out", description = "marked MP4 to write", required = true) String out,
            @Option(longName = "payload", description = "64-bit payload as 16 hex digits", required = true) String payload,
            @Option(longName = "crf", description = "x264 quality of the output (0-51, default 18)") String crfText,
            @Option(longName = "psnr", description = "target luma PSNR of the mark in dB (default 50.5; 49.5 with --synthetic)") String psnrText,
            @Option(longName = "synthetic", description = "tune for smooth generated or rendered pictures (coarser cells)") boolean synthetic,
            @Option(longName = "json", description = "print a JSON result") boolean json) throws WatermarkException {
        int crf = (int) number("--crf", crfText, 18);
        EmbedOptions eo = marking(synthetic, psnrText);
        WatermarkPayload p;
        try {
            p = WatermarkPayload.parse(payload);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        if (crf < 0 || crf > 51) {
            throw CliException.usage("--crf must be within 0..51");
        }
        Path src = Path.of(in);
        Path dst = Path.of(out);
        if (src.toAbsolutePath().normalize().equals(dst.toAbsolutePath().normalize())) {
            throw CliException.usage("--out must differ from --in");
        }
        WatermarkKeyStore ks = store();
        WatermarkKeyStore.KeyUse use = ks.activeOrCreate();
        if (use.created()) {
            output.note("hallmark: created watermark key %s in %s (%s)", use.key().id(), ks.directory(), ks.protection());
        }
        SoftBinding binding;
        long frames;
        int shortSide;
        double seconds;
        try (VideoReader reader = VideoReader.open(src)) {
            int w = reader.outputWidth() & ~1;
            int h = reader.outputHeight() & ~1;
            if (w < 64 || h < 64) {
                throw new WatermarkException(Reason.BAD_ARGUMENT, src, "video is " + reader.outputWidth() + "x"
                        + reader.outputHeight() + "; the watermark needs at least 64x64");
            }
            FrameRate rate = reader.info().frameRate();
            shortSide = Math.min(w, h);
            EncoderSettings es = EncoderSettings.h264(w, h, rate).withCrf(crf).withAudioFrom(src);
            // the encoder takes frame k on its own thread while frame k + 1 is decoded and marked
            VideoWriter writer = PipelinedVideoWriter.wrap(VideoWriter.create(dst, es), w, h, 3);
            boolean ok = false;
            try (WatermarkEmbedder emb = WatermarkEmbedder.create(use.key(), p, eo, rate);
                    Progress progress = output.progress("embedding", Math.max(0, reader.info().frameCount()))) {
                I420Frame even = (w != reader.outputWidth() || h != reader.outputHeight()) ? new I420Frame(w, h) : null;
                for (I420Frame f; (f = reader.next()) != null; ) {
                    I420Frame target = even == null ? f : crop(f, even);
                    emb.embed(target);
                    writer.write(target);
                    progress.accept(emb.framesEmbedded());
                }
                binding = emb.softBinding();
                frames = emb.framesEmbedded();
                seconds = frames / rate.fps();
                writer.close();
                ok = true;
            } finally {
                if (!ok) {
                    writer.abort();
                }
            }
        } catch (MediaException e) {
            throw media(e);
        }
        // read as a verifier would, with the marking key: the marking's own search first, then the blind one
        WatermarkResult back = WatermarkDetector.readBack(dst, List.of(use.key()), eo, p, READ_BACK_SECONDS, 1,
                READ_BACK_SECONDS);
        boolean reads = back.verifiedPayload().map(p::equals).orElse(false);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schema", "hallmark.watermark.embed/1");
            doc.put("out", dst.toString());
            doc.put("alg", binding.alg());
            doc.put("keyId", binding.keyId());
            doc.put("payload", p.hex());
            doc.put("frames", frames);
            doc.put("startSeconds", binding.startSeconds());
            doc.put("endSeconds", binding.endSeconds());
            Map<String, Object> rb = new LinkedHashMap<>();
            rb.put("payloadMatches", reads);
            rb.put("payload", back.verifiedPayload().map(WatermarkPayload::hex).orElse(null));
            rb.put("score", round(back.stats().score()));
            rb.put("framesUsed", back.stats().framesUsed());
            doc.put("readBack", rb);
            output.json(doc);
        } else {
            output.line("marked %d frames of %s with payload %s (key %s, %s) -> %s", frames, src, p.hex(),
                    binding.keyId(), binding.alg(), dst);
            if (reads) {
                output.line("read back from %s: payload %s, score %.2f (%d frames)", dst, p.hex(),
                        back.stats().score(), back.stats().framesUsed());
            }
        }
        if (!reads) {
            output.note("hallmark watermark embed: %s is written, but its mark does not read back (%s, score %.2f)%s",
                    dst, back.verifiedPayload().isPresent() ? "another payload" : "no payload", back.stats().score(),
                    readBackHint(shortSide, seconds, crf));
            output.exit(ExitCode.CHECK_FAILED);
        }
    }

    /** The stretch of a freshly marked file that {@code embed} reads back. */
    static final double READ_BACK_SECONDS = 10;

    /** Why a fresh mark may not read back, from what is known of the clip and the encode. */
    static String readBackHint(int shortSide, double seconds, int crf) {
        List<String> why = new ArrayList<>();
        if (shortSide < MIN_SHORT_SIDE) {
            why.add(String.format(Locale.ROOT, "the picture's short side is %d px: below %d px the pattern's cells "
                    + "are 2 px, which H.264 does not keep", shortSide, MIN_SHORT_SIDE));
        }
        if (seconds < 3) {
            why.add(String.format(Locale.ROOT, "the clip is %.1f s long: the detector is made for 3 s or more",
                    seconds));
        }
        if (crf > 28) {
            why.add("--crf " + crf + " keeps little of the mark (28 or less keeps it; the default is 18)");
        }
        return why.isEmpty() ? "" : ": " + String.join("; ", why);
    }

    /** Short side below which the pattern's cells are 2 px (watermark/README.md, Limits). */
    static final int MIN_SHORT_SIDE = 360;

    /** A numeric option: its default when absent, a usage error when malformed. */
    static double number(String option, String text, double dflt) {
        if (text == null || text.isBlank()) {
            return dflt;
        }
        try {
            double v = Double.parseDouble(text.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw CliException.usage(option + " needs a number, got \"" + text + "\"");
        }
    }

    private static I420Frame crop(I420Frame f, I420Frame even) {
        int w = even.width();
        byte[] s = f.data();
        byte[] d = even.data();
        for (int y = 0; y < even.height(); y++) {
            System.arraycopy(s, y * f.width(), d, y * w, w);
        }
        for (int y = 0; y < even.chromaHeight(); y++) {
            System.arraycopy(s, f.uOffset() + y * f.chromaWidth(), d, even.uOffset() + y * even.chromaWidth(),
                    even.chromaWidth());
            System.arraycopy(s, f.vOffset() + y * f.chromaWidth(), d, even.vOffset() + y * even.chromaWidth(),
                    even.chromaWidth());
        }
        even.setPosition(f.index(), f.timestampMicros());
        return even;
    }

    private static WatermarkException media(MediaException e) {
        Reason r = e.reason() == MediaException.Reason.WRITE_FAILED ? Reason.WRITE_FAILED : Reason.UNREADABLE_VIDEO;
        return new WatermarkException(r, e.file(), e.detail(), e);
    }

    @Command(name = "watermark detect", group = "Watermark",
            description = "Detect the watermark blind in any video; exit 0 detected, 1 not detected, 3 unreadable")
    public void detect(
            @Argument(index = 0, description = "video to examine") String file,
            @Option(longName = "json", description = "print the hallmark.watermark/1 JSON document") boolean json,
            @Option(longName = "max-seconds", description = "examine only the first seconds (default: all)") String maxText)
            throws WatermarkException {
        double maxSeconds = number("--max-seconds", maxText, 0);
        if (file == null || file.isBlank()) {
            throw CliException.usage("give the video to examine");
        }
        Path video = Path.of(file);
        List<WatermarkKey> keys = store().keys();
        if (keys.isEmpty()) {
            throw new CliException(ExitCode.CHECK_FAILED, "no watermark keys in " + home.keys()
                    + "; nothing can be detected (keys are made by `hallmark watermark embed`)");
        }
        DetectOptions opts;
        try {
            opts = DetectOptions.defaults().withMaxSeconds(maxSeconds);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        WatermarkResult r = WatermarkDetector.create(keys, opts).detect(video);
        if (json) {
            output.json(detectionDocument(r));
        } else {
            WatermarkResult.Stats st = r.stats();
            switch (r) {
                case WatermarkResult.Found f -> output.line("watermark found: payload %s (key %s), score %.2f%s, "
                        + "false-positive bound %.1e, %d frames%s", f.payload().hex(), f.keyId(), st.score(),
                        Double.isNaN(st.payloadScoreThreshold()) ? "" : String.format(Locale.ROOT,
                                ", payload score %.2f (needs %.2f)", st.payloadScore(), st.payloadScoreThreshold()),
                        st.falsePositiveBound(), st.framesUsed(), st.geometry() != null && st.geometry().speed() != 1
                                ? String.format(Locale.ROOT, " (a copy played at x%.0f speed)", st.geometry().speed())
                                : "");
                case WatermarkResult.Present p -> output.line("watermark present (key %s) but the payload is "
                        + "unreadable: score %.2f, false-positive bound %.1e, %d frames", p.keyId(), st.score(),
                        st.falsePositiveBound(), st.framesUsed());
                case WatermarkResult.Absent a -> output.line("no watermark found: best score %.2f (%s, %.2f alone), "
                        + "%d frames%s", st.score(), Double.isNaN(st.payloadScoreThreshold())
                                ? String.format(Locale.ROOT, "needs %.2f for a payload", st.payloadThreshold())
                                : String.format(Locale.ROOT, "a payload needs a payload score of %.2f",
                                        st.payloadScoreThreshold()), st.detectThreshold(), st.framesUsed(),
                        st.shorterThanDesigned() ? " (" + st.shortClipCaveat() + ")" : "");
            }
        }
        output.exit(r.detected() ? ExitCode.OK : ExitCode.CHECK_FAILED);
    }

    /** The {@code hallmark.watermark/1} document. */
    static Map<String, Object> detectionDocument(WatermarkResult r) {
        WatermarkResult.Stats st = r.stats();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", "hallmark.watermark/1");
        doc.put("detected", r.detected());
        doc.put("payload", r.verifiedPayload().map(WatermarkPayload::hex).orElse(null));
        doc.put("score", round(st.score()));
        doc.put("falsePositiveBound", st.falsePositiveBound());
        doc.put("framesUsed", st.framesUsed());
        doc.put("secondsUsed", Double.isNaN(st.secondsUsed()) ? null : round(st.secondsUsed()));
        doc.put("outcome", switch (r) {
            case WatermarkResult.Found f -> "found";
            case WatermarkResult.Present p -> "present-unreadable";
            case WatermarkResult.Absent a -> "absent";
        });
        doc.put("alg", st.alg());
        doc.put("keyId", switch (r) {
            case WatermarkResult.Found f -> f.keyId();
            case WatermarkResult.Present p -> p.keyId();
            case WatermarkResult.Absent a -> null;
        });
        doc.put("keysTried", st.keysTried());
        doc.put("payloadThreshold", round(st.payloadThreshold()));
        if (!Double.isNaN(st.payloadScoreThreshold())) {
            doc.put("payloadScore", Double.isNaN(st.payloadScore()) ? null : round(st.payloadScore()));
            doc.put("payloadScoreThreshold", round(st.payloadScoreThreshold()));
        }
        doc.put("detectThreshold", round(st.detectThreshold()));
        if (st.geometry() != null && r.detected()) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("scale", round(st.geometry().scale()));
            g.put("rotationDegrees", round(st.geometry().rotationDegrees()));
            g.put("mirroredHorizontally", st.geometry().mirroredHorizontally());
            g.put("mirroredVertically", st.geometry().mirroredVertically());
            g.put("tilePeriodPixels", round(st.geometry().periodPixels()));
            g.put("speed", round(st.geometry().speed()));
            doc.put("geometry", g);
        }
        List<Map<String, Object>> windows = new ArrayList<>();
        for (WatermarkResult.WindowScore w : st.windows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", round(w.startSeconds()));
            m.put("end", round(w.endSeconds()));
            m.put("frames", w.frames());
            m.put("score", round(w.score()));
            windows.add(m);
        }
        doc.put("windows", windows);
        return doc;
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
    }

    @Command(name = "watermark eval", group = "Watermark",
            description = "Run the attack suite on a clip (embed, attack through FFmpeg, detect blind); Markdown + JSON report")
    public void eval(
            @Option(longName = "in", description = "clip to evaluate on", required = true) String in,
            @Option(longName = "report", description = "folder for report.md and report.json", required = true) String report,
            @Option(longName = "quick", description = "headline attacks only, one 5 s trial (a few minutes)") boolean quick,
            @Option(longName = "trials", description = "(segment, payload, key) trials (default 1 quick, 3 full)") String trialsText,
            @Option(longName = "segment", description = "segment length in seconds (default 5 quick, 10 full)") String segmentText,
            @Option(longName = "attacks", description = "comma-separated attack ids instead of the suite") String attacks,
            @Option(longName = "seed", description = "seed of payloads and keys (default 1)") String seedText,
            @Option(longName = "psnr", description = "target luma PSNR of the mark in dB (default 50.5; 49.5 with --synthetic)") String psnrText,
            @Option(longName = "synthetic", description = "embed as for smooth generated or rendered pictures (coarser cells)") boolean synthetic,
            @Option(longName = "json", description = "print the JSON report instead of the Markdown") boolean json)
            throws WatermarkException {
        int trials = (int) number("--trials", trialsText, 0);
        double segment = number("--segment", segmentText, 0);
        long seed = (long) number("--seed", seedText, 1);
        EmbedOptions marking = marking(synthetic, psnrText);
        List<Attack> list = attacks(attacks, quick ? AttackSuite.quick() : AttackSuite.full());
        int n = trials > 0 ? trials : quick ? 1 : 3;
        double seg = segment > 0 ? segment : quick ? 5 : 10;
        Path dir = Path.of(report);
        Path work = dir.resolve("work");
        EvalReport r = inScratch(work, dir, "cannot write the report", () -> {
            WatermarkEvaluation.Options o = new WatermarkEvaluation.Options(list, n, seg, seed, marking, Math.min(n, 3),
                    work);
            EvalReport e = WatermarkEvaluation.run(Path.of(in), o, msg -> output.note("hallmark: %s", msg));
            e.write(dir);
            return e;
        });
        if (json) {
            output.json(r.toJson());
        } else {
            output.line("%s", r.markdown());
            output.line("report written to %s and %s", dir.resolve("report.md"), dir.resolve("report.json"));
        }
    }

    @Command(name = "watermark budget", group = "Watermark",
            description = "Where the mark's signal goes under attacks: codec loss against the picture's interference")
    public void budget(
            @Option(longName = "in", description = "clip to measure on", required = true) String in,
            @Option(longName = "attacks", description = "comma-separated attack ids that keep the geometry or scale the "
                    + "whole frame (default lossless,h264-crf23,h264-crf28,h264-crf33,h264-crf40,resize-0.71,resize-0.5)")
            String attacks,
            @Option(longName = "seconds", description = "how much of the clip's start to use (default 5)") String secondsText,
            @Option(longName = "seed", description = "seed of the key and payload (default 1)") String seedText,
            @Option(longName = "psnr", description = "target luma PSNR of the mark in dB (default 50.5; 49.5 with --synthetic)") String psnrText,
            @Option(longName = "synthetic", description = "embed as for smooth generated or rendered pictures (coarser cells)") boolean synthetic,
            @Option(longName = "flip", description = "also measure the same mark flipped in sign every this many "
                    + "seconds, read at the known phase (a what-if: a static picture cancels out)") String flipText,
            @Option(longName = "json", description = "print JSON instead of the Markdown table") boolean json)
            throws WatermarkException {
        double seconds = number("--seconds", secondsText, 5);
        double flip = number("--flip", flipText, 0);
        long seed = (long) number("--seed", seedText, 1);
        EmbedOptions marking = marking(synthetic, psnrText);
        List<Attack> list = attacks(attacks, AttackSuite.select(List.of("lossless", "h264-crf23", "h264-crf28",
                "h264-crf33", "h264-crf40", "resize-0.71", "resize-0.5")));
        Path source = Path.of(in);
        Path work;
        try {
            work = Files.createTempDirectory("hallmark-budget");
        } catch (IOException e) {
            throw new WatermarkException(Reason.WRITE_FAILED, source, "cannot make a scratch folder (" + e.getMessage()
                    + ")", e);
        }
        SignalBudget.Report r = inScratch(work, work, "cannot write scratch files", () -> SignalBudget.run(source,
                new SignalBudget.Options(list, seconds, seed, marking, work, flip), msg -> output.note("hallmark: %s", msg)));
        if (json) {
            output.json(r.toJson());
        } else {
            output.line("%s", r.markdown());
        }
    }

    /** The default or synthetic marking at the {@code --psnr} target, if given (usage error when out of range). */
    static EmbedOptions marking(boolean synthetic, String psnrText) {
        EmbedOptions base = synthetic ? EmbedOptions.synthetic() : EmbedOptions.defaults();
        try {
            return base.withTargetPsnrY(number("--psnr", psnrText, base.targetPsnrY()));
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /** The attacks named in {@code --attacks} (comma-separated ids), or {@code dflt} when none are named. */
    static List<Attack> attacks(String ids, List<Attack> dflt) {
        if (ids == null || ids.isBlank()) {
            return dflt;
        }
        try {
            return AttackSuite.select(Arrays.asList(ids.split(",")));
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage() + "; ids: " + String.join(",",
                    AttackSuite.full().stream().map(Attack::id).toList()));
        }
    }

    /** A measurement that writes scratch files. */
    private interface ScratchJob<T> {
        T run() throws MediaException, WatermarkException, IOException;
    }

    /**
     * Runs {@code job}, then deletes {@code work} whatever happened; bad options become usage errors, media failures
     * name their file, and write failures name {@code target} with {@code what}.
     */
    private static <T> T inScratch(Path work, Path target, String what, ScratchJob<T> job) throws WatermarkException {
        try {
            return job.run();
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        } catch (MediaException e) {
            throw media(e);
        } catch (IOException e) {
            throw new WatermarkException(Reason.WRITE_FAILED, target, what + " (" + e.getMessage() + ")", e);
        } finally {
            deleteQuietly(work);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // scratch files only
                }
            });
        } catch (IOException ignored) {
            // nothing to clean
        }
    }

    @Command(name = "watermark calibrate", group = "Watermark",
            description = "Measure the detector on unmarked footage with random keys and fit its false-positive bound")
    public void calibrate(
            @Option(longName = "clips", description = "comma-separated unmarked videos", required = true) String clips,
            @Option(longName = "out", description = "calibration file to write (the format of the bundled resource)", required = true) String out,
            @Option(longName = "report", description = "Markdown report to write") String report,
            @Option(longName = "trials", description = "null runs (random key x segment), default 100000") String trialsText,
            @Option(longName = "segment", description = "segment length in seconds (default 5)") String segmentText,
            @Option(longName = "seed", description = "seed of the random keys (default 42)") String seedText,
            @Option(longName = "threads", description = "worker threads (default 2)") String threadsText,
            @Option(longName = "flipped", description = "calibrate the search for flipped (ss3) marks instead of fixed "
                    + "(ss1) ones") boolean flipped,
            @Option(longName = "speed", description = "with --flipped: the search for copies played this many times "
                    + "faster (1 or 2, default 1)") String speedText)
            throws WatermarkException {
        long trials = (long) number("--trials", trialsText, 100_000);
        double segment = number("--segment", segmentText, 5);
        long seed = (long) number("--seed", seedText, 42);
        int threads = (int) number("--threads", threadsText, 2);
        if (trials < 1 || threads < 1 || segment < 3) {
            throw CliException.usage("--trials and --threads must be positive, --segment at least 3 s");
        }
        double speedValue = number("--speed", speedText, 1);
        if (speedText != null && !flipped) {
            throw CliException.usage("--speed applies to the search for flipped marks: add --flipped");
        }
        if (speedValue != 1 && speedValue != 2) {
            throw CliException.usage("--speed must be 1 or 2");
        }
        MarkSearch search = flipped ? new MarkSearch(SoftBinding.ALG_FLIPPED, (int) speedValue) : MarkSearch.FIXED;
        List<Path> paths = Arrays.stream(clips.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of)
                .toList();
        // every finished segment is kept beside the output, so an interrupted run goes on where it stopped
        Path checkpoint = Path.of(out + ".partial");
        output.note("hallmark: finished segments are kept in %s; if the run is interrupted, the same command "
                + "resumes from it", checkpoint);
        Calibration.Result r;
        try {
            r = Calibration.run(paths, trials, segment, seed, threads, search, checkpoint,
                    msg -> output.note("hallmark: %s", msg));
        } catch (MediaException e) {
            throw media(e);
        } catch (IOException e) {
            throw new WatermarkException(Reason.WRITE_FAILED, null, "calibration scratch files: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        try {
            Files.writeString(Path.of(out), r.model().toText(search),
                    StandardCharsets.UTF_8);
            // on disk before the checkpoint it replaces is deleted
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(Path.of(out),
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            if (report != null && !report.isBlank()) {
                Files.writeString(Path.of(report), r.report(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new WatermarkException(Reason.WRITE_FAILED, Path.of(out), "cannot write (" + e.getMessage() + ")", e);
        }
        try {
            Files.deleteIfExists(checkpoint);
        } catch (IOException e) {
            output.note("hallmark: could not delete %s (%s); delete it before calibrating again", checkpoint,
                    e.getMessage());
        }
        output.line("%s", r.report());
        output.line("calibration written to %s", out);
    }

    @Command(name = "watermark keys", group = "Watermark",
            description = "List the watermark keys (ids only, never secrets); --rotate makes a new active key")
    public void keys(
            @Option(longName = "rotate", description = "create a new key for embedding; old keys stay for detection") boolean rotate,
            @Option(longName = "json", description = "print JSON") boolean json) throws WatermarkException {
        WatermarkKeyStore ks = store();
        if (rotate) {
            WatermarkKey k = ks.rotate();
            output.note("hallmark: new active watermark key %s (%s)", k.id(), ks.protection());
        }
        List<WatermarkKey> all = ks.keys();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", all.get(i).id());
                m.put("created", all.get(i).created().toString());
                m.put("active", i == 0);
                list.add(m);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schema", "hallmark.watermark.keys/1");
            doc.put("directory", ks.directory().toString());
            doc.put("protection", ks.protection());
            doc.put("keys", list);
            output.json(doc);
        } else if (all.isEmpty()) {
            output.line("no watermark keys in %s (one is created by the first `hallmark watermark embed`)",
                    ks.directory());
        } else {
            for (int i = 0; i < all.size(); i++) {
                output.line(String.format(Locale.ROOT, "%s  created %s%s", all.get(i).id(), all.get(i).created(),
                        i == 0 ? "  (active)" : ""));
            }
        }
    }
}
