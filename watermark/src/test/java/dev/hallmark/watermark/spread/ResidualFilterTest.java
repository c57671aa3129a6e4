package dev.hallmark.watermark.spread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ResidualFilterTest {
    /** Straightforward reference of the operator, pixel by pixel. */
    private static float[] reference(byte[] luma, int fw, int fh, int k, int r) {
        int w = fw / k;
        int h = fh / k;
        double[] lum = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int dy = 0; dy < k; dy++) {
                    for (int dx = 0; dx < k; dx++) {
                        s += luma[(y * k + dy) * fw + x * k + dx] & 0xFF;
                    }
                }
                lum[y * w + x] = s / (k * k);
            }
        }
        double[] res = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int dy = -r; dy <= r; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        int yy = Math.max(0, Math.min(h - 1, y + dy));
                        int xx = Math.max(0, Math.min(w - 1, x + dx));
                        s += lum[yy * w + xx];
                    }
                }
                res[y * w + x] = lum[y * w + x] - s / ((2 * r + 1) * (2 * r + 1));
            }
        }
        int n = ResidualFilter.NORM_RADIUS;
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int dy = -n; dy <= n; dy++) {
                    for (int dx = -n; dx <= n; dx++) {
                        int yy = Math.max(0, Math.min(h - 1, y + dy));
                        int xx = Math.max(0, Math.min(w - 1, x + dx));
                        s += Math.abs(res[yy * w + xx]);
                    }
                }
                double q = res[y * w + x] / (s / ((2 * n + 1) * (2 * n + 1)) + 0.5);
                out[y * w + x] = (float) Math.max(-3, Math.min(3, q));
            }
        }
        return out;
    }

    /**
     * The operator as first written (one loop for any decimation, clamped indices on every pixel): the calibrations
     * were measured with it, so the filter must give exactly its floats, not merely close ones.
     */
    private static float[] firstImplementation(byte[] luma, int fw, int fh, int k, int r) {
        int w = fw / k;
        int h = fh / k;
        int[] lum = new int[w * h];
        for (int y = 0; y < h * k; y++) {
            for (int x = 0; x < w; x++) {
                int s = 0;
                for (int i = 0; i < k; i++) {
                    s += luma[y * fw + x * k + i] & 0xFF;
                }
                lum[(y / k) * w + x] += s;
            }
        }
        int norm = (2 * r + 1) * (2 * r + 1);
        int[] box = clampedBoxSum(lum, w, h, r);
        int[] residual = new int[w * h];
        int[] abs = new int[w * h];
        for (int i = 0; i < residual.length; i++) {
            residual[i] = lum[i] * norm - box[i];
            abs[i] = Math.abs(residual[i]);
        }
        int n = ResidualFilter.NORM_RADIUS;
        int[] act = clampedBoxSum(abs, w, h, n);
        float eps = 0.5f * norm * k * k;
        float inv = 1f / ((2 * n + 1) * (2 * n + 1));
        float[] out = new float[w * h];
        for (int i = 0; i < out.length; i++) {
            float q = residual[i] / (act[i] * inv + eps);
            out[i] = q > 3f ? 3f : (q < -3f ? -3f : q);
        }
        return out;
    }

    private static int[] clampedBoxSum(int[] src, int w, int h, int r) {
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int s = 0;
                for (int dy = -r; dy <= r; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        s += src[Math.max(0, Math.min(h - 1, y + dy)) * w + Math.max(0, Math.min(w - 1, x + dx))];
                    }
                }
                out[y * w + x] = s;
            }
        }
        return out;
    }

    @Test
    void givesExactlyTheFloatsOfTheFirstImplementation() {
        Random rnd = new Random(11);
        for (int[] c : new int[][] {{97, 61, 1, 1}, {130, 98, 2, 1}, {128, 96, 2, 2}, {1920, 1080, 3, 2},
                {1283, 722, 2, 2}, {202, 151, 3, 1}, {260, 244, 4, 2}, {160, 120, 1, 5}}) {
            int fw = c[0];
            int fh = c[1];
            byte[] luma = new byte[fw * fh];
            for (int i = 0; i < luma.length; i++) {
                luma[i] = (byte) (i % 7 == 0 ? rnd.nextInt(256) : 90 + 40 * Math.sin(i * 0.003) + rnd.nextInt(12));
            }
            ResidualFilter f = new ResidualFilter(fw, fh, c[2], c[3]);
            float[] got = new float[f.width() * f.height()];
            f.apply(luma, got);
            float[] want = firstImplementation(luma, fw, fh, c[2], c[3]);
            for (int i = 0; i < got.length; i++) {
                if (Float.floatToIntBits(got[i]) != Float.floatToIntBits(want[i])) {
                    throw new AssertionError(String.format("pixel %d of %dx%d/%d r%d: %s, first implementation %s",
                            i, fw, fh, c[2], c[3], got[i], want[i]));
                }
            }
        }
    }

    @Test
    void matchesTheReferenceOperator() {
        Random rnd = new Random(3);
        for (int[] c : new int[][] {{97, 61, 1, 1}, {128, 96, 2, 1}, {150, 120, 3, 2}}) {
            int fw = c[0];
            int fh = c[1];
            byte[] luma = new byte[fw * fh];
            for (int i = 0; i < luma.length; i++) {
                luma[i] = (byte) (100 + 20 * Math.sin(i * 0.01) + rnd.nextInt(30));
            }
            ResidualFilter f = new ResidualFilter(fw, fh, c[2], c[3]);
            float[] got = new float[f.width() * f.height()];
            f.apply(luma, got);
            float[] want = reference(luma, fw, fh, c[2], c[3]);
            for (int i = 0; i < got.length; i++) {
                assertThat(got[i]).as("pixel %d of %dx%d/%d", i, fw, fh, c[2]).isCloseTo(want[i], within(1e-4f));
            }
        }
    }

    @Test
    void workingResolutionKeepsCellsAtTwoAndAHalfPixels() {
        assertThat(ResidualFilter.decimationFor(768, 576)).isEqualTo(1);
        assertThat(ResidualFilter.decimationFor(1280, 720)).isEqualTo(2);
        assertThat(ResidualFilter.decimationFor(1920, 1080)).isEqualTo(3);
        assertThat(ResidualFilter.decimationFor(1080, 1920)).isEqualTo(3);
        assertThat(ResidualFilter.decimationFor(320, 240)).isEqualTo(1);
    }
}
