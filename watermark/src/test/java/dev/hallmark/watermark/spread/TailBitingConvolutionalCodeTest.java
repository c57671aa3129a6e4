package dev.hallmark.watermark.spread;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TailBitingConvolutionalCodeTest {
    private static final TailBitingConvolutionalCode CODE = TailBitingConvolutionalCode.LTE;

    /**
     * Reference encoder written straight from 3GPP TS 36.212 5.1.3.1: shift register initialised with the last six
     * input bits, d(i)_k = sum_j g_i,j * c_(k-j) mod 2 with c indexed circularly.
     */
    private static int[] referenceEncode(int[] c) {
        int[][] g = {{1, 0, 1, 1, 0, 1, 1}, {1, 1, 1, 1, 0, 0, 1}, {1, 1, 1, 0, 1, 0, 1}}; // 133, 171, 165 octal
        int n = c.length;
        int[] out = new int[3 * n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < 3; i++) {
                int s = 0;
                for (int j = 0; j < 7; j++) {
                    s ^= g[i][j] & c[Math.floorMod(k - j, n)];
                }
                out[3 * k + i] = s;
            }
        }
        return out;
    }

    private static int[] randomBits(Random r, int n) {
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            b[i] = r.nextInt(2);
        }
        return b;
    }

    @Test
    void encoderMatchesTheSpecificationFormula() {
        Random r = new Random(1);
        for (int t = 0; t < 200; t++) {
            int[] bits = randomBits(r, 6 + r.nextInt(120));
            assertThat(CODE.encode(bits)).as("seed 1 trial %d", t).isEqualTo(referenceEncode(bits));
        }
    }

    @Test
    void freeDistanceIsFifteen() {
        // LTE's K=7 rate-1/3 code has free distance 15; tail-biting blocks keep it from 20 bits on (shorter
        // blocks wrap low-weight paths around: 13 at 16 bits, 12 at 18); ours has 88
        assertThat(CODE.minimumWeight(20)).isEqualTo(15);
    }

    @Test
    void decodesNoiselessCodewordsExactly() {
        Random r = new Random(2);
        for (int t = 0; t < 50; t++) {
            int[] bits = randomBits(r, PayloadCodec.INFO_BITS);
            int[] coded = CODE.encode(bits);
            double[] soft = new double[coded.length];
            for (int i = 0; i < coded.length; i++) {
                soft[i] = coded[i] == 0 ? 1 : -1;
            }
            List<TailBitingConvolutionalCode.Candidate> list = CODE.decode(soft, 4);
            assertThat(list.get(0).bits()).isEqualTo(bits);
            assertThat(list).hasSizeLessThanOrEqualTo(4);
        }
    }

    @Test
    void correctsGaussianNoiseAtThreeDecibels() {
        // Eb/N0 = 3 dB at rate 1/3: a K=7 code's frame error rate for 88 bits is well under 5%
        Random r = new Random(3);
        double ebn0 = Math.pow(10, 0.3);
        double sigma = Math.sqrt(1 / (2 * ebn0 / 3.0));
        int errors = 0;
        int trials = 300;
        int rawErrors = 0;
        for (int t = 0; t < trials; t++) {
            int[] bits = randomBits(r, PayloadCodec.INFO_BITS);
            int[] coded = CODE.encode(bits);
            double[] soft = new double[coded.length];
            for (int i = 0; i < coded.length; i++) {
                soft[i] = (coded[i] == 0 ? 1 : -1) + sigma * r.nextGaussian();
                if ((soft[i] < 0 ? 1 : 0) != coded[i]) {
                    rawErrors++;
                }
            }
            if (!java.util.Arrays.equals(CODE.decode(soft, 1).get(0).bits(), bits)) {
                errors++;
            }
        }
        assertThat((double) rawErrors / (trials * 3 * PayloadCodec.INFO_BITS)).as("raw BER").isGreaterThan(0.05);
        assertThat(errors).as("frame errors of %d (seed 3)", trials).isLessThan(trials / 20);
    }

    @Test
    void theShortcutDecoderLosesAlmostNothingAgainstExhaustiveMaximumLikelihood() {
        // exhaustive ML over all 64 start states versus the decoder's 16 best start states after a circular pass, at a
        // noise level where about half the blocks fail: blocks ML gets right and the shortcut gets wrong must be rare
        Random r = new Random(9);
        int mlRight = 0;
        int lost = 0;
        for (int t = 0; t < 200; t++) {
            int[] bits = randomBits(r, PayloadCodec.INFO_BITS);
            int[] coded = CODE.encode(bits);
            double[] soft = new double[coded.length];
            for (int i = 0; i < coded.length; i++) {
                soft[i] = (coded[i] == 0 ? 1 : -1) + 1.15 * r.nextGaussian();
            }
            boolean ml = java.util.Arrays.equals(exhaustive(soft), bits);
            boolean fast = java.util.Arrays.equals(CODE.decode(soft, 1).get(0).bits(), bits);
            if (ml) {
                mlRight++;
                if (!fast) {
                    lost++;
                }
            }
        }
        assertThat(mlRight).as("seed 9: the noise level leaves ML room to fail and to succeed").isBetween(40, 190);
        assertThat(lost).as("seed 9: blocks lost by the shortcut of %d ML successes", mlRight).isLessThanOrEqualTo(2);
    }

    /** The best tail-biting path over all 64 start states (reference decoder). */
    private static int[] exhaustive(double[] soft) {
        int n = soft.length / 3;
        double best = Double.NEGATIVE_INFINITY;
        int[] bestBits = null;
        for (int start = 0; start < 64; start++) {
            // a tail-biting codeword starting in `start` has its last six bits fixed; Viterbi with forced start/end
            double[] metric = new double[64];
            java.util.Arrays.fill(metric, Double.NEGATIVE_INFINITY);
            metric[start] = 0;
            int[][] from = new int[n][64];
            for (int k = 0; k < n; k++) {
                double[] next = new double[64];
                java.util.Arrays.fill(next, Double.NEGATIVE_INFINITY);
                for (int s = 0; s < 64; s++) {
                    if (metric[s] == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    for (int u = 0; u < 2; u++) {
                        int reg = (u << 6) | s;
                        double m = metric[s];
                        int[] g = {0133, 0171, 0165};
                        for (int i = 0; i < 3; i++) {
                            int c = Integer.bitCount(reg & g[i]) & 1;
                            m += c == 0 ? soft[3 * k + i] : -soft[3 * k + i];
                        }
                        int ns = (u << 5) | (s >>> 1);
                        if (m > next[ns]) {
                            next[ns] = m;
                            from[k][ns] = s;
                        }
                    }
                }
                metric = next;
            }
            if (metric[start] > best) {
                best = metric[start];
                int[] bits = new int[n];
                int s = start;
                for (int k = n - 1; k >= 0; k--) {
                    bits[k] = s >>> 5;
                    s = from[k][s];
                }
                bestBits = bits;
            }
        }
        return bestBits;
    }

    @Test
    void fixesAnyTwoHardErrors() {
        Random r = new Random(4);
        int[] bits = randomBits(r, PayloadCodec.INFO_BITS);
        int[] coded = CODE.encode(bits);
        for (int t = 0; t < 200; t++) {
            double[] soft = new double[coded.length];
            for (int i = 0; i < coded.length; i++) {
                soft[i] = coded[i] == 0 ? 1 : -1;
            }
            int a = r.nextInt(coded.length);
            int b = r.nextInt(coded.length);
            soft[a] = -soft[a];
            soft[b] = -soft[b];
            assertThat(CODE.decode(soft, 1).get(0).bits()).isEqualTo(bits);
        }
    }
}
