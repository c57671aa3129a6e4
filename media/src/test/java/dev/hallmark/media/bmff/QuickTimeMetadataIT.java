package dev.hallmark.media.bmff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.media.testing.TestClips;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickTimeMetadataIT {
    static final String JSON = "{\"Label\":\"1\",\"ContentProducer\":\"x\"}";

    @TempDir
    Path tmp;

    @Test
    void tagsWrittenByTheEncoderAreMdtaKeysFfmpegReads() throws Exception {
        Path out = tmp.resolve("tagged.mp4");
        EncoderSettings s = EncoderSettings.h264(160, 120, FrameRate.of(10)).withPreset("ultrafast")
                .withMetadata(Map.of("AIGC", JSON));
        try (VideoWriter w = VideoWriter.create(out, s)) {
            I420Frame f = new I420Frame(160, 120);
            for (int i = 0; i < 5; i++) {
                TestClips.paint(f, i);
                w.write(f);
            }
        }
        assertThat(QuickTimeMetadata.read(out)).containsEntry("AIGC", List.of(JSON));
        assertThat(BmffParser.parse(out).find("moov/udta/meta/keys")).isNotNull();
        try (VideoReader r = VideoReader.open(out)) {
            assertThat(r.info().metadata()).containsEntry("AIGC", JSON);
        }
    }

    @Test
    void setAddsThenReplacesWithoutDuplicating() throws Exception {
        Path in = TestClips.synthetic(tmp.resolve("plain.mp4"), 160, 120, 10, FrameRate.of(10), true);
        String frames = TestClips.frameDigest(in);
        Path once = tmp.resolve("once.mp4");
        BmffRewriter.open(in).editMoov(m -> QuickTimeMetadata.set(m, "AIGC", JSON, null)).write(once);
        try (VideoReader r = VideoReader.open(once)) {
            assertThat(r.info().metadata()).containsEntry("AIGC", JSON);
        }
        Path twice = tmp.resolve("twice.mp4");
        String updated = JSON.replace("\"1\"", "\"2\"");
        BmffRewriter.open(once).editMoov(m -> QuickTimeMetadata.set(m, "AIGC", updated, null)).write(twice);
        assertThat(QuickTimeMetadata.read(twice)).containsEntry("AIGC", List.of(updated));
        try (VideoReader r = VideoReader.open(twice)) {
            assertThat(r.info().metadata()).containsEntry("AIGC", updated);
        }
        assertThat(TestClips.frameDigest(twice)).isEqualTo(frames);
    }

    @Test
    void keepsOtherTagsWhenAddingOne() throws Exception {
        Path out = tmp.resolve("tagged.mp4");
        EncoderSettings s = EncoderSettings.h264(160, 120, FrameRate.of(10)).withPreset("ultrafast")
                .withMetadata(Map.of("title", "street"));
        try (VideoWriter w = VideoWriter.create(out, s)) {
            I420Frame f = new I420Frame(160, 120);
            TestClips.paint(f, 0);
            w.write(f);
        }
        Path edited = tmp.resolve("edited.mp4");
        BmffRewriter.open(out).editMoov(m -> QuickTimeMetadata.set(m, "AIGC", JSON, null)).write(edited);
        try (VideoReader r = VideoReader.open(edited)) {
            assertThat(r.info().metadata()).containsEntry("AIGC", JSON).containsEntry("title", "street");
        }
    }
}
