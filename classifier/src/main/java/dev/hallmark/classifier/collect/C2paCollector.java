package dev.hallmark.classifier.collect;

import dev.hallmark.classifier.Evidence;
import dev.hallmark.classifier.Outcome;
import dev.hallmark.provenance.C2paReport;
import dev.hallmark.provenance.C2paState;
import dev.hallmark.provenance.C2paVerifier;
import dev.hallmark.provenance.ProvenanceException;
import dev.hallmark.provenance.SoftBinding;
import dev.hallmark.provenance.TrustAnchors;
import dev.hallmark.provenance.ValidationStatus;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * C2PA layer: state (Trusted/Valid/Invalid/Absent) with c2pa-rs status codes, the declared digitalSourceType,
 * the signer, and the soft binding our watermark declares. Invalid is FAIL (tampering), not absence.
 */
public final class C2paCollector implements EvidenceCollector {
    private final C2paVerifier verifier;

    public C2paCollector(TrustAnchors anchors) {
        this.verifier = new C2paVerifier(anchors);
    }

    @Override
    public List<Evidence> collect(Path file) {
        C2paReport r;
        try {
            r = verifier.verify(file);
        } catch (ProvenanceException e) {
            return List.of(new Evidence("c2pa", Outcome.ERROR, "c2pa.error", e.getMessage(),
                    Map.of("reason", e.reason().name())));
        }
        return List.of(evidence(r));
    }

    /** Evidence for one C2PA report (also used by callers that verified already). */
    public static Evidence evidence(C2paReport r) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", r.state().label());
        if (r.digitalSourceType() != null) {
            data.put("digitalSourceType", r.digitalSourceType());
        }
        if (r.signer() != null) {
            data.put("signer", r.signer().commonName() + (r.signer().organization() == null ? ""
                    : " (" + r.signer().organization() + ")"));
            data.put("issuer", r.signer().issuer());
        }
        if (r.claimGenerator() != null) {
            data.put("claimGenerator", r.claimGenerator());
        }
        data.put("failures", r.failureCodes());
        data.put("successes", r.successCodes());
        data.put("ingredients", r.ingredients().size());
        for (SoftBinding b : r.softBindings()) {
            if (b.alg().startsWith("dev.hallmark.watermark") && !b.blocks().isEmpty()) {
                byte[] v = b.blocks().get(0).value();
                if (v.length == 8) {
                    data.put("softBindingPayload", HexFormat.of().formatHex(v));
                }
                data.put("softBindingAlg", b.alg());
            }
        }
        if (r.disclosure() != null) {
            data.put("disclosure", r.disclosure().provider() + ", " + r.disclosure().systemName() + " "
                    + r.disclosure().systemVersion() + ", " + r.disclosure().createdAt() + ", "
                    + r.disclosure().uniqueId());
        }
        return switch (r.state()) {
            case ABSENT -> new Evidence("c2pa", Outcome.ABSENT, "c2pa.absent", "no C2PA manifest", data);
            case INVALID -> new Evidence("c2pa", Outcome.FAIL, r.failureCodes().isEmpty() ? "c2pa.invalid"
                    : r.failureCodes().get(0), "C2PA manifest is invalid: " + String.join(", ", r.failureCodes())
                    + explanation(r.failures()), data);
            case TRUSTED, VALID -> new Evidence("c2pa", Outcome.PASS, r.state() == C2paState.TRUSTED
                    ? "signingCredential.trusted" : "claimSignature.validated",
                    "C2PA manifest " + r.state().label() + (r.digitalSourceType() == null ? ""
                            : ", declares " + shortType(r.digitalSourceType()))
                            + (r.signer() == null ? "" : ", signed by " + data.get("signer")), data);
        };
    }

    private static String explanation(List<ValidationStatus> failures) {
        return failures.isEmpty() || failures.get(0).explanation() == null ? "" : " (" + failures.get(0).explanation() + ")";
    }

    static String shortType(String uri) {
        int i = uri.lastIndexOf('/');
        return i < 0 ? uri : uri.substring(i + 1);
    }
}
