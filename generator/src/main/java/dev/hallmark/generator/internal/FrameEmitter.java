package dev.hallmark.generator.internal;

import dev.hallmark.generator.FrameSink;
import dev.hallmark.generator.GenerationRequest;
import dev.hallmark.media.I420Frame;
import java.util.function.LongConsumer;

/**
 * Turns a model's native clip (planar RGB, {@code [3][T][H][W]}) into the requested frames: the native clip is
 * stretched over the requested duration (frame i sits at native position {@code i * (T-1) / (N-1)}), neighbouring
 * native frames are blended linearly, and each blend is upscaled by {@link Upscaler}.
 */
public final class FrameEmitter {
    private FrameEmitter() {
    }

    /**
     * @param clip planar RGB {@code clip[c*T*H*W + t*H*W + y*W + x]} in [lo, hi]
     * @param unitsBefore work units already reported; one more is reported per frame
     */
    public static <E extends Exception> void emit(float[] clip, int t, int h, int w, float lo, float hi,
            GenerationRequest req, FrameSink<E> sink, LongConsumer progress, long unitsBefore) throws E {
        int n = req.frameCount();
        Upscaler up = new Upscaler(w, h, req.width(), req.height());
        I420Frame out = new I420Frame(req.width(), req.height());
        int hw = h * w;
        float[] blend = new float[3 * hw];
        for (int i = 0; i < n; i++) {
            double p = n == 1 || t == 1 ? 0 : (double) i * (t - 1) / (n - 1);
            int f0 = (int) Math.floor(p);
            int f1 = Math.min(t - 1, f0 + 1);
            float a = (float) (p - f0);
            for (int c = 0; c < 3; c++) {
                int b0 = c * t * hw + f0 * hw;
                int b1 = c * t * hw + f1 * hw;
                int o = c * hw;
                for (int k = 0; k < hw; k++) {
                    blend[o + k] = (1 - a) * clip[b0 + k] + a * clip[b1 + k];
                }
            }
            up.toI420(blend, 0, lo, hi, out);
            out.setPosition(i, req.fps().timestampMicros(i));
            sink.accept(out);
            progress.accept(unitsBefore + i + 1);
        }
    }
}
