package dev.hallmark.media.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.MediaException.Reason;
import dev.hallmark.media.ReadOptions;
import dev.hallmark.media.VideoInfo;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.media.testing.TestClips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoIoIT {
    @TempDir
    Path tmp;

    @Test
    void decodesRealFootageToI420() throws Exception {
        try (VideoReader r = VideoReader.open(TestClips.fixture("video/vtest.avi"))) {
            VideoInfo info = r.info();
            assertThat(info.width()).isEqualTo(768);
            assertThat(info.height()).isEqualTo(576);
            assertThat(info.frameRate()).isEqualTo(new FrameRate(10, 1));
            assertThat(info.videoCodec()).isEqualTo("msmpeg4v3");
            assertThat(info.frameCount()).isEqualTo(795);
            int n = 0;
            long lastTs = -1;
            I420Frame f;
            while ((f = r.next()) != null) {
                assertThat(f.data()).hasSize(768 * 576 * 3 / 2);
                assertThat(f.timestampMicros()).isGreaterThan(lastTs);
                lastTs = f.timestampMicros();
                n++;
            }
            assertThat(n).isEqualTo(795);
        }
    }

    @Test
    void encodeThenDecodeKeepsFramesFpsAndContent() throws Exception {
        Path out = tmp.resolve("rt.mp4");
        FrameRate fps = new FrameRate(30000, 1001);
        EncoderSettings s = EncoderSettings.h264(320, 240, fps).withCrf(18).withPreset("veryfast");
        I420Frame src = new I420Frame(320, 240);
        try (VideoWriter w = VideoWriter.create(out, s)) {
            for (int i = 0; i < 45; i++) {
                TestClips.paint(src, i);
                w.write(src);
            }
        }
        try (VideoReader r = VideoReader.open(out)) {
            assertThat(r.info().frameRate()).isEqualTo(fps);
            assertThat(r.info().frameCount()).isEqualTo(45);
            assertThat(r.info().videoCodec()).isEqualTo("h264");
            I420Frame f;
            int n = 0;
            while ((f = r.next()) != null) {
                TestClips.paint(src, n++);
                assertThat(psnrY(src, f)).as("frame %d", n).isGreaterThan(35);
            }
            assertThat(n).isEqualTo(45);
        }
    }

    @Test
    void pipelinedWriterWritesTheSameVideoAsADirectOne() throws Exception {
        EncoderSettings s = EncoderSettings.h264(320, 240, FrameRate.of(25)).withCrf(18).withPreset("veryfast");
        Path direct = tmp.resolve("direct.mp4");
        Path piped = tmp.resolve("piped.mp4");
        I420Frame src = new I420Frame(320, 240);
        try (VideoWriter a = VideoWriter.create(direct, s);
                VideoWriter b = dev.hallmark.media.PipelinedVideoWriter.wrap(VideoWriter.create(piped, s), 320, 240, 3)) {
            for (int i = 0; i < 40; i++) {
                TestClips.paint(src, i);
                a.write(src);
                b.write(src);
            }
        }
        assertThat(TestClips.frameDigest(piped)).isEqualTo(TestClips.frameDigest(direct));
    }

    @Test
    void scalesOnRead() throws Exception {
        try (VideoReader r = VideoReader.open(TestClips.fixture("video/tree.avi"), ReadOptions.defaults().scaledTo(160, 120))) {
            I420Frame f = r.next();
            assertThat(f.width()).isEqualTo(160);
            assertThat(f.height()).isEqualTo(120);
        }
    }

    @Test
    void copiesAudioByStreamCopy() throws Exception {
        Path in = TestClips.fixture("video/Megamind.avi");
        Path out = tmp.resolve("with-audio.mp4");
        try (VideoReader r = VideoReader.open(in)) {
            VideoInfo info = r.info();
            assertThat(info.audioCodec()).isEqualTo("ac3");
            EncoderSettings s = EncoderSettings.h264(info.width(), info.height(), info.frameRate())
                    .withPreset("ultrafast").withAudioFrom(in).withMetadata(Map.of("title", "t"));
            try (VideoWriter w = VideoWriter.create(out, s)) {
                I420Frame f;
                while ((f = r.next()) != null) {
                    w.write(f);
                }
            }
        }
        try (VideoReader r = VideoReader.open(out)) {
            assertThat(r.info().audioCodec()).isEqualTo("ac3");
            assertThat(r.info().frameCount()).isEqualTo(270);
            assertThat(r.info().frameRate()).isEqualTo(new FrameRate(2997, 125)); // the source's rate, kept exactly
            assertThat(r.info().durationSeconds()).isBetween(11.0, 11.6);
        }
    }

    @Test
    void refusesBrokenInputsWithAReason() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.mp4"));
        assertReason(empty, Reason.UNREADABLE, "empty");
        Path text = Files.writeString(tmp.resolve("notes.mp4"), "just some text, definitely not a movie\n".repeat(50));
        assertReason(text, Reason.UNSUPPORTED, "not a video file");
        assertReason(tmp.resolve("missing.mp4"), Reason.UNREADABLE, "no such file");
        assertReason(TestClips.fixture("hostile/nested_moov_1000.mp4"), Reason.LIMIT_EXCEEDED, "nested");
        Path good = TestClips.synthetic(tmp.resolve("good.mp4"), 160, 120, 20, FrameRate.of(10), true);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(tmp.resolve("cut.mp4"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertReason(cut, Reason.CORRUPT, "truncated");
    }

    private static void assertReason(Path p, Reason reason, String text) {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> VideoReader.open(p).close()).isInstanceOf(MediaException.class)
                .satisfies(e -> assertThat(((MediaException) e).reason()).isEqualTo(reason))
                .hasMessageContaining(p.getFileName().toString()).hasMessageContaining(text);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2.0);
    }

    @Test
    void writerRefusesWrongFrameSizeAndOddDimensions() throws Exception {
        assertThatThrownBy(() -> EncoderSettings.h264(321, 240, FrameRate.of(25)))
                .isInstanceOf(IllegalArgumentException.class);
        Path out = tmp.resolve("x.mp4");
        try (VideoWriter w = VideoWriter.create(out, EncoderSettings.h264(64, 64, FrameRate.of(25)))) {
            assertThatThrownBy(() -> w.write(new I420Frame(32, 32))).isInstanceOf(IllegalArgumentException.class);
            w.abort();
        }
        assertThat(out).doesNotExist();
    }

    static double psnrY(I420Frame a, I420Frame b) {
        double se = 0;
        int n = a.width() * a.height();
        for (int i = 0; i < n; i++) {
            int d = (a.data()[i] & 0xFF) - (b.data()[i] & 0xFF);
            se += d * d;
        }
        double mse = se / n;
        return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
