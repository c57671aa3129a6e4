package dev.hallmark.watermark.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hallmark.media.I420Frame;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QualityMeterTest {
    private static I420Frame frame(long seed) {
        I420Frame f = new I420Frame(64, 48);
        Random r = new Random(seed);
        f.fill(0, 128, 128);
        for (int i = 0; i < 64 * 48; i++) {
            f.data()[i] = (byte) (60 + r.nextInt(120));
        }
        return f;
    }

    @Test
    void identicalFramesArePerfect() {
        QualityMeter q = new QualityMeter();
        I420Frame a = frame(1);
        q.add(a, a.copy());
        assertThat(q.ssimY()).isEqualTo(1.0, within(1e-12));
        assertThat(q.psnrSpread()).isZero();
    }

    @Test
    void plusMinusOneOnHalfThePixelsIsThreeDecibelsAboveOneLevelEverywhere() {
        I420Frame a = frame(2);
        I420Frame half = a.copy();
        I420Frame all = a.copy();
        for (int i = 0; i < 64 * 48; i++) {
            all.data()[i] = (byte) ((a.data()[i] & 0xFF) + 1);
            if (i % 2 == 0) {
                half.data()[i] = (byte) ((a.data()[i] & 0xFF) + 1);
            }
        }
        QualityMeter qa = new QualityMeter();
        qa.add(a, all);
        QualityMeter qh = new QualityMeter();
        qh.add(a, half);
        assertThat(qa.psnrY()).isCloseTo(10 * Math.log10(255 * 255), within(1e-9));
        assertThat(qh.psnrY() - qa.psnrY()).isCloseTo(3.0103, within(1e-3));
        // a luma step of 1 is about 1.164 levels in each of R, G, B (limited range): ~1.3 dB lower than luma PSNR
        assertThat(qa.psnrY() - qa.psnrRgb()).isBetween(0.8, 1.8);
        assertThat(qh.ssimY()).isLessThan(1.0).isGreaterThan(0.99);
    }
}
