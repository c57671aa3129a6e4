package dev.hallmark.media;

/**
 * How to decode.
 *
 * @param width output width, 0 = the file's own
 * @param height output height, 0 = the file's own
 * @param threads decoder threads, 0 = FFmpeg's choice
 * @param keyframesOnly decode only key frames (fast sampling for forensic checks)
 */
public record ReadOptions(int width, int height, int threads, boolean keyframesOnly) {
    public ReadOptions {
        if (width < 0 || height < 0 || threads < 0 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("bad read options: " + width + "x" + height + ", threads " + threads);
        }
        if ((width == 0) != (height == 0)) {
            throw new IllegalArgumentException("give both width and height, or neither");
        }
    }

    public static ReadOptions defaults() {
        return new ReadOptions(0, 0, 0, false);
    }

    /** Decode and scale every frame to {@code width} x {@code height}. */
    public ReadOptions scaledTo(int width, int height) {
        return new ReadOptions(width, height, threads, keyframesOnly);
    }

    public ReadOptions withThreads(int threads) {
        return new ReadOptions(width, height, threads, keyframesOnly);
    }

    public ReadOptions keyframes() {
        return new ReadOptions(width, height, threads, true);
    }
}
