package dev.hallmark.watermark.spread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.watermark.DetectOptions;
import dev.hallmark.watermark.EmbedOptions;
import dev.hallmark.watermark.WatermarkEmbedder;
import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkPayload;
import dev.hallmark.watermark.WatermarkResult;
import dev.hallmark.watermark.eval.AttackSuite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The marking for smooth synthetic pictures ({@link EmbedOptions#synthetic()}) on a picture like our generators' output:
 * flat navy and white backdrops, a soft moving disc and a burnt-in label (the only texture).
 */
class SyntheticMarkingTest {
    static final int S = 512;
    static final FrameRate RATE = FrameRate.of(24);
    static final WatermarkKey KEY = PayloadCodecTest.key(21);
    static final WatermarkPayload PAYLOAD = WatermarkPayload.parse("00c0ffee0ddba115");
    /** Regions: the label (text-like stripes), the white band, the navy backdrop. */
    static final int LABEL_X0 = 360;
    static final int LABEL_Y0 = 16;
    static final int LABEL_W = 136;
    static final int LABEL_H = 40;
    static final int WHITE_Y0 = 400;

    @TempDir
    Path tmp;

    static List<I420Frame> clip(int count) {
        List<I420Frame> out = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            I420Frame f = new I420Frame(S, S);
            f.fill(40, 160, 120);
            byte[] y = f.data();
            double cx = 120 + 3 * t;
            double cy = 220 + 40 * Math.sin(t / 6.0);
            for (int r = 0; r < S; r++) {
                for (int c = 0; c < S; c++) {
                    double d = Math.hypot(c - cx, r - cy);
                    double v = r >= WHITE_Y0 ? 235 : 40 + 60 / (1 + Math.exp((d - 60) / 6)); // soft-edged disc
                    if (r >= LABEL_Y0 && r < LABEL_Y0 + LABEL_H && c >= LABEL_X0 && c < LABEL_X0 + LABEL_W
                            && ((c / 3 + r / 5) % 3 == 0)) {
                        v = 235; // strokes of the label
                    }
                    y[r * S + c] = (byte) (int) Math.round(v);
                }
            }
            f.setPosition(t, t * RATE.frameMicros());
            out.add(f);
        }
        return out;
    }

    /** Mean squared mark per pixel in [x0, x1) x [y0, y1), over all frames. */
    static double energy(List<I420Frame> a, List<I420Frame> b, int x0, int y0, int x1, int y1) {
        double s = 0;
        long n = 0;
        for (int i = 0; i < a.size(); i++) {
            byte[] p = a.get(i).data();
            byte[] q = b.get(i).data();
            for (int r = y0; r < y1; r++) {
                for (int c = x0; c < x1; c++) {
                    int d = (p[r * S + c] & 0xFF) - (q[r * S + c] & 0xFF);
                    s += d * d;
                    n++;
                }
            }
        }
        return s / n;
    }

    static List<I420Frame> mark(List<I420Frame> frames, EmbedOptions options) {
        List<I420Frame> out = new ArrayList<>();
        try (WatermarkEmbedder e = WatermarkEmbedder.create(KEY, PAYLOAD, options, RATE)) {
            for (I420Frame f : frames) {
                I420Frame c = f.copy();
                e.embed(c);
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void spreadsTheMarkEvenlyInsteadOfIntoTheLabelAndAwayFromWhite() {
        List<I420Frame> frames = clip(24);
        List<I420Frame> camera = mark(frames, EmbedOptions.defaults());
        List<I420Frame> synthetic = mark(frames, EmbedOptions.synthetic());

        double cameraLabel = energy(frames, camera, LABEL_X0, LABEL_Y0, LABEL_X0 + LABEL_W, LABEL_Y0 + LABEL_H);
        double cameraNavy = energy(frames, camera, 0, 320, 100, 390);
        double cameraWhite = energy(frames, camera, 0, WHITE_Y0 + 8, S, S);
        double synLabel = energy(frames, synthetic, LABEL_X0, LABEL_Y0, LABEL_X0 + LABEL_W, LABEL_Y0 + LABEL_H);
        double synNavy = energy(frames, synthetic, 0, 320, 100, 390);
        double synWhite = energy(frames, synthetic, 0, WHITE_Y0 + 8, S, S);

        // camera marking hides most of it in the only texture there is, and fades it on white
        assertThat(cameraLabel).isGreaterThan(8 * cameraNavy);
        assertThat(cameraWhite).isLessThan(0.5 * cameraNavy);
        // synthetic marking: the same level on the backdrop, the white band and the label
        assertThat(synLabel).isCloseTo(synNavy, within(0.35 * synNavy));
        assertThat(synWhite).isCloseTo(synNavy, within(0.35 * synNavy));
        double mse = energy(frames, synthetic, 0, 0, S, S);
        assertThat(10 * Math.log10(255.0 * 255.0 / mse)).isCloseTo(EmbedOptions.synthetic().targetPsnrY(), within(0.5));
    }

    @Test
    void coarserCellsAreFoundAtTheirScaleAndSurviveThePlatformReupload() throws Exception {
        List<I420Frame> frames = clip(72);
        SpreadSpectrumDetector detector = SpreadSpectrumDetector.create(List.of(KEY), DetectOptions.defaults(),
                NullModelTestSupport.model());
        double[] scores = new double[2];
        EmbedOptions[] options = {EmbedOptions.defaults(), EmbedOptions.synthetic()};
        for (int k = 0; k < 2; k++) {
            Path file = tmp.resolve("marked-" + k + ".mp4");
            try (VideoWriter w = VideoWriter.create(file, EncoderSettings.h264(S, S, RATE).withCrf(20).withPreset("fast"))) {
                for (I420Frame f : mark(frames, options[k])) {
                    w.write(f);
                }
            }
            if (k == 1) {
                WatermarkResult clean = detector.detect(file);
                assertThat(clean.verifiedPayload()).as("%s", clean).contains(PAYLOAD);
                assertThat(clean.stats().geometry().scale()).isCloseTo(EmbedOptions.MAX_CELL_SCALE, within(0.02));
            }
            Path abused = tmp.resolve("abused-" + k + ".mp4");
            AttackSuite.platformReupload().apply(file, abused);
            WatermarkResult r = detector.detect(abused);
            assertThat(r.verifiedPayload().filter(p -> !p.equals(PAYLOAD))).as("never a wrong id").isEmpty();
            if (k == 1) {
                assertThat(r.verifiedPayload()).as("%s", r).contains(PAYLOAD);
            }
            scores[k] = r.stats().score();
        }
        assertThat(scores[1]).as("synthetic vs camera marking after the re-upload").isGreaterThan(scores[0]);
    }

    @Test
    void optionsAreBounded() {
        EmbedOptions d = EmbedOptions.defaults();
        assertThatThrownBy(() -> new EmbedOptions(50.5, 3, 2, 0.9, 2, 3, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EmbedOptions(50.5, 3, 2, 1.6, 2, 3, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cell scale");
        assertThatThrownBy(() -> new EmbedOptions(50.5, 3, 2, 1, 2, 0.2, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("texture cap");
        assertThatThrownBy(() -> new EmbedOptions(50.5, 3, 2, 1, 0, 3, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max gain");
        assertThat(EmbedOptions.synthetic().withThreads(1).cellScale()).isEqualTo(1.5);
        assertThat(d.fadeNearBlackAndWhite()).isTrue();
        assertThat(EmbedOptions.synthetic().fadeNearBlackAndWhite()).isFalse();
    }
}
