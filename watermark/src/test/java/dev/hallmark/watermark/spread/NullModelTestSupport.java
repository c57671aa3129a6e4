package dev.hallmark.watermark.spread;

import dev.hallmark.watermark.WatermarkException;

/** The bundled null model for tests (fails the test run if the resource is missing or damaged). */
final class NullModelTestSupport {
    private NullModelTestSupport() {
    }

    /** The bundled calibration of the flipped-mark search. */
    static NullModel flipped() {
        try {
            return NullModel.bundled(MarkSearch.FLIPPED).orElseThrow(() -> new AssertionError("calibration-ss3.txt missing"));
        } catch (WatermarkException e) {
            throw new AssertionError(e);
        }
    }

    /** The bundled calibration of the search for flipped marks at speed x2. */
    static NullModel fast() {
        try {
            return NullModel.bundled(MarkSearch.FLIPPED_X2).orElseThrow(
                    () -> new AssertionError("calibration-ss3-x2.txt missing"));
        } catch (WatermarkException e) {
            throw new AssertionError(e);
        }
    }

    static NullModel model() {
        try {
            return NullModel.bundled();
        } catch (WatermarkException e) {
            throw new AssertionError(e);
        }
    }
}
