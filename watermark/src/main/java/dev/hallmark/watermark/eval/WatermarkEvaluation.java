package dev.hallmark.watermark.eval;

import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.EncoderSettings.Codec;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.VideoFilter;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.watermark.DetectOptions;
import dev.hallmark.watermark.EmbedOptions;
import dev.hallmark.watermark.WatermarkEmbedder;
import dev.hallmark.watermark.WatermarkException;
import dev.hallmark.watermark.SoftBinding;
import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkPayload;
import dev.hallmark.watermark.WatermarkResult;
import dev.hallmark.watermark.spread.NullModel;
import dev.hallmark.watermark.spread.SpreadSpectrumDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The evaluation protocol as a product feature: for each trial (a segment of the clip, a random payload and a random
 * key) embed into a lossless intermediate (FFV1), run every attack through FFmpeg in process ({@link VideoFilter} +
 * {@link VideoWriter}), decode and detect blind with only that key; also detect on the unmarked segment (a false
 * positive check). Fidelity (PSNR Y and RGB, SSIM-Y, flicker) is measured during embedding, bitrate change by encoding
 * the original and the marked segment at the same CRF.
 */
public final class WatermarkEvaluation {

    /**
     * @param attacks         attacks to run
     * @param trials          (segment, payload, key) combinations
     * @param segmentSeconds  segment length (the clip is cut into consecutive segments, reused round-robin)
     * @param seed            seed of payloads and keys
     * @param embed           embedding options
     * @param bitrateTrials   trials on which the bitrate change is measured (x264 CRF 23, preset medium)
     * @param workDir         scratch folder (intermediates; emptied as the run goes)
     */
    public record Options(List<Attack> attacks, int trials, double segmentSeconds, long seed, EmbedOptions embed,
            int bitrateTrials, Path workDir) {
        public Options {
            attacks = List.copyOf(attacks);
            if (trials < 1 || segmentSeconds < 1) {
                throw new IllegalArgumentException("need at least one trial of at least 1 s");
            }
            Objects.requireNonNull(workDir);
        }
    }

    /**
     * One detection of one attack in one trial. {@code payloadScore}: the payload score of the decode the detector
     * reported (see {@link dev.hallmark.watermark.spread.NullModel.PayloadScores}), NaN when it made none.
     */
    public record Outcome(String attack, int trial, boolean recovered, boolean wrongPayload, boolean present,
            double score, double bitAccuracy, long frames, double detectSeconds, double scale,
            double rotationDegrees, boolean mirrored, double falsePositiveBound, double payloadScore) {
    }

    /** Shortest clip the protocol runs on (segments are at least 1 s; see {@link Options}). */
    static final double MIN_CLIP_SECONDS = 1;

    private WatermarkEvaluation() {
    }

    /** Refuses, naming the clip, a clip shorter than {@link #MIN_CLIP_SECONDS} (for the evaluation and the budget). */
    static void requireOneSecond(Path clip, long frames, FrameRate rate) throws WatermarkException {
        if (frames < Math.max(2, rate.fps() * MIN_CLIP_SECONDS)) {
            throw new WatermarkException(WatermarkException.Reason.BAD_ARGUMENT, clip, String.format(Locale.ROOT,
                    "only %d frame%s (%.1f s) of video: at least %.0f s is needed (the detector is made "
                    + "for 3 s or more)", frames, frames == 1 ? "" : "s", frames / rate.fps(), MIN_CLIP_SECONDS));
        }
    }

    /** Runs the protocol on {@code clip}. */
    public static EvalReport run(Path clip, Options o, Consumer<String> progress)
            throws MediaException, WatermarkException, IOException {
        Files.createDirectories(o.workDir());
        FrameRate rate;
        long clipFrames;
        int width;
        int height;
        try (VideoReader r = VideoReader.open(clip)) {
            rate = r.info().frameRate();
            width = r.outputWidth();
            height = r.outputHeight();
            long n = 0;
            while (r.next() != null) {
                n++;
            }
            clipFrames = n;
        }
        requireOneSecond(clip, clipFrames, rate);
        int perSegment = (int) Math.min(clipFrames, Math.round(o.segmentSeconds() * rate.fps()));
        int segments = (int) Math.max(1, clipFrames / Math.max(1, perSegment));
        // the decision thresholds of the marking's search, as the product's detector holds them
        NullModel model = SpreadSpectrumDetector.create(List.of(WatermarkKey.fromSecret(new byte[WatermarkKey.SECRET_BYTES],
                Instant.EPOCH)), DetectOptions.defaults()).modelFor(SoftBinding.algOf(o.embed()));
        Random rnd = new Random(o.seed());
        QualityMeter quality = new QualityMeter();
        List<Outcome> outcomes = new ArrayList<>();
        List<Double> bitrateChanges = new ArrayList<>();
        double embedSeconds = 0;
        long embedFrames = 0;
        int nullFalsePositives = 0;
        int nullRuns = 0;
        for (int t = 0; t < o.trials(); t++) {
            int seg = t % segments;
            long first = (long) seg * perSegment;
            byte[] secret = new byte[WatermarkKey.SECRET_BYTES];
            rnd.nextBytes(secret);
            WatermarkKey key = WatermarkKey.fromSecret(secret, Instant.EPOCH);
            WatermarkPayload payload = WatermarkPayload.of(rnd.nextLong());
            Path marked = o.workDir().resolve("marked-" + t + ".mkv");
            Path origEnc = o.workDir().resolve("original-" + t + ".mp4");
            Path markEnc = o.workDir().resolve("marked-crf23-" + t + ".mp4");
            boolean bitrate = t < o.bitrateTrials();
            double[] embedTime = new double[1];
            long n = embedSegment(clip, first, perSegment, key, payload, o.embed(), rate, width, height, marked,
                    bitrate ? origEnc : null, bitrate ? markEnc : null, quality, embedTime);
            embedSeconds += embedTime[0];
            embedFrames += n;
            if (bitrate) {
                double change = (double) Files.size(markEnc) / Files.size(origEnc) - 1;
                bitrateChanges.add(change);
            }
            SpreadSpectrumDetector detector = SpreadSpectrumDetector.create(List.of(key), DetectOptions.defaults());
            // null check: the unmarked segment, re-encoded, must not show this key's mark
            Path unmarked = o.workDir().resolve("unmarked-" + t + ".mp4");
            if (!bitrate) {
                encodeSegment(clip, first, perSegment, rate, width, height, unmarked);
            } else {
                Files.copy(origEnc, unmarked);
            }
            WatermarkResult nr = detector.detect(unmarked);
            nullRuns++;
            if (nr.detected()) {
                nullFalsePositives++;
            }
            Files.deleteIfExists(unmarked);
            Files.deleteIfExists(origEnc);
            Files.deleteIfExists(markEnc);
            for (Attack a : o.attacks()) {
                outcomes.add(runAttack(a, t, marked, rate, width, height, detector, payload, o.workDir()));
            }
            Files.deleteIfExists(marked);
            progress.accept(String.format(Locale.ROOT, "trial %d/%d done (segment %d, payload %s)", t + 1, o.trials(),
                    seg, payload.hex()));
        }
        return new EvalReport(clip.getFileName().toString(), width, height, rate.fps(), perSegment, segments,
                o.trials(), o.attacks(), outcomes, quality, bitrateChanges, embedFrames / Math.max(1e-9, embedSeconds),
                o.embed(), nullRuns, nullFalsePositives, model);
    }

    /** Decodes frames [first, first + count) of the clip, embeds, writes FFV1; optionally the CRF 23 pair. */
    static long embedSegment(Path clip, long first, int count, WatermarkKey key, WatermarkPayload payload,
            EmbedOptions eo, FrameRate rate, int w, int h, Path out, Path origEnc, Path markEnc, QualityMeter quality,
            double[] embedSeconds) throws MediaException {
        int ew = w & ~1;
        int eh = h & ~1;
        long n = 0;
        try (VideoReader r = VideoReader.open(clip);
                WatermarkEmbedder e = WatermarkEmbedder.create(key, payload, eo, rate)) {
            VideoWriter lossless = VideoWriter.create(out, new EncoderSettings(w, h, rate, Codec.FFV1, 0, "medium",
                    false, null, Map.of(), Map.of(), Map.of(), 0));
            VideoWriter a = origEnc == null ? null : VideoWriter.create(origEnc, EncoderSettings.h264(ew, eh, rate));
            VideoWriter b = markEnc == null ? null : VideoWriter.create(markEnc, EncoderSettings.h264(ew, eh, rate));
            I420Frame even = (ew != w || eh != h) ? new I420Frame(ew, eh) : null;
            try {
                long i = 0;
                for (I420Frame f; (f = r.next()) != null && n < count; i++) {
                    if (i < first) {
                        continue;
                    }
                    I420Frame orig = f.copy();
                    if (a != null) {
                        a.write(evenCopy(orig, even));
                    }
                    long t0 = System.nanoTime();
                    e.embed(f);
                    embedSeconds[0] += (System.nanoTime() - t0) / 1e9;
                    quality.add(orig, f);
                    lossless.write(f);
                    if (b != null) {
                        b.write(evenCopy(f, even));
                    }
                    n++;
                }
                lossless.close();
                if (a != null) {
                    a.close();
                }
                if (b != null) {
                    b.close();
                }
            } catch (MediaException | RuntimeException ex) {
                lossless.abort();
                if (a != null) {
                    a.abort();
                }
                if (b != null) {
                    b.abort();
                }
                throw ex;
            }
        }
        return n;
    }

    private static I420Frame evenCopy(I420Frame f, I420Frame even) {
        if (even == null) {
            return f;
        }
        int w = even.width();
        int h = even.height();
        byte[] s = f.data();
        byte[] d = even.data();
        for (int y = 0; y < h; y++) {
            System.arraycopy(s, y * f.width(), d, y * w, w);
        }
        for (int y = 0; y < even.chromaHeight(); y++) {
            System.arraycopy(s, f.uOffset() + y * f.chromaWidth(), d, even.uOffset() + y * even.chromaWidth(),
                    even.chromaWidth());
            System.arraycopy(s, f.vOffset() + y * f.chromaWidth(), d, even.vOffset() + y * even.chromaWidth(),
                    even.chromaWidth());
        }
        return even;
    }

    /** The unmarked segment at CRF 23 (for the null check when no bitrate pair was made). */
    static void encodeSegment(Path clip, long first, int count, FrameRate rate, int w, int h, Path out)
            throws MediaException {
        int ew = w & ~1;
        int eh = h & ~1;
        I420Frame even = (ew != w || eh != h) ? new I420Frame(ew, eh) : null;
        try (VideoReader r = VideoReader.open(clip)) {
            VideoWriter wr = VideoWriter.create(out, EncoderSettings.h264(ew, eh, rate).withPreset("veryfast"));
            try {
                long i = 0;
                long n = 0;
                for (I420Frame f; (f = r.next()) != null && n < count; i++) {
                    if (i >= first) {
                        wr.write(evenCopy(f, even));
                        n++;
                    }
                }
                wr.close();
            } catch (MediaException | RuntimeException e) {
                wr.abort();
                throw e;
            }
        }
    }

    /** Runs one attack chain on the lossless intermediate and detects on the result. */
    static Outcome runAttack(Attack a, int trial, Path marked, FrameRate rate, int w, int h,
            SpreadSpectrumDetector detector, WatermarkPayload payload, Path work) throws MediaException,
            WatermarkException, IOException {
        Path attacked = a.steps().isEmpty() ? marked
                : work.resolve("attack-" + a.id() + extension(a.steps().get(a.steps().size() - 1)));
        try {
            if (attacked != marked) {
                a.apply(marked, attacked);
            }
            long t0 = System.nanoTime();
            WatermarkResult r = detector.detect(attacked);
            double secs = (System.nanoTime() - t0) / 1e9;
            WatermarkResult.Stats st = r.stats();
            boolean recovered = r.verifiedPayload().map(payload::equals).orElse(false);
            boolean wrong = r.verifiedPayload().isPresent() && !recovered;
            double bits = st.unverifiedPayload() == null ? 0.5
                    : 1 - st.unverifiedPayload().distance(payload) / 64.0;
            if (recovered) {
                bits = 1.0;
            }
            WatermarkResult.Geometry g = st.geometry();
            return new Outcome(a.id(), trial, recovered, wrong, r instanceof WatermarkResult.Present, st.score(), bits,
                    st.framesUsed(), secs, g == null ? Double.NaN : g.scale(), g == null ? 0 : g.rotationDegrees(),
                    g != null && (g.mirroredHorizontally() || g.mirroredVertically()), st.falsePositiveBound(),
                    st.payloadScore());
        } finally {
            if (attacked != marked) {
                Files.deleteIfExists(attacked);
            }
        }
    }

    /** File extension of a step's output (the container its codec goes in). */
    static String extension(Attack.Step step) {
        return step.codec() == Codec.VP9 ? ".webm" : step.codec() == Codec.FFV1 ? ".mkv" : ".mp4";
    }

    /** Decode {@code in}, filter, encode into {@code out}. */
    static void applyStep(Path in, Path out, Attack.Step step) throws MediaException {
        try (VideoReader r = VideoReader.open(in)) {
            FrameRate rate = r.info().frameRate();
            String graph = step.graphFor(r.outputWidth(), r.outputHeight(), rate.fps())
                    + ",crop=trunc(iw/2)*2:trunc(ih/2)*2";
            try (VideoFilter f = VideoFilter.create(graph, r.outputWidth(), r.outputHeight(), rate)) {
                EncoderSettings es = EncoderSettings.h264(f.outputWidth(), f.outputHeight(), f.outputFrameRate())
                        .withCodec(step.codec(), step.crf()).withPreset("fast");
                VideoWriter wr = VideoWriter.create(out, es);
                try {
                    for (I420Frame fr; (fr = r.next()) != null; ) {
                        f.push(fr);
                        for (I420Frame o; (o = f.poll()) != null; ) {
                            wr.write(o);
                        }
                    }
                    f.finish();
                    for (I420Frame o; (o = f.poll()) != null; ) {
                        wr.write(o);
                    }
                    wr.close();
                } catch (MediaException | RuntimeException e) {
                    wr.abort();
                    throw e;
                }
            }
        }
    }

    /**
     * Per-attack aggregate. {@code minRecoveredPayloadScore}: the lowest payload score among the trials whose payload
     * was recovered (the margin over a payload-score threshold), NaN when none was.
     */
    public record AttackSummary(String id, String description, String group, int trials, int recovered,
            double recoveryRate, double recoveryLow95, int wrongPayloads, int presentOnly, double bitAccuracy,
            double meanScore, double minScore, double detectFps, double minRecoveredPayloadScore) {
    }

    static List<AttackSummary> summarize(List<Attack> attacks, List<Outcome> outcomes) {
        List<AttackSummary> out = new ArrayList<>();
        for (Attack a : attacks) {
            List<Outcome> os = outcomes.stream().filter(x -> x.attack().equals(a.id())).toList();
            int n = os.size();
            int rec = (int) os.stream().filter(Outcome::recovered).count();
            int wrong = (int) os.stream().filter(Outcome::wrongPayload).count();
            int present = (int) os.stream().filter(Outcome::present).count();
            double bits = os.stream().mapToDouble(Outcome::bitAccuracy).average().orElse(Double.NaN);
            double mean = os.stream().mapToDouble(Outcome::score).average().orElse(Double.NaN);
            double min = os.stream().mapToDouble(Outcome::score).min().orElse(Double.NaN);
            double frames = os.stream().mapToDouble(Outcome::frames).sum();
            double secs = os.stream().mapToDouble(Outcome::detectSeconds).sum();
            double minPayload = os.stream().filter(Outcome::recovered).mapToDouble(Outcome::payloadScore).min()
                    .orElse(Double.NaN);
            out.add(new AttackSummary(a.id(), a.description(), a.group(), n, rec, n == 0 ? Double.NaN : (double) rec / n,
                    wilsonLow(rec, n), wrong, present, bits, mean, min, secs > 0 ? frames / secs : Double.NaN,
                    minPayload));
        }
        return out;
    }

    /** Wilson 95% lower bound of a proportion. */
    static double wilsonLow(int c, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double z = 1.96;
        double p = (double) c / n;
        double d = 1 + z * z / n;
        double centre = p + z * z / (2.0 * n);
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
        return Math.max(0, (centre - half) / d);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
