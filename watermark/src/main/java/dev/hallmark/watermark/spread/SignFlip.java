package dev.hallmark.watermark.spread;

/**
 * The time course of a flipped marking ({@code dev.hallmark.watermark.ss3}): the mark's sign alternates every
 * {@code flipSeconds}, passing linearly through zero over {@link #CROSSFADE_SECONDS} around each flip. A detector that
 * subtracts the frames of one sign from those of the other cancels everything that does not change over time.
 */
public final class SignFlip {
    /**
     * The interval between flips of {@code ss3} marks, which detectors demodulate at. Each flip costs bitrate on a
     * still background (x264 codes the whole pattern's change), so fewer flips cost less; 3 s still leaves a flip in
     * most 5 s windows ({@code ss2} flipped every 1.5 s: +4.8 % bitrate on 20 s of vtest against +1.2 % now;
     * watermark/README.md).
     */
    public static final double INTERVAL_SECONDS = 3.0;
    /**
     * Detectors also demodulate at up to this many times the flip rate: a copy played faster flips more often (see
     * {@link MarkSearch}).
     */
    public static final int MAX_SPEED = 2;
    /** Length of the crossfade through zero at each flip (x264 codes every frame of it: 0.4 s cost +1 point more). */
    public static final double CROSSFADE_SECONDS = 0.2;

    private SignFlip() {
    }

    /** The factor (-1..1) at {@code t} seconds from the first marked frame. */
    public static double factor(double t, double flipSeconds) {
        long k = (long) Math.floor(t / flipSeconds);
        double sign = (k & 1) == 0 ? 1 : -1;
        double half = CROSSFADE_SECONDS / 2;
        double toNext = (k + 1) * flipSeconds - t;
        double sincePrevious = k > 0 ? t - k * flipSeconds : Double.POSITIVE_INFINITY;
        double d = Math.min(toNext, sincePrevious);
        return d < half * (1 - 1e-9) ? sign * d / half : sign; // a frame on the crossfade's edge is at full strength
    }
}
