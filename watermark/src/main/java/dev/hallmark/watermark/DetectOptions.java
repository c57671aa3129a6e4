package dev.hallmark.watermark;

/**
 * How to read a video for detection.
 *
 * @param frameStep      fold every n-th decoded frame (1 = all); consecutive frames carry nearly the same information
 * @param maxSeconds     stop after this much video (0 = the whole file)
 * @param searchRotation search rotations up to +-3 degrees when the unrotated search finds nothing
 * @param decoderThreads FFmpeg decoder threads (0 = FFmpeg's choice)
 * @param expectedScale  0: search every scale (crops, zooms, pads) and, if allowed, rotation. Otherwise the tile period
 *                       over its nominal value that the file should show (the embedder's cell scale, for a file
 *                       written at the marked size): only periods within 3 % of it are searched, without rotation.
 *                       For checking one's own fresh output; a hint can only make detection harder, never produce a
 *                       payload that is not there (the keyed check and the calibrated thresholds still apply).
 * @param expectedAlg    null: run every search (fixed marks, flipped marks at their own speed and at double speed).
 *                       Otherwise the marking the file should carry ({@link SoftBinding#ALG} or
 *                       {@link SoftBinding#ALG_FLIPPED}): only the fixed-mark search and, for a flipped marking, the
 *                       one at its own speed run. Each keeps the threshold it has when every search runs. For checking
 *                       one's own fresh output, like {@code expectedScale}.
 */
public record DetectOptions(int frameStep, double maxSeconds, boolean searchRotation, int decoderThreads,
        double expectedScale, String expectedAlg) {
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
        if (!(expectedScale == 0 || (expectedScale >= 0.6 && expectedScale <= 3.4))) {
            throw new IllegalArgumentException("expected scale must be 0 (search all) or within 0.6..3.4");
        }
        if (expectedAlg != null && !SoftBinding.ALG.equals(expectedAlg)
                && !SoftBinding.ALG_FLIPPED.equals(expectedAlg)) {
            throw new IllegalArgumentException("unknown watermark algorithm " + expectedAlg);
        }
    }

    /** Every frame, whole file, rotation search on, FFmpeg's thread choice. */
    public static DetectOptions defaults() {
        return new DetectOptions(1, 0, true, 0, 0, null);
    }

    public DetectOptions withFrameStep(int step) {
        return new DetectOptions(step, maxSeconds, searchRotation, decoderThreads, expectedScale, expectedAlg);
    }

    public DetectOptions withMaxSeconds(double s) {
        return new DetectOptions(frameStep, s, searchRotation, decoderThreads, expectedScale, expectedAlg);
    }

    public DetectOptions withRotationSearch(boolean on) {
        return new DetectOptions(frameStep, maxSeconds, on, decoderThreads, expectedScale, expectedAlg);
    }

    /** See {@code expectedScale}: 0 searches every scale. */
    public DetectOptions withExpectedScale(double scale) {
        return new DetectOptions(frameStep, maxSeconds, searchRotation, decoderThreads, scale, expectedAlg);
    }

    /** See {@code expectedAlg}: null runs every search. */
    public DetectOptions withExpectedAlg(String alg) {
        return new DetectOptions(frameStep, maxSeconds, searchRotation, decoderThreads, expectedScale, alg);
    }
}
