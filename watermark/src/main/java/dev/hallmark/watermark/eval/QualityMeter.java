package dev.hallmark.watermark.eval;

import dev.hallmark.media.I420Frame;

/**
 * Fidelity of marked frames against their originals: luma MSE, RGB MSE (BT.601 limited-range YUV to 8-bit RGB, as a
 * player shows it), SSIM on luma (8 x 8 windows every 4 pixels, the constants of Wang et al. 2004), and per-frame
 * luma PSNR for the flicker figure.
 */
public final class QualityMeter {
    private double sumSqY;
    private double sumSqRgb;
    private long pixels;
    private double ssimSum;
    private long frames;
    private double psnrSum;
    private double psnrSq;
    private double psnrMin = Double.POSITIVE_INFINITY;
    private double psnrMax = Double.NEGATIVE_INFINITY;
    private double prevMeanDelta = Double.NaN;
    private double temporalDeltaSum;
    private long temporalCount;

    /** Adds one pair of frames (same size). */
    public void add(I420Frame original, I420Frame marked) {
        int w = original.width();
        int h = original.height();
        byte[] a = original.data();
        byte[] b = marked.data();
        double sq = 0;
        double sqRgb = 0;
        double meanDelta = 0;
        int cw = original.chromaWidth();
        for (int y = 0; y < h; y++) {
            int crow = (y / 2) * cw;
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int ya = a[i] & 0xFF;
                int yb = b[i] & 0xFF;
                int d = ya - yb;
                sq += d * d;
                meanDelta += yb - ya;
                int ci = crow + x / 2;
                int ua = (a[original.uOffset() + ci] & 0xFF) - 128;
                int va = (a[original.vOffset() + ci] & 0xFF) - 128;
                int ub = (b[marked.uOffset() + ci] & 0xFF) - 128;
                int vb = (b[marked.vOffset() + ci] & 0xFF) - 128;
                sqRgb += rgbSq(ya, ua, va, yb, ub, vb);
            }
        }
        long n = (long) w * h;
        sumSqY += sq;
        sumSqRgb += sqRgb;
        pixels += n;
        double mse = sq / n;
        double psnr = mse == 0 ? 100 : 10 * Math.log10(255.0 * 255.0 / mse);
        psnrSum += psnr;
        psnrSq += psnr * psnr;
        psnrMin = Math.min(psnrMin, psnr);
        psnrMax = Math.max(psnrMax, psnr);
        ssimSum += ssim(a, b, w, h);
        meanDelta /= n;
        if (!Double.isNaN(prevMeanDelta)) {
            temporalDeltaSum += Math.abs(meanDelta - prevMeanDelta);
            temporalCount++;
        }
        prevMeanDelta = meanDelta;
        frames++;
    }

    private static int clamp(double v) {
        int r = (int) Math.round(v);
        return r < 0 ? 0 : (r > 255 ? 255 : r);
    }

    /** Squared RGB error summed over R, G, B for one pixel (BT.601, limited range). */
    private static double rgbSq(int ya, int ua, int va, int yb, int ub, int vb) {
        double la = 1.164 * (ya - 16);
        double lb = 1.164 * (yb - 16);
        int ra = clamp(la + 1.596 * va);
        int ga = clamp(la - 0.392 * ua - 0.813 * va);
        int ba = clamp(la + 2.017 * ua);
        int rb = clamp(lb + 1.596 * vb);
        int gb = clamp(lb - 0.392 * ub - 0.813 * vb);
        int bb = clamp(lb + 2.017 * ub);
        return (ra - rb) * (ra - rb) + (ga - gb) * (ga - gb) + (ba - bb) * (ba - bb);
    }

    static double ssim(byte[] a, byte[] b, int w, int h) {
        final double c1 = (0.01 * 255) * (0.01 * 255);
        final double c2 = (0.03 * 255) * (0.03 * 255);
        double total = 0;
        int count = 0;
        for (int y = 0; y + 8 <= h; y += 4) {
            for (int x = 0; x + 8 <= w; x += 4) {
                double sa = 0;
                double sb = 0;
                double saa = 0;
                double sbb = 0;
                double sab = 0;
                for (int dy = 0; dy < 8; dy++) {
                    int base = (y + dy) * w + x;
                    for (int dx = 0; dx < 8; dx++) {
                        int pa = a[base + dx] & 0xFF;
                        int pb = b[base + dx] & 0xFF;
                        sa += pa;
                        sb += pb;
                        saa += pa * pa;
                        sbb += pb * pb;
                        sab += pa * pb;
                    }
                }
                double ma = sa / 64;
                double mb = sb / 64;
                double va = saa / 64 - ma * ma;
                double vb = sbb / 64 - mb * mb;
                double cov = sab / 64 - ma * mb;
                total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                count++;
            }
        }
        return count == 0 ? 1 : total / count;
    }

    public long frames() {
        return frames;
    }

    public double psnrY() {
        return pixels == 0 ? Double.NaN : 10 * Math.log10(255.0 * 255.0 / (sumSqY / pixels));
    }

    /** PSNR over R, G and B together. */
    public double psnrRgb() {
        return pixels == 0 ? Double.NaN : 10 * Math.log10(255.0 * 255.0 / (sumSqRgb / (3.0 * pixels)));
    }

    public double ssimY() {
        return frames == 0 ? Double.NaN : ssimSum / frames;
    }

    /** Standard deviation of per-frame luma PSNR (dB). */
    public double psnrSpread() {
        if (frames == 0) {
            return Double.NaN;
        }
        double m = psnrSum / frames;
        return Math.sqrt(Math.max(0, psnrSq / frames - m * m));
    }

    public double psnrMin() {
        return psnrMin;
    }

    public double psnrMax() {
        return psnrMax;
    }

    /** Mean absolute frame-to-frame change of the mark's mean level (luma levels): a global flicker measure. */
    public double meanLevelFlicker() {
        return temporalCount == 0 ? 0 : temporalDeltaSum / temporalCount;
    }

    /** Merges another meter's sums into this one. */
    public void merge(QualityMeter o) {
        sumSqY += o.sumSqY;
        sumSqRgb += o.sumSqRgb;
        pixels += o.pixels;
        ssimSum += o.ssimSum;
        frames += o.frames;
        psnrSum += o.psnrSum;
        psnrSq += o.psnrSq;
        psnrMin = Math.min(psnrMin, o.psnrMin);
        psnrMax = Math.max(psnrMax, o.psnrMax);
        temporalDeltaSum += o.temporalDeltaSum;
        temporalCount += o.temporalCount;
    }
}
