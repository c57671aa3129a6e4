package dev.hallmark.generator.eval;

import dev.hallmark.generator.internal.Colour;
import dev.hallmark.generator.scene.SceneSpec;
import dev.hallmark.generator.scene.Vocabulary;
import dev.hallmark.generator.scene.Vocabulary.Motion;
import dev.hallmark.generator.scene.Vocabulary.Shape;
import dev.hallmark.media.I420Frame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Automatic prompt-adherence oracle for clips of the core scene vocabulary (one shape over a flat background):
 * measures the object's colour, shape and motion and the background, with fixed rules, and compares them with
 * what the prompt asked. The Java twin of tools/train/tiny_t2v/oracle.py (same rules and thresholds).
 *
 * <p>The clip is first reduced to 16 evenly spaced frames, box-averaged to a grid whose short side is 32 pixels
 * and converted to RGB. Then, in grid pixels:
 * <ul>
 *   <li>background: per-channel median of the one-pixel border ring of all frames, nearest core background;
 *   <li>membership m = clip(|rgb - bg| / d_obj, 0, 1) (0 below 0.25), d_obj = median distance of the strongest
 *       pixels (those above 0.6 x the 99.5th percentile), at least 30;
 *   <li>colour: mean rgb where m > 0.8, nearest core colour;
 *   <li>shape: median over frames with area >= 12 of kappa = area / (pi R^2), R = max(dist + m - 0.5) from the
 *       centroid over pixels with m > 0.05: circle above 0.82, square above 0.56, else triangle;
 *   <li>motion: growth g = mean area of the last 4 / first 4 valid frames: >= 1.8 growing, <= 0.55 shrinking;
 *       travel d = mean of last 3 centroids - first 3: |dx| >= 6 and |dx| >= 2|dy| left/right; >= 2 vertical
 *       reversals (1.5 px hysteresis) over a range >= 5 bouncing; |dy| >= 6 and |dy| >= 2|dx| up/down; centroid
 *       range < 3 and mean frame-to-frame membership change >= 0.12 of the area spinning; else still.
 * </ul>
 */
public final class AdherenceOracle {
    static final int GRID = 32;
    static final int FRAMES = 16;
    static final double MIN_MEMBERSHIP = 0.25;

    private AdherenceOracle() {
    }

    /** What the oracle saw. Fields are null when it could not tell (no object found). */
    public record Observation(String colour, Shape shape, Motion motion, String background, double kappa) {
    }

    /** Comparison of what was asked with what was seen. */
    public record Verdict(SceneSpec expected, Observation seen, boolean colour, boolean shape, boolean motion,
            boolean background) {
        /** Colour, shape and motion all as asked (the adherence score; background is reported separately). */
        public boolean adheres() {
            return colour && shape && motion;
        }

        public String summary() {
            return (adheres() ? "OK " : "NO ") + seen.colour() + "/" + (seen.shape() == null ? null
                    : seen.shape().word()) + "/" + (seen.motion() == null ? null : seen.motion().word()) + "/"
                    + seen.background();
        }
    }

    public static Verdict check(SceneSpec expected, List<I420Frame> clip) {
        Observation o = analyse(clip);
        return new Verdict(expected, o, expected.colour().equals(o.colour()), expected.shape() == o.shape(),
                expected.motion() == o.motion(), expected.background().equals(o.background()));
    }

    /** Analyses a clip (any size and length >= 1). */
    public static Observation analyse(List<I420Frame> clip) {
        if (clip.isEmpty()) {
            throw new IllegalArgumentException("empty clip");
        }
        int n = clip.size();
        double[][][] rgb = new double[FRAMES][][];
        I420Frame first = clip.get(0);
        int s = Math.min(first.width(), first.height());
        int gw = (int) Math.round((double) GRID * first.width() / s);
        int gh = (int) Math.round((double) GRID * first.height() / s);
        for (int j = 0; j < FRAMES; j++) {
            int idx = n == 1 ? 0 : (int) Math.round((double) j * (n - 1) / (FRAMES - 1));
            rgb[j] = downsample(clip.get(idx), gw, gh);
        }
        return analyse(rgb, gw, gh);
    }

    /** Box-averages Y, U and V onto a gw x gh grid and converts to RGB: result[y*gw+x] = {r, g, b}. */
    static double[][] downsample(I420Frame f, int gw, int gh) {
        double[][] out = new double[gw * gh][];
        int w = f.width();
        int h = f.height();
        byte[] d = f.data();
        int cw = f.chromaWidth();
        int ch = f.chromaHeight();
        for (int gy = 0; gy < gh; gy++) {
            int y0 = gy * h / gh;
            int y1 = Math.max(y0 + 1, (gy + 1) * h / gh);
            int cy0 = gy * ch / gh;
            int cy1 = Math.max(cy0 + 1, (gy + 1) * ch / gh);
            for (int gx = 0; gx < gw; gx++) {
                int x0 = gx * w / gw;
                int x1 = Math.max(x0 + 1, (gx + 1) * w / gw);
                int cx0 = gx * cw / gw;
                int cx1 = Math.max(cx0 + 1, (gx + 1) * cw / gw);
                long sy = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        sy += d[y * w + x] & 0xFF;
                    }
                }
                long su = 0;
                long sv = 0;
                for (int y = cy0; y < cy1; y++) {
                    for (int x = cx0; x < cx1; x++) {
                        su += d[f.uOffset() + y * cw + x] & 0xFF;
                        sv += d[f.vOffset() + y * cw + x] & 0xFF;
                    }
                }
                double ny = (double) sy / ((y1 - y0) * (x1 - x0));
                int nc = (cy1 - cy0) * (cx1 - cx0);
                out[gy * gw + gx] = Colour.yuvToRgb(ny, (double) su / nc, (double) sv / nc);
            }
        }
        return out;
    }

    static Observation analyse(double[][][] f, int w, int h) {
        int t = f.length;
        int hw = w * h;
        // background: median of the border ring
        List<double[]> ring = new ArrayList<>();
        for (double[][] frame : f) {
            for (int x = 0; x < w; x++) {
                ring.add(frame[x]);
                ring.add(frame[(h - 1) * w + x]);
            }
            for (int y = 1; y < h - 1; y++) {
                ring.add(frame[y * w]);
                ring.add(frame[y * w + w - 1]);
            }
        }
        double[] bg = new double[3];
        for (int c = 0; c < 3; c++) {
            double[] v = new double[ring.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = ring.get(i)[c];
            }
            bg[c] = median(v);
        }
        double[] dist = new double[t * hw];
        for (int k = 0; k < t; k++) {
            for (int i = 0; i < hw; i++) {
                double[] p = f[k][i];
                double dr = p[0] - bg[0];
                double dg = p[1] - bg[1];
                double db = p[2] - bg[2];
                dist[k * hw + i] = Math.sqrt(dr * dr + dg * dg + db * db);
            }
        }
        double dmax = percentile(dist, 99.5);
        double[] strong = Arrays.stream(dist).filter(v -> v > 0.6 * dmax).toArray();
        double dObj = Math.max(strong.length > 0 ? median(strong) : 1.0, 30.0);
        double[] m = new double[t * hw];
        double[] core = new double[3];
        int coreN = 0;
        for (int i = 0; i < m.length; i++) {
            double v = Math.min(1, dist[i] / dObj);
            m[i] = v < MIN_MEMBERSHIP ? 0 : v;
            if (m[i] > 0.8) {
                double[] p = f[i / hw][i % hw];
                core[0] += p[0];
                core[1] += p[1];
                core[2] += p[2];
                coreN++;
            }
        }
        String colour = null;
        if (coreN > 0) {
            colour = nearest(new double[] {core[0] / coreN, core[1] / coreN, core[2] / coreN}, Vocabulary.COLOURS,
                    Vocabulary.CORE_COLOURS);
        }
        double[] area = new double[t];
        double[] cx = new double[t];
        double[] cy = new double[t];
        double[] kappa = new double[t];
        for (int k = 0; k < t; k++) {
            double a = 0;
            double sx = 0;
            double sy = 0;
            for (int i = 0; i < hw; i++) {
                double v = m[k * hw + i];
                a += v;
                sx += v * (i % w + 0.5);
                sy += v * (i / w + 0.5);
            }
            area[k] = a;
            if (a < 1e-6) {
                cx[k] = cy[k] = kappa[k] = Double.NaN;
                continue;
            }
            cx[k] = sx / a;
            cy[k] = sy / a;
            double r = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < hw; i++) {
                double v = m[k * hw + i];
                if (v > 0.05) {
                    double dx = i % w + 0.5 - cx[k];
                    double dy = i / w + 0.5 - cy[k];
                    r = Math.max(r, Math.sqrt(dx * dx + dy * dy) + v - 0.5);
                }
            }
            kappa[k] = r > 0 ? a / (Math.PI * r * r) : Double.NaN;
        }
        List<Double> ks = new ArrayList<>();
        for (int k = 0; k < t; k++) {
            if (area[k] >= 12 && !Double.isNaN(kappa[k])) {
                ks.add(kappa[k]);
            }
        }
        if (ks.isEmpty()) {
            int best = 0;
            for (int k = 1; k < t; k++) {
                if (area[k] > area[best]) {
                    best = k;
                }
            }
            if (!Double.isNaN(kappa[best])) {
                ks.add(kappa[best]);
            }
        }
        double kap = ks.isEmpty() ? Double.NaN : median(ks.stream().mapToDouble(Double::doubleValue).toArray());
        Shape shape = Double.isNaN(kap) ? null : kap > 0.82 ? Shape.CIRCLE : kap > 0.56 ? Shape.SQUARE
                : Shape.TRIANGLE;
        Motion motion = motion(m, hw, area, cx, cy);
        String background = nearest(bg, Vocabulary.BACKGROUNDS, Vocabulary.CORE_BACKGROUNDS);
        return new Observation(colour, shape, motion, background, kap);
    }

    private static Motion motion(double[] m, int hw, double[] area, double[] cx, double[] cy) {
        List<Integer> valid = new ArrayList<>();
        for (int k = 0; k < area.length; k++) {
            if (area[k] >= 3) {
                valid.add(k);
            }
        }
        int nv = valid.size();
        if (nv < 6) {
            return null;
        }
        double[] a = new double[nv];
        double[] x = new double[nv];
        double[] y = new double[nv];
        for (int i = 0; i < nv; i++) {
            a[i] = area[valid.get(i)];
            x[i] = cx[valid.get(i)];
            y[i] = cy[valid.get(i)];
        }
        double g = mean(a, nv - 4, nv) / Math.max(mean(a, 0, 4), 1e-6);
        if (g >= 1.8) {
            return Motion.GROWING;
        }
        if (g <= 0.55) {
            return Motion.SHRINKING;
        }
        double dx = mean(x, nv - 3, nv) - mean(x, 0, 3);
        double dy = mean(y, nv - 3, nv) - mean(y, 0, 3);
        if (Math.abs(dx) >= 6 && Math.abs(dx) >= 2 * Math.abs(dy)) {
            return dx > 0 ? Motion.RIGHT : Motion.LEFT;
        }
        double yr = Arrays.stream(y).max().getAsDouble() - Arrays.stream(y).min().getAsDouble();
        if (reversals(y, 1.5) >= 2 && yr >= 5) {
            return Motion.BOUNCING;
        }
        if (Math.abs(dy) >= 6 && Math.abs(dy) >= 2 * Math.abs(dx)) {
            return dy > 0 ? Motion.DOWN : Motion.UP;
        }
        double xr = Arrays.stream(x).max().getAsDouble() - Arrays.stream(x).min().getAsDouble();
        if (Math.max(xr, yr) < 3) {
            double change = 0;
            for (int i = 0; i + 1 < nv; i++) {
                int p = valid.get(i);
                int q = valid.get(i + 1);
                double diff = 0;
                for (int j = 0; j < hw; j++) {
                    diff += Math.abs(m[p * hw + j] - m[q * hw + j]);
                }
                change += diff / Math.max(0.5 * (area[p] + area[q]), 1e-6);
            }
            if (change / (nv - 1) >= 0.12) {
                return Motion.SPINNING;
            }
        }
        return Motion.STILL;
    }

    static int reversals(double[] seq, double hysteresis) {
        int count = 0;
        int direction = 0;
        double anchor = seq[0];
        for (int i = 1; i < seq.length; i++) {
            double v = seq[i];
            if (direction >= 0 && v < anchor - hysteresis) {
                if (direction > 0) {
                    count++;
                }
                direction = -1;
                anchor = v;
            } else if (direction <= 0 && v > anchor + hysteresis) {
                if (direction < 0) {
                    count++;
                }
                direction = 1;
                anchor = v;
            } else if ((direction > 0 && v > anchor) || (direction < 0 && v < anchor)) {
                anchor = v;
            }
        }
        return count;
    }

    private static String nearest(double[] rgb, Map<String, int[]> palette, List<String> names) {
        String best = null;
        double bd = Double.MAX_VALUE;
        for (String name : names) {
            int[] ref = palette.get(name);
            double d = 0;
            for (int c = 0; c < 3; c++) {
                d += (rgb[c] - ref[c]) * (rgb[c] - ref[c]);
            }
            if (d < bd) {
                bd = d;
                best = name;
            }
        }
        return best;
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }

    /** numpy's default (linear) percentile. */
    static double percentile(double[] v, double p) {
        double[] c = v.clone();
        Arrays.sort(c);
        double pos = p / 100 * (c.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(c.length - 1, lo + 1);
        return c[lo] + (c[hi] - c[lo]) * (pos - lo);
    }
}
