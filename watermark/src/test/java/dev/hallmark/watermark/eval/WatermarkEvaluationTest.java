package dev.hallmark.watermark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.watermark.EmbedOptions;
import dev.hallmark.watermark.WatermarkException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatermarkEvaluationTest {
    private static WatermarkEvaluation.Outcome outcome(String attack, int trial, boolean recovered, double score,
            double payloadScore) {
        return new WatermarkEvaluation.Outcome(attack, trial, recovered, false, false, score, recovered ? 1 : 0.6,
                125, 0.5, 1, 0, false, recovered ? 1e-12 : 1, payloadScore);
    }

    @Test
    void summaryGivesTheLowestPayloadScoreOfTheRecoveredTrialsOnly() {
        List<Attack> attacks = AttackSuite.select(List.of("h264-crf28", "h264-crf40"));
        List<WatermarkEvaluation.Outcome> outcomes = List.of(
                outcome("h264-crf28", 0, true, 9.0, 17.5),
                outcome("h264-crf28", 1, true, 7.5, 14.25),
                outcome("h264-crf28", 2, false, 5.0, 10.9), // decoded, check failed: not a margin
                outcome("h264-crf40", 0, false, 4.0, Double.NaN),
                outcome("h264-crf40", 1, false, 5.1, 11.0));
        List<WatermarkEvaluation.AttackSummary> s = WatermarkEvaluation.summarize(attacks, outcomes);

        assertEquals(2, s.get(0).recovered());
        assertEquals(14.25, s.get(0).minRecoveredPayloadScore());
        assertEquals(5.0, s.get(0).minScore());
        assertEquals(0, s.get(1).recovered());
        assertTrue(Double.isNaN(s.get(1).minRecoveredPayloadScore()), "nothing recovered: no margin to report");
    }

    @Test
    void aClipShorterThanASecondIsRefusedByName(@TempDir Path tmp) throws Exception {
        Path clip = tmp.resolve("half-second.mp4");
        try (VideoWriter w = VideoWriter.create(clip, EncoderSettings.h264(128, 128, FrameRate.of(24)))) {
            I420Frame f = new I420Frame(128, 128);
            for (int i = 0; i < 12; i++) {
                f.fill(90 + i, 128, 128);
                f.setPosition(i, FrameRate.of(24).timestampMicros(i));
                w.write(f);
            }
        }
        WatermarkEvaluation.Options o = new WatermarkEvaluation.Options(AttackSuite.select(List.of("h264-crf28")), 1,
                5, 1, EmbedOptions.defaults(), 0, tmp.resolve("work"));
        WatermarkException e = org.junit.jupiter.api.Assertions.assertThrows(WatermarkException.class,
                () -> WatermarkEvaluation.run(clip, o, m -> { }));
        assertEquals(WatermarkException.Reason.BAD_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("half-second.mp4") && e.getMessage().contains("only 12 frames (0.5 s)"),
                e.getMessage());
    }
}
