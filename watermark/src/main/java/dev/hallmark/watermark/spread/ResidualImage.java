package dev.hallmark.watermark.spread;

import java.util.List;

/**
 * Frames folded over time (see {@link ResidualAccumulator}): the mean clipped residual at the working resolution,
 * with the per-window partial sums, and the frame size it came from. With {@code inPhase} and {@code quadrature}
 * (null when not accumulated), the residual demodulated at the {@code ss2} flip rate: the frames weighted by the
 * cosine and the sine of the flip's phase, the weights made zero-mean so that anything that does not change over time
 * cancels out.
 */
public record ResidualImage(int width, int height, int decimation, int frameWidth, int frameHeight, long frames,
        float[] mean, List<ResidualAccumulator.Window> windows, float[] inPhase, float[] quadrature) {
    public ResidualImage {
        if (mean.length != width * height) {
            throw new IllegalArgumentException("size mismatch");
        }
        if ((inPhase == null) != (quadrature == null)
                || (inPhase != null && (inPhase.length != mean.length || quadrature.length != mean.length))) {
            throw new IllegalArgumentException("in-phase and quadrature planes must both be given, at the image size");
        }
        windows = List.copyOf(windows);
    }

    /** Without the demodulated planes. */
    public ResidualImage(int width, int height, int decimation, int frameWidth, int frameHeight, long frames,
            float[] mean, List<ResidualAccumulator.Window> windows) {
        this(width, height, decimation, frameWidth, frameHeight, frames, mean, windows, null, null);
    }

    /** Nominal tile period at the working resolution for an unscaled, uncropped copy of a marked video. */
    public double nominalPeriod() {
        return TileGeometry.period(frameWidth, frameHeight) / decimation;
    }

    /** Whether the demodulated planes are present. */
    public boolean hasQuadrature() {
        return inPhase != null;
    }

    /** The residual demodulated at {@code phase} radians: {@code cos(phase) I + sin(phase) Q}, as a plain image. */
    public ResidualImage demodulated(double phase) {
        if (!hasQuadrature()) {
            throw new IllegalStateException("no demodulated planes");
        }
        float c = (float) Math.cos(phase);
        float s = (float) Math.sin(phase);
        float[] d = new float[mean.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = c * inPhase[i] + s * quadrature[i];
        }
        return new ResidualImage(width, height, decimation, frameWidth, frameHeight, frames, d, List.of());
    }
}
