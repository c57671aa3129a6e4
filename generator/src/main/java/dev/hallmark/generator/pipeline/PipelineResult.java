package dev.hallmark.generator.pipeline;

import dev.hallmark.policies.Decision;
import dev.hallmark.policies.LabelRequirements;
import dev.hallmark.provenance.C2paReport;
import dev.hallmark.provenance.aigc.AigcLabel;
import dev.hallmark.registry.Receipt;
import dev.hallmark.watermark.label.VisibleLabel;
import java.nio.file.Path;
import java.util.Map;

/**
 * A released, self-verified, filed clip.
 *
 * @param filingId registry id (ULID)
 * @param output the released file
 * @param contentSha256 SHA-256 of the exact released bytes (what was filed)
 * @param watermarkPayload the 64-bit payload embedded (16 hex digits; the filing id's watermark form)
 * @param c2pa the self-check's C2PA verification of the released file
 * @param aigc the AIGC implicit label written
 * @param label the visible label burned in (text, position, geometry)
 * @param policy the prompt screening decision
 * @param requirements what the jurisdictions required
 * @param receipt the registry's fsync'd receipt
 * @param model model name and version
 * @param frames frames encoded
 * @param timingsMs milliseconds per step
 */
public record PipelineResult(String filingId, Path output, String contentSha256, String watermarkPayload,
        C2paReport c2pa, AigcLabel aigc, VisibleLabel label, Decision policy,
        LabelRequirements requirements, Receipt receipt, String model, long frames, Map<String, Long> timingsMs) {
    public PipelineResult {
        timingsMs = Map.copyOf(timingsMs);
    }
}
