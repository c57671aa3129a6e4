package dev.hallmark.watermark;

import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.watermark.spread.SpreadSpectrumDetector;
import java.nio.file.Path;
import java.util.List;

/**
 * Blind watermark detection: no original needed, any FFmpeg-readable file, any frame rate, unknown crop, shift,
 * scale (0.6..3.4 of nominal), small rotation and mirroring. Frames are folded over time, so longer clips give
 * stronger evidence; 3 seconds is the design minimum.
 *
 * <p><b>Security.</b> A payload is reported only when its 24-bit keyed check passes at a score the calibration bounds;
 * {@link WatermarkResult.Stats#falsePositiveBound()} states the chance of such a result on unmarked video (target
 * 1e-9). The detector needs the secret keys: it cannot tell whose key marked a video if that key is not among them.
 * Nothing here removes or forges a mark.
 */
public interface WatermarkDetector {

    /**
     * The shortest clip the detector is designed for, in seconds: shorter clips fold too few frames for every
     * attack's figures to hold, so finding no mark in one is weak evidence that none is there.
     */
    double MIN_SECONDS = 3;

    /** A detector trying every key in {@code keys}, with the bundled calibration. */
    static WatermarkDetector create(List<WatermarkKey> keys, DetectOptions options) throws WatermarkException {
        return SpreadSpectrumDetector.create(keys, options);
    }

    /**
     * Reads back a file just marked with {@code marking} and {@code expected}, at its own size: first only the
     * marking's own search at its tile scale over the first {@code quickSeconds} (every {@code frameStep}-th frame);
     * if that does not give {@code expected}, the full blind search over the first {@code fullSeconds}.
     */
    static WatermarkResult readBack(Path file, List<WatermarkKey> keys, EmbedOptions marking,
            WatermarkPayload expected, double quickSeconds, int frameStep, double fullSeconds)
            throws WatermarkException {
        DetectOptions quick = DetectOptions.defaults().withMaxSeconds(quickSeconds).withFrameStep(frameStep)
                .withExpectedScale(marking.cellScale()).withExpectedAlg(SoftBinding.algOf(marking));
        WatermarkResult r = create(keys, quick).detect(file);
        if (r.verifiedPayload().filter(expected::equals).isPresent()) {
            return r;
        }
        return create(keys, DetectOptions.defaults().withMaxSeconds(fullSeconds)).detect(file);
    }

    /** Decodes {@code video} (first video stream) and detects. */
    WatermarkResult detect(Path video) throws WatermarkException;

    /** Starts a detection over frames the caller decodes (e.g. the pipeline's self-check). */
    Session start(int width, int height, FrameRate frameRate);

    /** Frames in, one result out. */
    interface Session {
        /** Folds one frame (not kept). */
        void accept(I420Frame frame);

        long frames();

        /** Runs the search over everything folded. */
        WatermarkResult finish();
    }
}
