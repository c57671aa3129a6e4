package dev.hallmark.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hallmark.registry.internal.FilingCodec;
import dev.hallmark.registry.internal.Json;
import dev.hallmark.registry.internal.Times;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of a {@link FilingRecord}, used by {@code audit import --jsonl} (one object per line) and
 * {@code audit show --json}. Schema {@code hallmark.filing/1}; clear personal data in {@code prompt} and
 * {@code userIdentity} (sealed when filed). Unknown fields are refused.
 * <pre>
 * {"schema":"hallmark.filing/1", "id":ULID?, "time":ISO-8601, "actor":pseudonym, "jurisdictions":["CN"],
 *  "model":{"name","version","filingNumber"?}, "prompt"?, "userIdentity"?, "contentSha256":hex64,
 *  "manifestId"?, "watermark":hex16?, "aigc":{..}, "policy":{"decision","rules":[..]},
 *  "verification":{"result","codes":[..]}, "retention":"SHORT|STANDARD|EXTENDED|LEGAL_HOLD",
 *  "timingsMicros":{"step":n}}
 * </pre>
 */
public final class FilingJson {
    private static final Set<String> FIELDS = Set.of("schema", "id", "time", "actor", "jurisdictions", "model", "prompt",
            "userIdentity", "contentSha256", "manifestId", "watermark", "aigc", "policy", "verification", "retention",
            "timingsMicros");
    /** Longest import line accepted. */
    public static final int MAX_LINE = 256 * 1024;

    private FilingJson() {
    }

    /** JSON object of a record (fields in schema order). */
    public static Map<String, Object> toJson(FilingRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", FilingRecord.SCHEMA);
        m.put("id", r.id());
        m.put("time", Times.format(r.time()));
        m.put("actor", r.actor());
        m.put("jurisdictions", r.jurisdictions());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", r.model().name());
        model.put("version", r.model().version());
        if (r.model().filingNumber() != null) {
            model.put("filingNumber", r.model().filingNumber());
        }
        m.put("model", model);
        if (r.prompt() != null) {
            m.put("prompt", r.prompt());
        }
        if (r.userIdentity() != null) {
            m.put("userIdentity", r.userIdentity());
        }
        m.put("contentSha256", r.contentSha256());
        if (r.manifestId() != null) {
            m.put("manifestId", r.manifestId());
        }
        if (r.watermark() != null) {
            m.put("watermark", r.watermark());
        }
        m.put("aigc", r.aigc());
        m.put("policy", Map.of("decision", r.policy().decision(), "rules", r.policy().ruleIds()));
        m.put("verification", Map.of("result", r.verification().result(), "codes", r.verification().codes()));
        m.put("retention", r.retention().name());
        m.put("timingsMicros", r.timingsMicros());
        return m;
    }

    /** Parses and validates one record; IllegalArgumentException names the first problem. */
    public static FilingRecord parse(String json) {
        if (json.length() > MAX_LINE) {
            throw new IllegalArgumentException("record longer than " + MAX_LINE + " characters");
        }
        JsonNode n;
        try {
            n = Json.parse(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON (" + firstLine(e) + ")");
        }
        return fromJson(n);
    }

    public static FilingRecord fromJson(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("a filing must be a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + (f.length() > 40 ? f.substring(0, 40) : f) + "'");
            }
        }
        String schema = FilingCodec.optText(n, "schema");
        if (schema != null && !schema.equals(FilingRecord.SCHEMA)) {
            throw new IllegalArgumentException("schema '" + schema + "' is not " + FilingRecord.SCHEMA);
        }
        JsonNode model = n.get("model");
        if (model == null || !model.isObject()) {
            throw new IllegalArgumentException("'model' must be an object with name and version");
        }
        JsonNode policy = n.get("policy");
        JsonNode ver = n.get("verification");
        String retention = FilingCodec.optText(n, "retention");
        RetentionClass rc;
        try {
            rc = retention == null ? RetentionClass.STANDARD : RetentionClass.valueOf(retention);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("retention must be one of SHORT, STANDARD, EXTENDED, LEGAL_HOLD");
        }
        return new FilingRecord(
                FilingCodec.optText(n, "id"),
                Times.parse(FilingCodec.text(n, "time")),
                FilingCodec.text(n, "actor"),
                FilingCodec.strings(n, "jurisdictions"),
                new ModelRef(FilingCodec.text(model, "name"), FilingCodec.text(model, "version"), FilingCodec.optText(model, "filingNumber")),
                FilingCodec.optText(n, "prompt"),
                FilingCodec.optText(n, "userIdentity"),
                FilingCodec.text(n, "contentSha256"),
                FilingCodec.optText(n, "manifestId"),
                FilingCodec.optText(n, "watermark"),
                n.has("aigc") ? FilingCodec.stringMap(object(n, "aigc")) : Map.of(),
                policy == null ? new PolicyDecision("ALLOW", java.util.List.of())
                        : new PolicyDecision(FilingCodec.text(policy, "decision"), FilingCodec.strings(policy, "rules")),
                ver == null ? new VerificationSummary("SKIPPED", java.util.List.of())
                        : new VerificationSummary(FilingCodec.text(ver, "result"), FilingCodec.strings(ver, "codes")),
                rc,
                n.has("timingsMicros") ? FilingCodec.longMap(object(n, "timingsMicros")) : Map.of());
    }

    private static JsonNode object(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (!v.isObject()) {
            throw new IllegalArgumentException("'" + f + "' must be an object");
        }
        return v;
    }

    private static String firstLine(IOException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
