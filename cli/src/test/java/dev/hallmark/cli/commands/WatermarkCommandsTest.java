package dev.hallmark.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hallmark.cli.CapturingOutput;
import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import dev.hallmark.cli.HallmarkHome;
import dev.hallmark.cli.shell.WatermarkErrors;
import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.watermark.WatermarkException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watermark commands end to end (methods called directly, output captured, real FFmpeg and key files). */
class WatermarkCommandsTest {
    @TempDir
    static Path tmp;
    static Path clip;

    /** A 4-second textured, slowly panning clip written with x264 at CRF 12. */
    @BeforeAll
    static void makeClip() throws Exception {
        clip = tmp.resolve("source.mp4");
        int w = 640;
        int h = 480;
        Random r = new Random(4);
        float[] tex = new float[(w + 64) * h];
        for (int b = 0; b < 300; b++) {
            double cx = r.nextDouble() * (w + 64);
            double cy = r.nextDouble() * h;
            double rad = 3 + r.nextDouble() * 20;
            double amp = (r.nextDouble() - 0.5) * 70;
            for (int y = Math.max(0, (int) (cy - 3 * rad)); y < Math.min(h, (int) (cy + 3 * rad)); y++) {
                for (int x = Math.max(0, (int) (cx - 3 * rad)); x < Math.min(w + 64, (int) (cx + 3 * rad)); x++) {
                    tex[y * (w + 64) + x] += (float) (amp * Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (rad * rad)));
                }
            }
        }
        try (VideoWriter wr = VideoWriter.create(clip, EncoderSettings.h264(w, h, FrameRate.of(24)).withCrf(12))) {
            I420Frame f = new I420Frame(w, h);
            for (int t = 0; t < 96; t++) {
                f.fill(0, 120, 135);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double v = 120 + tex[y * (w + 64) + x + t / 4] + 2 * r.nextGaussian();
                        f.data()[y * w + x] = (byte) Math.max(16, Math.min(235, Math.round(v)));
                    }
                }
                wr.write(f);
            }
        }
    }

    @Test
    void embedThenDetectReportsThePayloadWithExitZero() throws Exception {
        HallmarkHome home = new HallmarkHome(tmp.resolve("home1"));
        CapturingOutput out = new CapturingOutput();
        WatermarkCommands cmd = new WatermarkCommands(home, out);
        Path marked = tmp.resolve("marked.mp4");
        cmd.embed(clip.toString(), marked.toString(), "00C0FFEE12345678", null, null, false, true);
        String embedNotes = out.stderr();
        ExitCode embedCode = out.outcome();
        JsonNode e = out.takeJson();
        // embed reads its own output back, as a verifier would
        assertThat(e.get("readBack").get("payloadMatches").asBoolean()).isTrue();
        assertThat(e.get("readBack").get("payload").asText()).isEqualTo("00c0ffee12345678");
        assertThat(embedCode).isEqualTo(ExitCode.OK);
        assertThat(e.get("schema").asText()).isEqualTo("hallmark.watermark.embed/1");
        assertThat(e.get("payload").asText()).isEqualTo("00c0ffee12345678");
        assertThat(e.get("frames").asLong()).isEqualTo(96);
        assertThat(embedNotes).contains("created watermark key");
        String keyId = e.get("keyId").asText();
        assertThat(Files.list(home.keys()).map(p -> p.getFileName().toString()))
                .contains("watermark-" + keyId + ".key");

        out.reset();
        cmd.detect(marked.toString(), true, null);
        ExitCode markedCode = out.outcome();
        JsonNode d = out.takeJson();
        assertThat(d.get("schema").asText()).isEqualTo("hallmark.watermark/1");
        assertThat(d.get("detected").asBoolean()).isTrue();
        assertThat(d.get("payload").asText()).isEqualTo("00c0ffee12345678");
        assertThat(d.get("score").asDouble()).isGreaterThan(d.get("payloadThreshold").asDouble());
        assertThat(d.get("falsePositiveBound").asDouble()).isLessThan(1e-9);
        assertThat(d.get("framesUsed").asLong()).isEqualTo(96);
        assertThat(d.get("secondsUsed").asDouble()).isCloseTo(4.0, org.assertj.core.api.Assertions.within(0.01));
        assertThat(d.get("keyId").asText()).isEqualTo(keyId);
        assertThat(d.get("windows").size()).isGreaterThanOrEqualTo(3);
        assertThat(d.get("geometry").get("speed").asDouble()).isEqualTo(1.0);
        assertThat(markedCode).isEqualTo(ExitCode.OK);

        out.reset();
        cmd.detect(clip.toString(), true, null);
        ExitCode plainCode = out.outcome();
        JsonNode n = out.takeJson();
        assertThat(n.get("detected").asBoolean()).isFalse();
        assertThat(n.get("payload").isNull()).isTrue();
        assertThat(plainCode).isEqualTo(ExitCode.CHECK_FAILED);
        // the first 2 s alone: nothing found, and the note says how little that shows
        out.reset();
        cmd.detect(clip.toString(), false, "2");
        assertThat(out.take()).contains("no watermark found").contains("48 frames (only 2.0 s of video, shorter "
                + "than the 3 s the detector is made for: a mark may be there unread)");

        out.reset();
        cmd.keys(false, true);
        JsonNode k = out.takeJson();
        assertThat(k.get("keys").size()).isEqualTo(1);
        assertThat(k.toString()).doesNotContain("secret");
        cmd.keys(true, false);
        assertThat(out.take()).contains(keyId).contains("(active)");
        // the marked clip is still found after rotation: every key is tried
        out.reset();
        cmd.detect(marked.toString(), false, null);
        ExitCode rotatedCode = out.outcome();
        assertThat(out.take()).contains("00c0ffee12345678");
        assertThat(rotatedCode).isEqualTo(ExitCode.OK);
    }

    @Test
    void embedSaysSoWhenItsOwnOutputDoesNotCarryAReadableMark() throws Exception {
        CapturingOutput out = new CapturingOutput();
        WatermarkCommands cmd = new WatermarkCommands(new HallmarkHome(tmp.resolve("home-crf")), out);
        Path marked = tmp.resolve("marked-crf51.mp4");
        cmd.embed(clip.toString(), marked.toString(), "0123456789abcdef", "51", null, false, false);
        assertThat(out.outcome()).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(out.stderr()).contains(marked + " is written, but its mark does not read back")
                .contains("--crf 51 keeps little of the mark");
        assertThat(out.take()).contains("marked 96 frames").doesNotContain("read back from");
        assertThat(marked).exists();
        assertThat(WatermarkCommands.readBackHint(240, 2.5, 18)).contains("short side is 240 px")
                .contains("2.5 s long").doesNotContain("--crf");
        assertThat(WatermarkCommands.readBackHint(720, 10, 23)).isEmpty();
    }

    @Test
    void badInputsGiveTypedErrorsAndExitCodes() throws Exception {
        HallmarkHome home = new HallmarkHome(tmp.resolve("home2"));
        CapturingOutput out = new CapturingOutput();
        WatermarkCommands cmd = new WatermarkCommands(home, out);
        assertThatThrownBy(() -> cmd.embed(clip.toString(), tmp.resolve("x.mp4").toString(), "123", null, null, false, false))
                .isInstanceOf(CliException.class)
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        assertThatThrownBy(() -> cmd.embed(clip.toString(), tmp.resolve("x.mp4").toString(), "0000000000000001", "abc",
                null, false, false)).isInstanceOf(CliException.class).hasMessageContaining("--crf");
        // no keys yet: detection cannot find anything
        assertThatThrownBy(() -> cmd.detect(clip.toString(), true, null)).isInstanceOf(CliException.class)
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.CHECK_FAILED));
        cmd.keys(true, false);
        // calibration options: --speed belongs to the flipped search, and only 1 or 2 exist
        String out1 = tmp.resolve("c.txt").toString();
        assertThatThrownBy(() -> cmd.calibrate(clip.toString(), out1, null, "10", null, null, null, false, "2"))
                .isInstanceOf(CliException.class).hasMessageContaining("--flipped");
        assertThatThrownBy(() -> cmd.calibrate(clip.toString(), out1, null, "10", null, null, null, true, "3"))
                .isInstanceOf(CliException.class).hasMessageContaining("1 or 2");
        assertThat(tmp.resolve("c.txt")).doesNotExist();
        Path garbage = tmp.resolve("garbage.mp4");
        Files.write(garbage, new byte[] {0, 0, 0, 8, 'f', 't', 'y', 'p', 1, 2, 3});
        WatermarkErrors errors = new WatermarkErrors();
        for (String bad : new String[] {garbage.toString(), tmp.resolve("missing.mp4").toString()}) {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> cmd.detect(bad, true, null));
            assertThat(t).isInstanceOf(WatermarkException.class);
            CliException c = errors.translate(t).orElseThrow();
            assertThat(c.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(c.getMessage()).contains(bad).doesNotContain("\n");
        }
    }

    @Test
    void calibrateKeepsItsProgressBesideTheOutputAndRefusesAForeignCheckpoint() throws Exception {
        WatermarkCommands cmd = new WatermarkCommands(new HallmarkHome(tmp.resolve("home-cal")), new CapturingOutput());
        Path out = tmp.resolve("cal.txt");
        Path partial = tmp.resolve("cal.txt.partial");
        String foreign = "hallmark.watermark.calibration-checkpoint/1\nrun=another calibration\n";
        Files.writeString(partial, foreign);
        assertThatThrownBy(() -> cmd.calibrate(clip.toString(), out.toString(), null, "3", null, null, null, false,
                null)).isInstanceOf(CliException.class).hasMessageContaining(partial.toString())
                .hasMessageContaining("delete it");
        assertThat(out).doesNotExist();
        assertThat(partial).hasContent(foreign);
        Files.delete(partial);
        cmd.calibrate(clip.toString(), out.toString(), null, "3", null, null, null, false, null);
        assertThat(Files.readString(out)).startsWith("hallmark.watermark.calibration/1");
        assertThat(partial).doesNotExist();
    }

    @Test
    void budgetSplitsTheSignalAndRefusesUnusableInput() throws Exception {
        HallmarkHome home = new HallmarkHome(tmp.resolve("home3"));
        CapturingOutput out = new CapturingOutput();
        WatermarkCommands cmd = new WatermarkCommands(home, out);
        cmd.budget(clip.toString(), "lossless,h264-crf40", "2", null, null, false, "1", true);
        JsonNode b = out.takeJson();
        assertThat(b.get("schema").asText()).isEqualTo("hallmark.watermark.budget/1");
        assertThat(b.get("frames").asLong()).isEqualTo(48);
        JsonNode rows = b.get("attacks");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("retained").asDouble()).isEqualTo(1.0);
        assertThat(rows.get(1).get("retained").asDouble()).isLessThan(1.0);
        assertThat(rows.get(0).get("scoreMarkOnly").asDouble()).isGreaterThan(rows.get(0).get("scoreWithPicture").asDouble());
        assertThat(b.get("flipSeconds").asDouble()).isEqualTo(1.0);
        assertThat(rows.get(1).get("sizeChange").isNumber()).isTrue();
        assertThat(rows.get(1).get("flipped").get("scoreWithPicture").isNumber()).isTrue();
        assertThatThrownBy(() -> cmd.budget(clip.toString(), "lossless", "2", null, null, false, "1.5", true))
                .isInstanceOf(CliException.class).hasMessageContaining("flip interval")
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        // a budget uses no key of the home: nothing is created there
        if (Files.isDirectory(home.keys())) {
            try (var keys = Files.list(home.keys())) {
                assertThat(keys).isEmpty();
            }
        }
        assertThatThrownBy(() -> cmd.budget(clip.toString(), "hflip", null, null, null, false, null, true))
                .isInstanceOf(CliException.class).hasMessageContaining("hflip")
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        assertThatThrownBy(() -> cmd.budget(clip.toString(), "no-such-attack", null, null, null, false, null, true))
                .isInstanceOf(CliException.class).hasMessageContaining("no-such-attack");
        Path missing = tmp.resolve("missing.mp4");
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> cmd.budget(missing.toString(), null, null, null, null, false, null, true));
        CliException c = new WatermarkErrors().translate(t).orElseThrow();
        assertThat(c.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(c.getMessage()).contains(missing.toString()).doesNotContain("\n");
    }
}
