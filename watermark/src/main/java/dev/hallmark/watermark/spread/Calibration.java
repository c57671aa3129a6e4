package dev.hallmark.watermark.spread;

import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.VideoFilter;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.watermark.DetectOptions;
import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Measures the detector on unmarked footage and fits the {@link NullModel}: each clip (as given, re-encoded with
 * H.264 CRF 30, and halved in size then re-encoded at CRF 26) is cut into segments, every segment is folded once, and
 * the full one-key search runs on it with many random keys. The best score of every run is a null sample; a run
 * that reports a payload or a present mark is a measured false positive.
 *
 * <p>Fit: for each score t with at least 10 exceedances, the 95% upper confidence bound of the exceedance rate over
 * Q(t) gives a number of effective hypotheses; the largest is kept (with t_ref the last such t), so the model bounds
 * every well-measured point of the tail.
 */
public final class Calibration {
    /** Decode candidates a one-key search may try: stages x decodes per stage x list size. */
    static final int DECODE_CANDIDATES = 2 * SpreadSpectrumDetector.MAX_DECODES * PayloadCodec.LIST_SIZE;
    /** Payload threshold used while calibrating: low, so payload decodes are tried more often than in service. */
    static final double CALIBRATION_PAYLOAD_THRESHOLD = 4.5;

    /**
     * Result of a run.
     *
     * @param payloadScores each run's highest payload score (0 for a run that made no decode)
     */
    public record Result(NullModel model, long trials, long foundPayloads, long presentMarks, double[] scores,
            double[] payloadScores, List<String> images, String report) {
    }

    private Calibration() {
    }

    /** A folded unmarked segment. */
    record NullImage(String name, ResidualImage image) {
    }

    /**
     * Runs the calibration.
     *
     * @param clips           unmarked videos
     * @param trials          total null runs (random keys x segments), at least 1
     * @param segmentSeconds  length of each segment (the last one of a clip is used if at least 3 s)
     * @param seed            seed of the random keys
     * @param threads         worker threads
     * @param progress        receives one-line progress messages
     */
    public static Result run(List<Path> clips, long trials, double segmentSeconds, long seed, int threads,
            Consumer<String> progress) throws MediaException, IOException {
        return run(clips, trials, segmentSeconds, seed, threads, MarkSearch.FIXED, progress);
    }

    /**
     * As {@link #run(List, long, double, long, int, Consumer)}, for the null runs of {@code search} (for flipped
     * marks: on the planes demodulated at its speed).
     */
    public static Result run(List<Path> clips, long trials, double segmentSeconds, long seed, int threads,
            MarkSearch search, Consumer<String> progress) throws MediaException, IOException {
        return run(clips, trials, segmentSeconds, seed, threads, search, null, progress);
    }

    /**
     * As {@link #run(List, long, double, long, int, MarkSearch, Consumer)}, keeping each finished segment in
     * {@code checkpoint} (when not null; see {@link CalibrationCheckpoint}): a run that finds the checkpoint of the same
     * calibration there goes on from it. The caller deletes the checkpoint once the result is safely written.
     *
     * @throws IllegalArgumentException if {@code checkpoint} holds another calibration or is damaged
     */
    public static Result run(List<Path> clips, long trials, double segmentSeconds, long seed, int threads,
            MarkSearch search, Path checkpoint, Consumer<String> progress) throws MediaException, IOException {
        List<NullImage> images = new ArrayList<>();
        for (Path clip : clips) {
            images.addAll(fold(clip, "original", segmentSeconds, null, 0));
            progress.accept("folded " + clip.getFileName() + " (original)");
            images.addAll(fold(clip, "h264-crf30", segmentSeconds, "null", 30));
            progress.accept("folded " + clip.getFileName() + " (H.264 CRF 30)");
            images.addAll(fold(clip, "half-crf26", segmentSeconds, "scale=trunc(iw/4)*2:trunc(ih/4)*2", 26));
            progress.accept("folded " + clip.getFileName() + " (half size, CRF 26)");
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no segment of at least 3 s in the clips given");
        }
        NullModel probe = new NullModel(1, 1, CALIBRATION_PAYLOAD_THRESHOLD, 99, 0, 0, "calibration probe");
        SpreadSpectrumDetector detector = new SpreadSpectrumDetector(
                List.of(SpreadSpectrumDetector.Keyed.of(randomKey(new Random(seed)))), DetectOptions.defaults(), probe);
        long perImage = (trials + images.size() - 1) / images.size();
        double[] scores = new double[(int) (perImage * images.size())];
        double[] payloadScores = new double[scores.length];
        long[] found = new long[1];
        long[] present = new long[1];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "hallmark-calibration");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        CalibrationCheckpoint saved = checkpoint == null ? null : CalibrationCheckpoint.open(checkpoint,
                identity(images, search, trials, segmentSeconds, seed)
                        + ";detector=" + canary(detector, probe, images, search, seed), images.size(), perImage);
        java.util.Map<Integer, CalibrationCheckpoint.Segment> resumed =
                saved == null ? java.util.Map.of() : saved.done();
        long computed = 0;
        try {
            if (!resumed.isEmpty()) {
                progress.accept(String.format(Locale.ROOT, "resuming: %d of %d segments already done in %s",
                        resumed.size(), images.size(), checkpoint));
            }
            int batch = 48;
            for (int i = 0; i < images.size(); i++) {
                NullImage ni = images.get(i);
                CalibrationCheckpoint.Segment earlier = resumed.get(i);
                if (earlier != null) {
                    System.arraycopy(earlier.scores(), 0, scores, (int) (i * perImage), (int) perImage);
                    System.arraycopy(earlier.payloadScores(), 0, payloadScores, (int) (i * perImage), (int) perImage);
                    found[0] += earlier.found();
                    present[0] += earlier.present();
                    continue;
                }
                long found0 = found[0];
                long present0 = present[0];
                List<Future<double[]>> futures = new ArrayList<>();
                for (long k0 = 0; k0 < perImage; k0 += batch) {
                    long from = k0;
                    long to = Math.min(perImage, k0 + batch);
                    long imageSeed = seed * 1_000_003L + i * 7919L + from;
                    futures.add(pool.submit(() -> {
                        Random r = new Random(imageSeed);
                        List<SpreadSpectrumDetector.Keyed> keys = new ArrayList<>();
                        for (long k = from; k < to; k++) {
                            keys.add(SpreadSpectrumDetector.Keyed.of(randomKey(r)));
                        }
                        List<SpreadSpectrumDetector.Analysis> res = detector.search(ni.image(), keys, false, probe,
                                search);
                        double[] out = new double[res.size() * 3];
                        for (int j = 0; j < res.size(); j++) {
                            out[3 * j] = res.get(j).bestScore();
                            WatermarkResult wr = res.get(j).result();
                            out[3 * j + 1] = wr instanceof WatermarkResult.Found ? 2
                                    : wr instanceof WatermarkResult.Present ? 1 : 0;
                            out[3 * j + 2] = res.get(j).bestPayloadScore();
                        }
                        return out;
                    }));
                }
                int base = (int) (i * perImage);
                int j = 0;
                for (Future<double[]> f : futures) {
                    double[] out = f.get();
                    for (int q = 0; q < out.length; q += 3) {
                        payloadScores[base + j] = out[q + 2];
                        scores[base + j++] = out[q];
                        if (out[q + 1] == 2) {
                            found[0]++;
                        } else if (out[q + 1] == 1) {
                            present[0]++;
                        }
                    }
                }
                if (saved != null) {
                    int from = (int) (i * perImage);
                    saved.append(new CalibrationCheckpoint.Segment(i, found[0] - found0, present[0] - present0,
                            Arrays.copyOfRange(scores, from, from + (int) perImage),
                            Arrays.copyOfRange(payloadScores, from, from + (int) perImage)));
                }
                computed += perImage;
                double secs = (System.nanoTime() - start) / 1e9;
                progress.accept(String.format(Locale.ROOT, "%d/%d segments, %d trials, %.0f s, %.1f ms per trial",
                        i + 1, images.size(), (i + 1) * perImage, secs, 1000 * secs / computed));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("calibration interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("calibration worker failed", e.getCause());
        } finally {
            pool.shutdownNow();
            if (saved != null) {
                saved.close();
            }
        }
        return fit(scores, payloadScores, found[0], present[0], images.stream().map(NullImage::name).toList(), clips,
                search);
    }

    /**
     * Names a run for its checkpoint: the search, the trials, the seed, the segment length and a digest of every folded
     * segment (so a checkpoint is not merged into a run on other footage, or on footage folded differently).
     */
    static String identity(List<NullImage> images, MarkSearch search, long trials, double segmentSeconds, long seed) {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (NullImage ni : images) {
            ResidualImage im = ni.image();
            md.update(ni.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(32);
            b.putInt(im.width()).putInt(im.height()).putInt(im.decimation()).putInt(im.frameWidth())
                    .putInt(im.frameHeight()).putLong(im.frames());
            md.update(b.array());
            update(md, im.mean());
            for (ResidualImage.Quadrature q : im.quadratures()) {
                md.update((byte) q.speed());
                update(md, q.inPhase());
                update(md, q.quadrature());
            }
        }
        return String.format(Locale.ROOT, "%s;trials=%d;seed=%d;segment=%s;segments=%d;footage=%s", search, trials,
                seed, segmentSeconds, images.size(), java.util.HexFormat.of().formatHex(md.digest(), 0, 16));
    }

    /**
     * What this build's search makes of two extra random keys on the first and the last segment, exactly: a
     * checkpoint written by a build whose search gives other scores is not merged into this one's run.
     */
    private static String canary(SpreadSpectrumDetector detector, NullModel probe, List<NullImage> images,
            MarkSearch search, long seed) {
        Random r = new Random(~seed);
        List<SpreadSpectrumDetector.Keyed> keys = List.of(SpreadSpectrumDetector.Keyed.of(randomKey(r)),
                SpreadSpectrumDetector.Keyed.of(randomKey(r)));
        StringBuilder b = new StringBuilder();
        for (NullImage ni : List.of(images.get(0), images.get(images.size() - 1))) {
            for (SpreadSpectrumDetector.Analysis a : detector.search(ni.image(), keys, false, probe, search)) {
                b.append(Double.toHexString(a.bestScore())).append(',')
                        .append(Double.toHexString(a.bestPayloadScore())).append(',');
            }
        }
        java.util.zip.CRC32 c = new java.util.zip.CRC32();
        c.update(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().toHexDigits((int) c.getValue());
    }

    private static void update(java.security.MessageDigest md, float[] v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * v.length);
        b.asFloatBuffer().put(v);
        md.update(b.array());
    }

    static WatermarkKey randomKey(Random r) {
        byte[] s = new byte[WatermarkKey.SECRET_BYTES];
        r.nextBytes(s);
        return WatermarkKey.fromSecret(s, Instant.EPOCH);
    }

    /** Folds one variant of a clip into segments. */
    static List<NullImage> fold(Path clip, String variant, double segmentSeconds, String graph, int crf)
            throws MediaException, IOException {
        Path source = clip;
        Path tmp = null;
        try {
            if (graph != null) {
                tmp = Files.createTempFile("hallmark-calibration", ".mp4");
                transcode(clip, tmp, graph, crf);
                source = tmp;
            }
            List<NullImage> out = new ArrayList<>();
            try (VideoReader r = VideoReader.open(source)) {
                FrameRate rate = r.info().frameRate();
                int perSegment = Math.max(1, (int) Math.round(segmentSeconds * rate.fps()));
                int minimum = (int) Math.ceil(3 * rate.fps());
                ResidualAccumulator acc = null;
                int n = 0;
                int seg = 0;
                for (I420Frame f; (f = r.next()) != null; ) {
                    if (acc == null) {
                        acc = SpreadSpectrumDetector.accumulator(f.width(), f.height(), rate);
                    }
                    acc.add(f.data(), f.timestampMicros());
                    if (++n == perSegment) {
                        out.add(new NullImage(clip.getFileName() + "/" + variant + "#" + seg++, acc.finish()));
                        acc = null;
                        n = 0;
                    }
                }
                if (acc != null && n >= minimum) {
                    out.add(new NullImage(clip.getFileName() + "/" + variant + "#" + seg, acc.finish()));
                }
            }
            return out;
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Decodes {@code in}, filters with {@code graph} and encodes H.264 at {@code crf} into {@code out}. */
    static void transcode(Path in, Path out, String graph, int crf) throws MediaException {
        try (VideoReader r = VideoReader.open(in)) {
            FrameRate rate = r.info().frameRate();
            try (VideoFilter f = VideoFilter.create(graph, r.outputWidth(), r.outputHeight(), rate)) {
                VideoWriter w = VideoWriter.create(out, EncoderSettings.h264(even(f.outputWidth()),
                        even(f.outputHeight()), f.outputFrameRate()).withCrf(crf).withPreset("veryfast"));
                boolean ok = false;
                try {
                    I420Frame fr;
                    while ((fr = r.next()) != null) {
                        f.push(fr);
                        drain(f, w);
                    }
                    f.finish();
                    drain(f, w);
                    ok = true;
                } finally {
                    if (ok) {
                        w.close();
                    } else {
                        w.abort();
                    }
                }
            }
        }
    }

    private static void drain(VideoFilter f, VideoWriter w) throws MediaException {
        for (I420Frame o; (o = f.poll()) != null; ) {
            if (o.width() % 2 != 0 || o.height() % 2 != 0) {
                throw new IllegalStateException("odd frame size from filter");
            }
            w.write(o);
        }
    }

    private static int even(int v) {
        return v & ~1;
    }

    /** Wilson 95% upper bound of a binomial proportion. */
    static double upperBound(long c, long n) {
        if (c == 0) {
            return 1 - Math.pow(0.05, 1.0 / n);
        }
        double z = 1.96;
        double p = (double) c / n;
        double d = 1 + z * z / n;
        double centre = p + z * z / (2.0 * n);
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
        return Math.min(1, (centre + half) / d);
    }

    /** Fits the model to null scores and renders the report. */
    static Result fit(double[] scores, long found, long present, List<String> images, List<Path> clips) {
        return fit(scores, null, found, present, images, clips, MarkSearch.FIXED);
    }

    /**
     * Fits the null model of {@code search}; with {@code payloadScores} (each run's best, 0 without a decode) the model
     * decides payloads by the payload score where the runs are enough to measure its threshold.
     */
    static Result fit(double[] scores, double[] payloadScores, long found, long present, List<String> images,
            List<Path> clips, MarkSearch search) {
        double[] s = scores.clone();
        Arrays.sort(s);
        int n = s.length;
        double neff = 1;
        double tRef = 3;
        StringBuilder table = new StringBuilder();
        table.append("| score t | runs >= t | empirical P | 95% upper | Q(t) | upper / Q(t) |\n");
        table.append("|---|---|---|---|---|---|\n");
        for (double t = 3.0; t <= s[n - 1] + 1e-9; t += 0.1) {
            int idx = lowerBound(s, t);
            long c = n - idx;
            double ub = upperBound(c, n);
            double ratio = ub / NullModel.gaussianTail(t);
            if (c >= 10) {
                neff = Math.max(neff, ratio);
                tRef = t;
            }
            table.append(String.format(Locale.ROOT, "| %.1f | %d | %.3g | %.3g | %.3g | %.3g |%n", t, c, (double) c / n,
                    ub, NullModel.gaussianTail(t), ratio));
        }
        String source = clips.stream().map(p -> p.getFileName().toString()).reduce((a, b) -> a + ", " + b).orElse("")
                + String.format(Locale.ROOT, "; %d segments x %d keys", images.size(), n / Math.max(1, images.size()));
        NullModel model = NullModel.fromFit(neff, tRef, n, s[n - 1], source, DECODE_CANDIDATES, NullModel.TARGET,
                payloadScores, CALIBRATION_PAYLOAD_THRESHOLD);
        StringBuilder r = new StringBuilder();
        r.append("# Watermark null calibration (").append(search).append(")\n\n");
        r.append(String.format(Locale.ROOT, "- null runs (random key x unmarked segment): %d%n", n));
        r.append("- footage: ").append(source).append('\n');
        r.append(String.format(Locale.ROOT, "- best score per run: median %.2f, 99%% %.2f, 99.9%% %.2f, max %.2f%n",
                s[n / 2], s[(int) (0.99 * (n - 1))], s[(int) (0.999 * (n - 1))], s[n - 1]));
        r.append(String.format(Locale.ROOT, "- false positives measured: %d payloads, %d present-without-payload "
                + "(thresholds of the probe: payload %.1f)%n", found, present, CALIBRATION_PAYLOAD_THRESHOLD));
        r.append(String.format(Locale.ROOT, "- fitted bound: P(max z >= t) <= %.4g x max(1, (t/%.2f)^2) x Q(t)%n",
                model.effectiveHypotheses(), model.referenceScore()));
        if (model.payloadScores() == null) {
            r.append(String.format(Locale.ROOT, "- payload threshold %.3f (tail %.3g; with %d decode candidates x "
                    + "2^-24: %.3g per video)%n", model.payloadThreshold(), model.tail(model.payloadThreshold()),
                    DECODE_CANDIDATES, model.tail(model.payloadThreshold()) * DECODE_CANDIDATES * Math.pow(2, -24)));
        } else {
            r.append(String.format(Locale.ROOT, "- payload decodes tried from score %.3f (the probe's); payloads "
                    + "decided by the payload score (below)%n", model.payloadThreshold()));
        }
        r.append(String.format(Locale.ROOT, "- detect threshold %.3f (tail %.3g per video and key)%n",
                model.detectThreshold(), model.tail(model.detectThreshold())));
        long overPayload = n - lowerBound(s, model.payloadThreshold());
        long overDetect = n - lowerBound(s, model.detectThreshold());
        r.append(String.format(Locale.ROOT, "- null runs at or above the %s: %d; above the detect threshold: %d%n",
                model.payloadScores() == null ? "payload threshold" : String.format(Locale.ROOT,
                        "score decodes are tried from (%.1f)", model.payloadThreshold()), overPayload, overDetect));
        if (payloadScores != null) {
            double[] ps = payloadScores.clone();
            Arrays.sort(ps);
            r.append(String.format(Locale.ROOT, "- payload score (all cells against the decoded payload, the best of "
                    + "each run's decodes from score %.1f): median %.2f, 99%% %.2f, 99.9%% %.2f, max %.2f%n",
                    CALIBRATION_PAYLOAD_THRESHOLD, ps[n / 2], ps[(int) (0.99 * (n - 1))], ps[(int) (0.999 * (n - 1))],
                    ps[n - 1]));
            NullModel.PayloadScores fitted = model.payloadScores();
            if (fitted == null) {
                r.append("- payload score threshold: none (too few runs to measure it); payloads decided by the score\n");
            } else {
                long over = n - lowerBound(ps, fitted.threshold());
                r.append(String.format(Locale.ROOT, "- payload score threshold %.3f: %d of %d runs at or above it "
                        + "(95%% upper bound %.3g; with %d decode candidates x 2^-24: %.3g per video); decodes tried "
                        + "from score %.1f%n", fitted.threshold(), over, n, upperBound(over, n), DECODE_CANDIDATES,
                        upperBound(over, n) * DECODE_CANDIDATES * Math.pow(2, -24), model.payloadThreshold()));
            }
        }
        r.append('\n');
        r.append(table);
        return new Result(model, n, found, present, s, payloadScores, images, r.toString());
    }

    private static int lowerBound(double[] sorted, double t) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
