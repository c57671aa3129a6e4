package dev.hallmark.watermark.spread;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tail-biting convolutional code with soft-decision maximum-likelihood decoding. The default instance is the code of
 * 3GPP TS 36.212 section 5.1.3.1 (LTE control channels): constraint length 7, rate 1/3, generators 133, 171, 165
 * (octal), free distance 15. Tail-biting: the encoder starts in the state its last six input bits leave it in, so no
 * tail bits are spent.
 *
 * <p>Decoding first runs the Viterbi recursion circularly from every state at once over the block twice, which ranks
 * the states a good tail-biting path starts and ends in; then it runs an exact Viterbi forced to start and end in each
 * of the best {@value #START_STATES_TRIED} of them and ranks the resulting paths by metric: a near-maximum-likelihood
 * decoder (the ML path's state is almost always among them) that also yields a candidate list for a check-aided
 * decoder, at about a third of the cost of trying all 64 start states.
 *
 * <p>Coded bit order: for input bit k, outputs {@code 3k, 3k+1, 3k+2} for generators 0, 1, 2 (the interleaving of the
 * three LTE output streams d(0), d(1), d(2)).
 */
public final class TailBitingConvolutionalCode {
    /** Start states tried exactly (the best after a circular pass); the maximum-likelihood one is almost always among them. */
    static final int START_STATES_TRIED = 16;

    /** LTE: K = 7, generators 133, 171, 165 (octal). */
    public static final TailBitingConvolutionalCode LTE = new TailBitingConvolutionalCode(7, 0133, 0171, 0165);

    private final int memory;
    private final int states;
    private final int[] generators;
    private final int rate;
    /** outputBits[state][input]: the coded bits (LSB = generator 0) for that branch. */
    private final int[][] branchBits;

    public TailBitingConvolutionalCode(int constraintLength, int... generators) {
        if (constraintLength < 2 || constraintLength > 12 || generators.length < 2) {
            throw new IllegalArgumentException("unsupported code");
        }
        this.memory = constraintLength - 1;
        this.states = 1 << memory;
        this.generators = generators.clone();
        this.rate = generators.length;
        this.branchBits = new int[states][2];
        for (int s = 0; s < states; s++) {
            for (int u = 0; u < 2; u++) {
                int reg = (u << memory) | s;
                int out = 0;
                for (int g = 0; g < rate; g++) {
                    out |= (Integer.bitCount(reg & generators[g]) & 1) << g;
                }
                branchBits[s][u] = out;
            }
        }
    }

    /** Coded bits per input bit. */
    public int rate() {
        return rate;
    }

    /** Encodes {@code bits} (0/1 values); returns {@code rate() * bits.length} coded bits. */
    public int[] encode(int[] bits) {
        int n = bits.length;
        if (n < memory) {
            throw new IllegalArgumentException("tail-biting needs at least " + memory + " bits");
        }
        int state = 0;
        for (int i = 0; i < memory; i++) {
            // state bit (memory-1) holds the most recent input: u[n-1], then u[n-2] ...
            state |= (bits[n - 1 - i] & 1) << (memory - 1 - i);
        }
        int[] out = new int[n * rate];
        for (int k = 0; k < n; k++) {
            int u = bits[k] & 1;
            int b = branchBits[state][u];
            for (int g = 0; g < rate; g++) {
                out[k * rate + g] = (b >>> g) & 1;
            }
            state = (u << (memory - 1)) | (state >>> 1);
        }
        return out;
    }

    /** One decoded candidate: the information bits and its path metric (higher is better). */
    public record Candidate(int[] bits, double metric) {
    }

    /**
     * Decodes soft values (positive: coded bit 0 more likely; magnitude: confidence, e.g. a log-likelihood ratio).
     * Returns up to {@code listSize} distinct tail-biting candidates, best first; the first is the ML codeword.
     */
    public List<Candidate> decode(double[] soft, int listSize) {
        if (soft.length % rate != 0) {
            throw new IllegalArgumentException("soft length " + soft.length + " is not a multiple of " + rate);
        }
        int n = soft.length / rate;
        if (n < memory) {
            throw new IllegalArgumentException("too short");
        }
        // branch metric table per step: metric of each output pattern
        int patterns = 1 << rate;
        double[][] pm = new double[n][patterns];
        for (int k = 0; k < n; k++) {
            for (int p = 0; p < patterns; p++) {
                double m = 0;
                for (int g = 0; g < rate; g++) {
                    double y = soft[k * rate + g];
                    m += ((p >>> g) & 1) == 0 ? y : -y;
                }
                pm[k][p] = m;
            }
        }
        // 1. circular pass from all states at once, over the block twice: the states best at the end are the likely
        //    start (= end) states of the best tail-biting paths
        double[] metric = new double[states];
        double[] next = new double[states];
        for (int k = 0; k < 2 * n; k++) {
            double[] bm = pm[k % n];
            java.util.Arrays.fill(next, Double.NEGATIVE_INFINITY);
            for (int st = 0; st < states; st++) {
                double ms = metric[st];
                for (int u = 0; u < 2; u++) {
                    int ns = (u << (memory - 1)) | (st >>> 1);
                    double m = ms + bm[branchBits[st][u]];
                    if (m > next[ns]) {
                        next[ns] = m;
                    }
                }
            }
            double[] t = metric;
            metric = next;
            next = t;
        }
        Integer[] order = new Integer[states];
        for (int i = 0; i < states; i++) {
            order[i] = i;
        }
        double[] end = metric.clone();
        java.util.Arrays.sort(order, (a, b) -> Double.compare(end[b], end[a]));
        int tries = Math.min(states, Math.max(START_STATES_TRIED, 2 * listSize));
        // 2. exact Viterbi forced to start and end in each of those states
        List<Candidate> all = new ArrayList<>(tries);
        byte[][] decision = new byte[n][states];
        for (int o = 0; o < tries; o++) {
            int start = order[o];
            java.util.Arrays.fill(metric, Double.NEGATIVE_INFINITY);
            metric[start] = 0;
            for (int k = 0; k < n; k++) {
                double[] bm = pm[k];
                byte[] dk = decision[k];
                java.util.Arrays.fill(next, Double.NEGATIVE_INFINITY);
                for (int st = 0; st < states; st++) {
                    double ms = metric[st];
                    if (ms == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    for (int u = 0; u < 2; u++) {
                        int ns = (u << (memory - 1)) | (st >>> 1);
                        double m = ms + bm[branchBits[st][u]];
                        if (m > next[ns]) {
                            next[ns] = m;
                            dk[ns] = (byte) (st & 1); // the bit shifted out identifies the predecessor
                        }
                    }
                }
                double[] t = metric;
                metric = next;
                next = t;
            }
            if (metric[start] == Double.NEGATIVE_INFINITY) {
                continue;
            }
            // trace back from the end state == start state
            int[] bits = new int[n];
            int st = start;
            for (int k = n - 1; k >= 0; k--) {
                bits[k] = (st >>> (memory - 1)) & 1;
                int lost = decision[k][st];
                st = ((st << 1) & (states - 1)) | lost;
            }
            all.add(new Candidate(bits, metric[start]));
        }
        all.sort((a, b) -> Double.compare(b.metric(), a.metric()));
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : all) {
            if (out.size() >= listSize) {
                break;
            }
            boolean dup = false;
            for (Candidate o : out) {
                if (Arrays.equals(o.bits(), c.bits())) {
                    dup = true;
                    break;
                }
            }
            if (!dup) {
                out.add(c);
            }
        }
        return out;
    }

    /** Free distance by exhaustive search over short non-zero tail-biting inputs (for tests). */
    int minimumWeight(int length) {
        int best = Integer.MAX_VALUE;
        for (long v = 1; v < (1L << length); v++) {
            int[] bits = new int[length];
            for (int i = 0; i < length; i++) {
                bits[i] = (int) (v >>> i) & 1;
            }
            int w = 0;
            for (int c : encode(bits)) {
                w += c;
            }
            best = Math.min(best, w);
        }
        return best;
    }
}
