package dev.hallmark.watermark.spread;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkPayload;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {
    static WatermarkKey key(long seed) {
        byte[] s = new byte[32];
        new Random(seed).nextBytes(s);
        return WatermarkKey.fromSecret(s, Instant.EPOCH);
    }

    private static double[] soft(int[] coded) {
        double[] s = new double[coded.length];
        for (int i = 0; i < coded.length; i++) {
            s[i] = coded[i] == 0 ? 1 : -1;
        }
        return s;
    }

    @Test
    void roundTripsEveryPayloadShape() {
        PayloadCodec codec = new PayloadCodec(key(1));
        for (long v : new long[] {0, -1, 1, Long.MIN_VALUE, 0xdeadbeefcafebabeL, 0x0123456789abcdefL}) {
            WatermarkPayload p = WatermarkPayload.of(v);
            int[] coded = codec.encode(p);
            assertThat(coded).hasSize(PayloadCodec.CODED_BITS);
            PayloadCodec.Decoded d = codec.decode(soft(coded));
            assertThat(d.payload()).contains(p);
            assertThat(d.candidatesTried()).isEqualTo(1);
        }
    }

    @Test
    void checkBitsDependOnTheKey() {
        WatermarkPayload p = WatermarkPayload.of(42);
        int[] a = new PayloadCodec(key(1)).encode(p);
        // the other key's decoder must refuse the first key's codeword: its check bits differ
        assertThat(new PayloadCodec(key(2)).decode(soft(a)).payload()).isEmpty();
        assertThat(new PayloadCodec(key(1)).check(p)).isNotEqualTo(new PayloadCodec(key(2)).check(p));
    }

    @Test
    void randomSoftValuesAlmostNeverPassTheCheck() {
        // expected false passes: trials x 4 candidates x 2^-24 = 0.0002
        PayloadCodec codec = new PayloadCodec(key(3));
        Random r = new Random(5);
        int passes = 0;
        for (int t = 0; t < 1_000; t++) {
            double[] s = new double[PayloadCodec.CODED_BITS];
            for (int i = 0; i < s.length; i++) {
                s[i] = r.nextGaussian();
            }
            if (codec.decode(s).payload().isPresent()) {
                passes++;
            }
        }
        assertThat(passes).as("seed 5").isZero();
    }

    @Test
    void aDamagedCodewordBeyondCorrectionIsRefusedNotMisread() {
        PayloadCodec codec = new PayloadCodec(key(4));
        WatermarkPayload p = WatermarkPayload.of(0x1122334455667788L);
        int[] coded = codec.encode(p);
        Random r = new Random(6);
        for (int t = 0; t < 200; t++) {
            double[] s = soft(coded);
            for (int i = 0; i < s.length; i++) {
                if (r.nextDouble() < 0.4) {
                    s[i] = -s[i];
                }
            }
            codec.decode(s).payload().ifPresent(got -> assertThat(got).isEqualTo(p));
        }
    }
}
