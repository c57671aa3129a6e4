package dev.hallmark.watermark.spread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hallmark.watermark.WatermarkException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NullModelTest {
    @Test
    void gaussianTailMatchesKnownValues() {
        assertThat(NullModel.gaussianTail(0)).isCloseTo(0.5, within(1e-7));
        assertThat(NullModel.gaussianTail(1.959964)).isCloseTo(0.025, within(1e-6));
        assertThat(NullModel.gaussianTail(5)).isCloseTo(2.866515719e-7, within(1e-12));
        assertThat(NullModel.gaussianTail(6)).isCloseTo(9.865876450e-10, within(1e-14));
        assertThat(NullModel.gaussianTail(8) / 6.220960574e-16).isCloseTo(1, within(1e-6));
        assertThat(NullModel.thresholdFor(1, 100, 0.025)).isCloseTo(1.96, within(1e-3));
    }

    @Test
    void thresholdsMeetTheTarget() {
        NullModel m = NullModel.fromFit(1e6, 5.0, 100_000, 5.1, "test", 24);
        assertThat(m.tail(m.detectThreshold())).isLessThanOrEqualTo(NullModel.TARGET / 2 * 1.0001);
        assertThat(m.tail(m.payloadThreshold()) * 24 * Math.pow(2, -24)).isLessThanOrEqualTo(NullModel.TARGET / 2 * 1.0001);
        assertThat(m.payloadThreshold()).isLessThan(m.detectThreshold());
        // beyond the reference score the bound grows faster than the plain Gaussian tail
        assertThat(m.tail(8)).isGreaterThan(1e6 * NullModel.gaussianTail(8));
    }

    @Test
    void halfTheTargetRaisesBothThresholds() {
        NullModel m = NullModel.fromFit(1e6, 5.0, 100_000, 5.1, "test", 24);
        NullModel half = m.withTarget(NullModel.TARGET / 2, 24);
        assertThat(half.payloadThreshold()).isGreaterThan(m.payloadThreshold());
        assertThat(half.detectThreshold()).isGreaterThan(m.detectThreshold());
        assertThat(half.tail(half.detectThreshold())).isLessThanOrEqualTo(NullModel.TARGET / 4 * 1.0001);
        assertThat(half.effectiveHypotheses()).isEqualTo(m.effectiveHypotheses());
    }

    @Test
    void theProductDetectorRunsEveryBundledSearchAtAThirdOfTheTarget() throws Exception {
        SpreadSpectrumDetector d = SpreadSpectrumDetector.create(List.of(dev.hallmark.watermark.WatermarkKey.fromSecret(
                new byte[dev.hallmark.watermark.WatermarkKey.SECRET_BYTES], java.time.Instant.EPOCH)),
                dev.hallmark.watermark.DetectOptions.defaults());
        assertThat(d.searches()).containsExactly(MarkSearch.FIXED, MarkSearch.FLIPPED, MarkSearch.FLIPPED_X2);
        NullModel ss3 = d.modelFor(dev.hallmark.watermark.SoftBinding.ALG_FLIPPED);
        NullModel third = NullModel.bundled(MarkSearch.FLIPPED).orElseThrow().withTarget(NullModel.TARGET / 3, 24);
        assertThat(ss3.payloadThreshold()).isEqualTo(third.payloadThreshold());
        assertThat(ss3.tail(ss3.detectThreshold())).isLessThanOrEqualTo(NullModel.TARGET / 6 * 1.0001);
        // the flipped searches (at the marking's own speed and at double speed) decide payloads by the payload
        // score, each measured on its own null runs within its share
        assertThat(ss3.payloadScores()).isNotNull();
        assertThat(ss3.payloadScores().threshold()).isEqualTo(third.payloadScores().threshold());
        assertThat(ss3.payloadScores().tail(ss3.payloadScores().threshold()) * 24 * Math.pow(2, -24))
                .isLessThanOrEqualTo(NullModel.TARGET / 6);
        NullModel x2Third = NullModel.bundled(MarkSearch.FLIPPED_X2).orElseThrow().withTarget(NullModel.TARGET / 3, 24);
        assertThat(x2Third.payloadScores()).isNotNull();
        NullModel x2 = d.modelFor(MarkSearch.FLIPPED_X2);
        assertThat(x2.payloadScores()).isNotNull();
        assertThat(x2.payloadScores().threshold()).isEqualTo(x2Third.payloadScores().threshold());
        assertThat(x2.detectThreshold()).isEqualTo(x2Third.detectThreshold());
        assertThat(x2Third.payloadThreshold()).isEqualTo(third.payloadThreshold());
        assertThat(x2Third.payloadScores().tail(x2Third.payloadScores().threshold()) * 24 * Math.pow(2, -24))
                .isLessThanOrEqualTo(NullModel.TARGET / 6);
        // so does the fixed search, at its own third
        NullModel ss1 = d.modelFor(dev.hallmark.watermark.SoftBinding.ALG);
        NullModel ss1Third = NullModel.bundled().withTarget(NullModel.TARGET / 3, 24);
        assertThat(ss1.payloadScores()).isNotNull();
        assertThat(ss1.payloadScores().threshold()).isEqualTo(ss1Third.payloadScores().threshold())
                .isGreaterThan(NullModel.bundled().payloadScores().threshold());
        assertThat(ss1.payloadScores().tail(ss1.payloadScores().threshold()) * 24 * Math.pow(2, -24))
                .isLessThanOrEqualTo(NullModel.TARGET / 6);
    }

    @Test
    void anExpectedMarkingRunsOnlyItsSearchesAtTheSameThresholds() throws Exception {
        List<dev.hallmark.watermark.WatermarkKey> keys = List.of(dev.hallmark.watermark.WatermarkKey.fromSecret(
                new byte[dev.hallmark.watermark.WatermarkKey.SECRET_BYTES], java.time.Instant.EPOCH));
        dev.hallmark.watermark.DetectOptions all = dev.hallmark.watermark.DetectOptions.defaults();
        SpreadSpectrumDetector every = SpreadSpectrumDetector.create(keys, all);
        SpreadSpectrumDetector fixed = SpreadSpectrumDetector.create(keys,
                all.withExpectedAlg(dev.hallmark.watermark.SoftBinding.ALG));
        SpreadSpectrumDetector flipped = SpreadSpectrumDetector.create(keys,
                all.withExpectedAlg(dev.hallmark.watermark.SoftBinding.ALG_FLIPPED));
        assertThat(fixed.searches()).containsExactly(MarkSearch.FIXED);
        assertThat(flipped.searches()).containsExactly(MarkSearch.FIXED, MarkSearch.FLIPPED);
        for (String alg : List.of(dev.hallmark.watermark.SoftBinding.ALG,
                dev.hallmark.watermark.SoftBinding.ALG_FLIPPED)) {
            assertThat(flipped.modelFor(alg).payloadThreshold()).isEqualTo(every.modelFor(alg).payloadThreshold());
        }
        assertThat(fixed.modelFor(dev.hallmark.watermark.SoftBinding.ALG).detectThreshold())
                .isEqualTo(every.modelFor(dev.hallmark.watermark.SoftBinding.ALG).detectThreshold());
        assertThatThrownBy(() -> all.withExpectedAlg("dev.hallmark.watermark.ss9"))
                .hasMessageContaining("unknown watermark algorithm");
    }

    @Test
    void eachSearchReadsOnlyItsOwnCalibration() throws Exception {
        NullModel m = NullModel.fromFit(3.5e6, 5.2, 100_000, 5.4, "t", 24);
        String flipped = m.toText(MarkSearch.FLIPPED);
        assertThat(NullModel.parse(flipped, "t", MarkSearch.FLIPPED).detectThreshold())
                .isCloseTo(m.detectThreshold(), within(1e-4));
        assertThatThrownBy(() -> NullModel.parse(flipped, "t")).hasMessageContaining("ss3");
        assertThatThrownBy(() -> NullModel.parse(flipped, "t", MarkSearch.FLIPPED_X2)).hasMessageContaining("ss3")
                .hasMessageContaining("not dev.hallmark.watermark.ss3 at speed x2");
        String fast = m.toText(MarkSearch.FLIPPED_X2);
        assertThat(fast).contains("speed=2\n");
        assertThat(NullModel.parse(fast, "t", MarkSearch.FLIPPED_X2).trials()).isEqualTo(100_000);
        assertThatThrownBy(() -> NullModel.parse(fast, "t", MarkSearch.FLIPPED)).hasMessageContaining("speed x2");
        for (MarkSearch s : List.of(MarkSearch.FLIPPED, MarkSearch.FLIPPED_X2)) {
            assertThat(NullModel.bundled(s).orElseThrow().trials()).as("%s", s).isGreaterThanOrEqualTo(100_000);
        }
    }

    @Test
    void resourceTextRoundTripsAndTheBundledOneLoads() throws Exception {
        NullModel m = NullModel.fromFit(3.5e6, 5.2, 100_000, 5.4, "vtest, Megamind", 24);
        NullModel back = NullModel.parse(m.toText(), "t");
        assertThat(back.effectiveHypotheses()).isCloseTo(3.5e6, within(1.0));
        assertThat(back.detectThreshold()).isCloseTo(m.detectThreshold(), within(1e-4));
        assertThat(NullModel.bundled().trials()).isGreaterThanOrEqualTo(100_000);
    }

    /** Null payload scores as a calibration of {@code runs} runs might give them (about 10.5, spread 0.5). */
    private static double[] nullPayloadScores(int runs) {
        java.util.Random r = new java.util.Random(5);
        double[] v = new double[runs];
        for (int i = 0; i < v.length; i++) {
            v[i] = 10.5 + 0.5 * r.nextGaussian();
        }
        return v;
    }

    @Test
    void thePayloadScoreThresholdIsMeasuredNotExtrapolated() throws Exception {
        double[] nulls = nullPayloadScores(100_000);
        NullModel m = NullModel.fromFit(6e8, 7.2, 100_000, 7.6, "test", 24, NullModel.TARGET, nulls, 4.5);
        NullModel.PayloadScores ps = m.payloadScores();
        assertThat(ps).isNotNull();
        // decodes are tried from the probe's score; the payload score decides
        assertThat(m.payloadThreshold()).isEqualTo(4.5);
        double share = NullModel.TARGET / 2 / (24 * Math.pow(2, -24));
        long over = java.util.Arrays.stream(nulls).filter(v -> v >= ps.threshold()).count();
        assertThat(Calibration.upperBound(over, nulls.length)).isLessThanOrEqualTo(share);
        // and it is the lowest such: one more null run at the threshold would break the share
        assertThat(Calibration.upperBound(over + 1, nulls.length)).isGreaterThan(share);
        assertThat(ps.tail(ps.threshold())).isLessThanOrEqualTo(share);
        assertThat(ps.tail(5)).isEqualTo(1.0); // below the stored tail nothing is claimed
        assertThat(m.acceptsPayload(ps.threshold())).isTrue();
        assertThat(m.acceptsPayload(Math.nextDown(ps.threshold()))).isFalse();

        // a third of the target (three searches): a higher threshold from the same tail
        NullModel third = m.withTarget(NullModel.TARGET / 3, 24);
        assertThat(third.payloadScores().threshold()).isGreaterThan(ps.threshold());
        assertThat(third.payloadThreshold()).isEqualTo(4.5);

        NullModel back = NullModel.parse(m.toText(MarkSearch.FLIPPED), "t", MarkSearch.FLIPPED);
        assertThat(back.payloadScores().threshold()).isCloseTo(ps.threshold(), within(1e-4));
        assertThat(back.payloadScores().top()).containsExactly(ps.top(), within(1e-6));
        assertThat(back.payloadScores().runs()).isEqualTo(100_000);
        assertThat(back.withTarget(NullModel.TARGET / 3, 24).payloadScores().threshold())
                .isCloseTo(third.payloadScores().threshold(), within(1e-5));
    }

    @Test
    void aThresholdReadBackFromTheFileAdmitsNoMoreNullRunsThanTheMeasuredOne() throws Exception {
        // the file stores the tail at 6 decimals, rounded to nearest: a value rounded down must not let the threshold
        // recomputed from it fall below the exact value (one more null run above it than the share allows)
        double[] nulls = nullPayloadScores(100_000);
        for (int i = 0; i < nulls.length; i++) {
            nulls[i] = Math.floor(nulls[i] * 1e6) / 1e6 + 4e-7; // every value rounds down in the file
        }
        NullModel m = NullModel.fromFit(6e8, 7.2, 100_000, 7.6, "test", 24, NullModel.TARGET, nulls, 4.5);
        NullModel back = NullModel.parse(m.toText(MarkSearch.FLIPPED), "t", MarkSearch.FLIPPED);
        for (double target : new double[] {NullModel.TARGET, NullModel.TARGET / 3}) {
            double exact = m.withTarget(target, 24).payloadScores().threshold();
            double read = back.withTarget(target, 24).payloadScores().threshold();
            long overExact = java.util.Arrays.stream(nulls).filter(v -> v >= exact).count();
            long overRead = java.util.Arrays.stream(nulls).filter(v -> v >= read).count();
            assertThat(overRead).as("target %g", target).isEqualTo(overExact);
        }
        // the threshold is recomputed from the tail, whatever the file states
        String text = m.toText(MarkSearch.FLIPPED);
        String stated = text.lines().filter(l -> l.startsWith("payloadScoreThreshold=")).findFirst().orElseThrow();
        NullModel edited = NullModel.parse(withCrc(text.replace(stated, "payloadScoreThreshold=1.0000")), "t",
                MarkSearch.FLIPPED);
        assertThat(edited.payloadScores().threshold()).isEqualTo(back.payloadScores().threshold());
    }

    @Test
    void aCalibrationWithPartOfItsPayloadScoresOrALooseScoreThresholdIsRefused() {
        NullModel m = NullModel.fromFit(6e8, 7.2, 100_000, 7.6, "test", 24, NullModel.TARGET,
                nullPayloadScores(100_000), 4.5);
        String text = m.toText(MarkSearch.FLIPPED);
        String tail = text.lines().filter(l -> l.startsWith("payloadScoreTail=")).findFirst().orElseThrow();
        // without its tail the file would be a score model deciding payloads from 4.5: refused, not read as one
        assertThatThrownBy(() -> NullModel.parse(withCrc(text.replace(tail + "\n", "")), "t", MarkSearch.FLIPPED))
                .isInstanceOf(WatermarkException.class).hasMessageContaining("part of its null payload scores");
        String allGone = text.lines().filter(l -> !l.startsWith("payloadScore")).map(l -> l + "\n")
                .reduce("", String::concat);
        assertThatThrownBy(() -> NullModel.parse(withCrc(allGone), "t", MarkSearch.FLIPPED))
                .isInstanceOf(WatermarkException.class).hasMessageContaining("below what its fit allows");
        // a score model as calibrate writes it still reads
        NullModel plain = NullModel.fromFit(6e8, 7.2, 100_000, 7.6, "test", 24);
        assertThatCode(() -> NullModel.parse(plain.toText(), "t")).doesNotThrowAnyException();
    }

    @Test
    void anUnknownPayloadScoreClaimsNothing() {
        NullModel m = NullModel.fromFit(6e8, 7.2, 100_000, 7.6, "test", 24, NullModel.TARGET,
                nullPayloadScores(100_000), 4.5);
        assertThat(m.payloadScores().tail(Double.NaN)).isEqualTo(1.0);
        assertThat(m.acceptsPayload(Double.NaN)).isFalse();
        assertThatThrownBy(() -> new NullModel.PayloadScores(10, new double[] {12, Double.NaN}, 12.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLargerCalibrationStoresEnoughOfItsTail() {
        assertThat(NullModel.PayloadScores.storedFor(100_008)).isEqualTo(NullModel.PayloadScores.STORED);
        assertThat(NullModel.PayloadScores.storedFor(10)).isEqualTo(10);
        // a million runs: the full target's count at the threshold is about 300
        double[] nulls = nullPayloadScores(1_000_000);
        NullModel m = NullModel.fromFit(6e8, 7.2, 1_000_000, 7.6, "test", 24, NullModel.TARGET, nulls, 4.5);
        assertThat(m.payloadScores().top()).hasSize(500);
        double share = NullModel.TARGET / 2 / (24 * Math.pow(2, -24));
        long over = java.util.Arrays.stream(nulls).filter(v -> v >= m.payloadScores().threshold()).count();
        assertThat(Calibration.upperBound(over + 1, nulls.length)).isGreaterThan(share); // the lowest, not capped
    }

    /** {@code text} with its checksum line recomputed. */
    private static String withCrc(String text) {
        String body = text.substring(0, text.lastIndexOf("crc32="));
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return body + String.format(java.util.Locale.ROOT, "crc32=%08x\n", crc.getValue());
    }

    @Test
    void tooFewNullRunsLeaveTheScoreToDecide() {
        // 300 runs cannot show a tail of 3.5e-4 with 95% confidence
        NullModel m = NullModel.fromFit(6e8, 7.2, 300, 7.6, "test", 24, NullModel.TARGET, nullPayloadScores(300), 4.5);
        assertThat(m.payloadScores()).isNull();
        assertThat(m.payloadThreshold()).isGreaterThan(7);
        assertThat(m.acceptsPayload(0)).isTrue();
    }

    @Test
    void everyBitFlipAndTruncationIsDetected() {
        byte[] good = NullModel.fromFit(1e6, 5.0, 100_000, 5.1, "t", 24).toText()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int bit = 0; bit < good.length * 8; bit++) {
            byte[] bad = good.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            String text = new String(bad, java.nio.charset.StandardCharsets.ISO_8859_1);
            int b = bit;
            assertThatThrownBy(() -> NullModel.parse(text, "t")).as("bit %d", b).isInstanceOf(WatermarkException.class);
        }
        for (int len = 0; len < good.length - 1; len += 7) {
            String text = new String(good, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThatThrownBy(() -> NullModel.parse(text, "t")).isInstanceOf(WatermarkException.class);
        }
        String v2 = new String(good, java.nio.charset.StandardCharsets.UTF_8).replace("calibration/1", "calibration/2");
        assertThatThrownBy(() -> NullModel.parse(v2, "t")).hasMessageContaining("version");
    }
}
