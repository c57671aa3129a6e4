package dev.hallmark.classifier.collect;

import dev.hallmark.classifier.Evidence;
import dev.hallmark.classifier.Outcome;
import dev.hallmark.provenance.ProvenanceException;
import dev.hallmark.provenance.aigc.AigcLabel;
import dev.hallmark.provenance.aigc.AigcMetadata;
import dev.hallmark.provenance.aigc.AigcSeal;
import dev.hallmark.registry.FilingIds;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GB 45438 implicit label: the fields, how many labels the file carries (the standard allows one), and the
 * integrity check of ReservedCode1 when it is Hallmark's seal ({@link AigcSeal}). A seal that does not verify, or
 * conflicting labels, is FAIL.
 */
public final class AigcCollector implements EvidenceCollector {
    private final List<PublicKey> sealKeys;

    /** @param sealKeys producers' public keys whose seals we can check (ours at least) */
    public AigcCollector(List<PublicKey> sealKeys) {
        this.sealKeys = List.copyOf(sealKeys);
    }

    @Override
    public List<Evidence> collect(Path file) {
        AigcMetadata.Reading reading;
        try {
            reading = AigcMetadata.read(file);
        } catch (ProvenanceException e) {
            return List.of(new Evidence("aigc", Outcome.ERROR, "aigc.error", e.getMessage(), Map.of()));
        }
        if (!reading.present()) {
            return List.of(Evidence.of("aigc", Outcome.ABSENT, "aigc.absent", "no AIGC metadata label"));
        }
        List<String> problems = new ArrayList<>();
        for (AigcMetadata.Found f : reading.found()) {
            if (f.problem() != null) {
                problems.add(f.source() + ": " + f.problem());
            }
        }
        AigcLabel label = reading.single();
        if (label == null) {
            AigcLabel any = reading.found().stream().map(AigcMetadata.Found::label).filter(l -> l != null)
                    .findFirst().orElse(null);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("labels", reading.found().size());
            if (any != null) {
                data.put("Label", any.label());
            }
            data.put("problems", problems);
            String code = problems.isEmpty() ? "aigc.multiple" : "aigc.malformed";
            return List.of(new Evidence("aigc", Outcome.FAIL, code, problems.isEmpty()
                    ? reading.found().size() + " different AIGC labels in one file (the standard allows one)"
                    : "malformed AIGC label: " + String.join("; ", problems), data));
        }
        Map<String, Object> data = new LinkedHashMap<>(label.asMap());
        AigcSeal.Check seal = AigcSeal.check(label, sealKeys);
        data.put("seal", seal.name());
        data.put("source", reading.found().get(0).source().name());
        if (FilingIds.isValid(label.produceId())) {
            data.put("produceIdWatermark", FilingIds.watermarkPayload(label.produceId()));
        }
        String meaning = switch (label.label()) {
            case "1" -> "AI-generated";
            case "2" -> "possibly AI-generated";
            default -> "suspected AI-generated";
        };
        if (seal == AigcSeal.Check.INVALID) {
            return List.of(new Evidence("aigc", Outcome.FAIL, "aigc.seal.invalid", "AIGC label says " + meaning
                    + " but its ReservedCode1 integrity check fails: the fields were altered", data));
        }
        String sealText = switch (seal) {
            case VALID -> ", sealed by the producer's key";
            case UNKNOWN_KEY -> ", sealed by a key not known here";
            default -> "";
        };
        return List.of(new Evidence("aigc", Outcome.PASS, "aigc.label." + label.label(), "AIGC label " + label.label()
                + " (" + meaning + "), producer " + label.contentProducer() + sealText, data));
    }
}
