package dev.hallmark.watermark.spread;

import java.util.List;

/**
 * Frames folded over time (see {@link ResidualAccumulator}): the mean clipped residual at the working resolution,
 * with the per-window partial sums, and the frame size it came from. With {@code quadratures} (empty when not
 * accumulated), the residual demodulated at the {@code ss3} flip rate and its multiples: the frames weighted by the
 * cosine and the sine of the flip's phase, the weights made zero-mean so that anything that does not change over time
 * cancels out.
 */
public record ResidualImage(int width, int height, int decimation, int frameWidth, int frameHeight, long frames,
        float[] mean, List<ResidualAccumulator.Window> windows, List<Quadrature> quadratures) {
    /** The frames demodulated at the flip rate times {@code speed} (see {@link MarkSearch}). */
    public record Quadrature(int speed, float[] inPhase, float[] quadrature) {
    }

    public ResidualImage {
        if (mean.length != width * height) {
            throw new IllegalArgumentException("size mismatch");
        }
        for (Quadrature q : quadratures) {
            if (q.inPhase().length != mean.length || q.quadrature().length != mean.length) {
                throw new IllegalArgumentException("in-phase and quadrature planes must be at the image size");
            }
        }
        windows = List.copyOf(windows);
        quadratures = List.copyOf(quadratures);
    }

    /** Without the demodulated planes. */
    public ResidualImage(int width, int height, int decimation, int frameWidth, int frameHeight, long frames,
            float[] mean, List<ResidualAccumulator.Window> windows) {
        this(width, height, decimation, frameWidth, frameHeight, frames, mean, windows, List.of());
    }

    /** Nominal tile period at the working resolution for an unscaled, uncropped copy of a marked video. */
    public double nominalPeriod() {
        return TileGeometry.period(frameWidth, frameHeight) / decimation;
    }

    /** The planes demodulated at {@code speed}, if accumulated. */
    public java.util.Optional<Quadrature> quadrature(int speed) {
        return quadratures.stream().filter(q -> q.speed() == speed).findFirst();
    }

    /**
     * The residual demodulated at {@code speed} and {@code phase} radians: {@code cos(phase) I + sin(phase) Q}, as a
     * plain image.
     */
    public ResidualImage demodulated(int speed, double phase) {
        Quadrature q = quadrature(speed).orElseThrow(() -> new IllegalStateException("no demodulated planes"));
        float c = (float) Math.cos(phase);
        float s = (float) Math.sin(phase);
        float[] d = new float[mean.length];
        float[] ip = q.inPhase();
        float[] qp = q.quadrature();
        for (int i = 0; i < d.length; i++) {
            d[i] = c * ip[i] + s * qp[i];
        }
        return new ResidualImage(width, height, decimation, frameWidth, frameHeight, frames, d, List.of());
    }
}
