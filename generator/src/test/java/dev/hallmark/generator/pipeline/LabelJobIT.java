package dev.hallmark.generator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.generator.GeneratorException;
import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.ReadOptions;
import dev.hallmark.media.VideoInfo;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.media.testing.TestClips;
import dev.hallmark.provenance.aigc.AigcLabel;
import dev.hallmark.provenance.aigc.AigcMetadata;
import dev.hallmark.provenance.aigc.ProviderCode;
import dev.hallmark.watermark.label.LabelSpec;
import dev.hallmark.watermark.label.VisibleLabel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelJobIT {
    @TempDir
    static Path tmp;
    static Path vtest720;

    @BeforeAll
    static void make720p() throws Exception {
        // a 1280x720 version of vtest.avi (first 300 frames, 30 s at 10 fps)
        vtest720 = tmp.resolve("vtest720.mp4");
        Path src = TestClips.fixture("video/vtest.avi");
        try (VideoReader r = VideoReader.open(src, ReadOptions.defaults().scaledTo(1280, 720));
                VideoWriter w = VideoWriter.create(vtest720, EncoderSettings.h264(1280, 720, r.info().frameRate())
                        .withPreset("ultrafast").withCrf(18))) {
            I420Frame f;
            int n = 0;
            while ((f = r.next()) != null && n++ < 300) {
                w.write(f);
            }
        }
    }

    static AigcLabel fresh() {
        return AigcLabel.generated(ProviderCode.DEMO.value(), "test-id", "");
    }

    @Test
    void labelsVtestKeepingFramesAndFps() throws Exception {
        Path in = TestClips.fixture("video/vtest.avi");
        Path out = tmp.resolve("vtest-labelled.mp4");
        LabelJob.Result r = LabelJob.run(in, out, LabelSpec.defaults(), LabelJobIT::fresh, l -> l, ProgressSink.NONE);
        assertThat(r.frames()).isEqualTo(795);
        checkLabelled(in, out, r, 795);
    }

    @Test
    void labels720pWithTheLabelForTheFirstTwoSeconds() throws Exception {
        Path out = tmp.resolve("720-labelled.mp4");
        LabelSpec spec = LabelSpec.defaults().withSeconds(2);
        LabelJob.Result r = LabelJob.run(vtest720, out, spec, LabelJobIT::fresh, l -> l, ProgressSink.NONE);
        assertThat(r.geometry().textHeight()).isGreaterThanOrEqualTo(36);
        checkLabelled(vtest720, out, r, 300);
        // frame 19 (1.9 s) still darkened under the box, frame 20 (2.0 s) back to the original
        try (VideoReader a = VideoReader.open(vtest720); VideoReader b = VideoReader.open(out)) {
            var g = r.geometry();
            for (int i = 0; i <= 20; i++) {
                I420Frame fa = a.next();
                I420Frame fb = b.next();
                double d = meanLumaDiff(fa, fb, g);
                if (i < 20) {
                    assertThat(d).as("frame %d under the label", i).isGreaterThan(20);
                } else {
                    assertThat(d).as("frame 20 after the label").isLessThan(4);
                }
            }
        }
    }

    private static void checkLabelled(Path in, Path out, LabelJob.Result r, long frames) throws Exception {
        VideoInfo src;
        try (VideoReader a = VideoReader.open(in)) {
            src = a.info();
        }
        try (VideoReader b = VideoReader.open(out)) {
            VideoInfo info = b.info();
            assertThat(info.frameRate()).isEqualTo(src.frameRate());
            assertThat(info.frameCount()).isEqualTo(frames);
            assertThat(info.metadata()).containsEntry("AIGC", r.aigc().toJson());
            assertThat(info.metadata()).containsKey(LabelJob.VISIBLE_LABEL_KEY);
            I420Frame first = b.next();
            try (VideoReader a = VideoReader.open(in)) {
                assertThat(meanLumaDiff(a.next(), first, r.geometry())).as("label on frame 0").isGreaterThan(20);
            }
            int decoded = 1;
            while (b.next() != null) {
                decoded++;
            }
            assertThat(decoded).isEqualTo(frames);
        }
        assertThat(r.geometry().textHeightRatio()).isGreaterThanOrEqualTo(0.05);
        assertThat(AigcMetadata.read(out).single()).isEqualTo(r.aigc());
    }

    static double meanLumaDiff(I420Frame a, I420Frame b, VisibleLabel.LabelGeometry g) {
        double sum = 0;
        for (int y = g.boxY(); y < g.boxY() + g.boxHeight(); y++) {
            for (int x = g.boxX(); x < g.boxX() + g.boxWidth(); x++) {
                sum += Math.abs(a.luma(x, y) - b.luma(x, y));
            }
        }
        return sum / (g.boxWidth() * g.boxHeight());
    }

    @Test
    void alreadyLabelledFilesAreUpdatedNotLabelledTwice() throws Exception {
        Path in = TestClips.synthetic(tmp.resolve("syn.mp4"), 320, 240, 30, dev.hallmark.media.FrameRate.of(10), true);
        Path once = tmp.resolve("once.mp4");
        Path twice = tmp.resolve("twice.mp4");
        LabelJob.run(in, once, LabelSpec.defaults(), LabelJobIT::fresh, l -> l, ProgressSink.NONE);
        String framesOnce = TestClips.frameDigest(once);
        LabelJob.Result second = LabelJob.run(once, twice, LabelSpec.defaults(),
                () -> AigcLabel.generated(ProviderCode.DEMO.value(), "other-id", ""), l -> l, ProgressSink.NONE);
        assertThat(second.reencoded()).isFalse();
        assertThat(TestClips.frameDigest(twice)).isEqualTo(framesOnce);
        AigcMetadata.Reading reading = AigcMetadata.read(twice);
        assertThat(reading.found()).hasSize(1);
        assertThat(reading.single().produceId()).isEqualTo("test-id"); // the existing label is kept
    }

    @Test
    void refusesToOverwriteAndLeavesNothingOnFailure() throws Exception {
        Path in = TestClips.fixture("video/tree.avi");
        Path exists = Files.writeString(tmp.resolve("exists.mp4"), "x");
        assertThatThrownBy(() -> LabelJob.run(in, exists, LabelSpec.defaults(), LabelJobIT::fresh, l -> l,
                ProgressSink.NONE)).isInstanceOf(GeneratorException.class).hasMessageContaining("already exists");
        Path bad = Files.writeString(tmp.resolve("bad.mp4"), "not a video ".repeat(100));
        Path out = tmp.resolve("never.mp4");
        assertThatThrownBy(() -> LabelJob.run(bad, out, LabelSpec.defaults(), LabelJobIT::fresh, l -> l,
                ProgressSink.NONE)).isInstanceOf(GeneratorException.class);
        assertThat(out).doesNotExist();
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".hallmark-"));
        }
    }
}
