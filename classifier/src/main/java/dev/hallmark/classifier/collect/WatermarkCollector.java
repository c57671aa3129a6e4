package dev.hallmark.classifier.collect;

import dev.hallmark.classifier.Evidence;
import dev.hallmark.classifier.Outcome;
import dev.hallmark.watermark.DetectOptions;
import dev.hallmark.watermark.WatermarkDetector;
import dev.hallmark.watermark.WatermarkException;
import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The invisible watermark, read blind with every key known here. PASS only when a payload decodes and passes its
 * keyed check; a mark above the detection threshold whose payload does not decode is reported too (PASS with code
 * {@code watermark.present}). The score per time window is kept for plots.
 */
public final class WatermarkCollector implements EvidenceCollector {
    private final List<WatermarkKey> keys;
    private final DetectOptions options;

    public WatermarkCollector(List<WatermarkKey> keys, DetectOptions options) {
        this.keys = List.copyOf(keys);
        this.options = options;
    }

    @Override
    public List<Evidence> collect(Path file) {
        if (keys.isEmpty()) {
            return List.of(Evidence.of("watermark", Outcome.ERROR, "watermark.no-keys",
                    "no watermark keys here: the watermark cannot be read (it needs the operator's secret key)"));
        }
        WatermarkResult r;
        try {
            r = WatermarkDetector.create(keys, options).detect(file);
        } catch (WatermarkException e) {
            return List.of(new Evidence("watermark", Outcome.ERROR, "watermark.error", e.getMessage(), Map.of()));
        }
        WatermarkResult.Stats s = r.stats();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("score", round(s.score()));
        data.put("falsePositiveBound", s.falsePositiveBound());
        data.put("framesUsed", s.framesUsed());
        if (!Double.isNaN(s.secondsUsed())) {
            data.put("secondsUsed", round(s.secondsUsed()));
        }
        data.put("keysTried", s.keysTried());
        List<Map<String, Object>> windows = new ArrayList<>();
        for (var w : s.windows()) {
            windows.add(Map.of("start", round(w.startSeconds()), "end", round(w.endSeconds()), "score", round(w.score())));
        }
        data.put("windows", windows);
        return switch (r) {
            case WatermarkResult.Found f -> {
                data.put("payload", f.payload().hex());
                data.put("keyId", f.keyId());
                yield List.of(new Evidence("watermark", Outcome.PASS, "watermark.detected",
                        String.format(java.util.Locale.ROOT, "Hallmark watermark, payload %s (score %.1f, false-positive bound %.1e)",
                                f.payload().hex(), s.score(), s.falsePositiveBound()), data));
            }
            case WatermarkResult.Present p -> {
                data.put("keyId", p.keyId());
                yield List.of(new Evidence("watermark", Outcome.PASS, "watermark.present",
                        String.format(java.util.Locale.ROOT, "Hallmark watermark present (score %.1f) but its payload did not decode",
                                s.score()), data));
            }
            case WatermarkResult.Absent a -> List.of(new Evidence("watermark", Outcome.ABSENT, "watermark.absent",
                    String.format(java.util.Locale.ROOT, "no Hallmark watermark of the %d key(s) known here (score %.1f)%s",
                            s.keysTried(), s.score(), s.shorterThanDesigned() ? "; " + s.shortClipCaveat() : ""), data));
        };
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
