package dev.hallmark.classifier.fusion;

import dev.hallmark.classifier.Evidence;
import dev.hallmark.classifier.Outcome;
import dev.hallmark.classifier.Tampering;
import dev.hallmark.classifier.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Fuses evidence into a {@link Verdict} and tampering findings. Rules (China Labeling Measures Art. 6; EU Code of
 * Practice asks detection to say which method it relied on):
 * <ul>
 *   <li>AI_GENERATED: a valid C2PA manifest whose digitalSourceType is an AI type, an AIGC label "1" whose
 *       integrity check does not fail, or our watermark decoded;</li>
 *   <li>POSSIBLY_AI: an AIGC label "2", or an AI declaration that cannot be verified (XMP digitalSourceType, an AI
 *       source type inside an invalid manifest);</li>
 *   <li>SUSPECTED_AI: an AIGC label "3", the forensic model over its calibrated threshold, generator traces in
 *       container metadata;</li>
 *   <li>NO_EVIDENCE otherwise.</li>
 * </ul>
 * Evidence codes are those the collectors emit (see {@code dev.hallmark.classifier.collect}).
 */
public final class VerdictFusion {
    /** IPTC digital source types that mean AI or algorithmic generation. */
    public static final Set<String> AI_SOURCE_TYPES = Set.of(
            "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
            "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia",
            "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia",
            "http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic");

    private VerdictFusion() {
    }

    /** The verdict and tampering findings for these evidence items. */
    public record Result(Verdict verdict, List<Tampering> tampering) {
    }

    public static Result fuse(List<Evidence> evidence) {
        List<Evidence> strong = new ArrayList<>();
        List<Evidence> declared = new ArrayList<>();
        List<Evidence> traces = new ArrayList<>();
        List<Tampering> tampering = new ArrayList<>();
        Evidence c2pa = null;
        Evidence aigc = null;
        Evidence watermark = null;
        for (Evidence e : evidence) {
            switch (e.check()) {
                case "c2pa" -> {
                    c2pa = e;
                    boolean ai = isAiSource(e.data().get("digitalSourceType"));
                    if (e.outcome() == Outcome.PASS && ai) {
                        strong.add(e);
                    } else if (e.outcome() == Outcome.FAIL) {
                        tampering.add(new Tampering("c2pa.invalid",
                                "the C2PA manifest does not validate: " + e.detail(), List.of(e)));
                        if (ai) {
                            declared.add(e);
                        }
                    }
                }
                case "aigc" -> {
                    aigc = e;
                    if (e.outcome() == Outcome.PASS) {
                        String label = String.valueOf(e.data().get("Label"));
                        switch (label) {
                            case "1" -> strong.add(e);
                            case "2" -> declared.add(e);
                            case "3" -> traces.add(e);
                            default -> { }
                        }
                    } else if (e.outcome() == Outcome.FAIL) {
                        tampering.add(new Tampering(e.code(), "the AIGC metadata label fails its check: " + e.detail(),
                                List.of(e)));
                        // an altered label still declares AI: it cannot be trusted, but it is a declaration
                        if ("1".equals(String.valueOf(e.data().get("Label")))
                                || "2".equals(String.valueOf(e.data().get("Label")))) {
                            declared.add(e);
                        }
                    }
                }
                case "watermark" -> {
                    watermark = e;
                    if (e.outcome() == Outcome.PASS) {
                        strong.add(e);
                    }
                }
                case "xmp" -> {
                    if (e.outcome() == Outcome.PASS && isAiSource(e.data().get("digitalSourceType"))) {
                        declared.add(e);
                    }
                }
                case "container", "forensic" -> {
                    if (e.outcome() == Outcome.PASS) {
                        traces.add(e);
                    }
                }
                default -> { }
            }
        }
        consistency(c2pa, aigc, watermark, tampering);
        Verdict v;
        if (!strong.isEmpty()) {
            v = new Verdict.AiGenerated(strong);
        } else if (!declared.isEmpty()) {
            v = new Verdict.PossiblyAi(declared);
        } else if (!traces.isEmpty()) {
            v = new Verdict.SuspectedAi(traces);
        } else {
            v = new Verdict.NoEvidence(evidence.stream().filter(e -> e.outcome() != Outcome.ERROR).toList());
        }
        return new Result(v, tampering);
    }

    /** Cross-layer checks: the watermark payload must agree with the ids the labels carry. */
    private static void consistency(Evidence c2pa, Evidence aigc, Evidence watermark, List<Tampering> out) {
        if (watermark == null || watermark.outcome() != Outcome.PASS) {
            return;
        }
        String payload = lower(watermark.data().get("payload"));
        if (aigc != null && aigc.outcome() == Outcome.PASS && "VALID".equals(String.valueOf(aigc.data().get("seal")))) {
            // a Hallmark ProduceID is the filing id; its watermark form must be what the watermark carries
            String expected = lower(aigc.data().get("produceIdWatermark"));
            if (expected != null && payload != null && !expected.equals(payload)) {
                out.add(new Tampering("watermark.payload.mismatch", "the watermark carries " + payload
                        + " but the sealed AIGC label names filing " + aigc.data().get("ProduceID") + " (watermark form "
                        + expected + ")", List.of(watermark, aigc)));
            }
        }
        if (c2pa != null && c2pa.outcome() == Outcome.PASS) {
            String bound = lower(c2pa.data().get("softBindingPayload"));
            if (bound != null && payload != null && !bound.equals(payload)) {
                out.add(new Tampering("watermark.softbinding.mismatch", "the watermark carries " + payload
                        + " but the C2PA soft binding declares " + bound, List.of(watermark, c2pa)));
            }
        }
        boolean c2paAbsent = c2pa == null || c2pa.outcome() == Outcome.ABSENT;
        boolean aigcAbsent = aigc == null || aigc.outcome() == Outcome.ABSENT;
        if (c2paAbsent && aigcAbsent) {
            out.add(new Tampering("labels.stripped", "the invisible watermark is present but the C2PA manifest and "
                    + "the AIGC metadata label are gone (re-encoded or stripped)", List.of(watermark)));
        }
    }

    static boolean isAiSource(Object v) {
        return v != null && AI_SOURCE_TYPES.contains(v.toString());
    }

    private static String lower(Object o) {
        return o == null ? null : o.toString().toLowerCase(Locale.ROOT);
    }
}
