package dev.hallmark.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.VideoFilter;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.watermark.eval.AttackSuite;
import dev.hallmark.watermark.eval.EvalReport;
import dev.hallmark.watermark.eval.WatermarkEvaluation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real footage end to end through FFmpeg: embed, attack (re-encode, crop, frame rate, mirror), detect blind with the
 * bundled calibration; unmarked footage must show nothing; the evaluation command's plumbing on a short run.
 */
class WatermarkRealFootageIT {
    @TempDir
    Path tmp;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(WatermarkRealFootageIT.class.getResource("/video/" + name).toURI());
    }

    private static WatermarkKey key(long seed) {
        byte[] s = new byte[32];
        new Random(seed).nextBytes(s);
        return WatermarkKey.fromSecret(s, Instant.EPOCH);
    }

    /** Decodes {@code in}, optionally marks, filters and encodes with x264 at {@code crf}. */
    private static void transcode(Path in, Path out, WatermarkKey key, WatermarkPayload payload, String graph,
            int crf) throws MediaException {
        try (VideoReader r = VideoReader.open(in)) {
            FrameRate rate = r.info().frameRate();
            try (VideoFilter f = VideoFilter.create(graph + ",crop=trunc(iw/2)*2:trunc(ih/2)*2", r.outputWidth(),
                    r.outputHeight(), rate);
                    WatermarkEmbedder e = key == null ? null
                            : WatermarkEmbedder.create(key, payload, EmbedOptions.defaults(), rate)) {
                VideoWriter w = VideoWriter.create(out, EncoderSettings.h264(f.outputWidth(), f.outputHeight(),
                        f.outputFrameRate()).withCrf(crf).withPreset("veryfast"));
                for (I420Frame fr; (fr = r.next()) != null; ) {
                    if (e != null) {
                        e.embed(fr);
                    }
                    f.push(fr);
                    for (I420Frame o; (o = f.poll()) != null; ) {
                        w.write(o);
                    }
                }
                f.finish();
                for (I420Frame o; (o = f.poll()) != null; ) {
                    w.write(o);
                }
                w.close();
            }
        }
    }

    private static WatermarkResult detect(Path file, WatermarkKey... keys) throws WatermarkException {
        return WatermarkDetector.create(List.of(keys), DetectOptions.defaults()).detect(file);
    }

    @Test
    void animatedTrailerSurvivesReencodeAndCrop() throws Exception {
        WatermarkKey k = key(1);
        WatermarkPayload p = WatermarkPayload.parse("a1b2c3d4e5f60718");
        Path plain = tmp.resolve("mm-crf23.mp4");
        transcode(fixture("Megamind.avi"), plain, k, p, "null", 23);
        WatermarkResult r = detect(plain, key(2), k);
        assertThat(r.verifiedPayload()).as("%s", r).contains(p);
        Path cropped = tmp.resolve("mm-crop.mp4");
        transcode(fixture("Megamind.avi"), cropped, k, p, "crop=trunc(iw*0.71/2)*2:trunc(ih*0.71/2)*2", 23);
        WatermarkResult c = detect(cropped, k);
        assertThat(c.verifiedPayload()).as("%s", c).contains(p);
        assertThat(c.stats().geometry().scale()).isBetween(1.35, 1.47);
    }

    /**
     * H.264 CRF 28 on the cartoon, six keys: every payload must be read. The search folds this clip's 3.7-pixel cells
     * at half resolution; decoding there too missed payloads whose pilots were found (key 5 here), so the decode reads
     * the residual at full working resolution.
     */
    @Test
    void animatedTrailerSurvivesCrf28ForEveryKey() throws Exception {
        Random rnd = new Random(19);
        for (int i = 0; i < 6; i++) {
            WatermarkKey k = key(100 + i);
            WatermarkPayload p = WatermarkPayload.of(rnd.nextLong());
            Path out = tmp.resolve("mm-crf28-" + i + ".mp4");
            transcode(fixture("Megamind.avi"), out, k, p, "null", 28);
            WatermarkResult r = detect(out, k);
            assertThat(r.verifiedPayload()).as("key %d: %s", i, r).contains(p);
            Files.delete(out);
        }
    }

    @Test
    void streetCameraSurvivesFrameRateChangeAndMirroring() throws Exception {
        WatermarkKey k = key(3);
        WatermarkPayload p = WatermarkPayload.parse("00000000cafef00d");
        Path fps = tmp.resolve("vt-fps25.mp4");
        transcode(fixture("vtest-10s.avi"), fps, k, p, "fps=25", 23);
        WatermarkResult r = detect(fps, k);
        // a decode at the search's half resolution did not read this payload (pilots far above the detection
        // threshold, a burst of bit errors); the full-resolution decode does
        assertThat(r.verifiedPayload()).as("%s", r).contains(p);
        assertThat(r.stats().framesUsed()).isGreaterThan(200);
        Path flip = tmp.resolve("vt-flip.mp4");
        transcode(fixture("vtest-10s.avi"), flip, k, p, "hflip", 23);
        WatermarkResult f = detect(flip, k);
        assertThat(f.verifiedPayload()).as("%s", f).contains(p);
        assertThat(f.stats().geometry().mirroredHorizontally()).isTrue();
    }

    @Test
    void unmarkedFootageShowsNothing() throws Exception {
        for (String clip : new String[] {"Megamind.avi", "vtest-10s.avi"}) {
            Path out = tmp.resolve("plain-" + clip + ".mp4");
            transcode(fixture(clip), out, null, null, "null", 23);
            WatermarkResult r = detect(out, key(1), key(3), key(5));
            assertThat(r.detected()).as("%s: %s", clip, r).isFalse();
            assertThat(r.verifiedPayload()).isEmpty();
        }
    }

    @Test
    void evaluationWritesItsReports() throws Exception {
        WatermarkEvaluation.Options o = new WatermarkEvaluation.Options(
                AttackSuite.select(List.of("lossless", "h264-crf23")), 1, 4, 7, EmbedOptions.defaults(), 1,
                tmp.resolve("work"));
        EvalReport r = WatermarkEvaluation.run(fixture("Megamind.avi"), o, s -> { });
        r.write(tmp.resolve("report"));
        assertThat(r.summaries()).hasSize(2);
        assertThat(r.summaries().get(0).recovered()).isEqualTo(1);
        assertThat(r.quality().psnrY()).isGreaterThan(49.5);
        assertThat(r.nullFalsePositives()).isZero();
        String json = Files.readString(tmp.resolve("report/report.json"));
        assertThat(json).contains("\"schema\" : \"hallmark.watermark.eval/1\"").contains("\"h264-crf23\"");
        assertThat(Files.readString(tmp.resolve("report/report.md"))).contains("| PSNR-RGB");
        try (InputStream unused = Files.newInputStream(tmp.resolve("report/report.md"))) {
            assertThat(Files.exists(tmp.resolve("work")) ? Files.list(tmp.resolve("work")).count() : 0).isZero();
        } catch (IOException e) {
            throw e;
        }
    }
}
