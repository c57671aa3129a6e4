package dev.hallmark.watermark.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.watermark.EmbedOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signal budget on real street-camera footage: the mark's share, the picture's share, scaling handled. */
class SignalBudgetIT {
    @TempDir
    Path tmp;

    @Test
    void splitsTheSignalIntoMarkAndPicture() throws Exception {
        Path clip = Path.of(SignalBudgetIT.class.getResource("/video/vtest-10s.avi").toURI());
        SignalBudget.Options o = new SignalBudget.Options(
                AttackSuite.select(List.of("lossless", "h264-crf23", "h264-crf40", "resize-0.5")), 3, 7,
                EmbedOptions.defaults(), tmp);
        SignalBudget.Report r = SignalBudget.run(clip, o, s -> { });
        Map<String, SignalBudget.Row> rows = r.rows().stream()
                .collect(Collectors.toMap(SignalBudget.Row::attack, Function.identity()));

        SignalBudget.Row lossless = rows.get("lossless");
        assertThat(lossless.retained()).isEqualTo(1.0);
        // the picture interferes: the detector sees less than the mark alone would give
        assertThat(lossless.snrMarkOnly()).isGreaterThan(lossless.snrWithPicture());
        assertThat(lossless.snrWithPicture()).isGreaterThan(0.3);
        assertThat(lossless.pictureShare()).isBetween(0.2, 0.99);
        // stronger compression keeps less of the mark
        assertThat(rows.get("h264-crf23").retained()).isLessThan(1.0).isGreaterThan(rows.get("h264-crf40").retained());
        // after halving, the cells are found at half size: the mark alone still reads clearly (a wrong mapping gives ~0)
        SignalBudget.Row half = rows.get("resize-0.5");
        assertThat(half.width()).isEqualTo(r.width() / 2);
        assertThat(half.snrMarkOnly()).isGreaterThan(0.5);
        assertThat(r.markdown()).contains("resize to 0.5x").contains("| 384x288 |");
        assertThat(r.toJson()).containsEntry("schema", "hallmark.watermark.budget/1");
    }

    @Test
    void refusesAttacksThatMoveThePicture() {
        assertThatThrownBy(() -> new SignalBudget.Options(AttackSuite.select(List.of("crop-0.71")), 3, 1,
                EmbedOptions.defaults(), tmp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("crop-0.71")
                .hasMessageContaining("resize");
    }
}
