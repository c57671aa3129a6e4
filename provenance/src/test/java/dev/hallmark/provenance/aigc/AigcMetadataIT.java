package dev.hallmark.provenance.aigc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.media.testing.TestClips;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AigcMetadataIT {
    @TempDir
    Path tmp;

    @Test
    void encodedLabelIsWhatFfmpegListsAndWhatWeRead() throws Exception {
        AigcLabel label = AigcLabel.generated(ProviderCode.DEMO.value(), "gen-1", "");
        Path out = tmp.resolve("labelled.mp4");
        EncoderSettings s = EncoderSettings.h264(160, 120, FrameRate.of(10)).withPreset("ultrafast")
                .withMetadata(AigcMetadata.encoderTags(label));
        try (VideoWriter w = VideoWriter.create(out, s)) {
            I420Frame f = new I420Frame(160, 120);
            TestClips.paint(f, 0);
            w.write(f);
        }
        try (VideoReader r = VideoReader.open(out)) {
            assertThat(r.info().metadata()).containsEntry("AIGC", label.toJson());
        }
        AigcMetadata.Reading reading = AigcMetadata.read(out);
        assertThat(reading.found()).hasSize(1);
        assertThat(reading.single()).isEqualTo(label);
    }

    @Test
    void rewritingUpdatesTheOneLabel() throws Exception {
        Path in = TestClips.synthetic(tmp.resolve("in.mp4"), 160, 120, 10, FrameRate.of(10), false);
        assertThat(AigcMetadata.read(in).present()).isFalse();
        Path a = tmp.resolve("a.mp4");
        Path b = tmp.resolve("b.mp4");
        AigcLabel first = AigcLabel.generated(ProviderCode.DEMO.value(), "one", "");
        AigcLabel second = first.propagated("1", "0011DEMO00000000000000" + "20000", "two", "");
        AigcMetadata.write(in, a, first);
        AigcMetadata.write(a, b, second);
        AigcMetadata.Reading r = AigcMetadata.read(b);
        assertThat(r.found()).hasSize(1);
        assertThat(r.single()).isEqualTo(second);
        assertThat(TestClips.frameDigest(b)).isEqualTo(TestClips.frameDigest(in));
        try (VideoReader v = VideoReader.open(b)) {
            assertThat(v.info().metadata()).containsEntry("AIGC", second.toJson());
        }
    }

    @Test
    void nonBmffFilesHaveNoLabelHere() throws Exception {
        assertThat(AigcMetadata.read(TestClips.fixture("video/tree.avi")).present()).isFalse();
    }
}
