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
                AttackSuite.select(List.of("lossless", "h264-crf23", "h264-crf40", "resize-0.5", "speed-2x")), 3, 7,
                EmbedOptions.defaults(), tmp, 1.0);
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
        assertThat(r.toJson()).containsEntry("schema", "hallmark.watermark.budget/1").containsEntry("flipSeconds", 1.0);

        // flipping the mark's sign cancels the street's static texture: as read, it comes close to the mark alone
        SignalBudget.Flipped flipped = lossless.flipped().orElseThrow();
        assertThat(flipped.snrWithPicture()).isGreaterThan(1.5 * lossless.snrWithPicture());
        assertThat(flipped.snrWithPicture()).isGreaterThan(0.8 * flipped.snrMarkOnly());
        // ... and the mark alone is read as well as the static one (same energy; a wrong phase gives ~0 or less)
        assertThat(flipped.snrMarkOnly()).isCloseTo(lossless.snrMarkOnly(), org.assertj.core.data.Percentage.withPercentage(15));
        assertThat(half.flipped().orElseThrow().snrWithPicture()).isGreaterThan(half.snrWithPicture());
        // sizes: none for the lossless reference, measured for encoded copies
        assertThat(lossless.sizeChange()).isNaN();
        assertThat(flipped.sizeChange()).isNaN();
        assertThat(rows.get("h264-crf23").sizeChange()).isBetween(-0.2, 0.2);
        assertThat(rows.get("h264-crf23").flipped().orElseThrow().sizeChange()).isBetween(-0.2, 0.5);
        // a retimed copy has no known phase: no flipped figures
        assertThat(rows.get("speed-2x").flipped()).isEmpty();
        assertThat(r.markdown()).contains("flipped: score").contains("retimed");
    }

    @Test
    void retimingAttacksAndTheFlipIntervalAreChecked() {
        assertThat(SignalBudget.keepsTiming(AttackSuite.select(List.of("fps-25")).get(0))).isTrue();
        assertThat(SignalBudget.keepsTiming(AttackSuite.select(List.of("speed-2x")).get(0))).isFalse();
        assertThatThrownBy(() -> new SignalBudget.Options(List.of(), 3, 1, EmbedOptions.defaults(), tmp, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flip interval");
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
