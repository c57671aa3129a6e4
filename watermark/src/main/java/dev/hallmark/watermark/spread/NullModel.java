package dev.hallmark.watermark.spread;

import dev.hallmark.watermark.WatermarkException;
import dev.hallmark.watermark.WatermarkException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * How the detector's best score behaves on unmarked video, measured by {@code hallmark watermark calibrate}: the tail
 * of the maximum pilot z over everything one detection tries (lattice candidates, orientations, every shift) is
 * bounded by {@code P(max z >= t) <= min(1, effectiveHypotheses * Q(t))}, with the effective number of hypotheses
 * fitted so the bound lies above every measured tail point. From it come the two thresholds:
 * <ul>
 *   <li>{@code payloadThreshold}: decodes are attempted only above it; a false payload then needs that score AND a
 *       24-bit keyed check to pass by chance;</li>
 *   <li>{@code detectThreshold}: a score at which the mark is declared present even when the payload cannot be read
 *       (bound 1e-9 on its own).</li>
 * </ul>
 *
 * <p>A calibration may also hold the null tail of the <em>payload score</em> ({@link PayloadScores}): then decodes
 * are tried from the lower {@code payloadThreshold} of the calibration's own probe, and a payload is reported only when
 * its keyed check passes and its payload score reaches the threshold measured on the null runs.
 *
 * <p>Text resource, UTF-8, one {@code key=value} per line: first line {@code hallmark.watermark.calibration/1}, last
 * line {@code crc32=<8 hex digits>} over every byte before it.
 *
 * @param payloadScores the measured null tail of the payload score, or null when payloads are decided by the score
 *                      alone
 */
public record NullModel(double effectiveHypotheses, double referenceScore, double payloadThreshold,
        double detectThreshold, long trials, double maxNullScore, String source, PayloadScores payloadScores) {
    public static final String HEADER = "hallmark.watermark.calibration/1";
    /** False-positive target per video. */
    public static final double TARGET = 1e-9;

    public NullModel {
        if (!(effectiveHypotheses >= 1) || !(referenceScore > 0) || !(payloadThreshold > 0)
                || !(detectThreshold >= payloadThreshold)) {
            throw new IllegalArgumentException("bad null model");
        }
    }

    /** A model that decides payloads by the score alone. */
    public NullModel(double effectiveHypotheses, double referenceScore, double payloadThreshold,
            double detectThreshold, long trials, double maxNullScore, String source) {
        this(effectiveHypotheses, referenceScore, payloadThreshold, detectThreshold, trials, maxNullScore, source,
                null);
    }

    /**
     * The null runs' highest payload scores and the threshold they give. The payload score of a decode is the
     * correlation of all 1024 cells (pilots and payload cells) with what the decoded payload would have embedded, in
     * units of the cells' standard deviation: about twice the score on a clean read (16.5 on one at score 5.95), about
     * 10.6 on unmarked video,
     * where the decoder still picks the best of 2^88 codewords. Whether the keyed check passes does not depend on it
     * (the tag is a keyed hash of the decoded id), so a false payload needs a payload score at or above the threshold
     * and a 2^-24 chance per candidate. The threshold is measured, not extrapolated: the lowest score whose count of
     * null runs at or above it has a 95% upper confidence bound within the share of the target.
     *
     * @param runs      null runs measured
     * @param top       the highest payload scores of those runs (the best of each run's decodes), in descending order
     * @param threshold payload score from which a payload whose check passes is reported
     */
    public record PayloadScores(long runs, double[] top, double threshold) {
        /**
         * Null tail values stored, at least: enough for the targets the thresholds are computed for at about 1e5 runs
         * (a larger calibration stores more, see {@link #storedFor}).
         */
        public static final int STORED = 64;
        /**
         * The margin of a threshold over the tail value it must exceed: one unit of the 6 decimals the calibration file
         * stores them with, so a threshold recomputed from the stored (rounded) values still lies above the exact one.
         */
        static final double RESOLUTION = 1e-6;

        public PayloadScores {
            top = top.clone();
            for (int i = 0; i < top.length; i++) {
                if (!Double.isFinite(top[i]) || (i > 0 && !(top[i] <= top[i - 1]))) {
                    throw new IllegalArgumentException("payload score tail must be finite and descend");
                }
            }
            if (runs < top.length || !(threshold > 0)) {
                throw new IllegalArgumentException("bad payload score tail");
            }
        }

        @Override
        public double[] top() {
            return top.clone();
        }

        /**
         * From the tail, for a chance {@code p} per video of a payload score at or above the threshold; empty when the
         * runs are too few to measure a tail that small.
         */
        static java.util.Optional<PayloadScores> of(long runs, double[] top, double p) {
            // count c of null runs at or above the threshold: the largest c whose upper bound stays within p
            int c = -1;
            while (c + 1 <= top.length && Calibration.upperBound(c + 1, runs) <= p) {
                c++;
            }
            if (c < 0 || top.length == 0) {
                return java.util.Optional.empty();
            }
            // above the (c+1)-th highest: at most c runs reach it (fewer only if more were stored than needed); by one
            // unit of the stored precision, since a value read back from the file may be half a unit below the truth
            c = Math.min(c, top.length - 1);
            return java.util.Optional.of(new PayloadScores(runs, top, top[c] + RESOLUTION));
        }

        /** How many of the highest null payload scores of {@code runs} runs a calibration stores. */
        static int storedFor(long runs) {
            // the full target's share per run is 3.5e-4: the count at the threshold stays below runs x 5e-4
            return (int) Math.min(runs, Math.max(STORED, Math.ceil(runs * 5e-4)));
        }

        /**
         * 95% upper bound on the chance that one null run reaches payload score {@code s}; 1 below the stored tail,
         * where the count is not known.
         */
        public double tail(double s) {
            if (!Double.isFinite(s)) {
                return 1.0;
            }
            int c = 0;
            while (c < top.length && top[c] >= s) {
                c++;
            }
            return c == top.length ? 1.0 : Calibration.upperBound(c, runs);
        }
    }

    /** The payload score a payload whose check passed needs; NaN when the score alone decides. */
    public double payloadScoreThreshold() {
        return payloadScores == null ? Double.NaN : payloadScores.threshold();
    }

    /** True when a payload whose keyed check passed at payload score {@code s} may be reported. */
    public boolean acceptsPayload(double s) {
        return payloadScores == null || s >= payloadScores.threshold();
    }

    /**
     * Upper bound on P(max z >= t) for one key on unmarked video: {@code neff * max(1, (t / t_ref)^2) * Q(t)}. The
     * quadratic factor beyond the last well-measured point {@code t_ref} covers the slow growth of the effective number
     * of hypotheses that the maximum of a correlated 2-D field shows in the far tail.
     */
    public double tail(double t) {
        return tail(effectiveHypotheses, referenceScore, t);
    }

    static double tail(double neff, double tRef, double t) {
        double growth = t > tRef ? (t / tRef) * (t / tRef) : 1.0;
        return Math.min(1.0, neff * growth * gaussianTail(t));
    }

    /** Q(t) = P(N(0,1) >= t), accurate in the far tail. */
    public static double gaussianTail(double t) {
        if (t < 0) {
            return 1 - gaussianTail(-t);
        }
        // erfc via continued fraction for large t, series otherwise
        if (t > 5) {
            double t2 = t * t;
            double pdf = Math.exp(-t2 / 2) / Math.sqrt(2 * Math.PI);
            double cf = t;
            for (int k = 40; k >= 1; k--) {
                cf = t + k / cf;
            }
            return pdf / cf;
        }
        return 0.5 * erfc(t / Math.sqrt(2));
    }

    private static double erfc(double x) {
        // Numerical Recipes erfcc (fractional error < 1.2e-7)
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** The smallest t with {@code tail(t) <= p}. */
    public static double thresholdFor(double effectiveHypotheses, double tRef, double p) {
        double lo = 0;
        double hi = 40;
        for (int i = 0; i < 100; i++) {
            double mid = 0.5 * (lo + hi);
            if (tail(effectiveHypotheses, tRef, mid) > p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /**
     * Model from a fitted number of hypotheses, splitting the per-video target {@link #TARGET} in half between the two
     * ways to a false positive: a payload passing its keyed check (score tail x decode candidates x 2^-24) and a score
     * above the detection threshold alone.
     */
    public static NullModel fromFit(double neff, double tRef, long trials, double maxNull, String source,
            int decodeCandidates) {
        return fromFit(neff, tRef, trials, maxNull, source, decodeCandidates, TARGET);
    }

    /** As {@link #fromFit(double, double, long, double, String, int)} for a per-video target {@code target}. */
    public static NullModel fromFit(double neff, double tRef, long trials, double maxNull, String source,
            int decodeCandidates, double target) {
        double payload = thresholdFor(neff, tRef, Math.min(0.5, payloadShare(target, decodeCandidates)));
        double detect = thresholdFor(neff, tRef, target / 2);
        return new NullModel(neff, tRef, payload, Math.max(payload, detect), trials, maxNull, source);
    }

    /**
     * As {@link #fromFit(double, double, long, double, String, int, double)}, deciding payloads by the payload score
     * when {@code nullPayloadScores} (each null run's best, any order; runs without a decode below every score) give a
     * measured threshold for the target: decodes are then tried from {@code decodeGate}, the score of the probe the
     * calibration ran with. Otherwise as without them.
     */
    public static NullModel fromFit(double neff, double tRef, long trials, double maxNull, String source,
            int decodeCandidates, double target, double[] nullPayloadScores, double decodeGate) {
        NullModel plain = fromFit(neff, tRef, trials, maxNull, source, decodeCandidates, target);
        if (nullPayloadScores == null) {
            return plain;
        }
        double[] sorted = nullPayloadScores.clone();
        java.util.Arrays.sort(sorted);
        double[] top = new double[PayloadScores.storedFor(sorted.length)];
        for (int i = 0; i < top.length; i++) {
            top[i] = sorted[sorted.length - 1 - i];
        }
        return withPayloadScores(plain, sorted.length, top, target, decodeCandidates, decodeGate);
    }

    private static NullModel withPayloadScores(NullModel plain, long runs, double[] top, double target,
            int decodeCandidates, double decodeGate) {
        return PayloadScores.of(runs, top, payloadShare(target, decodeCandidates))
                .map(ps -> new NullModel(plain.effectiveHypotheses, plain.referenceScore, decodeGate,
                        Math.max(decodeGate, plain.detectThreshold), plain.trials, plain.maxNullScore, plain.source,
                        ps))
                .orElse(plain);
    }

    /**
     * The chance per null run that the payload decision may allow for a per-video {@code target}: half of it, over the
     * keyed check's pass rate for {@code decodeCandidates} candidates.
     */
    static double payloadShare(double target, int decodeCandidates) {
        return target / 2 / (decodeCandidates * Math.pow(2, -PayloadCodec.CHECK_BITS));
    }

    /**
     * The same fit with thresholds for a smaller per-video target: when a detector runs n searches (see
     * {@link MarkSearch}), each gets {@link #TARGET} / n.
     */
    public NullModel withTarget(double target, int decodeCandidates) {
        NullModel plain = fromFit(effectiveHypotheses, referenceScore, trials, maxNullScore, source, decodeCandidates,
                target);
        if (payloadScores == null) {
            return plain;
        }
        NullModel m = withPayloadScores(plain, payloadScores.runs(), payloadScores.top(), target, decodeCandidates,
                payloadThreshold);
        if (m.payloadScores == null) {
            throw new IllegalArgumentException("the calibration's null runs are too few for a target of " + target);
        }
        return m;
    }

    /** Renders the resource text (with its checksum line). */
    public String toText() {
        return toText(MarkSearch.FIXED);
    }

    /**
     * Renders the resource text of the calibration of {@code search}: {@code alg}, and {@code speed} for a search at
     * another speed than the marking's.
     */
    public String toText(MarkSearch search) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("alg", search.alg());
        if (search.speed() > 1) {
            m.put("speed", Integer.toString(search.speed()));
        }
        m.put("effectiveHypotheses", String.format(Locale.ROOT, "%.6g", effectiveHypotheses));
        m.put("referenceScore", String.format(Locale.ROOT, "%.4f", referenceScore));
        m.put("payloadThreshold", String.format(Locale.ROOT, "%.4f", payloadThreshold));
        m.put("detectThreshold", String.format(Locale.ROOT, "%.4f", detectThreshold));
        m.put("trials", Long.toString(trials));
        m.put("maxNullScore", String.format(Locale.ROOT, "%.4f", maxNullScore));
        if (payloadScores != null) {
            m.put("payloadScoreThreshold", String.format(Locale.ROOT, "%.4f", payloadScores.threshold()));
            m.put("payloadScoreRuns", Long.toString(payloadScores.runs()));
            StringBuilder t = new StringBuilder();
            for (double v : payloadScores.top()) {
                t.append(t.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "%.6f", v));
            }
            m.put("payloadScoreTail", t.toString());
        }
        m.put("source", source.replace('\n', ' '));
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        m.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        CRC32 crc = new CRC32();
        crc.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        sb.append(String.format(Locale.ROOT, "crc32=%08x\n", crc.getValue()));
        return sb.toString();
    }

    /** Parses resource text; refuses a damaged or unknown-version file. */
    public static NullModel parse(String text, String name) throws WatermarkException {
        return parse(text, name, MarkSearch.FIXED);
    }

    /** Parses resource text of the calibration of {@code search}; refuses one of another search. */
    public static NullModel parse(String text, String name, MarkSearch search) throws WatermarkException {
        int end = text.lastIndexOf("crc32=");
        if (!text.startsWith(HEADER + "\n")) {
            if (text.startsWith("hallmark.watermark.calibration/")) {
                throw new WatermarkException(Reason.CORRUPT_CALIBRATION, null, name
                        + ": calibration format version not supported (this Hallmark reads " + HEADER + ")");
            }
            throw new WatermarkException(Reason.CORRUPT_CALIBRATION, null, name + ": not a watermark calibration");
        }
        if (end < 0) {
            throw new WatermarkException(Reason.CORRUPT_CALIBRATION, null, name + ": calibration checksum missing");
        }
        CRC32 crc = new CRC32();
        crc.update(text.substring(0, end).getBytes(StandardCharsets.UTF_8));
        String stated = text.substring(end);
        if (!stated.equals(String.format(Locale.ROOT, "crc32=%08x\n", crc.getValue()))) {
            throw new WatermarkException(Reason.CORRUPT_CALIBRATION, null, name + ": calibration is damaged (checksum)");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.substring(HEADER.length() + 1, end).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        try {
            String speed = m.getOrDefault("speed", "1");
            if (!search.alg().equals(m.get("alg")) || (search.flipped() && !speed.equals(
                    Integer.toString(search.speed())))) {
                throw new WatermarkException(Reason.CORRUPT_CALIBRATION, null, name + ": calibration is for "
                        + m.get("alg") + (speed.equals("1") ? "" : " at speed x" + speed) + ", not " + search);
            }
            double neff = Double.parseDouble(m.get("effectiveHypotheses"));
            double tRef = Double.parseDouble(m.get("referenceScore"));
            double payloadThreshold = Double.parseDouble(m.get("payloadThreshold"));
            long trials = Long.parseLong(m.get("trials"));
            double maxNull = Double.parseDouble(m.get("maxNullScore"));
            PayloadScores ps = null;
            List<String> tailFields = List.of("payloadScoreThreshold", "payloadScoreRuns", "payloadScoreTail");
            long present = tailFields.stream().filter(m::containsKey).count();
            if (present != 0 && present != tailFields.size()) {
                throw new WatermarkException(Reason.CORRUPT_CALIBRATION, null, name
                        + ": calibration has part of its null payload scores");
            }
            if (present != 0) {
                // the threshold is recomputed from the tail (the stated one is for readers), so a hand-edited or
                // rounded threshold can never be looser than the null runs allow
                double[] top = java.util.Arrays.stream(m.get("payloadScoreTail").split(","))
                        .mapToDouble(Double::parseDouble).toArray();
                long runs = Long.parseLong(m.get("payloadScoreRuns"));
                ps = PayloadScores.of(runs, top, payloadShare(TARGET, Calibration.DECODE_CANDIDATES)).orElseThrow(
                        () -> new WatermarkException(Reason.CORRUPT_CALIBRATION, null, name
                                + ": calibration's null payload scores are too few for its target"));
            } else if (payloadThreshold < fromFit(neff, tRef, trials, maxNull, "", Calibration.DECODE_CANDIDATES)
                    .payloadThreshold() - 1e-3) {
                // without a payload score tail the score alone decides: never below its fitted threshold
                throw new WatermarkException(Reason.CORRUPT_CALIBRATION, null, name
                        + ": calibration's payload threshold is below what its fit allows");
            }
            return new NullModel(neff, tRef, payloadThreshold, Double.parseDouble(m.get("detectThreshold")), trials,
                    maxNull, m.getOrDefault("source", ""), ps);
        } catch (RuntimeException e) {
            throw new WatermarkException(Reason.CORRUPT_CALIBRATION, null, name + ": calibration fields missing or bad");
        }
    }

    /** The calibration shipped with this build. */
    public static NullModel bundled() throws WatermarkException {
        return bundled(MarkSearch.FIXED).orElseThrow(() -> new WatermarkException(Reason.CORRUPT_CALIBRATION, null,
                "bundled calibration " + MarkSearch.FIXED.resource() + " missing from the build"));
    }

    /** The bundled calibration of {@code search}, if this build has one (a search runs only when it has). */
    public static java.util.Optional<NullModel> bundled(MarkSearch search) throws WatermarkException {
        String resource = search.resource();
        try (InputStream in = NullModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource,
                    search));
        } catch (IOException e) {
            throw new WatermarkException(Reason.CORRUPT_CALIBRATION, null, "cannot read " + resource, e);
        }
    }
}
