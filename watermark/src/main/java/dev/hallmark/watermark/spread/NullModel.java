package dev.hallmark.watermark.spread;

import dev.hallmark.watermark.WatermarkException;
import dev.hallmark.watermark.WatermarkException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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
 * <p>Text resource, UTF-8, one {@code key=value} per line: first line {@code hallmark.watermark.calibration/1}, last
 * line {@code crc32=<8 hex digits>} over every byte before it.
 */
public record NullModel(double effectiveHypotheses, double referenceScore, double payloadThreshold,
        double detectThreshold, long trials, double maxNullScore, String source) {
    public static final String HEADER = "hallmark.watermark.calibration/1";
    /** False-positive target per video. */
    public static final double TARGET = 1e-9;

    public NullModel {
        if (!(effectiveHypotheses >= 1) || !(referenceScore > 0) || !(payloadThreshold > 0)
                || !(detectThreshold >= payloadThreshold)) {
            throw new IllegalArgumentException("bad null model");
        }
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
        double pPayload = target / 2 / (decodeCandidates * Math.pow(2, -PayloadCodec.CHECK_BITS));
        double payload = thresholdFor(neff, tRef, Math.min(0.5, pPayload));
        double detect = thresholdFor(neff, tRef, target / 2);
        return new NullModel(neff, tRef, payload, Math.max(payload, detect), trials, maxNull, source);
    }

    /**
     * The same fit with thresholds for a smaller per-video target: when a detector runs n searches (see
     * {@link MarkSearch}), each gets {@link #TARGET} / n.
     */
    public NullModel withTarget(double target, int decodeCandidates) {
        return fromFit(effectiveHypotheses, referenceScore, trials, maxNullScore, source, decodeCandidates, target);
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
            return new NullModel(Double.parseDouble(m.get("effectiveHypotheses")),
                    Double.parseDouble(m.get("referenceScore")), Double.parseDouble(m.get("payloadThreshold")), Double.parseDouble(m.get("detectThreshold")),
                    Long.parseLong(m.get("trials")), Double.parseDouble(m.get("maxNullScore")),
                    m.getOrDefault("source", ""));
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
