package dev.hallmark.watermark.spread;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small null calibration of each search on real unmarked footage: every run scores like noise, nothing is found,
 * and the fitted model and its report name the search they belong to (the committed calibrations are 1e5-run
 * versions of exactly this).
 */
class CalibrationIT {
    @Test
    void everySearchCalibratesOnUnmarkedFootage() throws Exception {
        Path clip = Path.of(CalibrationIT.class.getResource("/video/vtest-10s.avi").toURI());
        for (MarkSearch search : List.of(MarkSearch.FIXED, MarkSearch.FLIPPED, MarkSearch.FLIPPED_X2)) {
            Calibration.Result r = Calibration.run(List.of(clip), 60, 5, 7, 2, search, m -> { });
            assertThat(r.trials()).isGreaterThanOrEqualTo(60);
            assertThat(r.foundPayloads()).isZero();
            assertThat(r.presentMarks()).isZero();
            double[] s = r.scores().clone();
            Arrays.sort(s);
            // best pilot z over the whole search on unmarked video: about 5, never near the thresholds
            assertThat(s[s.length / 2]).as("median, %s", search).isBetween(4.0, 6.5);
            assertThat(s[s.length - 1]).isLessThan(7.5);
            // the payload score of every run's decodes: the decoder's best codeword fitted to noise, about 10.6 (the
            // committed calibration's 100,008 runs reach 12.24 at most); 60 runs are too few to measure a threshold
            double[] p = r.payloadScores().clone();
            Arrays.sort(p);
            assertThat(p).hasSize(s.length);
            assertThat(p[p.length / 2]).as("payload score median, %s", search).isBetween(8.0, 12.0);
            assertThat(p[p.length - 1]).isLessThan(13.0);
            assertThat(r.model().payloadScores()).isNull();
            assertThat(r.report()).contains("(" + search + ")");
            assertThat(NullModel.parse(r.model().toText(search), "t", search).trials()).isEqualTo(r.trials());
        }
    }

    @Test
    void anInterruptedCalibrationResumesToTheSameResult(@TempDir Path tmp) throws Exception {
        Path clip = Path.of(CalibrationIT.class.getResource("/video/vtest-10s.avi").toURI());
        Calibration.Result whole = Calibration.run(List.of(clip), 60, 5, 7, 2, MarkSearch.FIXED, m -> { });
        Path cp = tmp.resolve("c.txt.partial");
        Calibration.Result kept = Calibration.run(List.of(clip), 60, 5, 7, 2, MarkSearch.FIXED, cp, m -> { });
        assertThat(kept.scores()).containsExactly(whole.scores());
        assertThat(kept.payloadScores()).containsExactly(whole.payloadScores());
        // killed while writing the fourth segment: three whole lines and part of the next
        List<String> lines = Files.readAllLines(cp, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2 + whole.images().size());
        String cut = String.join("\n", lines.subList(0, 5)) + "\n" + lines.get(5).substring(0, 40);
        Files.writeString(cp, cut, StandardCharsets.UTF_8);
        java.util.List<String> notes = new java.util.ArrayList<>();
        Calibration.Result resumed = Calibration.run(List.of(clip), 60, 5, 7, 2, MarkSearch.FIXED, cp, notes::add);
        assertThat(notes).anyMatch(n -> n.startsWith("resuming: 3 of " + whole.images().size() + " segments"));
        assertThat(resumed.scores()).containsExactly(whole.scores());
        assertThat(resumed.payloadScores()).containsExactly(whole.payloadScores());
        assertThat(resumed.model().toText(MarkSearch.FIXED)).isEqualTo(whole.model().toText(MarkSearch.FIXED));
        assertThat(Files.readAllLines(cp, StandardCharsets.UTF_8)).isEqualTo(lines);
        // the checkpoint of another seed is not merged
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> Calibration.run(List.of(clip), 60, 5, 8, 2, MarkSearch.FIXED, cp, m -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(cp.toString()).hasMessageContaining("other clips, trials, seed");
    }
}
