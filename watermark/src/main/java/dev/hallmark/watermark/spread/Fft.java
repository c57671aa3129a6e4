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

    static FloatFFT_2D of(int rows, int cols) {
        return new FloatFFT_2D(rows, cols);
    }
}
