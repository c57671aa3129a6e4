package dev.hallmark.watermark.spread;

import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.ReadOptions;
import dev.hallmark.media.VideoReader;
import dev.hallmark.watermark.DetectOptions;
import dev.hallmark.watermark.EmbedOptions;
import dev.hallmark.watermark.WatermarkDetector;
import dev.hallmark.watermark.WatermarkException;
import dev.hallmark.watermark.WatermarkException.Reason;
import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkPayload;
import dev.hallmark.watermark.WatermarkResult;
import dev.hallmark.watermark.WatermarkResult.Geometry;
import dev.hallmark.watermark.WatermarkResult.Stats;
import dev.hallmark.watermark.WatermarkResult.WindowScore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Blind detector for {@value dev.hallmark.watermark.SoftBinding#ALG}.
 *
 * <ol>
 *   <li>Fold: mean clipped high-pass residual of all frames at a working resolution ({@link ResidualAccumulator}).</li>
 *   <li>Coarse scan: for tile periods 0.6..3.4 x nominal in 1% steps (crops, zooms, pads), fold into a 64-bin tile
 *       and correlate with each key's pilot pattern over all shifts, as embedded and mirrored left-right
 *       ({@link TileCorrelator}); score z = (max - mean) / sd over shifts. The best {@value #CANDIDATES_PER_KEY}
 *       distinct periods per key go on.</li>
 *   <li>Fine search: +-0.5% around each on the 128-bin tile.</li>
 *   <li>Decode: above the payload threshold, align to the sub-bin peak, read soft cell values, combine them per coded
 *       bit, soft-decode the tail-biting code and check the keyed 24-bit tag ({@link PayloadCodec}).</li>
 *   <li>Rotation: if nothing is found, the scan is repeated for angles up to +-3 degrees at the scales markings use.</li>
 * </ol>
 *
 * <p>These steps run as up to three searches ({@link MarkSearch}), each decided by its own calibration: on the plain
 * fold for fixed ({@code ss1}) marks, on the fold demodulated at the flip rate for flipped ({@code ss3}) marks, and at
 * twice the flip rate for copies played at double speed.
 *
 * <p><b>Security.</b> Decisions fail closed: a payload is reported only when it passes the keyed check, at a score
 * whose null tail the calibration bounds; the reported false-positive bound counts every key, hypothesis and decode
 * attempt. Secrets never leave the keys.
 */
public final class SpreadSpectrumDetector implements WatermarkDetector {
    static final double RATIO_MIN = 0.6;
    static final double RATIO_MAX = 3.4;
    /** Coarse scan: relative period step and the coarse hypotheses kept per key for refinement. */
    static final double COARSE_STEP = 0.01;
    static final int CANDIDATES_PER_KEY = 2;
    /**
     * Orientations searched: as embedded and mirrored left-right (bit o set: try orientation o). Top-bottom mirroring
     * and 180-degree turns, which no platform applies, are left out to halve the search.
     */
    static final int ORIENTATION_MASK = 0b0011;
    /** Fine search: +-FINE_STEPS steps of FINE_STEP around a coarse period. */
    static final int FINE_STEPS = 1;
    static final double FINE_STEP = 0.0025;
    /**
     * Rotation stage: angles +-k * 0.2 degrees, k = 1..15, at the two scales a marking uses (nominal cells and the
     * synthetic marking's {@link EmbedOptions#MAX_CELL_SCALE}, each refined +-0.35% by the fine search): a rotation that
     * keeps the frame size, as players and editors do; the fold is too sharp in angle for a coarser grid.
     */
    static final double THETA_COARSE_STEP = Math.toRadians(0.2);
    static final int ROTATION_STEPS = 15;
    static final double THETA_FINE_STEP = Math.toRadians(0.1);
    static final double[] ROTATION_RATIOS = {1.0, EmbedOptions.MAX_CELL_SCALE};
    /** Coarse hypotheses kept per key in the rotation stage. */
    static final int ROTATION_CANDIDATES_PER_KEY = 2;
    /** Smallest cell (pixels at the working resolution) searched; smallest cell for a half-resolution coarse fold. */
    static final double MIN_CELL_PIXELS = 1.6;
    static final double HALF_MIN_CELL = 1.75;
    /**
     * Decode-time refinement at full working resolution: +-REFINE_STEPS steps of REFINE_SCALE_STEP in period and of
     * REFINE_THETA_STEP in angle around the search's hypothesis (the fine search's last step is 0.1%).
     */
    static final int REFINE_STEPS = 2;
    static final double REFINE_SCALE_STEP = 0.0005;
    static final double REFINE_THETA_STEP = Math.toRadians(0.05);
    /** Decodes per stage (each tries {@link PayloadCodec#LIST_SIZE} candidates). */
    static final int MAX_DECODES = 3;
    /** With {@link DetectOptions#expectedScale()}: periods within this fraction of the expected one are searched. */
    static final double EXPECTED_SCALE_TOLERANCE = 0.03;

    private final List<Keyed> keys;
    private final DetectOptions options;
    /** The searches run, each with the null model that decides it; the fixed-mark search first. */
    private final java.util.Map<MarkSearch, NullModel> models;
    /** Demodulation phases tried by the flipped search's coarse scan (45 degrees apart). */
    static final int PHASES = 8;

    /** A key with everything derived from it. */
    public record Keyed(WatermarkKey key, TileLayout layout, TileCorrelator.Templates coarse,
            TileCorrelator.Templates fine, PayloadCodec codec) {
        public static Keyed of(WatermarkKey key) {
            TileLayout layout = TileLayout.of(key);
            return new Keyed(key, layout, new TileCorrelator.Templates(layout, TileCorrelator.G_COARSE),
                    new TileCorrelator.Templates(layout, TileCorrelator.G), new PayloadCodec(key));
        }
    }

    SpreadSpectrumDetector(List<Keyed> keys, DetectOptions options, NullModel nullModel) {
        this(keys, options, java.util.Map.of(MarkSearch.FIXED, nullModel));
    }

    /**
     * @param models the searches to run, each with its null model; must include {@link MarkSearch#FIXED}
     */
    SpreadSpectrumDetector(List<Keyed> keys, DetectOptions options, java.util.Map<MarkSearch, NullModel> models) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no watermark keys to detect with");
        }
        if (!models.containsKey(MarkSearch.FIXED)) {
            throw new IllegalArgumentException("the fixed-mark search needs a null model");
        }
        this.keys = List.copyOf(keys);
        this.options = Objects.requireNonNull(options);
        java.util.Map<MarkSearch, NullModel> m = new java.util.LinkedHashMap<>();
        m.put(MarkSearch.FIXED, models.get(MarkSearch.FIXED));
        models.entrySet().stream().filter(e -> e.getKey().flipped())
                .sorted(Comparator.comparingInt(e -> e.getKey().speed()))
                .forEach(e -> m.put(e.getKey(), Objects.requireNonNull(e.getValue())));
        this.models = java.util.Collections.unmodifiableMap(m);
    }

    /**
     * With the bundled calibrations: every search this build has a calibration for (fixed marks always; flipped
     * {@code ss3} marks at their own speed and at x2), each held to an equal share of the per-video false-positive
     * target.
     */
    public static SpreadSpectrumDetector create(List<WatermarkKey> keys, DetectOptions options)
            throws WatermarkException {
        java.util.Map<MarkSearch, NullModel> found = new java.util.LinkedHashMap<>();
        found.put(MarkSearch.FIXED, NullModel.bundled());
        for (MarkSearch s : List.of(MarkSearch.FLIPPED, MarkSearch.FLIPPED_X2)) {
            NullModel.bundled(s).ifPresent(m -> found.put(s, m));
        }
        if (found.size() == 1) {
            return create(keys, options, found.get(MarkSearch.FIXED));
        }
        java.util.Map<MarkSearch, NullModel> shared = new java.util.LinkedHashMap<>();
        found.forEach((s, m) -> shared.put(s, m.withTarget(NullModel.TARGET / found.size(),
                Calibration.DECODE_CANDIDATES)));
        String alg = options.expectedAlg();
        if (alg != null) { // the marking's own searches, at the thresholds they hold when every search runs
            shared.keySet().removeIf(s -> s.flipped() && !(s.alg().equals(alg) && s.speed() == 1));
        }
        return create(keys, options, shared);
    }

    public static SpreadSpectrumDetector create(List<WatermarkKey> keys, DetectOptions options, NullModel model) {
        return new SpreadSpectrumDetector(keys.stream().map(Keyed::of).toList(), options, model);
    }

    /** With a second search, for flipped ({@code ss3}) marks at their own speed, decided by {@code flippedModel}. */
    public static SpreadSpectrumDetector create(List<WatermarkKey> keys, DetectOptions options, NullModel model,
            NullModel flippedModel) {
        return create(keys, options, java.util.Map.of(MarkSearch.FIXED, model, MarkSearch.FLIPPED,
                Objects.requireNonNull(flippedModel)));
    }

    /** With the searches of {@code models} (which must include {@link MarkSearch#FIXED}). */
    public static SpreadSpectrumDetector create(List<WatermarkKey> keys, DetectOptions options,
            java.util.Map<MarkSearch, NullModel> models) {
        return new SpreadSpectrumDetector(keys.stream().map(Keyed::of).toList(), options, models);
    }

    /** The searches this detector runs, the fixed-mark one first. */
    public java.util.Set<MarkSearch> searches() {
        return models.keySet();
    }

    /** The null model deciding {@code search}, or null when this detector does not run it. */
    NullModel modelFor(MarkSearch search) {
        return models.get(search);
    }

    /**
     * The null model that decides marks of algorithm {@code alg} read at their own speed (the fixed one when there
     * is no flipped search).
     */
    public NullModel modelFor(String alg) {
        return dev.hallmark.watermark.SoftBinding.ALG_FLIPPED.equals(alg)
                ? models.getOrDefault(MarkSearch.FLIPPED, models.get(MarkSearch.FIXED))
                : models.get(MarkSearch.FIXED);
    }

    /** A fresh accumulator for frames of this size and rate (windows of about one second), every speed. */
    public static ResidualAccumulator accumulator(int width, int height, FrameRate rate) {
        return accumulator(width, height, rate, SignFlip.MAX_SPEED);
    }

    /** As {@link #accumulator(int, int, FrameRate)}, demodulating at speeds 1..{@code speeds} only. */
    static ResidualAccumulator accumulator(int width, int height, FrameRate rate, int speeds) {
        return new ResidualAccumulator(ResidualFilter.forFrame(width, height),
                Math.max(1, (int) Math.round(rate.fps())), speeds);
    }

    @Override
    public WatermarkResult detect(Path video) throws WatermarkException {
        try (VideoReader reader = VideoReader.open(video,
                ReadOptions.defaults().withThreads(options.decoderThreads()))) {
            Session s = start(reader.outputWidth(), reader.outputHeight(), reader.info().frameRate());
            long limit = options.maxSeconds() > 0 ? (long) (options.maxSeconds() * 1e6) : Long.MAX_VALUE;
            long n = 0;
            for (I420Frame f; (f = reader.next()) != null; n++) {
                if (f.timestampMicros() >= limit) {
                    break;
                }
                if (n % options.frameStep() == 0) {
                    s.accept(f);
                }
            }
            return s.finish();
        } catch (MediaException e) {
            throw new WatermarkException(Reason.UNREADABLE_VIDEO, video, e.detail(), e);
        } catch (IllegalArgumentException e) {
            throw new WatermarkException(Reason.UNREADABLE_VIDEO, video, "video too small to carry the watermark ("
                    + e.getMessage() + ")", e);
        }
    }

    @Override
    public Session start(int width, int height, FrameRate frameRate) {
        // planes demodulated only at the speeds this detector's searches read
        ResidualAccumulator acc = accumulator(width, height, frameRate,
                models.keySet().stream().mapToInt(MarkSearch::speed).max().orElse(0));
        return new Session() {
            private long previousMicros = Long.MIN_VALUE;
            /** Sum of the gaps between folded frames, each at most a second (one damaged timestamp moves little). */
            private long spanMicros;

            @Override
            public void accept(I420Frame frame) {
                if (frame.width() != width || frame.height() != height) {
                    throw new IllegalArgumentException("frame size changed");
                }
                acc.add(frame.data(), frame.timestampMicros());
                if (previousMicros != Long.MIN_VALUE && frame.timestampMicros() > previousMicros) {
                    spanMicros += Math.min(1_000_000, frame.timestampMicros() - previousMicros);
                }
                previousMicros = frame.timestampMicros();
            }

            @Override
            public long frames() {
                return acc.frames();
            }

            @Override
            public WatermarkResult finish() {
                WatermarkResult r = analyze(acc.finish());
                // from the first frame's start to the last one's end; frames given without timestamps count at
                // the frame rate
                double seconds = acc.frames() == 0 ? 0 : Math.max(acc.frames(),
                        spanMicros / 1e6 * frameRate.fps() + 1) / frameRate.fps();
                return r.withStats(r.stats().withSecondsUsed(seconds));
            }
        };
    }

    /** One scored hypothesis; {@code phase}: the demodulation phase of a flipped mark, NaN for a fixed one. */
    record Hypothesis(Keyed key, double period, double theta, TileCorrelator.Peak peak, double phase) {
        Hypothesis(Keyed key, double period, double theta, TileCorrelator.Peak peak) {
            this(key, period, theta, peak, Double.NaN);
        }

        double z() {
            return peak.z();
        }
    }

    /**
     * Everything one analysis tried and found (the calibration reads {@link #bestScore()} and
     * {@link #bestPayloadScore()}: the highest payload score of its decodes, 0 when it made none).
     */
    public record Analysis(WatermarkResult result, double bestScore, int decodeAttempts, double bestPayloadScore) {
    }

    /** Searches a folded residual with this detector's keys. */
    public WatermarkResult analyze(ResidualImage img) {
        return analyzeFully(img, keys).result();
    }

    /**
     * Searches with every key independently and reports the best: a verified payload first, else the highest score.
     * The false-positive bound counts all keys.
     */
    public Analysis analyzeFully(ResidualImage img, List<Keyed> keyset) {
        List<Analysis> each = analyzeEach(img, keyset);
        Analysis best = null;
        for (Analysis a : each) {
            if (best == null || rank(a) > rank(best)) {
                best = a;
            }
        }
        if (keyset.size() == 1 || best == null) {
            return best;
        }
        WatermarkResult r = best.result();
        Stats st = r.stats();
        Stats scaled = new Stats(st.score(), Math.min(1, st.falsePositiveBound() * keyset.size()), st.framesUsed(),
                keyset.size(), st.decodeAttempts(), st.geometry(), st.windows(), st.unverifiedPayload(),
                st.payloadThreshold(), st.detectThreshold(), st.alg(), st.payloadScore(), st.payloadScoreThreshold(),
                st.secondsUsed());
        return new Analysis(r.withStats(scaled), best.bestScore(), best.decodeAttempts(), best.bestPayloadScore());
    }

    private static double rank(Analysis a) {
        return (a.result() instanceof WatermarkResult.Found ? 1e6 : 0) + a.bestScore();
    }

    /** The residual at half resolution (2 x 2 means) for folds of large periods. */
    static float[] half(ResidualImage img) {
        int w = img.width() / 2;
        int h = img.height() / 2;
        float[] src = img.mean();
        int sw = img.width();
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = 2 * y * sw + 2 * x;
                out[y * w + x] = 0.25f * (src[i] + src[i + 1] + src[i + sw] + src[i + sw + 1]);
            }
        }
        return out;
    }

    /** The image (full or half resolution) a fold at period {@code p} uses, with its size and period scale. */
    private record Plane(float[] data, int w, int h, double scale) {
    }

    private static Plane plane(ResidualImage img, float[] halfImg, double p) {
        if (p / TileLayout.N / 2 >= HALF_MIN_CELL) {
            return new Plane(halfImg, img.width() / 2, img.height() / 2, 0.5);
        }
        return new Plane(img.mean(), img.width(), img.height(), 1.0);
    }

    private static float[] foldAt(ResidualImage img, float[] halfImg, double p, double theta, double u0, double v0,
            int g) {
        Plane pl = plane(img, halfImg, p);
        return TileCorrelator.fold(pl.data(), pl.w(), pl.h(), p * pl.scale(), theta, u0, v0, g);
    }

    /** Coarse scan for all keys at once (folds shared): per key, the best distinct peaks. */
    private List<List<Hypothesis>> coarse(ResidualImage img, float[] halfImg, ResidualImage quad, float[] halfQuad,
            List<Keyed> keyset, double[] periods, double[] thetas, int perKey) {
        int nk = keyset.size();
        List<List<Hypothesis>> all = new ArrayList<>();
        for (int k = 0; k < nk; k++) {
            all.add(new ArrayList<>());
        }
        // the folds are independent: computed in parallel, collected in scan order (the same lists as one thread)
        int np = periods.length;
        Hypothesis[][][] peaks = new Hypothesis[thetas.length * np][][];
        IntStream.range(0, peaks.length).parallel().forEach(i -> {
            double p = periods[i % np];
            double th = thetas[i / np];
            float[] tile = foldAt(img, halfImg, p, th, 0, 0, TileCorrelator.G_COARSE);
            float[] spec = quad == null ? TileCorrelator.spectrum(tile, TileCorrelator.G_COARSE)
                    : TileCorrelator.spectrum(tile, foldAt(quad, halfQuad, p, th, 0, 0, TileCorrelator.G_COARSE),
                            TileCorrelator.G_COARSE);
            Hypothesis[][] byKey = new Hypothesis[nk][TileCorrelator.ORIENTATIONS];
            for (int k = 0; k < nk; k++) {
                Keyed key = keyset.get(k);
                if (quad == null) {
                    TileCorrelator.Peak[] pk = TileCorrelator.correlate(spec, key.coarse(), ORIENTATION_MASK);
                    for (int o = 0; o < pk.length; o++) {
                        byKey[k][o] = pk[o] == null ? null : new Hypothesis(key, p, th, pk[o]);
                    }
                } else {
                    TileCorrelator.PhasedPeak[] pk = TileCorrelator.correlateQuadrature(spec, key.coarse(),
                            ORIENTATION_MASK, PHASES);
                    for (int o = 0; o < pk.length; o++) {
                        byKey[k][o] = pk[o] == null ? null : new Hypothesis(key, p, th, pk[o].peak(), pk[o].phase());
                    }
                }
            }
            peaks[i] = byKey;
        });
        for (Hypothesis[][] byKey : peaks) {
            for (int k = 0; k < nk; k++) {
                for (Hypothesis h : byKey[k]) {
                    if (h != null) {
                        all.get(k).add(h);
                    }
                }
            }
        }
        List<List<Hypothesis>> out = new ArrayList<>();
        for (List<Hypothesis> list : all) {
            list.sort(Comparator.comparingDouble(Hypothesis::z).reversed());
            List<Hypothesis> kept = new ArrayList<>();
            for (Hypothesis h : list) {
                if (kept.size() >= perKey) {
                    break;
                }
                boolean near = false;
                for (Hypothesis q : kept) {
                    if (Math.abs(Math.log(q.period() / h.period())) < 0.025 && Math.abs(q.theta() - h.theta()) < 1e-3) {
                        near = true;
                        break;
                    }
                }
                if (!near) {
                    kept.add(h);
                }
            }
            out.add(kept);
        }
        return out;
    }

    /**
     * Fine search around a coarse hypothesis on the 128-bin grid, its orientation only: +-1 step of 0.25% (and
     * +-0.2 degrees when rotated), then +-0.1% (+-0.07 degrees) around the best.
     */
    private Hypothesis fine(ResidualImage img, float[] halfImg, Hypothesis h, boolean rotated) {
        Hypothesis best = scan(img, halfImg, h, FINE_STEPS, FINE_STEP, rotated ? THETA_FINE_STEP : 0, null);
        return scan(img, halfImg, best, 1, FINE_STEP * 0.4, rotated ? THETA_FINE_STEP * 0.35 : 0, best);
    }

    private Hypothesis scan(ResidualImage img, float[] halfImg, Hypothesis h, int steps, double step, double thetaStep,
            Hypothesis start) {
        Hypothesis best = start;
        int mask = 1 << h.peak().orientation();
        int ts = thetaStep > 0 ? 1 : 0;
        for (int j = -steps; j <= steps; j++) {
            for (int t = -ts; t <= ts; t++) {
                if (start != null && j == 0 && t == 0) {
                    continue;
                }
                double p = h.period() * (1 + j * step);
                double th = h.theta() + t * thetaStep;
                float[] tile = foldAt(img, halfImg, p, th, 0, 0, TileCorrelator.G);
                TileCorrelator.Peak pk = TileCorrelator.correlate(TileCorrelator.spectrum(tile, TileCorrelator.G),
                        h.key().fine(), mask)[h.peak().orientation()];
                if (best == null || pk.z() > best.z()) {
                    best = new Hypothesis(h.key(), p, th, pk, h.phase());
                }
            }
        }
        return best;
    }

    static double[] geometricGrid(double from, double to, double step) {
        List<Double> v = new ArrayList<>();
        for (double p = from; p <= to * (1 + 1e-9); p *= 1 + step) {
            v.add(p);
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Per-key search state across stages. */
    private static final class KeySearch {
        Hypothesis best;
        Decode bestDecode;
        Decode found;
        int decodes;
        /** The highest payload score of the decodes made (0: none). */
        double bestPayloadScore;
    }

    /**
     * Searches with each key independently (the calibration passes many random keys: coarse folds are shared, every
     * other step is per key exactly as in a one-key detection).
     */
    public List<Analysis> analyzeEach(ResidualImage img, List<Keyed> keyset) {
        return analyzeEach(img, keyset, true);
    }

    /**
     * As {@link #analyzeEach(ResidualImage, List)}; without {@code evidence} the per-window scores and the unverified
     * payload of a failed search are skipped (they never change a decision; calibration runs need only the scores).
     */
    public List<Analysis> analyzeEach(ResidualImage img, List<Keyed> keyset, boolean evidence) {
        List<List<Analysis>> byKey = new ArrayList<>();
        for (Analysis a : search(img, keyset, evidence, models.get(MarkSearch.FIXED), MarkSearch.FIXED)) {
            byKey.add(new ArrayList<>(List.of(a)));
        }
        int searches = 1;
        for (java.util.Map.Entry<MarkSearch, NullModel> e : models.entrySet()) {
            MarkSearch s = e.getKey();
            if (!s.flipped() || img.frames() == 0 || img.quadrature(s.speed()).isEmpty()) {
                continue;
            }
            searches++;
            // every search runs for every key, even after another found the payload: a sped-up copy that x264 coded
            // with lagging flips can still be read at a low score at the marking's own speed and at a far higher one
            // at its true speed, and the stronger evidence is the one to report
            List<Analysis> more = search(img, keyset, evidence, e.getValue(), s);
            for (int k = 0; k < keyset.size(); k++) {
                byKey.get(k).add(more.get(k));
            }
        }
        List<Analysis> out = new ArrayList<>();
        for (List<Analysis> each : byKey) {
            out.add(searches == 1 ? each.get(0) : bestOf(each, searches));
        }
        return out;
    }

    /**
     * The best of the searches for one key: a verified payload first, and between two verified payloads or none,
     * the smaller false-positive bound (the stronger evidence, which also names the kind of mark). Reporting the
     * smallest of n bounds multiplies the chance that one of them is that small by chance by up to n, so the bound is
     * multiplied by the number of searches.
     */
    static Analysis bestOf(List<Analysis> each, int searches) {
        Analysis pick = null;
        int decodes = 0;
        for (Analysis a : each) {
            decodes += a.decodeAttempts();
            if (pick == null) {
                pick = a;
                continue;
            }
            boolean af = a.result() instanceof WatermarkResult.Found;
            boolean pf = pick.result() instanceof WatermarkResult.Found;
            if (af != pf ? af : a.result().stats().falsePositiveBound() < pick.result().stats().falsePositiveBound()) {
                pick = a;
            }
        }
        WatermarkResult r = pick.result();
        Stats st = r.stats();
        Stats all = new Stats(st.score(), Math.min(1, searches * st.falsePositiveBound()), st.framesUsed(),
                st.keysTried(), decodes, st.geometry(), st.windows(), st.unverifiedPayload(), st.payloadThreshold(),
                st.detectThreshold(), st.alg(), st.payloadScore(), st.payloadScoreThreshold(), st.secondsUsed());
        return new Analysis(r.withStats(all), pick.bestScore(), decodes, pick.bestPayloadScore());
    }

    /**
     * One search per key: for fixed marks on the folded mean, or for flipped marks on the planes demodulated at the
     * search's speed (the calibration runs each on its own), decided by {@code model}.
     */
    List<Analysis> search(ResidualImage img, List<Keyed> keyset, boolean evidence, NullModel model,
            MarkSearch search) {
        boolean flipped = search.flipped();
        List<Analysis> out = new ArrayList<>();
        if (img.frames() == 0) {
            for (int k = 0; k < keyset.size(); k++) {
                out.add(new Analysis(new WatermarkResult.Absent(emptyStats(model, 1, 0, search)), 0, 0, 0));
            }
            return out;
        }
        ResidualImage.Quadrature planes = flipped ? img.quadrature(search.speed()).orElseThrow(
                () -> new IllegalArgumentException("no planes demodulated at speed " + search.speed())) : null;
        ResidualImage inPhase = flipped ? plane(img, planes.inPhase()) : img;
        ResidualImage quad = flipped ? plane(img, planes.quadrature()) : null;
        java.util.function.DoubleFunction<ResidualImage> demodulate = phase -> img.demodulated(search.speed(), phase);
        float[] halfQuad = flipped ? half(quad) : null;
        // the residual demodulated at each phase a hypothesis names (the coarse phases are few), made once
        java.util.Map<Double, ResidualImage> demodulated = new java.util.HashMap<>();
        double pNom = img.nominalPeriod();
        double pMin = Math.max(RATIO_MIN * pNom, TileLayout.N * MIN_CELL_PIXELS);
        double pMax = Math.max(pMin, Math.min(RATIO_MAX * pNom, Math.min(img.width(), img.height())));
        float[] halfImg = half(inPhase);
        KeySearch[] st = new KeySearch[keyset.size()];
        for (int k = 0; k < st.length; k++) {
            st[k] = new KeySearch();
        }
        double hint = options.expectedScale();
        if (hint > 0) { // a known geometry: only the periods near the expected one, no rotation
            pMin = Math.max(pMin, hint * pNom / (1 + EXPECTED_SCALE_TOLERANCE));
            pMax = Math.min(pMax, hint * pNom * (1 + EXPECTED_SCALE_TOLERANCE));
        }
        int stages = options.searchRotation() && hint == 0 ? 2 : 1;
        for (int stage = 0; stage < stages; stage++) {
            List<Integer> active = new ArrayList<>();
            for (int k = 0; k < st.length; k++) {
                KeySearch ks = st[k];
                boolean done = ks.found != null || (ks.best != null && ks.best.z() >= model.detectThreshold());
                if (!done) {
                    active.add(k);
                }
            }
            if (active.isEmpty()) {
                break;
            }
            double[] periods;
            double[] thetas;
            if (stage == 0) {
                periods = geometricGrid(pMin, pMax, COARSE_STEP);
                thetas = new double[] {0};
            } else {
                periods = new double[ROTATION_RATIOS.length];
                for (int i = 0; i < periods.length; i++) {
                    periods[i] = ROTATION_RATIOS[i] * pNom;
                }
                thetas = new double[2 * ROTATION_STEPS];
                for (int i = 0; i < ROTATION_STEPS; i++) {
                    thetas[2 * i] = THETA_COARSE_STEP * (i + 1);
                    thetas[2 * i + 1] = -THETA_COARSE_STEP * (i + 1);
                }
            }
            List<Keyed> activeKeys = active.stream().map(keyset::get).toList();
            List<List<Hypothesis>> coarse = coarse(inPhase, halfImg, quad, halfQuad, activeKeys, periods, thetas,
                    stage == 0 ? CANDIDATES_PER_KEY : ROTATION_CANDIDATES_PER_KEY);
            for (int a = 0; a < active.size(); a++) {
                KeySearch ks = st[active.get(a)];
                List<Hypothesis> hyps = new ArrayList<>();
                for (Hypothesis h : coarse.get(a)) {
                    ResidualImage at = flipped ? demodulated.computeIfAbsent(h.phase(), demodulate::apply) : img;
                    hyps.add(fine(at, flipped ? half(at) : halfImg, h, stage == 1));
                }
                hyps.sort(Comparator.comparingDouble(Hypothesis::z).reversed());
                int stageDecodes = 0;
                for (Hypothesis h : hyps) {
                    if (stageDecodes >= MAX_DECODES || h.z() < model.payloadThreshold()) {
                        break;
                    }
                    stageDecodes++;
                    ks.decodes++;
                    Decode d = decode(flipped ? demodulated.computeIfAbsent(h.phase(), demodulate::apply) : img, h,
                            planes);
                    if (ks.best == null || h.z() > ks.best.z()) {
                        ks.best = h;
                        ks.bestDecode = d;
                    }
                    if (Double.isFinite(d.payloadScore())) {
                        ks.bestPayloadScore = Math.max(ks.bestPayloadScore, d.payloadScore());
                    }
                    if (d.decoded().payload().isPresent() && model.acceptsPayload(d.payloadScore())) {
                        ks.found = d;
                        break;
                    }
                }
                if (ks.found == null && !hyps.isEmpty() && (ks.best == null || hyps.get(0).z() > ks.best.z())) {
                    ks.best = hyps.get(0);
                    ks.bestDecode = null;
                }
            }
        }
        for (KeySearch ks : st) {
            if (ks.found != null) {
                out.add(finish(img, model, 1, ks.decodes, ks.found, true, evidence, search, ks.bestPayloadScore));
            } else if (ks.best == null) {
                out.add(new Analysis(new WatermarkResult.Absent(emptyStats(model, 1, ks.decodes, search)), 0,
                        ks.decodes, ks.bestPayloadScore));
            } else {
                // evidence only: a decode below the payload threshold gives the unverified payload for bit-accuracy
                // figures, never a detection, even if its check happens to pass (no calibrated bound covers it)
                Decode d = ks.bestDecode != null ? ks.bestDecode
                        : evidence ? decode(flipped ? demodulated.computeIfAbsent(ks.best.phase(), demodulate::apply)
                                : img, ks.best, planes)
                                : new Decode(ks.best, 0, 0, null, Double.NaN);
                out.add(finish(img, model, 1, ks.decodes, d, false, evidence, search, ks.bestPayloadScore));
            }
        }
        return out;
    }

    /** One demodulated plane of {@code img} as an image of its own. */
    private static ResidualImage plane(ResidualImage img, float[] data) {
        return new ResidualImage(img.width(), img.height(), img.decimation(), img.frameWidth(), img.frameHeight(),
                img.frames(), data, List.of());
    }

    private static Stats emptyStats(NullModel model, int keysTried, int decodes, MarkSearch search) {
        return new Stats(0, 1, 0, keysTried, decodes, null, List.of(), null, model.payloadThreshold(),
                model.detectThreshold(), search.alg(), Double.NaN, model.payloadScoreThreshold());
    }

    /**
     * A decode at one hypothesis, with its payload score (see {@link NullModel.PayloadScores}; NaN when no decode was
     * made).
     */
    record Decode(Hypothesis hypothesis, double u0, double v0, PayloadCodec.Decoded decoded, double payloadScore) {
    }

    /**
     * Reads the payload at hypothesis {@code h}: the geometry is refined on the residual at full working resolution
     * (the search folds large periods at half resolution, whose 2 x 2 means blur cells of 2-4 pixels: on an animated
     * clip after H.264 CRF 28 the half-resolution decode failed over the whole basin around the true geometry that the
     * full-resolution one read), a flipped mark's phase is measured there instead of taken from the search's 45-degree
     * grid, and the soft cell values are decoded. The decision still rests on {@code h}'s score, which the
     * calibration bounds; one decode tries {@link PayloadCodec#LIST_SIZE} candidates whatever the geometry.
     *
     * @param at         the residual the search scored {@code h} on (for a flipped mark, demodulated at its phase)
     * @param quadrature for a flipped mark, the planes demodulated at the search's speed; null for a fixed one
     */
    Decode decode(ResidualImage at, Hypothesis h, ResidualImage.Quadrature quadrature) {
        int g = TileCorrelator.G;
        int o = h.peak().orientation();
        // the grid's folds are independent: computed in parallel, the best taken in grid order
        int side = 2 * REFINE_STEPS + 1;
        Hypothesis[] grid = new Hypothesis[side * side];
        IntStream.range(0, grid.length).parallel().forEach(i -> {
            double p = h.period() * (1 + (i / side - REFINE_STEPS) * REFINE_SCALE_STEP);
            double th = h.theta() + (i % side - REFINE_STEPS) * REFINE_THETA_STEP;
            float[] tile = foldFull(at, at.mean(), p, th, 0, 0);
            grid[i] = new Hypothesis(h.key(), p, th,
                    TileCorrelator.correlate(TileCorrelator.spectrum(tile, g), h.key().fine(), 1 << o)[o], h.phase());
        });
        Hypothesis best = grid[0];
        for (Hypothesis c : grid) {
            if (c.z() > best.z()) {
                best = c;
            }
        }
        double period = best.period();
        double theta = best.theta();
        TileCorrelator.Peak peak = best.peak();
        double u0 = -(peak.col() + peak.subCol()) / g;
        double v0 = -(peak.row() + peak.subRow()) / g;
        double[] cells;
        if (quadrature == null) {
            cells = TileCorrelator.cellValues(foldFull(at, at.mean(), period, theta, u0, v0), o, g);
        } else {
            // folding is linear, so the cells of cos(phase) I + sin(phase) Q are that combination of each plane's
            // cells; the pilots' correlation with each plane gives the phase where it is largest
            double[] ci = TileCorrelator.cellValues(foldFull(at, quadrature.inPhase(), period, theta, u0, v0), o, g);
            double[] cq = TileCorrelator.cellValues(foldFull(at, quadrature.quadrature(), period, theta, u0, v0), o, g);
            double phase = Math.atan2(pilotSum(cq, h.key().layout()), pilotSum(ci, h.key().layout()));
            double c = Math.cos(phase);
            double s = Math.sin(phase);
            cells = new double[ci.length];
            for (int k = 0; k < cells.length; k++) {
                cells[k] = c * ci[k] + s * cq[k];
            }
        }
        TileLayout layout = h.key().layout();
        double[] soft = new double[PayloadCodec.CODED_BITS];
        for (int c = 0; c < TileLayout.CELLS; c++) {
            int b = layout.bitOf(c);
            if (b >= 0) {
                soft[b] += layout.chip(c) * cells[c];
            }
        }
        // the per-window scores fold the half-resolution windows at h's own alignment
        TileCorrelator.Peak hp = h.peak();
        PayloadCodec.Decoded decoded = h.key().codec().decode(soft);
        return new Decode(h, -(hp.col() + hp.subCol()) / g, -(hp.row() + hp.subRow()) / g, decoded,
                payloadScore(cells, soft, layout, decoded.bestInfoBits()));
    }

    /**
     * The correlation of all cells with what {@code infoBits} (the decoder's best candidate) would have embedded:
     * pilots plus each payload cell signed by its decoded coded bit, over the cells' standard deviation times the
     * square root of their number. A clean mark read at search score z gives about 2 z (four times the cells of the
     * pilots alone); unmarked video gives about 10, the best of 2^88 codewords fitted to noise, with a narrow spread.
     */
    static double payloadScore(double[] cells, double[] soft, TileLayout layout, int[] infoBits) {
        double mean = 0;
        for (double v : cells) {
            mean += v;
        }
        mean /= cells.length;
        double var = 0;
        for (double v : cells) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(var / (cells.length - 1));
        if (!(sd > 0)) {
            return 0;
        }
        int[] coded = TailBitingConvolutionalCode.LTE.encode(infoBits);
        double sum = pilotSum(cells, layout);
        for (int b = 0; b < soft.length; b++) {
            sum += (1 - 2 * coded[b]) * soft[b];
        }
        return sum / (sd * Math.sqrt(cells.length));
    }

    private static float[] foldFull(ResidualImage img, float[] data, double period, double theta, double u0,
            double v0) {
        return TileCorrelator.fold(data, img.width(), img.height(), period, theta, u0, v0, TileCorrelator.G);
    }

    private static double pilotSum(double[] cells, TileLayout layout) {
        double sum = 0;
        for (int c = 0; c < TileLayout.CELLS; c++) {
            if (layout.isPilot(c)) {
                sum += layout.chip(c) * cells[c];
            }
        }
        return sum;
    }

    /**
     * The outcome of one search for one key. {@code verified}: {@code d} is a decode the search made above the payload
     * threshold and its payload passed the keyed check; only then is a payload reported.
     */
    private Analysis finish(ResidualImage img, NullModel model, int keysTried, int decodes, Decode d,
            boolean verified, boolean evidence, MarkSearch search, double bestPayloadScore) {
        Hypothesis h = d.hypothesis();
        double z = h.z();
        double tail = model.tail(z);
        boolean found = verified && d.decoded() != null && d.decoded().payload().isPresent();
        // a verified payload: the chance that a null run reaches its evidence, times 2^-24 per candidate tried. Where
        // the model also measured payload scores, the smaller of the two tails (score, payload score), doubled: the
        // smaller of two valid bounds is that small by chance at most twice as often
        double payloadTail = model.payloadScores() == null ? tail
                : Math.min(1, 2 * Math.min(tail, model.payloadScores().tail(d.payloadScore())));
        Stats stats = new Stats(z,
                Math.min(1, keysTried * (found
                        ? Math.max(1, decodes) * PayloadCodec.LIST_SIZE * Math.pow(2, -PayloadCodec.CHECK_BITS)
                                * payloadTail
                        : tail)),
                img.frames(), keysTried, decodes, geometry(img, h, search),
                evidence ? windows(img, d, search) : List.of(), d.decoded() == null ? null : unverified(d),
                model.payloadThreshold(), model.detectThreshold(), search.alg(), d.payloadScore(),
                model.payloadScoreThreshold());
        WatermarkResult r;
        if (found) {
            r = new WatermarkResult.Found(d.decoded().payload().get(), h.key().key().id(), stats);
        } else if (z >= model.detectThreshold()) {
            r = new WatermarkResult.Present(h.key().key().id(), stats);
        } else {
            r = new WatermarkResult.Absent(stats);
        }
        return new Analysis(r, z, decodes, bestPayloadScore);
    }

    private static WatermarkPayload unverified(Decode d) {
        int[] bits = d.decoded().bestInfoBits();
        long v = 0;
        for (int i = 0; i < PayloadCodec.PAYLOAD_BITS; i++) {
            v = (v << 1) | bits[i];
        }
        return WatermarkPayload.of(v);
    }

    private static Geometry geometry(ResidualImage img, Hypothesis h, MarkSearch search) {
        int o = h.peak().orientation();
        return new Geometry(h.period() / img.nominalPeriod(), Math.toDegrees(h.theta()), (o & 1) != 0, (o & 2) != 0,
                h.period() * img.decimation(), Math.max(1, search.speed()));
    }

    /**
     * Score per stored window at the decoded alignment. A flipped mark's sign in a window is that of the
     * demodulation weight {@code cos(pi speed t / interval - phase)} at the window's middle, so its score is multiplied by
     * that sign (a window around a flip reads little either way); a window's picture does not cancel as the whole
     * clip's does, so these scores are lower than the clip's.
     */
    private static List<WindowScore> windows(ResidualImage img, Decode d, MarkSearch search) {
        List<WindowScore> out = new ArrayList<>();
        Hypothesis h = d.hypothesis();
        int hw = img.width() / 2;
        int hh = img.height() / 2;
        long first = img.windows().isEmpty() ? 0 : img.windows().get(0).startMicros();
        for (ResidualAccumulator.Window w : img.windows()) {
            float[] tile = TileCorrelator.fold(w.halfSum(), hw, hh, h.period() / 2, h.theta(), d.u0(), d.v0(),
                    TileCorrelator.G);
            double z = TileCorrelator.zAtOrigin(tile, h.key().fine(), h.peak().orientation());
            if (!Double.isNaN(h.phase())) {
                double mid = ((w.startMicros() + w.endMicros()) / 2.0 - first) / 1e6;
                z *= Math.signum(Math.cos(Math.PI * search.speed() * mid / SignFlip.INTERVAL_SECONDS - h.phase()));
            }
            out.add(new WindowScore(w.firstFrame(), w.frames(), w.startMicros() / 1e6, w.endMicros() / 1e6, z));
        }
        return out;
    }

}
