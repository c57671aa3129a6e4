package dev.hallmark.watermark.spread;

import org.jtransforms.fft.FloatFFT_2D;

/**
 * Folds a residual image into one tile at a hypothesised period, angle and origin, and correlates the tile with a
 * key's pilot pattern over every cyclic shift and the four mirror orientations at once (FFT). A tile has {@code g} x
 * {@code g} bins ({@code g / 32} per cell side): 64 for the coarse scale scan, 128 for refinement and decoding.
 */
public final class TileCorrelator {
    /** Fine grid. */
    public static final int G = 128;
    /** Coarse grid. */
    public static final int G_COARSE = 64;
    /** Orientations: 0 as embedded, 1 mirrored left-right, 2 mirrored top-bottom, 3 both (= 180 degrees). */
    public static final int ORIENTATIONS = 4;

    /** Per-thread scratch buffers by grid size. */
    private static final ThreadLocal<java.util.Map<Integer, float[][]>> BUFFERS =
            ThreadLocal.withInitial(java.util.HashMap::new);

    private TileCorrelator() {
    }

    /**
     * Mean residual per tile bin. Bin of pixel (x, y): tile coordinates {@code u = (cos t (x - cx) + sin t (y - cy)) / p
     * + u0}, {@code v = (-sin t (x - cx) + cos t (y - cy)) / p + v0}, times {@code g}, modulo {@code g}.
     *
     * @param data  image, row-major
     * @param u0    origin offset in tiles (horizontal)
     * @param v0    origin offset in tiles (vertical)
     */
    public static float[] fold(float[] data, int w, int h, double period, double theta, double u0, double v0, int g) {
        float[] sum = new float[g * g];
        int[] count = new int[g * g];
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double c = Math.cos(theta) * g / period;
        double s = Math.sin(theta) * g / period;
        final double one = 1L << 24;
        long du = Math.round(c * one);
        long dv = Math.round(-s * one);
        int mask = g - 1;
        int shift = Integer.numberOfTrailingZeros(g);
        for (int y = 0; y < h; y++) {
            double yy = y - cy;
            double uStart = c * (0 - cx) + s * yy + u0 * g;
            double vStart = -s * (0 - cx) + c * yy + v0 * g;
            long uf = (long) Math.floor(uStart * one);
            long vf = (long) Math.floor(vStart * one);
            int base = y * w;
            for (int x = 0; x < w; x++) {
                int b = ((int) (vf >> 24) & mask) << shift | ((int) (uf >> 24) & mask);
                sum[b] += data[base + x];
                count[b]++;
                uf += du;
                vf += dv;
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] = count[i] > 0 ? sum[i] / count[i] : 0f;
        }
        return sum;
    }

    /** Template bin (row r, col c) of a g x g tile seen in orientation {@code o}. */
    static int orient(int r, int c, int o, int g) {
        int rr = (o & 2) != 0 ? g - 1 - r : r;
        int cc = (o & 1) != 0 ? g - 1 - c : c;
        return rr * g + cc;
    }

    /** The keyed pilot template on a g x g tile in all four orientations, transformed once. */
    public static final class Templates {
        final int g;
        final TileLayout layout;
        /** FFT (interleaved complex) of each oriented template. */
        final float[][] spectra = new float[ORIENTATIONS][];

        public Templates(TileLayout layout, int g) {
            this.g = g;
            this.layout = layout;
            int bpc = g / TileLayout.N;
            FloatFFT_2D fft = Fft.of(g, g);
            for (int o = 0; o < ORIENTATIONS; o++) {
                float[] a = new float[g * 2 * g];
                for (int r = 0; r < g; r++) {
                    for (int c = 0; c < g; c++) {
                        int cell = (r / bpc) * TileLayout.N + c / bpc;
                        if (layout.isPilot(cell)) {
                            a[2 * orient(r, c, o, g)] = layout.chip(cell);
                        }
                    }
                }
                fft.complexForward(a);
                spectra[o] = a;
            }
        }

        public TileLayout layout() {
            return layout;
        }

        public int g() {
            return g;
        }
    }

    /** Best shift of one orientation: z-score over all shifts, integer and sub-bin peak position. */
    public record Peak(int orientation, double z, int row, int col, double subRow, double subCol) {
    }

    /** The FFT of a folded tile (computed once, correlated with many keys). */
    public static float[] spectrum(float[] tile, int g) {
        float[] f = new float[g * 2 * g];
        for (int i = 0; i < g * g; i++) {
            f[2 * i] = tile[i];
        }
        Fft.of(g, g).complexForward(f);
        return f;
    }

    /**
     * Correlates a tile spectrum with the templates; the best peak per orientation ({@code mask} bit o: try o). Two
     * real correlations share one complex inverse FFT (the second in the imaginary part).
     */
    public static Peak[] correlate(float[] spectrum, Templates t, int orientationMask) {
        int g = t.g;
        int n = g * g;
        FloatFFT_2D fft = Fft.of(g, g);
        Peak[] out = new Peak[ORIENTATIONS];
        float[][] bufs = BUFFERS.get().computeIfAbsent(g, k -> new float[][] {new float[2 * k * k], new float[k * k]});
        float[] prod = bufs[0];
        float[] corr = bufs[1];
        for (int pair = 0; pair < ORIENTATIONS; pair += 2) {
            boolean first = (orientationMask & (1 << pair)) != 0;
            boolean second = (orientationMask & (1 << (pair + 1))) != 0;
            if (!first && !second) {
                continue;
            }
            float[] ta = t.spectra[pair];
            float[] tb = t.spectra[pair + 1];
            for (int i = 0; i < n; i++) {
                float ar = spectrum[2 * i];
                float ai = spectrum[2 * i + 1];
                // A = F conj(Ta), B = F conj(Tb); packed = A + i B
                float re = 0;
                float im = 0;
                if (first) {
                    float br = ta[2 * i];
                    float bi = -ta[2 * i + 1];
                    re += ar * br - ai * bi;
                    im += ar * bi + ai * br;
                }
                if (second) {
                    float br = tb[2 * i];
                    float bi = -tb[2 * i + 1];
                    float pr = ar * br - ai * bi;
                    float pi = ar * bi + ai * br;
                    re -= pi;
                    im += pr;
                }
                prod[2 * i] = re;
                prod[2 * i + 1] = im;
            }
            fft.complexInverse(prod, true);
            if (first) {
                for (int i = 0; i < n; i++) {
                    corr[i] = prod[2 * i];
                }
                out[pair] = peak(corr, pair, g);
            }
            if (second) {
                for (int i = 0; i < n; i++) {
                    corr[i] = prod[2 * i + 1];
                }
                out[pair + 1] = peak(corr, pair + 1, g);
            }
        }
        return out;
    }

    /** The FFT of two folded tiles packed as one complex tile: {@code inPhase + i quadrature}. */
    public static float[] spectrum(float[] inPhase, float[] quadrature, int g) {
        float[] f = new float[g * 2 * g];
        for (int i = 0; i < g * g; i++) {
            f[2 * i] = inPhase[i];
            f[2 * i + 1] = quadrature[i];
        }
        Fft.of(g, g).complexForward(f);
        return f;
    }

    /** The best peak of one orientation over the demodulation phases, and the phase (radians) it was found at. */
    public record PhasedPeak(Peak peak, double phase) {
    }

    /**
     * Correlates a packed in-phase/quadrature spectrum ({@link #spectrum(float[], float[], int)}) with the templates:
     * one complex inverse FFT per orientation yields both correlations (the template is real), and each of
     * {@code phases} (even) demodulation phases {@code cos(p) I + sin(p) Q}, evenly spaced over a full turn, is a
     * linear combination of them per shift. Per orientation, the best peak over all phases.
     */
    public static PhasedPeak[] correlateQuadrature(float[] spectrum, Templates t, int orientationMask, int phases) {
        double[] p = new double[phases / 2];
        for (int k = 0; k < p.length; k++) {
            p[k] = 2 * Math.PI * k / phases;
        }
        return correlateQuadrature(spectrum, t, orientationMask, p);
    }

    /**
     * As {@link #correlateQuadrature(float[], Templates, int, int)} at the given phases (radians) and, since
     * {@code corr(p + pi) = -corr(p)}, at each phase plus pi too: one pass finds both extremes.
     */
    public static PhasedPeak[] correlateQuadrature(float[] spectrum, Templates t, int orientationMask, double[] phases) {
        int g = t.g;
        int n = g * g;
        FloatFFT_2D fft = Fft.of(g, g);
        PhasedPeak[] out = new PhasedPeak[ORIENTATIONS];
        float[] prod = new float[2 * n];
        float[] corr = new float[n];
        for (int o = 0; o < ORIENTATIONS; o++) {
            if ((orientationMask & (1 << o)) == 0) {
                continue;
            }
            timesConjugate(spectrum, t.spectra[o], prod, n);
            fft.complexInverse(prod, true);
            PhasedPeak best = null;
            for (double phase : phases) {
                float c = (float) Math.cos(phase);
                float s = (float) Math.sin(phase);
                for (int i = 0; i < n; i++) {
                    corr[i] = c * prod[2 * i] + s * prod[2 * i + 1];
                }
                Peak[] both = extremes(corr, o, g);
                if (best == null || both[0].z() > best.peak().z()) {
                    best = new PhasedPeak(both[0], phase);
                }
                if (both[1].z() > best.peak().z()) {
                    best = new PhasedPeak(both[1], phase + Math.PI);
                }
            }
            out[o] = best;
        }
        return out;
    }

    /** {@code out = a x conj(b)} over {@code n} interleaved complex values ({@code out} may be {@code a}). */
    private static void timesConjugate(float[] a, float[] b, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            float ar = a[2 * i];
            float ai = a[2 * i + 1];
            float br = b[2 * i];
            float bi = -b[2 * i + 1];
            out[2 * i] = ar * br - ai * bi;
            out[2 * i + 1] = ar * bi + ai * br;
        }
    }

    /** The peak of {@code corr} and the peak of {@code -corr}, in one pass. */
    static Peak[] extremes(float[] corr, int o, int g) {
        double sum = 0;
        double sq = 0;
        int hi = 0;
        int lo = 0;
        for (int i = 0; i < corr.length; i++) {
            double v = corr[i];
            sum += v;
            sq += v * v;
            if (corr[i] > corr[hi]) {
                hi = i;
            }
            if (corr[i] < corr[lo]) {
                lo = i;
            }
        }
        int n = corr.length;
        double mean = sum / n;
        double sd = Math.sqrt(Math.max(1e-30, sq / n - mean * mean));
        return new Peak[] {peakAt(corr, hi, o, g, mean, sd, 1), peakAt(corr, lo, o, g, mean, sd, -1)};
    }

    private static Peak peakAt(float[] corr, int at, int o, int g, double mean, double sd, int sign) {
        int r = at / g;
        int c = at % g;
        int m = g - 1;
        double c0 = sign * corr[at];
        double sr = parabola(sign * corr[((r - 1) & m) * g + c], c0, sign * corr[((r + 1) & m) * g + c]);
        double sc = parabola(sign * corr[r * g + ((c - 1) & m)], c0, sign * corr[r * g + ((c + 1) & m)]);
        return new Peak(o, (c0 - sign * mean) / sd, r, c, sr, sc);
    }

    /** All four orientations. */
    public static Peak[] correlate(float[] spectrum, Templates t) {
        return correlate(spectrum, t, 0xF);
    }

    /** z-score of the maximum of a correlation surface, with parabolic sub-bin position. */
    static Peak peak(float[] corr, int o, int g) {
        return extremes(corr, o, g)[0];
    }

    private static double parabola(double a, double b, double c) {
        double d = a - 2 * b + c;
        if (d >= 0) {
            return 0;
        }
        double x = 0.5 * (a - c) / d;
        return Math.max(-0.5, Math.min(0.5, x));
    }

    /** z-score of the correlation at shift (0, 0) of an aligned tile in orientation {@code o}, over all shifts. */
    public static double zAtOrigin(float[] alignedTile, Templates t, int o) {
        int g = t.g;
        float[] f = spectrum(alignedTile, g);
        timesConjugate(f, t.spectra[o], f, g * g);
        Fft.of(g, g).complexInverse(f, true);
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < g * g; i++) {
            double v = f[2 * i];
            sum += v;
            sq += v * v;
        }
        double mean = sum / (g * g);
        double sd = Math.sqrt(Math.max(1e-30, sq / (g * g) - mean * mean));
        return (f[0] - mean) / sd;
    }

    /**
     * Per-cell sums of an aligned g x g tile (template bin (r, c) sits at tile bin {@code orient(r, c, o)}), in
     * canonical cell order.
     */
    public static double[] cellValues(float[] alignedTile, int o, int g) {
        int bpc = g / TileLayout.N;
        double[] v = new double[TileLayout.CELLS];
        for (int r = 0; r < g; r++) {
            for (int c = 0; c < g; c++) {
                int cell = (r / bpc) * TileLayout.N + c / bpc;
                v[cell] += alignedTile[orient(r, c, o, g)];
            }
        }
        return v;
    }
}
