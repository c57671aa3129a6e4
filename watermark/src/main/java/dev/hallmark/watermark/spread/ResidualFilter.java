package dev.hallmark.watermark.spread;

/**
 * The detector's per-frame operator, shared with the embedder (which uses it to see its own mark as the detector
 * will): decimate the luma by an integer factor {@code k} (box means), take the residual {@code r = Y - box_R(Y)},
 * normalise it by local activity and clip:
 * {@code q = clip(r / (mean(|r|, 7 x 7) + 0.5), +-3)}. Normalising keeps textured areas, whose residual is mostly
 * host, from drowning flat ones; clipping bounds any single pixel's say.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class ResidualFilter {
    static final int NORM_RADIUS = 3;
    static final float CLIP = 3f;

    private final int frameWidth;
    private final int frameHeight;
    private final int decimation;
    private final int radius;
    private final int w;
    private final int h;
    private final int[] lum;
    private final int[] box;
    private final int[] residual;
    private final int[] absRes;
    private final int[] tmp;
    private final int[] col;

    public ResidualFilter(int frameWidth, int frameHeight, int decimation, int radius) {
        if (decimation < 1 || radius < 1) {
            throw new IllegalArgumentException("bad filter settings");
        }
        this.frameWidth = frameWidth;
        this.frameHeight = frameHeight;
        this.decimation = decimation;
        this.radius = radius;
        this.w = frameWidth / decimation;
        this.h = frameHeight / decimation;
        if (w < 4 * (radius + NORM_RADIUS) || h < 4 * (radius + NORM_RADIUS)) {
            throw new IllegalArgumentException("frame too small for the watermark: " + frameWidth + "x" + frameHeight);
        }
        int n = w * h;
        lum = new int[n];
        box = new int[n];
        residual = new int[n];
        absRes = new int[n];
        tmp = new int[n];
        col = new int[w];
    }

    /** The filter the detector uses for frames of this size. */
    public static ResidualFilter forFrame(int width, int height) {
        int k = decimationFor(width, height);
        return new ResidualFilter(width, height, k, radiusFor(width, height, k));
    }

    /** Working-resolution decimation: keeps nominal cells at 2.5 pixels or more (short side >= 360). */
    public static int decimationFor(int width, int height) {
        return Math.max(1, Math.min(width, height) / 360);
    }

    /** Residual box radius: about a third of a nominal cell at the working resolution, at least 1. */
    public static int radiusFor(int width, int height, int decimation) {
        return Math.max(1, (int) Math.round(TileGeometry.cellSize(width, height) / decimation / 3));
    }

    public int width() {
        return w;
    }

    public int height() {
        return h;
    }

    public int decimation() {
        return decimation;
    }

    public int frameWidth() {
        return frameWidth;
    }

    public int frameHeight() {
        return frameHeight;
    }

    /** Computes q for one frame's luma (stride = frame width) into {@code out} (working size). */
    public void apply(byte[] luma, float[] out) {
        decimate(luma);
        int side = 2 * radius + 1;
        int norm = side * side;
        boxSum(lum, box, tmp, w, h, radius, col);
        int n = w * h;
        for (int i = 0; i < n; i++) {
            int v = lum[i] * norm - box[i];
            residual[i] = v;
            absRes[i] = v < 0 ? -v : v;
        }
        boxSum(absRes, box, tmp, w, h, NORM_RADIUS, col);
        int normSide = 2 * NORM_RADIUS + 1;
        float eps = 0.5f * norm * decimation * decimation;
        float inv = 1f / (normSide * normSide);
        float c = CLIP;
        for (int i = 0; i < n; i++) {
            float q = residual[i] / (box[i] * inv + eps);
            out[i] = q > c ? c : (q < -c ? -c : q);
        }
    }

    private void decimate(byte[] luma) {
        int k = decimation;
        int fw = frameWidth;
        if (k == 1) {
            for (int i = 0; i < w * h; i++) {
                lum[i] = luma[i] & 0xFF;
            }
            return;
        }
        // the first of a block's k rows stores its sums, the others add theirs; k = 2 and 3 (720p and 1080p frames)
        // unrolled, the same integer sums in any case
        for (int y = 0; y < h * k; y++) {
            int dst = (y / k) * w;
            int src = y * fw;
            boolean first = y % k == 0;
            if (k == 2) {
                for (int x = 0, p = src; x < w; x++, p += 2) {
                    int s = (luma[p] & 0xFF) + (luma[p + 1] & 0xFF);
                    lum[dst + x] = first ? s : lum[dst + x] + s;
                }
            } else if (k == 3) {
                for (int x = 0, p = src; x < w; x++, p += 3) {
                    int s = (luma[p] & 0xFF) + (luma[p + 1] & 0xFF) + (luma[p + 2] & 0xFF);
                    lum[dst + x] = first ? s : lum[dst + x] + s;
                }
            } else {
                for (int x = 0; x < w; x++) {
                    int s = 0;
                    int p = src + x * k;
                    for (int i = 0; i < k; i++) {
                        s += luma[p + i] & 0xFF;
                    }
                    lum[dst + x] = first ? s : lum[dst + x] + s;
                }
            }
        }
    }

    /** Box sums of radius {@code r} with clamped edges (separable running sums): src -> tmp -> dst. */
    static void boxSum(int[] src, int[] dst, int[] tmp, int w, int h, int r, int[] col) {
        for (int y = 0; y < h; y++) {
            int base = y * w;
            int s = 0;
            for (int dx = -r; dx <= r; dx++) {
                s += src[base + clampIndex(dx, w)];
            }
            tmp[base] = s;
            if (w > 2 * r + 1) {
                // left edge (the window leaves nothing behind but the clamped first pixel), interior, right edge
                int first = src[base];
                int last = src[base + w - 1];
                int x = 1;
                for (; x <= r; x++) {
                    s += src[base + x + r] - first;
                    tmp[base + x] = s;
                }
                for (; x < w - r; x++) {
                    s += src[base + x + r] - src[base + x - r - 1];
                    tmp[base + x] = s;
                }
                for (; x < w; x++) {
                    s += last - src[base + x - r - 1];
                    tmp[base + x] = s;
                }
            } else {
                for (int x = 1; x < w; x++) {
                    s += src[base + Math.min(w - 1, x + r)] - src[base + Math.max(0, x - r - 1)];
                    tmp[base + x] = s;
                }
            }
        }
        for (int x = 0; x < w; x++) {
            int s = 0;
            for (int dy = -r; dy <= r; dy++) {
                s += tmp[clampIndex(dy, h) * w + x];
            }
            col[x] = s;
        }
        System.arraycopy(col, 0, dst, 0, w);
        for (int y = 1; y < h; y++) {
            int add = Math.min(h - 1, y + r) * w;
            int sub = Math.max(0, y - r - 1) * w;
            int base = y * w;
            for (int x = 0; x < w; x++) {
                int v = col[x] + tmp[add + x] - tmp[sub + x];
                col[x] = v;
                dst[base + x] = v;
            }
        }
    }

    private static int clampIndex(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }
}
