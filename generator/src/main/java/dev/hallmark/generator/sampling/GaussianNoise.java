package dev.hallmark.generator.sampling;

import java.util.SplittableRandom;

/**
 * Seeded standard-normal noise, the same on every JVM and machine: {@link SplittableRandom} (specified algorithm)
 * and the Box-Muller transform with {@link StrictMath}.
 */
public final class GaussianNoise {
    private GaussianNoise() {
    }

    public static float[] of(int n, long seed) {
        float[] out = new float[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i += 2) {
            double u1 = 1.0 - r.nextDouble(); // (0, 1]
            double u2 = r.nextDouble();
            double rad = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
            double a = 2 * StrictMath.PI * u2;
            out[i] = (float) (rad * StrictMath.cos(a));
            if (i + 1 < n) {
                out[i + 1] = (float) (rad * StrictMath.sin(a));
            }
        }
        return out;
    }
}
