package dev.hallmark.generator.sampling;

import java.util.Locale;

/**
 * Where a sample is on the way from data to noise: {@code x = alpha * x0 + sigma * eps}, and what timestep value
 * the denoiser expects there.
 */
public sealed interface NoiseSchedule permits NoiseSchedule.Flow, NoiseSchedule.Ddpm {

    /** Sampler grid: {@code steps + 1} points from pure noise (index 0) to clean (index steps). */
    Point[] grid(int steps);

    /**
     * One grid point.
     *
     * @param modelTimestep what the denoiser's timestep input gets
     */
    record Point(double alpha, double sigma, float modelTimestep) {
    }

    /**
     * Rectified flow: {@code sigma = shift*t / (1 + (shift-1)*t)}, {@code alpha = 1 - sigma}, t from 1 to 0 in
     * equal steps; the model timestep is {@code sigma * timestepScale} (1 for models trained on t in [0,1],
     * 1000 for SD3-style).
     */
    record Flow(double shift, double timestepScale) implements NoiseSchedule {
        public Flow {
            if (!(shift > 0) || !(timestepScale > 0)) {
                throw new IllegalArgumentException("flow shift and timestepScale must be > 0");
            }
        }

        @Override
        public Point[] grid(int steps) {
            Point[] g = new Point[steps + 1];
            for (int i = 0; i <= steps; i++) {
                double t = 1.0 - (double) i / steps;
                double s = shift * t / (1 + (shift - 1) * t);
                g[i] = new Point(1 - s, s, (float) (s * timestepScale));
            }
            return g;
        }
    }

    /**
     * Discrete DDPM (variance preserving): {@code alpha = sqrt(abar_k)}, {@code sigma = sqrt(1 - abar_k)}, the
     * model timestep is the integer k; "trailing" spacing from k = trainSteps-1, ending at the clean sample.
     */
    record Ddpm(int trainSteps, Betas betas, double betaStart, double betaEnd) implements NoiseSchedule {
        /** Beta schedules by their diffusers names. */
        public enum Betas {
            LINEAR, SCALED_LINEAR, COSINE;

            public static Betas parse(String s) {
                return switch (s.toLowerCase(Locale.ROOT)) {
                    case "linear" -> LINEAR;
                    case "scaled_linear", "scaled-linear" -> SCALED_LINEAR;
                    case "cosine", "squaredcos_cap_v2" -> COSINE;
                    default -> throw new IllegalArgumentException("unknown beta schedule '" + s
                            + "' (linear, scaled_linear, cosine)");
                };
            }
        }

        public Ddpm {
            if (trainSteps < 2 || trainSteps > 100_000) {
                throw new IllegalArgumentException("trainSteps must be in 2..100000");
            }
            if (betas != Betas.COSINE && !(betaStart > 0 && betaEnd > betaStart && betaEnd < 1)) {
                throw new IllegalArgumentException("need 0 < betaStart < betaEnd < 1");
            }
        }

        /** Cumulative products of (1 - beta), index 0..trainSteps-1. */
        public double[] alphasCumprod() {
            double[] ac = new double[trainSteps];
            double prod = 1;
            for (int k = 0; k < trainSteps; k++) {
                double beta = switch (betas) {
                    case LINEAR -> betaStart + (betaEnd - betaStart) * k / (trainSteps - 1);
                    case SCALED_LINEAR -> {
                        double a = Math.sqrt(betaStart) + (Math.sqrt(betaEnd) - Math.sqrt(betaStart)) * k / (trainSteps - 1);
                        yield a * a;
                    }
                    case COSINE -> Math.min(0.999, 1 - cosAbar(k + 1) / cosAbar(k));
                };
                prod *= 1 - beta;
                ac[k] = prod;
            }
            return ac;
        }

        private double cosAbar(int k) {
            double c = Math.cos(((double) k / trainSteps + 0.008) / 1.008 * Math.PI / 2);
            return c * c;
        }

        @Override
        public Point[] grid(int steps) {
            if (steps > trainSteps) {
                throw new IllegalArgumentException("more sampler steps (" + steps + ") than training steps ("
                        + trainSteps + ")");
            }
            double[] ac = alphasCumprod();
            Point[] g = new Point[steps + 1];
            for (int i = 0; i < steps; i++) {
                int k = (int) Math.round(trainSteps - (double) i * trainSteps / steps) - 1;
                g[i] = new Point(Math.sqrt(ac[k]), Math.sqrt(1 - ac[k]), k);
            }
            g[steps] = new Point(1, 0, 0);
            return g;
        }
    }
}
