package dev.hallmark.watermark.spread;

import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.watermark.EmbedOptions;
import dev.hallmark.watermark.SoftBinding;
import dev.hallmark.watermark.WatermarkEmbedder;
import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkPayload;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Spread-spectrum tiled luma watermark ({@value SoftBinding#ALG}):
 * {@code Y' = Y + round_dither(alpha * mask(block, t) * sign(cell(x mod T, y mod T)))}.
 *
 * <p>Per frame, two passes over the luma plane (rows split between worker threads) and a small block-level step:
 * <ol>
 *   <li>block statistics on 8 x 8 blocks: mean absolute gradient (texture), mean luma, mean absolute change from the
 *       previous frame (motion);</li>
 *   <li>the mask: texture masking {@code (gradient / 3)^0.7} clamped to [0.3, {@link EmbedOptions#textureCap()}],
 *       times a luminance factor that fades the mark near black and white (unless
 *       {@link EmbedOptions#fadeNearBlackAndWhite()} is off), times 0.5 on flat moving blocks (against the "dirty
 *       window" a fixed pattern shows over a smooth pan), smoothed over 3 x 3 blocks and over time by a recursive filter that follows
 *       moving blocks at once and static ones slowly (a stable mark in static areas costs no bits);</li>
 *   <li>a frame gain {@code alpha} chosen so the expected luma MSE of the rounded mark meets the target PSNR (capped at
 *       {@link EmbedOptions#maxGain()} so flat frames are not over-marked), corrected by the MSE actually measured on
 *       previous frames;</li>
 *   <li>the pattern: cell signs of the keyed tile (cells {@link EmbedOptions#cellScale()} x the nominal size),
 *       rounded with a 4 x 4 ordered dither so every cell keeps its mean level while each pixel moves by whole
 *       levels.</li>
 * </ol>
 */
public final class SpreadSpectrumEmbedder implements WatermarkEmbedder {
    static final int BLOCK = 8;
    static final double TEXTURE_REF = 3.0;
    static final double TEXTURE_GAMMA = 0.7;
    static final double TEXTURE_FLOOR = 0.3;
    private static final int[] BAYER4 = {0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5};
    /** Eight luma pixels as the byte lanes of a long (lane k = pixel x0 + k). */
    private static final VarHandle LANES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH = 0x8080808080808080L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long ONES = 0x0101010101010101L;
    private static final long EVEN_BYTES = 0x00FF00FF00FF00FFL;

    private final WatermarkKey key;
    private final WatermarkPayload payload;
    private final EmbedOptions options;
    private final FrameRate frameRate;
    private final byte[] cellSigns;
    private final double targetMse;
    private final ExecutorService pool;
    private final int[] dither = new int[16];
    /** The flipped marking's factor for the frame being marked (1 for a fixed mark). */
    private double flip = 1;
    /** Texture values below {@code texLow} and above {@code texHigh} are clamped: no power function needed. */
    private final double texLow;
    private final double texHigh;

    private int width;
    private int height;
    private int[] rowCell;
    private byte[][] rowSigns;
    private int bw;
    private int bh;
    private int[] act;
    private int[] sum;
    private int[] sad;
    private int[] count;
    /** Pixels of each block the statistics read (every other row). */
    private int[] sampled;
    private float[] mask;
    private float[] smooth;
    /** Scratch: per block, the sum of its mask and its left and right neighbours'. */
    private double[] rowSums;
    private float[] prevMask;
    private int[] strength;
    private byte[] prevLuma;
    /** Per worker band: the packed marks of one block row ({@link #packMarks}). */
    private long[][][] plusMarks;
    private long[][][] minusMarks;
    /** Per cell row: for each full block, 0xff in the byte lanes of pixels whose cell is positive. */
    private long[][] signMasks;
    private final long[] partMse = new long[64];
    private double mseCorrection = 1.0;

    private long frames;
    private long firstMicros = -1;
    private long lastMicros;
    private double lastAlpha;
    private double lastExpectedMse;
    private double lastActualMse;

    public SpreadSpectrumEmbedder(WatermarkKey key, WatermarkPayload payload, EmbedOptions options,
            FrameRate frameRate) {
        this.key = Objects.requireNonNull(key);
        this.payload = Objects.requireNonNull(payload);
        this.options = Objects.requireNonNull(options);
        this.frameRate = Objects.requireNonNull(frameRate);
        TileLayout layout = TileLayout.of(key);
        this.cellSigns = layout.signs(new PayloadCodec(key).encode(payload));
        this.targetMse = 255.0 * 255.0 / Math.pow(10, options.targetPsnrY() / 10);
        this.pool = options.threads() > 1 ? Executors.newFixedThreadPool(options.threads() - 1, r -> {
            Thread t = new Thread(r, "hallmark-watermark-embed");
            t.setDaemon(true);
            return t;
        }) : null;
        for (int i = 0; i < 16; i++) {
            dither[i] = BAYER4[i] * 16 + 8;
        }
        this.texLow = TEXTURE_REF * Math.pow(TEXTURE_FLOOR, 1 / TEXTURE_GAMMA) * (1 - 1e-9);
        this.texHigh = TEXTURE_REF * Math.pow(options.textureCap(), 1 / TEXTURE_GAMMA) * (1 + 1e-9);
    }

    private void configure(int w, int h) {
        width = w;
        height = h;
        double cell = TileGeometry.cellSize(w, h) * options.cellScale();
        int[] colCell = TileGeometry.cellIndex(w, cell);
        rowCell = TileGeometry.cellIndex(h, cell);
        rowSigns = new byte[TileLayout.N][w];
        for (int r = 0; r < TileLayout.N; r++) {
            for (int x = 0; x < w; x++) {
                rowSigns[r][x] = cellSigns[r * TileLayout.N + colCell[x]];
            }
        }
        bw = (w + BLOCK - 1) / BLOCK;
        bh = (h + BLOCK - 1) / BLOCK;
        int nb = bw * bh;
        act = new int[nb];
        sum = new int[nb];
        sad = new int[nb];
        count = new int[nb];
        sampled = new int[nb];
        mask = new float[nb];
        rowSums = new double[nb];
        smooth = new float[nb];
        prevMask = null;
        strength = new int[nb];
        prevLuma = null;
        int parts = parts();
        plusMarks = new long[parts][4][w / BLOCK];
        minusMarks = new long[parts][4][w / BLOCK];
        signMasks = new long[TileLayout.N][w / BLOCK];
        for (int r = 0; r < TileLayout.N; r++) {
            for (int bx = 0; bx < w / BLOCK; bx++) {
                long m = 0;
                for (int k = 0; k < BLOCK; k++) {
                    if (rowSigns[r][bx * BLOCK + k] > 0) {
                        m |= 0xFFL << (8 * k);
                    }
                }
                signMasks[r][bx] = m;
            }
        }
        for (int by = 0; by < bh; by++) {
            for (int bx = 0; bx < bw; bx++) {
                count[by * bw + bx] = Math.min(BLOCK, w - bx * BLOCK) * Math.min(BLOCK, h - by * BLOCK);
                sampled[by * bw + bx] = Math.min(BLOCK, w - bx * BLOCK) * ((Math.min(BLOCK, h - by * BLOCK) + 1) / 2);
            }
        }
    }

    @Override
    public void embed(I420Frame frame) {
        if (frame.width() != width || frame.height() != height) {
            if (frames > 0) {
                throw new IllegalArgumentException("frame size changed from " + width + "x" + height + " to "
                        + frame.width() + "x" + frame.height());
            }
            if (frame.width() < 64 || frame.height() < 64) {
                throw new IllegalArgumentException("frame too small for the watermark: " + frame.width() + "x"
                        + frame.height() + " (needs 64x64 or more)");
            }
            configure(frame.width(), frame.height());
        }
        byte[] y = frame.data();
        if (firstMicros < 0) {
            firstMicros = frame.timestampMicros();
        }
        flip = options.flipSeconds() > 0
                ? SignFlip.factor((frame.timestampMicros() - firstMicros) / 1e6, options.flipSeconds()) : 1;
        boolean hasPrev = prevLuma != null;
        if (!hasPrev) {
            prevLuma = new byte[width * height];
        }
        parallel(part -> stats(y, hasPrev, part));
        computeMask(hasPrev);
        java.util.Arrays.fill(partMse, 0);
        parallel(part -> apply(y, part));
        long sq = 0;
        for (long v : partMse) {
            sq += v;
        }
        lastActualMse = sq / ((double) width * height);
        if (lastExpectedMse > 1e-6 && lastActualMse > 0) {
            double r = Math.max(0.5, Math.min(2.0, lastActualMse / lastExpectedMse));
            mseCorrection = frames == 0 ? r : 0.8 * mseCorrection + 0.2 * r;
        }
        lastMicros = Math.max(lastMicros, frame.timestampMicros());
        frames++;
    }

    /** Runs {@code task} on the bands of block rows of the frame, on the pool and the calling thread. */
    private void parallel(IntConsumer task) {
        int n = pool == null ? 1 : Math.min(options.threads(), bh);
        if (n <= 1) {
            task.accept(0);
            return;
        }
        List<Future<?>> fs = new ArrayList<>(n - 1);
        for (int p = 1; p < n; p++) {
            int part = p;
            fs.add(pool.submit(() -> task.accept(part)));
        }
        task.accept(0);
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while embedding", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("watermark worker failed", e.getCause());
            }
        }
    }

    private int parts() {
        return pool == null ? 1 : Math.min(options.threads(), bh);
    }

    private int bandStart(int part) {
        return (int) ((long) bh * part / parts());
    }

    private int bandEnd(int part) {
        return (int) ((long) bh * (part + 1) / parts());
    }

    /**
     * Block texture, luma sum and motion for the block rows of band {@code part}, from every other row (the statistics
     * of an 8 x 8 block do not need all 64 pixels); saves those rows for the next frame's motion. Blocks whose right
     * neighbour column is inside the frame are summed eight pixels at a time in a {@code long} ({@link #absDiff},
     * {@link #laneSum}); the last one or two blocks of a row pixel by pixel (the last column has no right neighbour).
     */
    private void stats(byte[] y, boolean hasPrev, int part) {
        int b0 = bandStart(part);
        int b1 = bandEnd(part);
        int w = width;
        byte[] prev = prevLuma;
        int packed = w >= BLOCK + 1 ? (w - BLOCK - 1) / BLOCK + 1 : 0; // blocks with x0 + 8 <= w - 1
        java.util.Arrays.fill(act, b0 * bw, b1 * bw, 0);
        java.util.Arrays.fill(sum, b0 * bw, b1 * bw, 0);
        java.util.Arrays.fill(sad, b0 * bw, b1 * bw, 0);
        int rowEnd = Math.min(height, b1 * BLOCK);
        for (int row = b0 * BLOCK; row < rowEnd; row += 2) {
            int base = row * w;
            int below = row + 1 < height ? base + w : base;
            int brow = (row / BLOCK) * bw;
            for (int bx = 0; bx < packed; bx++) {
                int at = base + bx * BLOCK;
                long cur = (long) LANES.get(y, at);
                long right = (long) LANES.get(y, at + 1);
                long down = (long) LANES.get(y, below + bx * BLOCK);
                long old = (long) LANES.get(prev, at);
                act[brow + bx] += laneSum(absDiff(right, cur)) + laneSum(absDiff(down, cur));
                sum[brow + bx] += laneSum(cur);
                sad[brow + bx] += laneSum(absDiff(cur, old));
            }
            for (int bx = packed; bx < bw; bx++) {
                int x0 = bx * BLOCK;
                int x1 = Math.min(w - 1, x0 + BLOCK);
                int a = 0;
                int s = 0;
                int d = 0;
                for (int x = x0; x < x1; x++) {
                    int p = y[base + x] & 0xFF;
                    a += Math.abs((y[base + x + 1] & 0xFF) - p) + Math.abs((y[below + x] & 0xFF) - p);
                    s += p;
                    d += Math.abs(p - (prev[base + x] & 0xFF));
                }
                if (x1 == w - 1 && x0 <= w - 1) {
                    int p = y[base + w - 1] & 0xFF;
                    a += Math.abs((y[below + w - 1] & 0xFF) - p);
                    s += p;
                    d += Math.abs(p - (prev[base + w - 1] & 0xFF));
                }
                act[brow + bx] += a;
                sum[brow + bx] += s;
                sad[brow + bx] += d;
            }
            System.arraycopy(y, base, prev, base, w);
        }
        if (!hasPrev) {
            java.util.Arrays.fill(sad, b0 * bw, b1 * bw, 0);
        }
    }

    /** |a - b| in each unsigned byte lane. */
    static long absDiff(long a, long b) {
        long d = (a | HIGH) - (b & LOW7); // each lane 0x01..0xff: no borrow between lanes
        long t = d ^ (~(a ^ b) & HIGH); // (a - b) mod 256 per lane
        long borrow = ((~a & b) | (~(a ^ b) & ~d)) & HIGH; // lanes where a < b
        long m = (borrow >>> 7) * 0xFF;
        return (t ^ m) + (m & ONES); // negate the lanes that borrowed (t != 0 there, so no carry out)
    }

    /** Sum of the eight unsigned byte lanes. */
    static int laneSum(long v) {
        long pairs = (v & EVEN_BYTES) + ((v >>> 8) & EVEN_BYTES);
        return (int) ((pairs * 0x0001000100010001L) >>> 48);
    }

    static double luminanceFactor(double meanLuma) {
        if (meanLuma < 16) {
            return 0.1;
        }
        if (meanLuma < 48) {
            return 0.1 + 0.9 * (meanLuma - 16) / 32;
        }
        if (meanLuma <= 200) {
            return 1.0;
        }
        if (meanLuma <= 240) {
            return 1.0 - 0.75 * (meanLuma - 200) / 40;
        }
        return 0.25;
    }

    /**
     * The per-block mask, smoothed over 3 x 3 blocks and over time. The integer tests are the ratios of the block
     * statistics written without division (exact); the 3 x 3 sums are formed as row sums, which in double precision
     * are exact for these float masks (within a few powers of two of each other), so the smoothing equals the direct
     * nine-term sum bit for bit.
     */
    private void computeMask(boolean hasPrev) {
        int nb = bw * bh;
        // the synthetic marking's texture factor is the floor on every block
        boolean even = options.textureCap() <= TEXTURE_FLOOR;
        boolean fade = options.fadeNearBlackAndWhite();
        for (int b = 0; b < nb; b++) {
            int n = sampled[b];
            double tex = TEXTURE_FLOOR;
            if (!even) {
                double grad = act[b] / (2.0 * n);
                tex = grad <= texLow ? TEXTURE_FLOOR : grad >= texHigh ? options.textureCap()
                        : Math.max(TEXTURE_FLOOR, Math.min(options.textureCap(),
                                Math.pow(grad / TEXTURE_REF, TEXTURE_GAMMA)));
            }
            double m = fade ? tex * luminanceFactor(sum[b] / (double) n) : tex;
            if (hasPrev && sad[b] > 3 * n && act[b] < 3 * n) { // motion above 3 levels, gradient below 1.5
                m *= 0.5; // flat area moving under a fixed pattern
            }
            mask[b] = (float) m;
        }
        double[] rows = rowSums;
        for (int by = 0; by < bh; by++) {
            int base = by * bw;
            for (int bx = 0; bx < bw; bx++) {
                double r = mask[base + bx];
                if (bx > 0) {
                    r += mask[base + bx - 1];
                }
                if (bx + 1 < bw) {
                    r += mask[base + bx + 1];
                }
                rows[base + bx] = r;
            }
        }
        for (int by = 0; by < bh; by++) {
            int base = by * bw;
            int ny = (by > 0 ? 1 : 0) + 1 + (by + 1 < bh ? 1 : 0);
            for (int bx = 0; bx < bw; bx++) {
                double s = rows[base + bx];
                if (by > 0) {
                    s += rows[base - bw + bx];
                }
                if (by + 1 < bh) {
                    s += rows[base + bw + bx];
                }
                int nx = (bx > 0 ? 1 : 0) + 1 + (bx + 1 < bw ? 1 : 0);
                smooth[base + bx] = (float) (s / (nx * ny));
            }
        }
        if (hasPrev && prevMask != null) {
            for (int b = 0; b < nb; b++) {
                double k = 2 * sad[b] > 5 * sampled[b] ? 1.0 : 0.3; // motion above 2.5 levels
                smooth[b] = (float) (prevMask[b] + k * (smooth[b] - prevMask[b]));
            }
        }
        if (prevMask == null) {
            prevMask = new float[nb];
        }
        System.arraycopy(smooth, 0, prevMask, 0, nb);
        double alpha = solveAlpha();
        double cap = options.maxStrength();
        double mse = 0;
        double scale = Math.abs(flip);
        for (int b = 0; b < nb; b++) {
            double v = Math.min(cap, alpha * smooth[b]) * scale;
            strength[b] = (int) Math.round(v * 256);
            mse += count[b] * expectedSquare(v);
        }
        lastAlpha = alpha;
        lastExpectedMse = mse / ((double) width * height);
    }

    /** E[delta^2] of a dithered rounding of amplitude {@code v >= 0}. */
    static double expectedSquare(double v) {
        double f = Math.floor(v);
        double p = v - f;
        return f * f + p * (2 * f + 1);
    }

    /** Frame gain meeting the (corrected) target MSE, by bisection: the expected MSE grows with the gain. */
    private double solveAlpha() {
        double cap = options.maxStrength();
        int nb = bw * bh;
        double maxGain = options.maxGain();
        double target = targetMse / mseCorrection * ((double) width * height);
        if (mseAt(maxGain, cap, nb) <= target) {
            return maxGain;
        }
        double lo = 0;
        double hi = maxGain;
        for (int i = 0; i < 16; i++) {
            double mid = 0.5 * (lo + hi);
            if (mseAt(mid, cap, nb) > target) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return lo;
    }

    private double mseAt(double alpha, double cap, int nb) {
        double s = 0;
        for (int b = 0; b < nb; b++) {
            s += count[b] * expectedSquare(Math.min(cap, alpha * smooth[b]));
        }
        return s;
    }

    /**
     * Adds the mark to the rows of band {@code part}, eight pixels at a time in a {@code long}: per block and row
     * phase the dithered mark of a positive and of a negative cell ({@link #packMarks}), selected by the cell-sign
     * mask of the row, then a byte-wise saturating add and subtract (the mark moves a pixel by at most 3 levels).
     * A block where a pixel clips at 0 or 255 counts its squared change pixel by pixel; the last partial block of a
     * width that is not a multiple of 8 is done per pixel.
     */
    private void apply(byte[] y, int part) {
        int b0 = bandStart(part);
        int b1 = bandEnd(part);
        int w = width;
        int full = w / BLOCK;
        long[][] plus = plusMarks[part];
        long[][] minus = minusMarks[part];
        boolean negative = flip < 0;
        long sq = 0;
        for (int by = b0; by < b1; by++) {
            packMarks(by, plus, minus);
            int brow = by * bw;
            int rowEnd = Math.min(height, (by + 1) * BLOCK);
            for (int row = by * BLOCK; row < rowEnd; row++) {
                int phase = row & 3;
                long[] pm = plus[phase];
                long[] nm = minus[phase];
                long[] sm = signMasks[rowCell[row]];
                int base = row * w;
                for (int bx = 0; bx < full; bx++) {
                    int at = base + bx * BLOCK;
                    long m = negative ? ~sm[bx] : sm[bx];
                    long add = pm[bx] & m;
                    long sub = nm[bx] & ~m;
                    long old = (long) LANES.get(y, at);
                    long low = (old & LOW7) + add; // no lane overflows into the next: 0x7f + 3 < 0x100
                    long over = low & old & HIGH;
                    long v = (low ^ (old & HIGH)) | ((over >>> 7) * 0xFF);
                    long d = (v | HIGH) - sub; // every lane >= 0x80 > sub: no borrow between lanes
                    long under = ~v & ~d & HIGH;
                    v = (d ^ (~v & HIGH)) & ~((under >>> 7) * 0xFF);
                    LANES.set(y, at, v);
                    if ((over | under) == 0) {
                        long x = add | sub; // lanes 0..3, at most one of the two non-zero
                        long b = x & ONES;
                        long h = (x >>> 1) & ONES;
                        sq += ((b + 4 * h + 4 * (b & h)) * ONES) >>> 56;
                    } else {
                        for (int k = 0; k < 64; k += 8) {
                            int dd = (int) ((v >>> k) & 0xFF) - (int) ((old >>> k) & 0xFF);
                            sq += dd * dd;
                        }
                    }
                }
                if (full * BLOCK < w) {
                    byte[] signs = rowSigns[rowCell[row]];
                    int s = negative ? -strength[brow + full] : strength[brow + full];
                    for (int x = full * BLOCK; x < w; x++) {
                        int old = y[base + x] & 0xFF;
                        int p = Math.max(0, Math.min(255, old + ((s * signs[x] + dither[(phase << 2) | (x & 3)]) >> 8)));
                        sq += (p - old) * (p - old);
                        y[base + x] = (byte) p;
                    }
                }
            }
        }
        partMse[part] = sq;
    }

    /**
     * For each full block of block row {@code by} and each row phase (row mod 4), the eight mark values of the block's
     * pixels if all its cells were positive ({@code plus}, levels added) and if all were negative ({@code minus}, levels
     * taken away): {@code (+-strength + dither) >> 8}, one per byte lane.
     */
    private void packMarks(int by, long[][] plus, long[][] minus) {
        int full = width / BLOCK;
        int brow = by * bw;
        for (int bx = 0; bx < full; bx++) {
            int s = strength[brow + bx];
            if (bx > 0 && s == strength[brow + bx - 1]) { // even masks: most neighbours share a strength
                for (int phase = 0; phase < 4; phase++) {
                    plus[phase][bx] = plus[phase][bx - 1];
                    minus[phase][bx] = minus[phase][bx - 1];
                }
                continue;
            }
            for (int phase = 0; phase < 4; phase++) {
                long p = 0;
                long n = 0;
                for (int k = 0; k < 4; k++) {
                    int d = dither[(phase << 2) | k];
                    p |= (long) ((s + d) >> 8) << (8 * k);
                    n |= (long) (-((-s + d) >> 8)) << (8 * k);
                }
                plus[phase][bx] = p | (p << 32);
                minus[phase][bx] = n | (n << 32);
            }
        }
    }

    /** Gain used on the last frame (diagnostics). */
    double lastAlpha() {
        return lastAlpha;
    }

    /** Luma MSE the mark actually caused on the last frame. */
    public double lastMse() {
        return lastActualMse;
    }

    @Override
    public long framesEmbedded() {
        return frames;
    }

    @Override
    public SoftBinding softBinding() {
        long start = Math.max(0, firstMicros);
        long end = frames == 0 ? start : lastMicros + frameRate.frameMicros();
        return new SoftBinding(options.flipSeconds() > 0 ? SoftBinding.ALG_FLIPPED : SoftBinding.ALG, key.id(),
                payload, start, end);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
