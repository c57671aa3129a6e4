package dev.hallmark.watermark.spread;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.watermark.SoftBinding;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A small null calibration of each search on real unmarked footage: every run scores like noise, nothing is found,
 * and the fitted model and its report name the search they belong to (the committed calibrations are 1e5-run
 * versions of exactly this).
 */
class CalibrationIT {
    @Test
    void bothSearchesCalibrateOnUnmarkedFootage() throws Exception {
        Path clip = Path.of(CalibrationIT.class.getResource("/video/vtest-10s.avi").toURI());
        for (boolean flipped : new boolean[] {false, true}) {
            Calibration.Result r = Calibration.run(List.of(clip), 60, 5, 7, 2, flipped, m -> { });
            assertThat(r.trials()).isGreaterThanOrEqualTo(60);
            assertThat(r.foundPayloads()).isZero();
            assertThat(r.presentMarks()).isZero();
            double[] s = r.scores().clone();
            Arrays.sort(s);
            // best pilot z over the whole search on unmarked video: about 5, never near the thresholds
            assertThat(s[s.length / 2]).as("median, flipped=%s", flipped).isBetween(4.0, 6.5);
            assertThat(s[s.length - 1]).isLessThan(7.5);
            String alg = flipped ? SoftBinding.ALG_FLIPPED : SoftBinding.ALG;
            assertThat(r.report()).contains("(" + alg + ")");
            assertThat(NullModel.parse(r.model().toText(alg), "t", alg).trials()).isEqualTo(r.trials());
        }
    }
}
