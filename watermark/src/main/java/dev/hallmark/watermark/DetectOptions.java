package dev.hallmark.watermark;

/**
 * How to read a video for detection.
 *
 * @param frameStep      fold every n-th decoded frame (1 = all); consecutive frames carry nearly the same information
 * @param maxSeconds     stop after this much video (0 = the whole file)
 * @param searchRotation search rotations up to +-3 degrees when the unrotated search finds nothing
 * @param decoderThreads FFmpeg decoder threads (0 = FFmpeg's choice)
 */
public record DetectOptions(int frameStep, double maxSeconds, boolean searchRotation, int decoderThreads) {
    public DetectOptions {
        if (frameStep < 1 || frameStep > 100) {
            throw new IllegalArgumentException("frame step must be within 1..100");
        }
        if (!(maxSeconds >= 0)) {
            throw new IllegalArgumentException("max seconds must be >= 0");
        }
        if (decoderThreads < 0 || decoderThreads > 64) {
            throw new IllegalArgumentException("decoder threads must be within 0..64");
        }
    }

    /** Every frame, whole file, rotation search on, FFmpeg's thread choice. */
    public static DetectOptions defaults() {
        return new DetectOptions(1, 0, true, 0);
    }

    public DetectOptions withFrameStep(int step) {
        return new DetectOptions(step, maxSeconds, searchRotation, decoderThreads);
    }

    public DetectOptions withMaxSeconds(double s) {
        return new DetectOptions(frameStep, s, searchRotation, decoderThreads);
    }

    public DetectOptions withRotationSearch(boolean on) {
        return new DetectOptions(frameStep, maxSeconds, on, decoderThreads);
    }
}
