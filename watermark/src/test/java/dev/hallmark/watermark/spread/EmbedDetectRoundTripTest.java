package dev.hallmark.watermark.spread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.watermark.DetectOptions;
import dev.hallmark.watermark.EmbedOptions;
import dev.hallmark.watermark.SoftBinding;
import dev.hallmark.watermark.WatermarkDetector;
import dev.hallmark.watermark.WatermarkEmbedder;
import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkPayload;
import dev.hallmark.watermark.WatermarkResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embed then detect blind on a generated clip: lossless, through x264, and the null cases. */
class EmbedDetectRoundTripTest {
    static final int W = 640;
    static final int H = 480;
    static final FrameRate RATE = FrameRate.of(24);
    static final WatermarkKey KEY = PayloadCodecTest.key(11);
    static final WatermarkPayload PAYLOAD = WatermarkPayload.parse("0123456789abcdef");
    /** The default marking with the pattern fixed in time (ss1); FlippedMarkingTest covers the flipped one. */
    static final EmbedOptions FIXED = EmbedOptions.defaults().withFlipSeconds(0);
    static List<I420Frame> original;
    static List<I420Frame> marked;
    static SoftBinding binding;
    static double mse;

    @TempDir
    Path tmp;

    @BeforeAll
    static void embed() {
        original = SyntheticClip.frames(W, H, 96, 5, 3);
        marked = new ArrayList<>();
        try (WatermarkEmbedder e = WatermarkEmbedder.create(KEY, PAYLOAD, FIXED, RATE)) {
            double sum = 0;
            for (I420Frame f : original) {
                I420Frame c = f.copy();
                e.embed(c);
                marked.add(c);
                byte[] a = f.data();
                byte[] b = c.data();
                for (int i = 0; i < W * H; i++) {
                    int d = (a[i] & 0xFF) - (b[i] & 0xFF);
                    sum += d * d;
                }
                for (int i = W * H; i < a.length; i++) {
                    assertThat(b[i]).as("chroma untouched").isEqualTo(a[i]);
                }
            }
            mse = sum / ((double) W * H * original.size());
            binding = e.softBinding();
        }
    }

    private static SpreadSpectrumDetector detector(WatermarkKey... keys) {
        return SpreadSpectrumDetector.create(List.of(keys), DetectOptions.defaults(), NullModelTestSupport.model());
    }

    private static WatermarkResult detectFrames(SpreadSpectrumDetector d, List<I420Frame> frames) {
        WatermarkDetector.Session s = d.start(frames.get(0).width(), frames.get(0).height(), RATE);
        frames.forEach(s::accept);
        return s.finish();
    }

    @Test
    void markMeetsItsFidelityTarget() {
        double psnr = 10 * Math.log10(255.0 * 255.0 / mse);
        assertThat(psnr).isBetween(EmbedOptions.defaults().targetPsnrY() - 0.5, EmbedOptions.defaults().targetPsnrY() + 1.0);
    }

    @Test
    void softBindingDescribesTheMark() {
        assertThat(binding.alg()).isEqualTo(SoftBinding.ALG);
        assertThat(binding.keyId()).isEqualTo(KEY.id());
        assertThat(binding.value()).isEqualTo(PAYLOAD.bytes());
        assertThat(binding.startMicros()).isZero();
        assertThat(binding.endSeconds()).isCloseTo(4.0, org.assertj.core.api.Assertions.within(0.01));
    }

    @Test
    void findsThePayloadInTheLosslessFrames() {
        WatermarkResult r = detectFrames(detector(KEY), marked);
        assertThat(r).isInstanceOf(WatermarkResult.Found.class);
        assertThat(r.verifiedPayload()).contains(PAYLOAD);
        assertThat(((WatermarkResult.Found) r).keyId()).isEqualTo(KEY.id());
        WatermarkResult.Stats st = r.stats();
        assertThat(st.framesUsed()).isEqualTo(96);
        assertThat(st.secondsUsed()).isCloseTo(4.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(st.shorterThanDesigned()).isFalse();
        assertThat(st.shortClipCaveat()).isEmpty();
        assertThat(st.falsePositiveBound()).isLessThan(1e-9);
        assertThat(st.geometry().scale()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.01));
        assertThat(st.windows()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void findsThePayloadThroughH264AmongSeveralKeys() throws Exception {
        Path file = tmp.resolve("marked.mp4");
        try (VideoWriter w = VideoWriter.create(file, EncoderSettings.h264(W, H, RATE).withCrf(23))) {
            for (I420Frame f : marked) {
                w.write(f);
            }
        }
        WatermarkResult r = detector(PayloadCodecTest.key(12), KEY, PayloadCodecTest.key(13)).detect(file);
        assertThat(r.verifiedPayload()).as("%s", r).contains(PAYLOAD);
        assertThat(r.stats().keysTried()).isEqualTo(3);
    }

    @Test
    void unmarkedFramesAndOtherKeysShowNothing() {
        WatermarkResult none = detectFrames(detector(KEY), original);
        assertThat(none).isInstanceOf(WatermarkResult.Absent.class);
        assertThat(none.verifiedPayload()).isEmpty();
        NullModel fixed = NullModelTestSupport.model();
        assertThat(none.stats().score()).isLessThan(fixed.detectThreshold());
        // the fixed search decodes from a low score and keeps a payload only above the payload-score threshold
        assertThat(fixed.payloadScores()).isNotNull();
        if (Double.isFinite(none.stats().payloadScore())) {
            assertThat(none.stats().payloadScore()).isLessThan(fixed.payloadScores().threshold());
        }
        WatermarkResult otherKey = detectFrames(detector(PayloadCodecTest.key(99)), marked);
        assertThat(otherKey.detected()).isFalse();
    }

    @Test
    void aClipShorterThanTheDesignMinimumSaysSoWhenNothingIsFound() {
        // 2 s of frames timestamped at 24 fps: nothing found there is weak evidence, and the result says so
        List<I420Frame> twoSeconds = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            I420Frame f = original.get(i).copy();
            f.setPosition(i, Math.round(i * 1e6 / 24));
            twoSeconds.add(f);
        }
        WatermarkResult.Stats st = detectFrames(detector(KEY), twoSeconds).stats();
        assertThat(st.secondsUsed()).isCloseTo(2.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(st.shorterThanDesigned()).isTrue();
        assertThat(st.shortClipCaveat()).isEqualTo(
                "only 2.0 s of video, shorter than the 3 s the detector is made for: a mark may be there unread");
        // a damaged timestamp an hour on counts as a gap of at most a second, not as an hour of video
        twoSeconds.get(47).setPosition(47, 3_600_000_000L);
        WatermarkResult.Stats damaged = detectFrames(detector(KEY), twoSeconds).stats();
        assertThat(damaged.secondsUsed()).isLessThan(3.0);
        assertThat(damaged.shorterThanDesigned()).isTrue();
    }

    @Test
    void mirroredCopiesAreFound() {
        List<I420Frame> flipped = new ArrayList<>();
        for (I420Frame f : marked) {
            I420Frame c = new I420Frame(W, H);
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    c.data()[y * W + x] = f.data()[y * W + (W - 1 - x)];
                }
            }
            flipped.add(c);
        }
        WatermarkResult r = detectFrames(detector(KEY), flipped);
        assertThat(r.verifiedPayload()).contains(PAYLOAD);
        assertThat(r.stats().geometry().mirroredHorizontally()).isTrue();
    }

    @Test
    void anExpectedScaleSearchesOnlyThere() {
        // marked at cell scale 1.0 (default marking) and read at the marked size
        SpreadSpectrumDetector right = SpreadSpectrumDetector.create(List.of(KEY),
                DetectOptions.defaults().withExpectedScale(1.0), NullModelTestSupport.model());
        SpreadSpectrumDetector wrong = SpreadSpectrumDetector.create(List.of(KEY),
                DetectOptions.defaults().withExpectedScale(1.5), NullModelTestSupport.model());
        WatermarkResult r = detectFrames(right, marked);
        assertThat(r).isInstanceOfSatisfying(WatermarkResult.Found.class,
                f -> assertThat(f.payload()).isEqualTo(PAYLOAD));
        assertThat(detectFrames(wrong, marked)).isNotInstanceOf(WatermarkResult.Found.class);
        assertThat(detectFrames(right, original)).isInstanceOf(WatermarkResult.Absent.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DetectOptions.defaults().withExpectedScale(5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPayloadReadBelowThePayloadThresholdIsNeverReported() {
        // thresholds no score reaches: the search decodes nothing; the evidence decode of its best hypothesis still
        // reads the right bits (bit-accuracy figures), but no calibrated bound covers a payload at that score
        NullModel unreachable = new NullModel(1, 1, 90, 99, 0, 0, "test: thresholds above any score");
        SpreadSpectrumDetector d = SpreadSpectrumDetector.create(List.of(KEY), DetectOptions.defaults(), unreachable);
        WatermarkResult r = detectFrames(d, marked);
        assertThat(r).isInstanceOf(WatermarkResult.Absent.class);
        assertThat(r.verifiedPayload()).isEmpty();
        assertThat(r.stats().unverifiedPayload()).isEqualTo(PAYLOAD);
        assertThat(r.stats().score()).isGreaterThan(NullModelTestSupport.model().payloadThreshold());
    }

    @Test
    void aPayloadIsReportedOnlyAtItsPayloadScoreThreshold() {
        // decodes tried from score 4.5, nothing present on the score alone; payloads decided by the payload score
        NullModel.PayloadScores reachable = new NullModel.PayloadScores(100_000, new double[] {11.5, 11.2}, 11.6);
        NullModel.PayloadScores unreachable = new NullModel.PayloadScores(100_000, new double[] {11.5, 11.2}, 1000);
        WatermarkResult found = detectFrames(SpreadSpectrumDetector.create(List.of(KEY), DetectOptions.defaults(),
                new NullModel(1, 1, 4.5, 99, 100_000, 7, "test", reachable)), marked);
        assertThat(found.verifiedPayload()).contains(PAYLOAD);
        // a clean mark's payload score: far above what the decoder fits to noise (about 10)
        assertThat(found.stats().payloadScore()).isGreaterThan(20);
        assertThat(found.stats().payloadScoreThreshold()).isEqualTo(11.6);
        // its check passes, but the payload score is short of the threshold: never reported
        WatermarkResult held = detectFrames(SpreadSpectrumDetector.create(List.of(KEY), DetectOptions.defaults(),
                new NullModel(1, 1, 4.5, 99, 100_000, 7, "test", unreachable)), marked);
        assertThat(held).isInstanceOf(WatermarkResult.Absent.class);
        assertThat(held.stats().unverifiedPayload()).isEqualTo(PAYLOAD);
        assertThat(held.stats().decodeAttempts()).isGreaterThan(0);
        // and unmarked frames give nothing either way
        assertThat(detectFrames(SpreadSpectrumDetector.create(List.of(KEY), DetectOptions.defaults(),
                new NullModel(1, 1, 4.5, 99, 100_000, 7, "test", reachable)), original))
                .isInstanceOf(WatermarkResult.Absent.class);
    }

    @Test
    void thePayloadScoreGrowsWithTheMarkAndStaysNearEightOnNoise() {
        TileLayout layout = TileLayout.of(KEY);
        int[] info = new PayloadCodec(KEY).infoBits(PAYLOAD);
        int[] coded = TailBitingConvolutionalCode.LTE.encode(info);
        java.util.Random r = new java.util.Random(3);
        for (double a : new double[] {0, 0.8}) {
            double[] cells = new double[TileLayout.CELLS];
            for (int c = 0; c < cells.length; c++) {
                int b = layout.bitOf(c);
                int sign = layout.isPilot(c) ? layout.chip(c) : layout.chip(c) * (1 - 2 * coded[b]);
                cells[c] = a * sign + r.nextGaussian();
            }
            double[] soft = new double[PayloadCodec.CODED_BITS];
            for (int c = 0; c < cells.length; c++) {
                if (layout.bitOf(c) >= 0) {
                    soft[layout.bitOf(c)] += layout.chip(c) * cells[c];
                }
            }
            int[] best = TailBitingConvolutionalCode.LTE.decode(soft, 1).get(0).bits();
            double s = SpreadSpectrumDetector.payloadScore(cells, soft, layout, best);
            if (a == 0) {
                // the best of 2^88 codewords fitted to noise: about 9.6 x sqrt(768) / 32 = 8.3 from the payload
                // cells; the pilots add nothing here (a search's best hypothesis adds its score / 2, hence about 10.6
                // on real null runs)
                assertThat(s).isBetween(6.5, 10.0);
            } else {
                assertThat(best).containsExactly(info);
                // sqrt(1024) per unit of mark, over the cells' sd (noise 1 and the mark itself)
                assertThat(s).isCloseTo(0.8 * 32 / Math.sqrt(1 + 0.8 * 0.8), within(2.0));
            }
        }
    }

    @Test
    void theSearchGivesTheSameResultsOnOneThreadAndOnSeveral() throws Exception {
        SpreadSpectrumDetector d = detector(PayloadCodecTest.key(12), KEY);
        // the marked clip (found at once) and the unmarked one (every stage of the search, two keys)
        for (List<I420Frame> clip : List.of(marked, original)) {
            WatermarkResult one = inPool(1, () -> detectFrames(d, clip));
            WatermarkResult three = inPool(3, () -> detectFrames(d, clip));
            assertThat(three).isEqualTo(one);
        }
    }

    private static WatermarkResult inPool(int threads, java.util.concurrent.Callable<WatermarkResult> task)
            throws Exception {
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        try {
            return pool.submit(task).get();
        } finally {
            pool.shutdown();
        }
    }
}
