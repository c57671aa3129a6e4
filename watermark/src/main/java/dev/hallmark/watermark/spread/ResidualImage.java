package dev.hallmark.watermark.spread;

import java.util.List;

/**
 * Frames folded over time (see {@link ResidualAccumulator}): the mean clipped residual at the working resolution,
 * with the per-window partial sums, and the frame size it came from.
 */
public record ResidualImage(int width, int height, int decimation, int frameWidth, int frameHeight, long frames,
        float[] mean, List<ResidualAccumulator.Window> windows) {
    public ResidualImage {
        if (mean.length != width * height) {
            throw new IllegalArgumentException("size mismatch");
        }
        windows = List.copyOf(windows);
    }

    /** Nominal tile period at the working resolution for an unscaled, uncropped copy of a marked video. */
    public double nominalPeriod() {
        return TileGeometry.period(frameWidth, frameHeight) / decimation;
    }
}
