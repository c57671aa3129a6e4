package dev.hallmark.watermark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

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
}
