package dev.hallmark.media.bmff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.media.MediaException;
import dev.hallmark.media.MediaException.Reason;
import dev.hallmark.media.testing.TestClips;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BmffParserTest {
    @TempDir
    Path tmp;

    static byte[] box(String type, byte[]... children) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : children) {
            body.writeBytes(c);
        }
        ByteBuffer b = ByteBuffer.allocate(8 + body.size());
        b.putInt(8 + body.size()).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(body.toByteArray());
        return b.array();
    }

    static byte[] ftyp() {
        return box("ftyp", "isom".getBytes(StandardCharsets.ISO_8859_1), new byte[] {0, 0, 2, 0});
    }

    Path file(byte[]... boxes) throws Exception {
        Path p = Files.createTempFile(tmp, "t", ".mp4");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : boxes) {
            out.writeBytes(b);
        }
        Files.write(p, out.toByteArray());
        return p;
    }

    @Test
    void parsesNestedContainersAndLeaves() throws Exception {
        Path p = file(ftyp(), box("moov", box("mvhd", new byte[100]), box("trak", box("tkhd", new byte[84]))),
                box("mdat", new byte[1000]));
        BoxTree t = BmffParser.parse(p);
        assertThat(t.topLevel()).extracting(Box::type).containsExactly("ftyp", "moov", "mdat");
        assertThat(t.find("moov/trak/tkhd").size()).isEqualTo(92);
        assertThat(t.find("mdat").payloadSize()).isEqualTo(1000);
        assertThat(t.all("tkhd")).hasSize(1);
    }

    @Test
    void rejectsNestingDeeperThan32() throws Exception {
        byte[] inner = box("free", new byte[0]);
        for (int i = 0; i < 40; i++) {
            inner = box("moov", inner);
        }
        Path p = file(ftyp(), inner);
        assertThatThrownBy(() -> BmffParser.parse(p)).isInstanceOf(MediaException.class)
                .satisfies(e -> assertThat(((MediaException) e).reason()).isEqualTo(Reason.LIMIT_EXCEEDED))
                .hasMessageContaining("nested deeper than 32");
    }

    @Test
    void acceptsNestingOf31() throws Exception {
        byte[] inner = box("free", new byte[0]);
        for (int i = 0; i < 30; i++) {
            inner = box("moov", inner);
        }
        assertThat(BmffParser.parse(file(ftyp(), inner)).topLevel()).hasSize(2);
    }

    @Test
    void rejectsTheC2paRsNestedMoovFixture() {
        Path p = TestClips.fixture("hostile/nested_moov_1000.mp4");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> BmffParser.parse(p)).isInstanceOf(MediaException.class)
                .satisfies(e -> assertThat(((MediaException) e).reason()).isEqualTo(Reason.LIMIT_EXCEEDED));
        assertThat(System.nanoTime() - t0).isLessThan(2_000_000_000L);
    }

    @Test
    void rejectsA2To63Size() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(24);
        b.putInt(1).put("mdat".getBytes(StandardCharsets.ISO_8859_1)).putLong(Long.MIN_VALUE).putLong(0);
        Path p = file(ftyp(), b.array());
        assertThatThrownBy(() -> BmffParser.parse(p)).isInstanceOf(MediaException.class)
                .satisfies(e -> assertThat(((MediaException) e).reason()).isEqualTo(Reason.CORRUPT))
                .hasMessageContaining("2^63");
        ByteBuffer c = ByteBuffer.allocate(24);
        c.putInt(1).put("mdat".getBytes(StandardCharsets.ISO_8859_1)).putLong(Long.MAX_VALUE).putLong(0);
        Path q = file(ftyp(), c.array());
        assertThatThrownBy(() -> BmffParser.parse(q)).isInstanceOf(MediaException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsTruncatedFileAndChildPastParent() throws Exception {
        byte[] full = box("moov", box("mvhd", new byte[100]));
        byte[] cut = java.util.Arrays.copyOf(full, 50);
        assertThatThrownBy(() -> BmffParser.parse(file(ftyp(), cut))).isInstanceOf(MediaException.class)
                .hasMessageContaining("truncated");
        byte[] bad = box("moov", box("mvhd", new byte[100]));
        ByteBuffer.wrap(bad).putInt(8, 500); // child claims more than its parent holds
        assertThatThrownBy(() -> BmffParser.parse(file(ftyp(), bad))).isInstanceOf(MediaException.class)
                .hasMessageContaining("end of its parent");
    }

    @Test
    void rejectsSizeSmallerThanHeaderAndZeroInsideContainer() throws Exception {
        byte[] tiny = box("moov", box("mvhd", new byte[10]));
        ByteBuffer.wrap(tiny).putInt(8, 4);
        assertThatThrownBy(() -> BmffParser.parse(file(ftyp(), tiny))).hasMessageContaining("smaller than its header");
        byte[] zero = box("moov", box("mvhd", new byte[10]));
        ByteBuffer.wrap(zero).putInt(8, 0);
        assertThatThrownBy(() -> BmffParser.parse(file(ftyp(), zero))).hasMessageContaining("size 0");
    }

    @Test
    void topLevelSizeZeroRunsToEndOfFile() throws Exception {
        ByteBuffer m = ByteBuffer.allocate(108);
        m.putInt(0).put("mdat".getBytes(StandardCharsets.ISO_8859_1));
        BoxTree t = BmffParser.parse(file(ftyp(), m.array()));
        assertThat(t.find("mdat").size()).isEqualTo(108);
    }

    @Test
    void boxCountIsBounded() throws Exception {
        byte[][] many = new byte[200][];
        for (int i = 0; i < many.length; i++) {
            many[i] = box("free", new byte[0]);
        }
        Path p = file(many);
        assertThatThrownBy(() -> BmffParser.parse(p, new BmffLimits(32, 100, 1 << 20, 1000)))
                .isInstanceOf(MediaException.class).hasMessageContaining("more than 100 boxes");
    }

    @Test
    void recognisesIsoBmffByItsFirstBox() throws Exception {
        try (var ch = java.nio.channels.FileChannel.open(file(ftyp()))) {
            assertThat(BmffParser.looksLikeBmff(ch)).isTrue();
        }
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "hello, this is not a video at all\n");
        try (var ch = java.nio.channels.FileChannel.open(text)) {
            assertThat(BmffParser.looksLikeBmff(ch)).isFalse();
        }
    }
}
