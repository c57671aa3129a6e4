package dev.hallmark.watermark;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What blind detection found: the payload (with the key that carries it), a mark whose payload could not be read, or
 * nothing. Every outcome carries the same {@link Stats} as evidence.
 */
public sealed interface WatermarkResult permits WatermarkResult.Found, WatermarkResult.Present, WatermarkResult.Absent {

    Stats stats();

    /** True for {@link Found} and {@link Present}. */
    default boolean detected() {
        return !(this instanceof Absent);
    }

    /** The same outcome with other evidence. */
    default WatermarkResult withStats(Stats stats) {
        return switch (this) {
            case Found f -> new Found(f.payload(), f.keyId(), stats);
            case Present p -> new Present(p.keyId(), stats);
            case Absent a -> new Absent(stats);
        };
    }

    /** The verified payload ({@link Found} only). */
    default Optional<WatermarkPayload> verifiedPayload() {
        return this instanceof Found f ? Optional.of(f.payload()) : Optional.empty();
    }

    /** The mark was found and its payload passed the keyed check. */
    record Found(WatermarkPayload payload, String keyId, Stats stats) implements WatermarkResult {
        public Found {
            Objects.requireNonNull(payload);
            Objects.requireNonNull(keyId);
            Objects.requireNonNull(stats);
        }
    }

    /** The mark is present beyond doubt (score above the detection threshold) but the payload did not decode. */
    record Present(String keyId, Stats stats) implements WatermarkResult {
        public Present {
            Objects.requireNonNull(keyId);
            Objects.requireNonNull(stats);
        }
    }

    /** No mark of any known key. */
    record Absent(Stats stats) implements WatermarkResult {
        public Absent {
            Objects.requireNonNull(stats);
        }
    }

    /**
     * Evidence of one detection.
     *
     * @param score              pilot correlation z-score of the best hypothesis (about 3-5 on unmarked video)
     * @param falsePositiveBound upper bound on the chance that an unmarked video gives this outcome at this score:
     *                           keys x (decode attempts x 2^-24 when a payload was verified) x calibrated tail at the
     *                           score
     * @param framesUsed         frames folded
     * @param keysTried          watermark keys tried
     * @param decodeAttempts     payload decodes attempted (each a list of candidates)
     * @param geometry           the best alignment found (scale, rotation, mirroring), or null when none was tried
     * @param windows            score per time window (for plots), empty when nothing was aligned
     * @param unverifiedPayload  the best decode's 64 payload bits even if the check failed (for bit-accuracy
     *                           figures; never a detection), or null
     * @param payloadThreshold   score above which decodes are attempted (and, when no payload score threshold is
     *                           given, above which a payload whose check passes is reported)
     * @param detectThreshold    score above which the mark counts as present without a payload
     * @param alg                the algorithm whose search gave this outcome: {@link SoftBinding#ALG} (fixed mark) or
     *                           {@link SoftBinding#ALG_FLIPPED} (flipped mark)
     * @param payloadScore       the reported decode's payload score: the correlation of all cells with what the decoded
     *                           payload would have embedded (about 10 on unmarked video, where the decoder fits the
     *                           best of 2^88 codewords to noise); NaN when no decode was made
     * @param payloadScoreThreshold payload score a payload whose check passes must reach to be reported, measured on the
     *                           search's null runs; NaN when the score alone decides (then decodes above
     *                           {@code payloadThreshold} are reported when their check passes)
     * @param secondsUsed        the stretch of video the folded frames cover, from the first one's start to the last
     *                           one's end (the gaps between their timestamps, each counted up to a second, plus one
     *                           frame at the file's frame rate; at least their number at that rate); NaN when not
     *                           known (a result made from a folded residual rather than from frames). Below
     *                           {@link WatermarkDetector#MIN_SECONDS} an absent mark says little: such a clip may
     *                           carry a mark too faint to read
     */
    record Stats(double score, double falsePositiveBound, long framesUsed, int keysTried, int decodeAttempts,
            Geometry geometry, List<WindowScore> windows, WatermarkPayload unverifiedPayload, double payloadThreshold,
            double detectThreshold, String alg, double payloadScore, double payloadScoreThreshold,
            double secondsUsed) {
        public Stats {
            windows = List.copyOf(windows);
            Objects.requireNonNull(alg);
        }

        /** Of a search that decides some payloads by the payload score; the stretch of video not known yet. */
        public Stats(double score, double falsePositiveBound, long framesUsed, int keysTried, int decodeAttempts,
                Geometry geometry, List<WindowScore> windows, WatermarkPayload unverifiedPayload,
                double payloadThreshold, double detectThreshold, String alg, double payloadScore,
                double payloadScoreThreshold) {
            this(score, falsePositiveBound, framesUsed, keysTried, decodeAttempts, geometry, windows,
                    unverifiedPayload, payloadThreshold, detectThreshold, alg, payloadScore, payloadScoreThreshold,
                    Double.NaN);
        }

        /** The same evidence over {@code seconds} of video. */
        public Stats withSecondsUsed(double seconds) {
            return new Stats(score, falsePositiveBound, framesUsed, keysTried, decodeAttempts, geometry, windows,
                    unverifiedPayload, payloadThreshold, detectThreshold, alg, payloadScore, payloadScoreThreshold,
                    seconds);
        }

        /** True when the folded frames cover less than {@link WatermarkDetector#MIN_SECONDS}. */
        public boolean shorterThanDesigned() {
            return secondsUsed < WatermarkDetector.MIN_SECONDS;
        }

        /** What a result over too short a clip does not show, as a clause; empty for a clip long enough. */
        public String shortClipCaveat() {
            // rounded down: 2.97 s must not read as "3.0 s, shorter than 3 s"
            return shorterThanDesigned() ? String.format(Locale.ROOT, "only %.1f s of video, shorter than the %.0f s "
                    + "the detector is made for: a mark may be there unread", Math.floor(secondsUsed * 10) / 10,
                    WatermarkDetector.MIN_SECONDS) : "";
        }

        /** Of a search that decides payloads by the score alone. */
        public Stats(double score, double falsePositiveBound, long framesUsed, int keysTried, int decodeAttempts,
                Geometry geometry, List<WindowScore> windows, WatermarkPayload unverifiedPayload,
                double payloadThreshold, double detectThreshold, String alg) {
            this(score, falsePositiveBound, framesUsed, keysTried, decodeAttempts, geometry, windows,
                    unverifiedPayload, payloadThreshold, detectThreshold, alg, Double.NaN, Double.NaN);
        }

        /** Of the fixed-mark search. */
        public Stats(double score, double falsePositiveBound, long framesUsed, int keysTried, int decodeAttempts,
                Geometry geometry, List<WindowScore> windows, WatermarkPayload unverifiedPayload,
                double payloadThreshold, double detectThreshold) {
            this(score, falsePositiveBound, framesUsed, keysTried, decodeAttempts, geometry, windows,
                    unverifiedPayload, payloadThreshold, detectThreshold, SoftBinding.ALG);
        }
    }

    /**
     * Where the pattern sat in the examined video.
     *
     * @param scale           tile size relative to the nominal one for this frame size (1 = unscaled, uncropped; 2 =
     *                        a centre crop of half the height then resized back, or a 2x zoom)
     * @param rotationDegrees rotation (counter-clockwise positive in image coordinates)
     * @param mirroredHorizontally left-right flip
     * @param mirroredVertically   top-bottom flip (not searched by {@code ss1}, whose detector tries the mark as
     *                             embedded and mirrored left-right; always false there)
     * @param periodPixels    tile period in pixels of the examined video
     * @param speed           playback speed relative to the marked video, as the flips of a flipped mark show it (1,
     *                        or 2 for a copy sped up x2); 1 for fixed marks, whose timing says nothing
     */
    record Geometry(double scale, double rotationDegrees, boolean mirroredHorizontally, boolean mirroredVertically,
            double periodPixels, double speed) {
    }

    /** Detection score over one stretch of the video. */
    record WindowScore(long firstFrame, int frames, double startSeconds, double endSeconds, double score) {
    }
}
