package dev.hallmark.watermark.spread;

import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.ReadOptions;
import dev.hallmark.media.VideoReader;
import dev.hallmark.watermark.DetectOptions;
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

/**
 * Blind detector for {@value dev.hallmark.watermark.SoftBinding#ALG}.
 *
 * <ol>
 *   <li>Fold: mean clipped high-pass residual of all frames at a working resolution ({@link ResidualAccumulator}).</li>
 *   <li>Coarse scan: for tile periods 0.45..2.2 x nominal in 1% steps (crops, zooms, pads), fold into a 64-bin tile
 *       and correlate with each key's pilot pattern over all shifts and four mirror orientations
 *       ({@link TileCorrelator}); score z = (max - mean) / sd over shifts. The best {@value #CANDIDATES_PER_KEY}
 *       distinct periods per key go on.</li>
 *   <li>Fine search: +-0.5% around each on the 128-bin tile.</li>
 *   <li>Decode: above the payload threshold, align to the sub-bin peak, read soft cell values, combine them per coded
 *       bit, soft-decode the tail-biting code and check the keyed 24-bit tag ({@link PayloadCodec}).</li>
 *   <li>Rotation: if nothing is found, the scan is repeated for angles up to +-3 degrees near nominal scale.</li>
 * </ol>
 *
 * <p><b>Security.</b> Decisions fail closed: a payload is reported only when it passes the keyed check, at a score
 * whose null tail the calibration bounds; the reported false-positive bound counts every key, hypothesis and decode
 * attempt. Secrets never leave the keys.
 */
public final class SpreadSpectrumDetector implements WatermarkDetector {
    static final double RATIO_MIN = 0.45;
    static final double RATIO_MAX = 2.2;
    /** Coarse scan: relative period step and the coarse hypotheses kept per key for refinement. */
    static final double COARSE_STEP = 0.01;
    static final int CANDIDATES_PER_KEY = 4;
    /** Fine search: +-FINE_STEPS steps of FINE_STEP around a coarse period. */
    static final int FINE_STEPS = 2;
    static final double FINE_STEP = 0.0025;
    /** Rotation stage: angles +-k * 0.6 degrees, k = 1..5, over periods 0.9..1.3 x nominal. */
    static final double THETA_COARSE_STEP = Math.toRadians(0.6);
    static final int ROTATION_STEPS = 5;
    static final double THETA_FINE_STEP = Math.toRadians(0.2);
    static final double ROTATION_RATIO_MIN = 0.9;
    static final double ROTATION_RATIO_MAX = 1.3;
    /** Smallest cell (pixels at the working resolution) searched; smallest cell for a half-resolution coarse fold. */
    static final double MIN_CELL_PIXELS = 1.6;
    static final double COARSE_HALF_MIN_CELL = 1.75;
    /** Decodes per stage (each tries {@link PayloadCodec#LIST_SIZE} candidates). */
    static final int MAX_DECODES = 3;

    private final List<Keyed> keys;
    private final DetectOptions options;
    private final NullModel nullModel;

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
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no watermark keys to detect with");
        }
        this.keys = List.copyOf(keys);
        this.options = Objects.requireNonNull(options);
        this.nullModel = Objects.requireNonNull(nullModel);
    }

    public static SpreadSpectrumDetector create(List<WatermarkKey> keys, DetectOptions options)
            throws WatermarkException {
        return create(keys, options, NullModel.bundled());
    }

    public static SpreadSpectrumDetector create(List<WatermarkKey> keys, DetectOptions options, NullModel model) {
        return new SpreadSpectrumDetector(keys.stream().map(Keyed::of).toList(), options, model);
    }

    public NullModel nullModel() {
        return nullModel;
    }

    /** A fresh accumulator for frames of this size and rate (windows of about one second). */
    public static ResidualAccumulator accumulator(int width, int height, FrameRate rate) {
        return new ResidualAccumulator(ResidualFilter.forFrame(width, height),
                Math.max(1, (int) Math.round(rate.fps())));
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
            throw new WatermarkException(Reason.UNREADABLE_VIDEO, video, detail(e), e);
        } catch (IllegalArgumentException e) {
            throw new WatermarkException(Reason.UNREADABLE_VIDEO, video, "video too small to carry the watermark ("
                    + e.getMessage() + ")", e);
        }
    }

    private static String detail(MediaException e) {
        String m = e.getMessage();
        String prefix = e.file() == null ? "" : e.file() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    @Override
    public Session start(int width, int height, FrameRate frameRate) {
        ResidualAccumulator acc = accumulator(width, height, frameRate);
        return new Session() {
            @Override
            public void accept(I420Frame frame) {
                if (frame.width() != width || frame.height() != height) {
                    throw new IllegalArgumentException("frame size changed");
                }
                acc.add(frame.data(), frame.timestampMicros());
            }

            @Override
            public long frames() {
                return acc.frames();
            }

            @Override
            public WatermarkResult finish() {
                return analyze(acc.finish());
            }
        };
    }

    /** One scored hypothesis. */
    record Hypothesis(Keyed key, double period, double theta, TileCorrelator.Peak peak) {
        double z() {
            return peak.z();
        }
    }

    /** Everything one analysis tried and found (the calibration reads {@link #bestScore()}). */
    public record Analysis(WatermarkResult result, double bestScore, int hypothesesScored) {
    }

    /** Searches a folded residual with this detector's keys. */
    public WatermarkResult analyze(ResidualImage img) {
        return analyzeFully(img, keys).result();
    }

    /** The residual at half resolution (2 x 2 means) for coarse folds of large periods. */
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

    /** Coarse scan: every key, every period of the grid, every angle given; best peaks per key. */
    private List<Hypothesis> coarse(ResidualImage img, float[] halfImg, List<Keyed> keyset, double[] periods,
            double[] thetas, int perKey) {
        int nk = keyset.size();
        List<List<Hypothesis>> perKeyAll = new ArrayList<>();
        for (int k = 0; k < nk; k++) {
            perKeyAll.add(new ArrayList<>());
        }
        for (double theta : thetas) {
            for (double p : periods) {
                float[] tile;
                if (p / TileLayout.N / 2 >= COARSE_HALF_MIN_CELL) {
                    tile = TileCorrelator.fold(halfImg, img.width() / 2, img.height() / 2, p / 2, theta, 0, 0,
                            TileCorrelator.G_COARSE);
                } else {
                    tile = TileCorrelator.fold(img.mean(), img.width(), img.height(), p, theta, 0, 0,
                            TileCorrelator.G_COARSE);
                }
                float[] spec = TileCorrelator.spectrum(tile, TileCorrelator.G_COARSE);
                for (int k = 0; k < nk; k++) {
                    for (TileCorrelator.Peak pk : TileCorrelator.correlate(spec, keyset.get(k).coarse())) {
                        perKeyAll.get(k).add(new Hypothesis(keyset.get(k), p, theta, pk));
                    }
                }
            }
        }
        List<Hypothesis> out = new ArrayList<>();
        for (List<Hypothesis> list : perKeyAll) {
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
            out.addAll(kept);
        }
        return out;
    }

    /** Fine search around a coarse hypothesis on the 128-bin grid, its orientation only. */
    private Hypothesis fine(ResidualImage img, Hypothesis h, boolean rotated) {
        Hypothesis best = null;
        int mask = 1 << h.peak().orientation();
        for (int j = -FINE_STEPS; j <= FINE_STEPS; j++) {
            for (int t = rotated ? -1 : 0; t <= (rotated ? 1 : 0); t++) {
                double p = h.period() * (1 + j * FINE_STEP);
                double th = h.theta() + t * THETA_FINE_STEP;
                float[] tile = TileCorrelator.fold(img.mean(), img.width(), img.height(), p, th, 0, 0,
                        TileCorrelator.G);
                TileCorrelator.Peak pk = TileCorrelator.correlate(TileCorrelator.spectrum(tile, TileCorrelator.G),
                        h.key().fine(), mask)[h.peak().orientation()];
                if (best == null || pk.z() > best.z()) {
                    best = new Hypothesis(h.key(), p, th, pk);
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

    /** Searches a folded residual with the given keys (calibration passes random ones). */
    public Analysis analyzeFully(ResidualImage img, List<Keyed> keyset) {
        if (img.frames() == 0) {
            return new Analysis(new WatermarkResult.Absent(emptyStats(keyset.size(), 0)), 0, 0);
        }
        double pNom = img.nominalPeriod();
        double pMin = Math.max(RATIO_MIN * pNom, TileLayout.N * MIN_CELL_PIXELS);
        double pMax = Math.min(RATIO_MAX * pNom, Math.min(img.width(), img.height()));
        float[] halfImg = half(img);
        Hypothesis best = null;
        Decode bestDecode = null;
        int decodes = 0;
        int scored = 0;
        int stages = options.searchRotation() ? 2 : 1;
        for (int stage = 0; stage < stages; stage++) {
            double[] periods;
            double[] thetas;
            if (stage == 0) {
                periods = geometricGrid(pMin, Math.max(pMin, pMax), COARSE_STEP);
                thetas = new double[] {0};
            } else {
                periods = geometricGrid(Math.max(pMin, ROTATION_RATIO_MIN * pNom),
                        Math.max(pMin, Math.min(pMax, ROTATION_RATIO_MAX * pNom)), COARSE_STEP);
                thetas = new double[2 * ROTATION_STEPS];
                for (int i = 0; i < ROTATION_STEPS; i++) {
                    thetas[2 * i] = THETA_COARSE_STEP * (i + 1);
                    thetas[2 * i + 1] = -THETA_COARSE_STEP * (i + 1);
                }
            }
            List<Hypothesis> coarse = coarse(img, halfImg, keyset, periods, thetas, CANDIDATES_PER_KEY);
            scored += periods.length * thetas.length * keyset.size() * TileCorrelator.ORIENTATIONS;
            List<Hypothesis> hyps = new ArrayList<>();
            for (Hypothesis h : coarse) {
                hyps.add(fine(img, h, stage == 1));
                scored += (2 * FINE_STEPS + 1) * (stage == 1 ? 3 : 1);
            }
            hyps.sort(Comparator.comparingDouble(Hypothesis::z).reversed());
            int stageDecodes = 0;
            for (Hypothesis h : hyps) {
                if (stageDecodes >= MAX_DECODES || h.z() < nullModel.payloadThreshold()) {
                    break;
                }
                stageDecodes++;
                decodes++;
                Decode d = decode(img, h);
                if (best == null || d.hypothesis().z() > best.z()) {
                    best = d.hypothesis();
                    bestDecode = d;
                }
                if (d.decoded().payload().isPresent()) {
                    return finish(img, keyset.size(), decodes, d, scored);
                }
            }
            if (!hyps.isEmpty() && (best == null || hyps.get(0).z() > best.z())) {
                best = hyps.get(0);
                bestDecode = null;
            }
            if (best != null && best.z() >= nullModel.detectThreshold()) {
                break; // clearly present: no need to search rotations
            }
        }
        if (best == null) {
            return new Analysis(new WatermarkResult.Absent(emptyStats(keyset.size(), decodes)), 0, scored);
        }
        if (bestDecode == null) {
            bestDecode = decode(img, best);
        }
        return finish(img, keyset.size(), decodes, bestDecode, scored);
    }

    private Stats emptyStats(int keysTried, int decodes) {
        return new Stats(0, 1, 0, keysTried, decodes, null, List.of(), null, nullModel.payloadThreshold(),
                nullModel.detectThreshold());
    }

    /** A decode at one hypothesis. */
    record Decode(Hypothesis hypothesis, double u0, double v0, PayloadCodec.Decoded decoded) {
    }

    /** Aligns to the sub-bin peak of {@code h}, reads soft cell values and decodes the payload. */
    Decode decode(ResidualImage img, Hypothesis h) {
        TileCorrelator.Peak pk = h.peak();
        int g = TileCorrelator.G;
        double u0 = -(pk.col() + pk.subCol()) / g;
        double v0 = -(pk.row() + pk.subRow()) / g;
        float[] aligned = TileCorrelator.fold(img.mean(), img.width(), img.height(), h.period(), h.theta(), u0, v0, g);
        double[] cells = TileCorrelator.cellValues(aligned, pk.orientation(), g);
        TileLayout layout = h.key().layout();
        double[] soft = new double[PayloadCodec.CODED_BITS];
        for (int c = 0; c < TileLayout.CELLS; c++) {
            int b = layout.bitOf(c);
            if (b >= 0) {
                soft[b] += layout.chip(c) * cells[c];
            }
        }
        return new Decode(h, u0, v0, h.key().codec().decode(soft));
    }

    private Analysis finish(ResidualImage img, int keysTried, int decodes, Decode d, int scored) {
        Hypothesis h = d.hypothesis();
        double z = h.z();
        double tail = nullModel.tail(z);
        boolean found = d.decoded().payload().isPresent();
        Stats stats = new Stats(z,
                Math.min(1, keysTried * (found
                        ? decodes * PayloadCodec.LIST_SIZE * Math.pow(2, -PayloadCodec.CHECK_BITS) * tail
                        : tail)),
                img.frames(), keysTried, decodes, geometry(img, h), windows(img, d), unverified(d),
                nullModel.payloadThreshold(), nullModel.detectThreshold());
        WatermarkResult r;
        if (found) {
            r = new WatermarkResult.Found(d.decoded().payload().get(), h.key().key().id(), stats);
        } else if (z >= nullModel.detectThreshold()) {
            r = new WatermarkResult.Present(h.key().key().id(), stats);
        } else {
            r = new WatermarkResult.Absent(stats);
        }
        return new Analysis(r, z, scored);
    }

    private static WatermarkPayload unverified(Decode d) {
        int[] bits = d.decoded().bestInfoBits();
        long v = 0;
        for (int i = 0; i < PayloadCodec.PAYLOAD_BITS; i++) {
            v = (v << 1) | bits[i];
        }
        return WatermarkPayload.of(v);
    }

    private static Geometry geometry(ResidualImage img, Hypothesis h) {
        int o = h.peak().orientation();
        return new Geometry(h.period() / img.nominalPeriod(), Math.toDegrees(h.theta()), (o & 1) != 0, (o & 2) != 0,
                h.period() * img.decimation());
    }

    private static List<WindowScore> windows(ResidualImage img, Decode d) {
        List<WindowScore> out = new ArrayList<>();
        Hypothesis h = d.hypothesis();
        int hw = img.width() / 2;
        int hh = img.height() / 2;
        for (ResidualAccumulator.Window w : img.windows()) {
            float[] tile = TileCorrelator.fold(w.halfSum(), hw, hh, h.period() / 2, h.theta(), d.u0(), d.v0(),
                    TileCorrelator.G);
            double z = TileCorrelator.zAtOrigin(tile, h.key().fine(), h.peak().orientation());
            out.add(new WindowScore(w.firstFrame(), w.frames(), w.startMicros() / 1e6, w.endMicros() / 1e6, z));
        }
        return out;
    }
}
