package dev.hallmark.generator.internal;

import dev.hallmark.media.I420Frame;

/**
 * Resamples a small planar RGB frame to an {@link I420Frame} of any size: separable bicubic (Keys, a = -0.5,
 * "Catmull-Rom"), fit to the output height or width with the source centred; samples outside the source repeat
 * its edge, so a square model frame in a wide output extends its background sideways instead of stretching shapes.
 * Colour conversion: BT.601 limited range (the H.264 default for untagged streams), chroma averaged over 2x2.
 * One instance per (source size, output size); not thread-safe (reuses its buffers).
 */
public final class Upscaler {
    private final int sw;
    private final int sh;
    private final int ow;
    private final int oh;
    private final int[] xIdx;
    private final float[] xW;
    private final int[] yIdx;
    private final float[] yW;
    private final float[] tmp; // 3 x sh x ow, after the horizontal pass
    private final float[] rgb; // 3 x oh x ow

    public Upscaler(int srcWidth, int srcHeight, int outWidth, int outHeight) {
        this.sw = srcWidth;
        this.sh = srcHeight;
        this.ow = outWidth;
        this.oh = outHeight;
        double scale = Math.min((double) outWidth / srcWidth, (double) outHeight / srcHeight);
        double offX = (outWidth - srcWidth * scale) / 2;
        double offY = (outHeight - srcHeight * scale) / 2;
        xIdx = new int[ow * 4];
        xW = new float[ow * 4];
        yIdx = new int[oh * 4];
        yW = new float[oh * 4];
        taps(ow, sw, scale, offX, xIdx, xW);
        taps(oh, sh, scale, offY, yIdx, yW);
        tmp = new float[3 * sh * ow];
        rgb = new float[3 * oh * ow];
    }

    private static void taps(int out, int src, double scale, double off, int[] idx, float[] w) {
        for (int o = 0; o < out; o++) {
            double s = (o + 0.5 - off) / scale - 0.5;
            int base = (int) Math.floor(s);
            double f = s - base;
            double sum = 0;
            for (int k = 0; k < 4; k++) {
                int i = base - 1 + k;
                double wt = cubic(f - (k - 1));
                idx[o * 4 + k] = Math.max(0, Math.min(src - 1, i));
                w[o * 4 + k] = (float) wt;
                sum += wt;
            }
            for (int k = 0; k < 4; k++) {
                w[o * 4 + k] /= (float) sum;
            }
        }
    }

    private static double cubic(double x) {
        double a = -0.5;
        x = Math.abs(x);
        if (x < 1) {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
            return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
        }
        return 0;
    }

    /**
     * @param src planar RGB, {@code src[c * sh * sw + y * sw + x]}, values in [lo, hi]
     * @param offset where the frame starts in {@code src}
     */
    public void toI420(float[] src, int offset, float lo, float hi, I420Frame out) {
        if (out.width() != ow || out.height() != oh) {
            throw new IllegalArgumentException("frame is " + out.width() + "x" + out.height() + ", expected " + ow + "x" + oh);
        }
        float norm = 1f / (hi - lo);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < sh; y++) {
                int srow = offset + c * sh * sw + y * sw;
                int trow = c * sh * ow + y * ow;
                for (int x = 0; x < ow; x++) {
                    int k = x * 4;
                    tmp[trow + x] = xW[k] * src[srow + xIdx[k]] + xW[k + 1] * src[srow + xIdx[k + 1]]
                            + xW[k + 2] * src[srow + xIdx[k + 2]] + xW[k + 3] * src[srow + xIdx[k + 3]];
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            int tplane = c * sh * ow;
            int oplane = c * oh * ow;
            for (int y = 0; y < oh; y++) {
                int k = y * 4;
                int r0 = tplane + yIdx[k] * ow;
                int r1 = tplane + yIdx[k + 1] * ow;
                int r2 = tplane + yIdx[k + 2] * ow;
                int r3 = tplane + yIdx[k + 3] * ow;
                float w0 = yW[k];
                float w1 = yW[k + 1];
                float w2 = yW[k + 2];
                float w3 = yW[k + 3];
                int orow = oplane + y * ow;
                for (int x = 0; x < ow; x++) {
                    float v = w0 * tmp[r0 + x] + w1 * tmp[r1 + x] + w2 * tmp[r2 + x] + w3 * tmp[r3 + x];
                    v = (v - lo) * norm;
                    rgb[orow + x] = v < 0 ? 0 : (v > 1 ? 1 : v);
                }
            }
        }
        rgbToI420(rgb, ow, oh, out);
    }

    /** Planar RGB in [0, 1] (3 x h x w) to I420, BT.601 limited range. */
    public static void rgbToI420(float[] rgb, int w, int h, I420Frame out) {
        byte[] d = out.data();
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            float r = rgb[i];
            float g = rgb[plane + i];
            float b = rgb[2 * plane + i];
            d[i] = (byte) (int) (16.5f + 65.481f * r + 128.553f * g + 24.966f * b);
        }
        int cw = out.chromaWidth();
        int ch = out.chromaHeight();
        int uo = out.uOffset();
        int vo = out.vOffset();
        for (int cy = 0; cy < ch; cy++) {
            int y0 = 2 * cy;
            int y1 = Math.min(h - 1, y0 + 1);
            for (int cx = 0; cx < cw; cx++) {
                int x0 = 2 * cx;
                int x1 = Math.min(w - 1, x0 + 1);
                int a = y0 * w + x0;
                int b2 = y0 * w + x1;
                int c = y1 * w + x0;
                int e = y1 * w + x1;
                float r = 0.25f * (rgb[a] + rgb[b2] + rgb[c] + rgb[e]);
                float g = 0.25f * (rgb[plane + a] + rgb[plane + b2] + rgb[plane + c] + rgb[plane + e]);
                float bl = 0.25f * (rgb[2 * plane + a] + rgb[2 * plane + b2] + rgb[2 * plane + c] + rgb[2 * plane + e]);
                d[uo + cy * cw + cx] = (byte) (int) (128.5f - 37.797f * r - 74.203f * g + 112.0f * bl);
                d[vo + cy * cw + cx] = (byte) (int) (128.5f + 112.0f * r - 93.786f * g - 18.214f * bl);
            }
        }
    }
}
