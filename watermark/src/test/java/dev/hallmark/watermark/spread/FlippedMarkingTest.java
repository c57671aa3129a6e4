package dev.hallmark.watermark.spread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.watermark.EmbedOptions;
import dev.hallmark.watermark.SoftBinding;
import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkPayload;
import dev.hallmark.watermark.DetectOptions;
import dev.hallmark.watermark.WatermarkDetector;
import dev.hallmark.watermark.WatermarkResult;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The flipped marking (ss3) adds the fixed marking's pattern times the sign-flip factor: the same change on frames of
 * positive sign, the opposite change on frames of negative sign, a fainter one in the crossfade.
 */
class FlippedMarkingTest {
    static final FrameRate RATE = FrameRate.of(10);
    static final WatermarkKey KEY = WatermarkKey.fromSecret(new byte[32], Instant.EPOCH);
    static final WatermarkPayload PAYLOAD = WatermarkPayload.parse("0123456789abcdef");

    @Test
    void theMarkFollowsTheFlipFactor() {
        EmbedOptions fixed = EmbedOptions.defaults().withFlipSeconds(0).withThreads(1);
        EmbedOptions flipped = fixed.withFlipSeconds(SignFlip.INTERVAL_SECONDS);
        int w = 1280;
        int h = 720;
        Random r = new Random(5);
        byte[] picture = new byte[I420Frame.bufferSize(w, h)];
        for (int i = 0; i < w * h; i++) {
            picture[i] = (byte) (60 + r.nextInt(120)); // texture, away from black and white: no clipping
        }
        double cell = TileGeometry.cellSize(w, h);
        int[] cx = TileGeometry.cellIndex(w, cell);
        int[] cy = TileGeometry.cellIndex(h, cell);
        try (SpreadSpectrumEmbedder a = new SpreadSpectrumEmbedder(KEY, PAYLOAD, fixed, RATE);
                SpreadSpectrumEmbedder b = new SpreadSpectrumEmbedder(KEY, PAYLOAD, flipped, RATE)) {
            for (int n = 0; n < 36; n++) {
                long micros = n * 100_000L;
                I420Frame fa = frame(picture, w, h, n, micros);
                I420Frame fb = frame(picture, w, h, n, micros);
                a.embed(fa);
                b.embed(fb);
                double factor = SignFlip.factor(n / 10.0, SignFlip.INTERVAL_SECONDS);
                // per tile cell, the luma change summed over every repetition of the tile: the pattern's level
                double[] sa = new double[TileLayout.CELLS];
                double[] sb = new double[TileLayout.CELLS];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int i = y * w + x;
                        int c = cy[y] * TileLayout.N + cx[x];
                        sa[c] += (fa.data()[i] & 0xFF) - (picture[i] & 0xFF);
                        sb[c] += (fb.data()[i] & 0xFF) - (picture[i] & 0xFF);
                    }
                }
                double ab = 0;
                double aa = 0;
                for (int c = 0; c < sa.length; c++) {
                    ab += sa[c] * sb[c];
                    aa += sa[c] * sa[c];
                }
                assertThat(aa).isGreaterThan(0);
                // the flipped mark is the fixed one times the factor (dithering adds a little noise per cell)
                assertThat(ab / aa).as("frame %d, factor %.2f", n, factor).isCloseTo(factor, within(0.06));
                if (n < 30) { // before the first crossfade both embedders have the same history: identical output
                    assertThat(java.util.Arrays.equals(fb.data(), fa.data())).as("frame %d", n).isTrue();
                }
            }
            assertThat(a.softBinding().alg()).isEqualTo(SoftBinding.ALG);
            assertThat(b.softBinding().alg()).isEqualTo(SoftBinding.ALG_FLIPPED);
        }
    }

    @Test
    void theAccumulatorDemodulatesOnlyAtTheSpeedsAsked() {
        ResidualFilter filter = ResidualFilter.forFrame(640, 360);
        byte[] luma = new byte[640 * 360];
        new Random(5).nextBytes(luma);
        ResidualAccumulator plain = new ResidualAccumulator(filter, 10, 0);
        ResidualAccumulator one = new ResidualAccumulator(filter, 10, 1);
        ResidualAccumulator every = new ResidualAccumulator(filter, 10);
        for (int i = 0; i < 20; i++) {
            for (ResidualAccumulator a : List.of(plain, one, every)) {
                a.add(luma, i * 100_000L);
            }
        }
        ResidualImage p = plain.finish();
        ResidualImage o = one.finish();
        ResidualImage e = every.finish();
        assertThat(p.quadrature(1)).isEmpty();
        assertThat(o.quadrature(1)).isPresent();
        assertThat(o.quadrature(2)).isEmpty();
        assertThat(e.quadrature(SignFlip.MAX_SPEED)).isPresent();
        assertThat(p.mean()).containsExactly(e.mean());
        assertThat(o.quadrature(1).orElseThrow().inPhase()).containsExactly(e.quadrature(1).orElseThrow().inPhase());
        assertThatThrownBy(() -> new ResidualAccumulator(filter, 10, SignFlip.MAX_SPEED + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flipFactorAndOptions() {
        assertThat(SignFlip.factor(0, 3.0)).isEqualTo(1.0);
        assertThat(SignFlip.factor(2.95, 3.0)).isCloseTo(0.5, within(1e-9));
        assertThat(SignFlip.factor(3.0, 3.0)).isEqualTo(0.0);
        assertThat(SignFlip.factor(3.05, 3.0)).isCloseTo(-0.5, within(1e-9));
        assertThat(SignFlip.factor(3.1, 3.0)).isEqualTo(-1.0); // the crossfade's edge is at full strength
        assertThat(SignFlip.factor(4.0, 3.0)).isEqualTo(-1.0);
        assertThat(SignFlip.factor(6.5, 3.0)).isEqualTo(1.0);
        assertThat(EmbedOptions.defaults().flipSeconds()).isEqualTo(SignFlip.INTERVAL_SECONDS);
        assertThat(EmbedOptions.synthetic().flipSeconds()).isZero();
        assertThatThrownBy(() -> EmbedOptions.defaults().withFlipSeconds(1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flip interval");
    }

    @Test
    void theDetectorReadsAFlippedMarkAndSaysSo() {
        int w = 480;
        int h = 270;
        FrameRate rate = FrameRate.of(24);
        List<I420Frame> frames = SyntheticClip.frames(w, h, 96, 5, 3);
        try (SpreadSpectrumEmbedder e = new SpreadSpectrumEmbedder(KEY, PAYLOAD, EmbedOptions.defaults(), rate)) {
            for (I420Frame f : frames) {
                e.embed(f);
            }
            assertThat(e.softBinding().alg()).isEqualTo(SoftBinding.ALG_FLIPPED);
        }
        // the flipped search finds it and reports its algorithm
        SpreadSpectrumDetector both = SpreadSpectrumDetector.create(List.of(KEY), DetectOptions.defaults(),
                NullModelTestSupport.model(), NullModelTestSupport.flipped());
        WatermarkResult r = detect(both, frames, rate);
        assertThat(r.verifiedPayload()).contains(PAYLOAD);
        assertThat(r.stats().alg()).isEqualTo(SoftBinding.ALG_FLIPPED);
        // per-window scores, signed by the flip: the mark reads positive in the windows away from the flips
        assertThat(r.stats().windows()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(r.stats().windows().stream().filter(ws -> ws.score() > 3).count()).isGreaterThanOrEqualTo(2);
        assertThat(r.stats().falsePositiveBound()).isLessThan(1e-9);
    }

    @Test
    void aCopyPlayedAtDoubleSpeedIsReadByTheSearchAtSpeedTwo() {
        // 60 s marked at 10 fps, then every other frame kept at the same rate: 30 s in which the mark flips every
        // 1.5 s, which a demodulation at the marking's own rate averages away over so many flips
        int w = 480;
        int h = 270;
        List<I420Frame> frames = SyntheticClip.frames(w, h, 600, 9, 3);
        List<I420Frame> fast = new java.util.ArrayList<>();
        try (SpreadSpectrumEmbedder e = new SpreadSpectrumEmbedder(KEY, PAYLOAD, EmbedOptions.defaults(), RATE)) {
            for (int n = 0; n < frames.size(); n++) {
                I420Frame f = frames.get(n);
                f.setPosition(n, n * 100_000L);
                e.embed(f);
                if (n % 2 == 0) {
                    I420Frame c = f.copy();
                    c.setPosition(n / 2, n / 2 * 100_000L);
                    fast.add(c);
                }
            }
        }
        SpreadSpectrumDetector ownSpeed = SpreadSpectrumDetector.create(List.of(KEY), DetectOptions.defaults(),
                NullModelTestSupport.model(), NullModelTestSupport.flipped());
        WatermarkResult missed = detect(ownSpeed, fast, RATE);
        assertThat(missed.verifiedPayload()).isEmpty();
        SpreadSpectrumDetector all = SpreadSpectrumDetector.create(List.of(KEY), DetectOptions.defaults(),
                java.util.Map.of(MarkSearch.FIXED, NullModelTestSupport.model(), MarkSearch.FLIPPED,
                        NullModelTestSupport.flipped(), MarkSearch.FLIPPED_X2, NullModelTestSupport.fast()));
        WatermarkResult r = detect(all, fast, RATE);
        assertThat(r.verifiedPayload()).contains(PAYLOAD);
        assertThat(r.stats().alg()).isEqualTo(SoftBinding.ALG_FLIPPED);
        assertThat(r.stats().geometry().speed()).isEqualTo(2.0);
        assertThat(r.stats().score()).isGreaterThan(2 * missed.stats().score());
        // the bound counts all three searches
        assertThat(r.stats().falsePositiveBound()).isLessThan(1e-9);
        // at its own speed the marked clip is read best by the search at speed 1
        WatermarkResult own = detect(all, frames, RATE);
        assertThat(own.verifiedPayload()).contains(PAYLOAD);
        assertThat(own.stats().geometry().speed()).isEqualTo(1.0);
    }

    private static WatermarkResult detect(SpreadSpectrumDetector d, List<I420Frame> frames, FrameRate rate) {
        WatermarkDetector.Session s = d.start(frames.get(0).width(), frames.get(0).height(), rate);
        frames.forEach(s::accept);
        return s.finish();
    }

    private static I420Frame frame(byte[] picture, int w, int h, long index, long micros) {
        I420Frame f = new I420Frame(w, h);
        System.arraycopy(picture, 0, f.data(), 0, picture.length);
        f.setPosition(index, micros);
        return f;
    }
}
