package dev.hallmark.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hallmark.registry.AlgorithmFiling;
import dev.hallmark.registry.AlgorithmFilingHistory;
import dev.hallmark.registry.FilingRecord;
import dev.hallmark.registry.ModelRef;
import dev.hallmark.registry.PolicyDecision;
import dev.hallmark.registry.RetentionClass;
import dev.hallmark.registry.VerificationSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Journal payloads: canonical JSON for the three record types.
 * <ul>
 *   <li>{@code hallmark.filing/1}: the filing record without personal data, plus {@code promptHash},
 *       {@code retention.until}, {@code model.filingSeq} and {@code sealed} (base64 of nonce || AES-GCM ciphertext of
 *       {@code {"prompt","salt","user"}}).</li>
 *   <li>{@code hallmark.shred/1}: {@code target {id, seq}}, {@code reason} (RETENTION | ERASURE), {@code time},
 *       optional {@code note}.</li>
 *   <li>{@code hallmark.algorithm-filing/1}: the filing, {@code change} (FILED | CHANGED | REVOKED), {@code time}.</li>
 * </ul>
 */
public final class FilingCodec {
    public static final byte TYPE_FILING = 1;
    public static final byte TYPE_SHRED = 2;
    public static final byte TYPE_ALGORITHM = 3;
    public static final String SHRED_SCHEMA = "hallmark.shred/1";

    private FilingCodec() {
    }

    /** A decoded filing payload (personal data still sealed). */
    public record StoredFiling(FilingRecord record, String promptHash, Instant retainUntil, long algorithmFilingSeq, byte[] sealed) {
    }

    /** A decoded shred payload. */
    public record StoredShred(String targetId, long targetSeq, String reason, Instant time, String note) {
    }

    /** A decoded algorithm-filing payload. */
    public record StoredAlgorithm(AlgorithmFiling filing, AlgorithmFilingHistory.Change change, Instant time) {
    }

    /** Clear personal data, as sealed. */
    public record Personal(String prompt, String user, byte[] salt) {
    }

    // ---------------------------------------------------------------- encode

    /**
     * The canonical filing payload, streamed with its keys in sorted order (the same bytes as
     * {@link #encodeFilingViaTree}, without building maps: this runs once per filing on the producer's thread).
     */
    public static byte[] encodeFiling(FilingRecord r, String promptHash, Instant retainUntil, long algorithmFilingSeq, byte[] sealed) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1024);
        try (com.fasterxml.jackson.core.JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("actor", r.actor());
            g.writeObjectFieldStart("aigc");
            for (Map.Entry<String, String> e : r.aigc().entrySet()) { // sorted map
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeStringField("contentSha256", r.contentSha256());
            g.writeStringField("id", r.id());
            g.writeArrayFieldStart("jurisdictions");
            for (String j : r.jurisdictions()) {
                g.writeString(j);
            }
            g.writeEndArray();
            if (r.manifestId() != null) {
                g.writeStringField("manifestId", r.manifestId());
            }
            g.writeObjectFieldStart("model");
            if (r.model().filingNumber() != null) {
                g.writeStringField("filingNumber", r.model().filingNumber());
                if (algorithmFilingSeq >= 0) {
                    g.writeNumberField("filingSeq", algorithmFilingSeq);
                }
            }
            g.writeStringField("name", r.model().name());
            g.writeStringField("version", r.model().version());
            g.writeEndObject();
            g.writeObjectFieldStart("policy");
            g.writeStringField("decision", r.policy().decision());
            g.writeArrayFieldStart("rules");
            for (String x : r.policy().ruleIds()) {
                g.writeString(x);
            }
            g.writeEndArray();
            g.writeEndObject();
            if (promptHash != null) {
                g.writeStringField("promptHash", promptHash);
            }
            g.writeObjectFieldStart("retention");
            g.writeStringField("class", r.retention().name());
            g.writeStringField("until", retainUntil.equals(Instant.MAX) ? "never" : Times.format(retainUntil));
            g.writeEndObject();
            g.writeStringField("schema", FilingRecord.SCHEMA);
            if (sealed != null) {
                g.writeFieldName("sealed");
                g.writeBinary(sealed); // standard base64 with padding, as Base64.getEncoder()
            }
            g.writeStringField("time", Times.format(r.time()));
            g.writeObjectFieldStart("timings");
            for (Map.Entry<String, Long> e : r.timingsMicros().entrySet()) { // sorted map
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("verification");
            g.writeArrayFieldStart("codes");
            for (String x : r.verification().codes()) {
                g.writeString(x);
            }
            g.writeEndArray();
            g.writeStringField("result", r.verification().result());
            g.writeEndObject();
            if (r.watermark() != null) {
                g.writeStringField("watermark", r.watermark());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode JSON", e);
        }
        return out.toByteArray();
    }

    /** Reference encoding through sorted maps; {@link #encodeFiling} must produce the same bytes (tested). */
    public static byte[] encodeFilingViaTree(FilingRecord r, String promptHash, Instant retainUntil, long algorithmFilingSeq, byte[] sealed) {
        Map<String, Object> m = new TreeMap<>();
        m.put("schema", FilingRecord.SCHEMA);
        m.put("id", r.id());
        m.put("time", Times.format(r.time()));
        m.put("actor", r.actor());
        m.put("jurisdictions", r.jurisdictions());
        Map<String, Object> model = new TreeMap<>();
        model.put("name", r.model().name());
        model.put("version", r.model().version());
        if (r.model().filingNumber() != null) {
            model.put("filingNumber", r.model().filingNumber());
            if (algorithmFilingSeq >= 0) {
                model.put("filingSeq", algorithmFilingSeq);
            }
        }
        m.put("model", model);
        if (promptHash != null) {
            m.put("promptHash", promptHash);
        }
        m.put("contentSha256", r.contentSha256());
        if (r.manifestId() != null) {
            m.put("manifestId", r.manifestId());
        }
        if (r.watermark() != null) {
            m.put("watermark", r.watermark());
        }
        m.put("aigc", new TreeMap<>(r.aigc()));
        Map<String, Object> policy = new TreeMap<>();
        policy.put("decision", r.policy().decision());
        policy.put("rules", r.policy().ruleIds());
        m.put("policy", policy);
        Map<String, Object> ver = new TreeMap<>();
        ver.put("result", r.verification().result());
        ver.put("codes", r.verification().codes());
        m.put("verification", ver);
        Map<String, Object> ret = new TreeMap<>();
        ret.put("class", r.retention().name());
        ret.put("until", retainUntil.equals(Instant.MAX) ? "never" : Times.format(retainUntil));
        m.put("retention", ret);
        m.put("timings", new TreeMap<>(r.timingsMicros()));
        if (sealed != null) {
            m.put("sealed", Base64.getEncoder().encodeToString(sealed));
        }
        return Json.canonical(m);
    }

    public static byte[] encodePersonal(String prompt, String user, byte[] salt) {
        Map<String, Object> m = new TreeMap<>();
        if (prompt != null) {
            m.put("prompt", prompt);
        }
        if (user != null) {
            m.put("user", user);
        }
        m.put("salt", Base64.getEncoder().encodeToString(salt));
        return Json.canonical(m);
    }

    /** SHA-256(salt || UTF-8 prompt), hex. */
    public static String promptHash(byte[] salt, String prompt) {
        var md = Bytes.sha256();
        md.update(salt);
        md.update(prompt.getBytes(StandardCharsets.UTF_8));
        return Bytes.hex(md.digest());
    }

    public static byte[] encodeShred(String targetId, long targetSeq, String reason, Instant time, String note) {
        Map<String, Object> m = new TreeMap<>();
        m.put("schema", SHRED_SCHEMA);
        Map<String, Object> t = new TreeMap<>();
        t.put("id", targetId);
        t.put("seq", targetSeq);
        m.put("target", t);
        m.put("reason", reason);
        m.put("time", Times.format(time));
        if (note != null) {
            m.put("note", note);
        }
        return Json.canonical(m);
    }

    public static byte[] encodeAlgorithm(AlgorithmFiling f, AlgorithmFilingHistory.Change change, Instant time) {
        Map<String, Object> m = new TreeMap<>();
        m.put("schema", AlgorithmFiling.SCHEMA);
        m.put("number", f.number());
        m.put("algorithm", f.algorithm());
        m.put("models", f.models());
        m.put("provider", f.provider());
        m.put("filedOn", f.filedOn().toString());
        if (f.changedOn() != null) {
            m.put("changedOn", f.changedOn().toString());
        }
        m.put("status", f.status().name());
        if (f.note() != null) {
            m.put("note", f.note());
        }
        m.put("change", change.name());
        m.put("time", Times.format(time));
        return Json.canonical(m);
    }

    // ---------------------------------------------------------------- decode

    /** The record type of a payload (by its schema), or throws IOException if it is not one of ours. */
    public static byte typeOf(JsonNode n) throws IOException {
        String schema = n.path("schema").asText("");
        return switch (schema) {
            case FilingRecord.SCHEMA -> TYPE_FILING;
            case SHRED_SCHEMA -> TYPE_SHRED;
            case AlgorithmFiling.SCHEMA -> TYPE_ALGORITHM;
            default -> throw new IOException("unknown payload schema '" + (schema.length() > 60 ? schema.substring(0, 60) : schema) + "'");
        };
    }

    public static StoredFiling decodeFiling(JsonNode n) throws IOException {
        try {
            JsonNode model = obj(n, "model");
            String filingNumber = optText(model, "filingNumber");
            long filingSeq = model.has("filingSeq") ? integer(model, "filingSeq") : -1;
            JsonNode policy = obj(n, "policy");
            JsonNode ver = obj(n, "verification");
            JsonNode ret = obj(n, "retention");
            String until = text(ret, "until");
            Instant retainUntil = until.equals("never") ? Instant.MAX : Times.parse(until);
            FilingRecord r = new FilingRecord(
                    text(n, "id"),
                    Times.parse(text(n, "time")),
                    text(n, "actor"),
                    strings(n, "jurisdictions"),
                    new ModelRef(text(model, "name"), text(model, "version"), filingNumber),
                    null,
                    null,
                    text(n, "contentSha256"),
                    optText(n, "manifestId"),
                    optText(n, "watermark"),
                    stringMap(obj(n, "aigc")),
                    new PolicyDecision(text(policy, "decision"), strings(policy, "rules")),
                    new VerificationSummary(text(ver, "result"), strings(ver, "codes")),
                    RetentionClass.valueOf(text(ret, "class")),
                    longMap(obj(n, "timings")));
            String sealed = optText(n, "sealed");
            return new StoredFiling(r, optText(n, "promptHash"), retainUntil, filingSeq,
                    sealed == null ? null : Base64.getDecoder().decode(sealed));
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid filing payload: " + e.getMessage(), e);
        }
    }

    public static Personal decodePersonal(byte[] json) throws IOException {
        JsonNode n = Json.parse(json);
        try {
            return new Personal(optText(n, "prompt"), optText(n, "user"), Base64.getDecoder().decode(text(n, "salt")));
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid sealed personal data: " + e.getMessage(), e);
        }
    }

    public static StoredShred decodeShred(JsonNode n) throws IOException {
        try {
            JsonNode t = obj(n, "target");
            return new StoredShred(text(t, "id"), integer(t, "seq"), text(n, "reason"), Times.parse(text(n, "time")),
                    optText(n, "note"));
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid shred payload: " + e.getMessage(), e);
        }
    }

    public static StoredAlgorithm decodeAlgorithm(JsonNode n) throws IOException {
        try {
            String changed = optText(n, "changedOn");
            AlgorithmFiling f = new AlgorithmFiling(text(n, "number"), text(n, "algorithm"), strings(n, "models"),
                    text(n, "provider"), LocalDate.parse(text(n, "filedOn")), changed == null ? null : LocalDate.parse(changed),
                    AlgorithmFiling.Status.valueOf(text(n, "status")), optText(n, "note"));
            return new StoredAlgorithm(f, AlgorithmFilingHistory.Change.valueOf(text(n, "change")), Times.parse(text(n, "time")));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new IOException("invalid algorithm-filing payload: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- strict JSON access

    static JsonNode obj(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException("'" + field + "' must be an object");
        }
        return v;
    }

    public static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return v.asText();
    }

    public static String optText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return v.asText();
    }

    static long integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer");
        }
        return v.asLong();
    }

    public static List<String> strings(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray() || v.size() > 64) {
            throw new IllegalArgumentException("'" + field + "' must be an array of at most 64 strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new IllegalArgumentException("'" + field + "' must contain only strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    public static Map<String, String> stringMap(JsonNode n) {
        if (n.size() > 64) {
            throw new IllegalArgumentException("too many fields");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("'" + e.getKey() + "' must be a string");
            }
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    public static Map<String, Long> longMap(JsonNode n) {
        if (n.size() > 64) {
            throw new IllegalArgumentException("too many fields");
        }
        Map<String, Long> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToLong()) {
                throw new IllegalArgumentException("'" + e.getKey() + "' must be an integer");
            }
            m.put(e.getKey(), e.getValue().asLong());
        }
        return m;
    }
}
