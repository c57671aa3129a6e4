package dev.hallmark.media.bmff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.media.FrameRate;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.testing.TestClips;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BmffRewriterIT {
    static final UUID C2PA = UUID.fromString("d8fec3d6-1b0e-483c-9297-5828877ec481");

    @TempDir
    Path tmp;

    static byte[] uuidBox(UUID type, int payload, byte fill) {
        ByteBuffer b = ByteBuffer.allocate(24 + payload);
        b.putInt(24 + payload).put("uuid".getBytes(StandardCharsets.ISO_8859_1))
                .putLong(type.getMostSignificantBits()).putLong(type.getLeastSignificantBits());
        while (b.hasRemaining()) {
            b.put(fill);
        }
        return b.array();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void insertAfterFtypKeepsEveryDecodedFrame(boolean faststart) throws Exception {
        Path in = TestClips.synthetic(tmp.resolve("in.mp4"), 320, 240, 30, FrameRate.of(15), faststart);
        String before = TestClips.frameDigest(in);
        Path out = tmp.resolve("out.mp4");
        Layout layout = BmffRewriter.open(in).insertAfterFtyp(uuidBox(C2PA, 5000, (byte) 7), C2PA).write(out);
        assertThat(TestClips.frameDigest(out)).isEqualTo(before);
        BoxTree t = BmffParser.parse(out);
        assertThat(t.topLevel().get(0).type()).isEqualTo("ftyp");
        assertThat(t.topLevel().get(1).userType()).isEqualTo(C2PA);
        assertThat(layout.insertedOffset()).isEqualTo(t.topLevel().get(1).offset());
        assertThat(layout.insertedSize()).isEqualTo(5024);
        assertThat(layout.fileSize()).isEqualTo(Files.size(in) + 5024);
        // moov is first or last exactly as before
        if (faststart) {
            assertThat(t.topLevel().get(2).type()).isEqualTo("moov");
        } else {
            assertThat(t.topLevel().get(t.topLevel().size() - 1).type()).isEqualTo("moov");
        }
    }

    @Test
    void replacingTheBoxDoesNotAddASecondOne() throws Exception {
        Path in = TestClips.synthetic(tmp.resolve("in.mp4"), 160, 120, 10, FrameRate.of(10), true);
        String before = TestClips.frameDigest(in);
        Path once = tmp.resolve("once.mp4");
        Path twice = tmp.resolve("twice.mp4");
        BmffRewriter.open(in).insertAfterFtyp(uuidBox(C2PA, 100, (byte) 1), C2PA).write(once);
        BmffRewriter.open(once).insertAfterFtyp(uuidBox(C2PA, 3000, (byte) 2), C2PA).write(twice);
        BoxTree t = BmffParser.parse(twice);
        assertThat(t.topLevelUuid(C2PA)).hasSize(1);
        assertThat(t.topLevelUuid(C2PA).get(0).size()).isEqualTo(3024);
        assertThat(TestClips.frameDigest(twice)).isEqualTo(before);
    }

    @Test
    void co64InputsAreShiftedToo() throws Exception {
        Path in = TestClips.synthetic(tmp.resolve("in.mp4"), 160, 120, 20, FrameRate.of(10), false);
        String before = TestClips.frameDigest(in);
        // turn every stco into an equivalent co64 (as large files have)
        Path co64 = tmp.resolve("co64.mp4");
        BmffRewriter.open(in).editMoov(moov -> {
            for (MutableBox stco : moov.all("stco")) {
                ByteBuffer p = ByteBuffer.wrap(stco.payload());
                int n = p.getInt(4);
                ByteBuffer q = ByteBuffer.allocate(8 + 8 * n).putInt(0).putInt(n);
                for (int i = 0; i < n; i++) {
                    q.putLong(Integer.toUnsignedLong(p.getInt(8 + 4 * i)));
                }
                stco.setPayload(q.array());
                stco.setType("co64");
            }
        }).write(co64);
        assertThat(BmffParser.parse(co64).all("co64")).isNotEmpty();
        assertThat(TestClips.frameDigest(co64)).isEqualTo(before);
        Path out = tmp.resolve("out.mp4");
        BmffRewriter.open(co64).insertAfterFtyp(uuidBox(C2PA, 777, (byte) 3), C2PA).write(out);
        assertThat(TestClips.frameDigest(out)).isEqualTo(before);
    }

    @Test
    void listenerSeesExactlyTheBytesWritten() throws Exception {
        Path in = TestClips.synthetic(tmp.resolve("in.mp4"), 160, 120, 10, FrameRate.of(10), true);
        Path out = tmp.resolve("out.mp4");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        long[] last = {-1};
        BmffRewriter.open(in).insertAfterFtyp(uuidBox(C2PA, 64, (byte) 9), null).listener(new BoxListener() {
            @Override
            public void boxStart(String type, UUID userType, long offset, long size) {
                assertThat(offset).isGreaterThan(last[0]);
                last[0] = offset;
                types.writeBytes(type.getBytes(StandardCharsets.ISO_8859_1));
            }

            @Override
            public void boxBytes(ByteBuffer bytes) {
                md.update(bytes);
            }
        }).write(out);
        byte[] fileHash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out));
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(HexFormat.of().formatHex(fileHash));
        assertThat(types.toString(StandardCharsets.ISO_8859_1)).startsWith("ftypuuidmoov");
    }

    @Test
    void fragmentedFilesKeepDecoding() throws Exception {
        Path in = TestClips.synthetic(tmp.resolve("in.mp4"), 160, 120, 30, FrameRate.of(10), true);
        // a fragmented copy made by FFmpeg itself
        Path frag = tmp.resolve("frag.mp4");
        try (VideoReader r = VideoReader.open(in);
                var w = dev.hallmark.media.VideoWriter.create(frag, dev.hallmark.media.EncoderSettings
                        .h264(160, 120, FrameRate.of(10)).withPreset("ultrafast").withFaststart(false)
                        .withMuxerOptions(Map.of("movflags", "+frag_keyframe+empty_moov+default_base_moof")))) {
            dev.hallmark.media.I420Frame f;
            while ((f = r.next()) != null) {
                w.write(f);
            }
        }
        assertThat(BmffParser.parse(frag).fragmented()).isTrue();
        String before = TestClips.frameDigest(frag);
        Path out = tmp.resolve("out.mp4");
        BmffRewriter.open(frag).insertAfterFtyp(uuidBox(C2PA, 333, (byte) 4), C2PA).write(out);
        assertThat(TestClips.frameDigest(out)).isEqualTo(before);
    }

    @Test
    void refusesToOverwriteItsInput() throws Exception {
        Path in = TestClips.synthetic(tmp.resolve("in.mp4"), 160, 120, 5, FrameRate.of(10), true);
        assertThatThrownBy(() -> BmffRewriter.open(in).insertAfterFtyp(uuidBox(C2PA, 1, (byte) 0), C2PA).write(in))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(BmffParser.parse(in).topLevel().get(1).type())).containsExactly("moov");
    }

    @Test
    void refusesHostileInput() {
        assertThatThrownBy(() -> BmffRewriter.open(TestClips.fixture("hostile/nested_moov_1000.mp4")))
                .isInstanceOf(MediaException.class);
    }
}
