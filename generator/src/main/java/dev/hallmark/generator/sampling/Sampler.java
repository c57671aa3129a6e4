package dev.hallmark.generator.sampling;

import dev.hallmark.generator.GeneratorException;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Deterministic diffusion samplers (no noise is added after the start, so a seed fixes the result). Arithmetic is
 * plain Java on float arrays, identical on every engine and device.
 */
public enum Sampler {
    /** DDIM (Song et al. 2020, eta = 0) on any schedule: {@code x_s = alpha_s * x0 + sigma_s * eps}. */
    DDIM,
    /** Euler on the rectified-flow ODE: {@code x_s = x_t + (sigma_s - sigma_t) * (eps - x0)}; flow schedules. */
    FLOW_EULER;

    public static Sampler parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "ddim" -> DDIM;
            case "flow-euler", "flow_euler", "euler" -> FLOW_EULER;
            default -> throw new IllegalArgumentException("unknown sampler '" + s + "' (ddim, flow-euler)");
        };
    }

    /** Manifest spelling. */
    public String id() {
        return this == DDIM ? "ddim" : "flow-euler";
    }

    /**
     * Runs the sampler from {@code noise} (standard normal, consumed: it becomes the result).
     *
     * @param stepDone called after each step with the number of steps done
     * @return the clean sample (the same array as {@code noise})
     */
    public float[] sample(GuidedDenoiser model, NoiseSchedule schedule, Prediction prediction, float[] noise,
            int steps, IntConsumer stepDone) throws GeneratorException {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1");
        }
        if (this == FLOW_EULER && !(schedule instanceof NoiseSchedule.Flow)) {
            throw new IllegalArgumentException("flow-euler needs a flow schedule");
        }
        NoiseSchedule.Point[] grid = schedule.grid(steps);
        float[] x = noise; // unit-variance start, as DDIM (alpha_T ~ 0) and flow (sigma = 1) both assume
        float[] x0 = new float[x.length];
        float[] eps = new float[x.length];
        for (int k = 0; k < steps; k++) {
            NoiseSchedule.Point p = grid[k];
            NoiseSchedule.Point q = grid[k + 1];
            float[] out = model.predict(x, p);
            if (out.length != x.length) {
                throw new IllegalStateException("denoiser returned " + out.length + " values for " + x.length);
            }
            prediction.split(x, out, p.alpha(), p.sigma(), x0, eps);
            if (this == DDIM) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (q.alpha() * x0[i] + q.sigma() * eps[i]);
                }
            } else {
                double ds = q.sigma() - p.sigma();
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (x[i] + ds * (eps[i] - x0[i]));
                }
            }
            stepDone.accept(k + 1);
        }
        return x;
    }
}
