package dev.hallmark.watermark.spread;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jtransforms.fft.FloatFFT_2D;

/** JTransforms FFTs on a daemon thread pool (its default pool would keep the JVM alive after main returns). */
final class Fft {
    static {
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "hallmark-watermark-fft");
            t.setDaemon(true);
            return t;
        });
        pl.edu.icm.jlargearrays.ConcurrencyUtils.setThreadPool(pool);
        pl.edu.icm.jlargearrays.ConcurrencyUtils.setNumberOfThreads(2);
    }

    private Fft() {
    }

    /** Per-thread cache of plans (building one allocates its twiddle tables; plans are not shared across threads). */
    private static final ThreadLocal<java.util.Map<Long, FloatFFT_2D>> PLANS =
            ThreadLocal.withInitial(java.util.HashMap::new);

    static FloatFFT_2D of(int rows, int cols) {
        return PLANS.get().computeIfAbsent(((long) rows << 32) | cols, k -> new FloatFFT_2D(rows, cols));
    }
}
