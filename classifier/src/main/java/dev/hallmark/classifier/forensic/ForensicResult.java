package dev.hallmark.classifier.forensic;

import dev.hallmark.classifier.Evidence;
import dev.hallmark.classifier.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the forensic model said about one video.
 *
 * @param model model name and version ({@code hallmark-forensic 1.0.0})
 * @param score sigmoid of the mean patch logit over every sampled frame, in [0, 1]; larger = more like the
 *     generator output the model was trained on
 * @param threshold the model's calibrated decision threshold (see classifier/FORENSIC.md)
 * @param framesUsed frames sampled and scored
 * @param patchesUsed network inputs scored (patches of those frames)
 * @param keyframesOnly true when the frames were key frames only (the fast path), false when the stream was
 *     sampled with a stride because it had too few key frames
 * @param windows the score of each stretch of the time line that had sampled frames, in order
 */
public record ForensicResult(String model, double score, double threshold, int framesUsed, int patchesUsed,
        boolean keyframesOnly, List<Window> windows) {

    /** The check name in {@link Evidence}. */
    public static final String CHECK = "forensic";
    /** Evidence code: the score reached the threshold. */
    public static final String SUSPECTED = "forensic.suspected";
    /** Evidence code: the score stayed below the threshold. */
    public static final String BELOW_THRESHOLD = "forensic.below-threshold";
    /** Evidence code: the model could not run. */
    public static final String ERROR = "forensic.error";

    /**
     * One stretch of the time line.
     *
     * @param startMicros start of the window
     * @param endMicros end of the window
     * @param frames sampled frames that fell in it
     * @param score the window's score, like {@link ForensicResult#score()}
     */
    public record Window(long startMicros, long endMicros, int frames, double score) {
    }

    public ForensicResult {
        Objects.requireNonNull(model);
        windows = List.copyOf(windows);
        if (!(score >= 0 && score <= 1) || !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("score and threshold must be in [0, 1]: " + score + ", " + threshold);
        }
    }

    /** True when the score reached the threshold. */
    public boolean suspected() {
        return score >= threshold;
    }

    /**
     * This result as evidence: {@link Outcome#PASS} {@code forensic.suspected} when the score reached the
     * threshold, {@link Outcome#ABSENT} {@code forensic.below-threshold} otherwise; data {@code score},
     * {@code threshold}, {@code model}, {@code framesUsed}, {@code patchesUsed}, {@code keyframesOnly},
     * {@code windows} (list of {@code {start, end, frames, score}}, seconds).
     */
    public Evidence toEvidence() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("score", round(score));
        data.put("threshold", threshold);
        data.put("model", model);
        data.put("framesUsed", framesUsed);
        data.put("patchesUsed", patchesUsed);
        data.put("keyframesOnly", keyframesOnly);
        List<Map<String, Object>> ws = new ArrayList<>();
        for (Window w : windows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", w.startMicros() / 1e6);
            m.put("end", w.endMicros() / 1e6);
            m.put("frames", w.frames());
            m.put("score", round(w.score()));
            ws.add(m);
        }
        data.put("windows", ws);
        String s = String.format(Locale.ROOT, "%.3f", score);
        String t = String.format(Locale.ROOT, "%.3f", threshold);
        if (suspected()) {
            return new Evidence(CHECK, Outcome.PASS, SUSPECTED, "the forensic model " + model + " scored " + s
                    + " (threshold " + t + ") over " + framesUsed + " frames: pixels resemble the generator output "
                    + "it was trained on", data);
        }
        return new Evidence(CHECK, Outcome.ABSENT, BELOW_THRESHOLD, "the forensic model " + model + " scored " + s
                + ", below its threshold " + t + " (" + framesUsed + " frames); this is not evidence that the video "
                + "is real", data);
    }

    /** Evidence that the forensic check could not run. */
    public static Evidence errorEvidence(String model, String why) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (model != null) {
            data.put("model", model);
        }
        return new Evidence(CHECK, Outcome.ERROR, ERROR, "the forensic model could not run: " + why, data);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
