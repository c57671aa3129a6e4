package dev.hallmark.media;

/** A frame rate as an exact fraction (30000/1001 stays exact). */
public record FrameRate(int numerator, int denominator) {
    public FrameRate {
        if (numerator <= 0 || denominator <= 0) {
            throw new IllegalArgumentException("frame rate must be positive: " + numerator + "/" + denominator);
        }
        if ((double) numerator / denominator > 1000) {
            throw new IllegalArgumentException("frame rate above 1000 fps: " + numerator + "/" + denominator);
        }
    }

    public static FrameRate of(int fps) {
        return new FrameRate(fps, 1);
    }

    /** Nearest fraction with denominator up to 1001 (handles 29.97, 23.976, 59.94). */
    public static FrameRate approximate(double fps) {
        if (!(fps > 0) || fps > 1000) {
            throw new IllegalArgumentException("frame rate out of range: " + fps);
        }
        if (Math.abs(fps - Math.rint(fps)) < 1e-6) {
            return new FrameRate((int) Math.rint(fps), 1);
        }
        double ntsc = fps * 1.001;
        if (Math.abs(ntsc - Math.rint(ntsc)) < 1e-3) {
            return new FrameRate((int) Math.rint(ntsc) * 1000, 1001);
        }
        return new FrameRate((int) Math.rint(fps * 1000), 1000);
    }

    public double fps() {
        return (double) numerator / denominator;
    }

    /** Duration of one frame in microseconds (rounded). */
    public long frameMicros() {
        return Math.round(1_000_000.0 * denominator / numerator);
    }

    /** Timestamp of frame {@code index} in microseconds. */
    public long timestampMicros(long index) {
        return Math.round(index * 1_000_000.0 * denominator / numerator);
    }

    @Override
    public String toString() {
        return denominator == 1 ? Integer.toString(numerator) : numerator + "/" + denominator;
    }
}
