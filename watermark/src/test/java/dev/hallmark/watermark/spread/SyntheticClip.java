package dev.hallmark.watermark.spread;

import dev.hallmark.media.I420Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A generated test clip: textured, lit, slowly panning content with sensor-like noise (seeded). */
final class SyntheticClip {
    private SyntheticClip() {
    }

    /** {@code count} frames of {@code w x h}, the view panning one pixel every {@code framesPerPixel} frames. */
    static List<I420Frame> frames(int w, int h, int count, long seed, int framesPerPixel) {
        Random r = new Random(seed);
        // a texture larger than the frame: sums of random blobs and stripes
        int tw = w + count / framesPerPixel + 16;
        int th = h + 16;
        float[] tex = new float[tw * th];
        for (int b = 0; b < 400; b++) {
            double cx = r.nextDouble() * tw;
            double cy = r.nextDouble() * th;
            double rad = 3 + r.nextDouble() * 25;
            double amp = (r.nextDouble() - 0.5) * 60;
            int x0 = (int) Math.max(0, cx - 3 * rad);
            int x1 = (int) Math.min(tw - 1, cx + 3 * rad);
            int y0 = (int) Math.max(0, cy - 3 * rad);
            int y1 = (int) Math.min(th - 1, cy + 3 * rad);
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (rad * rad);
                    tex[y * tw + x] += (float) (amp * Math.exp(-d2));
                }
            }
        }
        List<I420Frame> out = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            I420Frame f = new I420Frame(w, h);
            f.fill(0, 128, 128);
            byte[] d = f.data();
            int ox = t / framesPerPixel;
            for (int y = 0; y < h; y++) {
                double light = 110 + 40 * Math.sin(y * Math.PI / h);
                for (int x = 0; x < w; x++) {
                    double v = light + tex[(y + 8) * tw + x + ox] + 2 * r.nextGaussian();
                    d[y * w + x] = (byte) Math.max(16, Math.min(235, Math.round(v)));
                }
            }
            for (int i = f.uOffset(); i < d.length; i++) {
                d[i] = (byte) (118 + (i % 23));
            }
            f.setPosition(t, t * 1_000_000L / 24);
            out.add(f);
        }
        return out;
    }
}
