package dev.hallmark.watermark.spread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calibration checkpoint keeps what was appended, drops a torn last line, and refuses anything else. */
class CalibrationCheckpointTest {
    private static final String RUN = "dev.hallmark.watermark.ss1;trials=6;seed=1;segment=5.0;segments=3;footage=ab";

    @TempDir
    Path tmp;

    private static CalibrationCheckpoint.Segment segment(int i) {
        return new CalibrationCheckpoint.Segment(i, i, 0, new double[] {i + 0.5, -1.25}, new double[] {10.5 + i, 0});
    }

    private Path written(int segments) throws Exception {
        Path f = tmp.resolve("c.partial");
        try (CalibrationCheckpoint c = CalibrationCheckpoint.open(f, RUN, 3, 2)) {
            for (int i = 0; i < segments; i++) {
                c.append(segment(i));
            }
        }
        return f;
    }

    @Test
    void keepsEveryAppendedSegmentExactly() throws Exception {
        Path f = written(2);
        try (CalibrationCheckpoint c = CalibrationCheckpoint.open(f, RUN, 3, 2)) {
            assertThat(c.done()).containsOnlyKeys(0, 1);
            assertThat(c.done().get(1).scores()).containsExactly(1.5, -1.25);
            assertThat(c.done().get(1).payloadScores()).containsExactly(11.5, 0);
            assertThat(c.done().get(1).found()).isEqualTo(1);
            c.append(segment(2));
        }
        try (CalibrationCheckpoint c = CalibrationCheckpoint.open(f, RUN, 3, 2)) {
            assertThat(c.done()).containsOnlyKeys(0, 1, 2);
        }
    }

    @Test
    void aTornLastLineIsDroppedAndTheFileGoesOnAfterTheLastWholeOne() throws Exception {
        Path f = written(2);
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        String whole = String.join("\n", lines.subList(0, 3)) + "\n";
        Files.writeString(f, whole + lines.get(3).substring(0, lines.get(3).length() - 3), StandardCharsets.UTF_8);
        try (CalibrationCheckpoint c = CalibrationCheckpoint.open(f, RUN, 3, 2)) {
            assertThat(c.done()).containsOnlyKeys(0);
            c.append(segment(1));
        }
        assertThat(Files.readAllLines(f, StandardCharsets.UTF_8)).isEqualTo(lines);
    }

    @Test
    void aDamagedLineBeforeTheLastIsRefused() throws Exception {
        Path f = written(3);
        byte[] b = Files.readAllBytes(f);
        String text = new String(b, StandardCharsets.UTF_8);
        int at = text.indexOf("data=", text.indexOf("segment=1")) + 8;
        b[at] = (byte) (b[at] == 'A' ? 'B' : 'A');
        Files.write(f, b);
        assertThatThrownBy(() -> CalibrationCheckpoint.open(f, RUN, 3, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("damaged at line 4");
        assertThat(Files.readAllBytes(f)).isEqualTo(b);
    }

    @Test
    void anotherRunsCheckpointOrAnotherFileIsRefusedUntouched() throws Exception {
        Path f = written(1);
        byte[] before = Files.readAllBytes(f);
        assertThatThrownBy(() -> CalibrationCheckpoint.open(f, RUN.replace("seed=1", "seed=2"), 3, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other clips, trials, seed");
        // a segment of the wrong size for this run does not fit
        assertThatThrownBy(() -> CalibrationCheckpoint.open(f, RUN, 3, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        Path other = tmp.resolve("notes.txt");
        Files.writeString(other, "hello\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CalibrationCheckpoint.open(other, RUN, 3, 2))
                .hasMessageContaining("something else");
        Path huge = tmp.resolve("huge.partial");
        Files.write(huge, new byte[1 << 20]);
        assertThatThrownBy(() -> CalibrationCheckpoint.open(huge, RUN, 3, 2)).hasMessageContaining("more than");
    }

    @Test
    void aSegmentTwiceIsRefused() throws Exception {
        Path f = written(1);
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        Files.writeString(f, String.join("\n", lines) + "\n" + lines.get(2) + "\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CalibrationCheckpoint.open(f, RUN, 3, 2)).hasMessageContaining("segment 0 twice");
    }
}
