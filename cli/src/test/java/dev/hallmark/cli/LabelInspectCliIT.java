package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hallmark.media.testing.TestClips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelInspectCliIT {
    @TempDir
    static Path tmp;
    static CliRunner cli;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void setUp() {
        cli = new CliRunner(tmp.resolve("home"));
    }

    @Test
    void labelThenInspectAsJson() throws Exception {
        Path in = TestClips.fixture("video/tree.avi");
        Path out = tmp.resolve("tree-labelled.mp4");
        CliRunner.Run label = cli.run("label", "--in", in.toString(), "--out", out.toString(), "--position",
                "bottom-right", "--json");
        assertThat(label.exit()).as(label.err()).isZero();
        JsonNode l = JSON.readTree(label.out());
        assertThat(l.get("schema").asText()).isEqualTo("hallmark.label/1");
        assertThat(label.err()).contains("demo provider code");

        CliRunner.Run inspect = cli.run("inspect", out.toString(), "--json");
        assertThat(inspect.exit()).as(inspect.err()).isZero();
        JsonNode doc = JSON.readTree(inspect.out());
        assertThat(doc.get("schema").asText()).isEqualTo("hallmark.inspect/1");
        assertThat(doc.get("videoCodec").asText()).isEqualTo("h264");
        assertThat(doc.get("frameCount").asLong()).isEqualTo(444);
        assertThat(doc.get("aigc").get("Label").asText()).isEqualTo("1");
        assertThat(doc.get("aigcLabelCount").asInt()).isEqualTo(1);
        assertThat(doc.get("c2paManifestPresent").asBoolean()).isFalse();
        assertThat(doc.get("visibleLabel").get("position").asText()).isEqualTo("bottom-right");

        // labelling the labelled file again updates, never adds a second label
        Path again = tmp.resolve("again.mp4");
        CliRunner.Run relabel = cli.run("label", "--in", out.toString(), "--out", again.toString());
        assertThat(relabel.exit()).as(relabel.err()).isZero();
        assertThat(relabel.out()).contains("already carries");
        assertThat(JSON.readTree(cli.run("inspect", again.toString(), "--json").out()).get("aigcLabelCount").asInt())
                .isEqualTo(1);
    }

    @Test
    void hostileAndBrokenInputsExitThreeWithOneLine() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.mp4"));
        Path text = Files.writeString(tmp.resolve("readme.txt"), "plain text\n".repeat(30));
        byte[] clip = Files.readAllBytes(TestClips.synthetic(tmp.resolve("ok.mp4"), 160, 120, 20,
                dev.hallmark.media.FrameRate.of(10), true));
        Path truncated = Files.write(tmp.resolve("truncated.mp4"), Arrays.copyOf(clip, clip.length / 3));
        Path huge = Files.write(tmp.resolve("huge.mp4"), hugeBox());
        Path nested = TestClips.fixture("hostile/nested_moov_1000.mp4");
        for (Path p : new Path[] {empty, text, truncated, huge, nested}) {
            CliRunner.Run r = cli.run("inspect", p.toString());
            assertThat(r.exit()).as(p + ": " + r.err()).isEqualTo(3);
            assertThat(r.err().strip().lines().filter(s -> !s.startsWith("note:")).count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains(p.getFileName().toString()).doesNotContain("Exception").doesNotContain("\tat ");
            CliRunner.Run l = cli.run("label", "--in", p.toString(), "--out", tmp.resolve("o.mp4").toString());
            assertThat(l.exit()).as(l.err()).isEqualTo(3);
            assertThat(tmp.resolve("o.mp4")).doesNotExist();
        }
    }

    static byte[] hugeBox() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16 + 16 + 64);
        b.putInt(16).put("ftypisom".getBytes()).putInt(0);
        b.putInt(1).put("mdat".getBytes()).putLong(Long.MIN_VALUE >>> 0 | 0x7FFF_FFFF_FFFF_FFFFL + 1);
        return b.array();
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertThat(cli.run("label", "--in", "x.mp4").exit()).isEqualTo(2);
        assertThat(cli.run("label", "--in", "a", "--out", "b", "--bogus", "1").exit()).isEqualTo(2);
        assertThat(cli.run("no-such-command").exit()).isEqualTo(2);
        CliRunner.Run badText = cli.run("label", "--in", "a.mp4", "--out", "b.mp4", "--text", "generated");
        assertThat(badText.exit()).isEqualTo(2);
        assertThat(badText.err()).contains("人工智能");
    }
}
