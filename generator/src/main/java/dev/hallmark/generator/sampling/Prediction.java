package dev.hallmark.generator.sampling;

/**
 * What a denoiser outputs, for {@code x_t = alpha * x0 + sigma * eps}. Each type converts to the pair
 * (x0, eps) that samplers step with.
 */
public enum Prediction {
    /** The noise {@code eps}. */
    EPSILON,
    /** The clean sample {@code x0}. */
    SAMPLE,
    /** v-prediction (Salimans and Ho 2022): {@code v = alpha * eps - sigma * x0}; needs alpha^2 + sigma^2 = 1. */
    V,
    /** Rectified-flow velocity {@code dx/dsigma = eps - x0}; needs alpha = 1 - sigma. */
    VELOCITY;

    /** Parses the manifest spelling: epsilon, sample, v, velocity (also v_prediction, flow). */
    public static Prediction parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "epsilon", "eps" -> EPSILON;
            case "sample", "x0" -> SAMPLE;
            case "v", "v_prediction", "v-prediction" -> V;
            case "velocity", "flow" -> VELOCITY;
            default -> throw new IllegalArgumentException("unknown prediction type '" + s
                    + "' (epsilon, sample, v, velocity)");
        };
    }

    /**
     * Converts a model output in place into x0 (written to {@code x0}) and eps (to {@code eps}).
     *
     * @param x the current noisy sample x_t
     */
    public void split(float[] x, float[] out, double alpha, double sigma, float[] x0, float[] eps) {
        int n = x.length;
        switch (this) {
            case EPSILON -> {
                double ia = 1.0 / Math.max(alpha, 1e-8);
                for (int i = 0; i < n; i++) {
                    eps[i] = out[i];
                    x0[i] = (float) ((x[i] - sigma * out[i]) * ia);
                }
            }
            case SAMPLE -> {
                double is = 1.0 / Math.max(sigma, 1e-8);
                for (int i = 0; i < n; i++) {
                    x0[i] = out[i];
                    eps[i] = (float) ((x[i] - alpha * out[i]) * is);
                }
            }
            case V -> {
                for (int i = 0; i < n; i++) {
                    x0[i] = (float) (alpha * x[i] - sigma * out[i]);
                    eps[i] = (float) (sigma * x[i] + alpha * out[i]);
                }
            }
            case VELOCITY -> {
                for (int i = 0; i < n; i++) {
                    x0[i] = (float) (x[i] - sigma * out[i]);
                    eps[i] = (float) (x[i] + (1 - sigma) * out[i]);
                }
            }
        }
    }
}
