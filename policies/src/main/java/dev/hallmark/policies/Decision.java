package dev.hallmark.policies;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hallmark.policies.PolicyException.Reason;
import dev.hallmark.policies.internal.JsonChecks;
import dev.hallmark.policies.internal.StrictJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of screening one prompt — data, recorded with the filing. Its JSON form
 * ({@link #toJson()}, schema {@value #SCHEMA}) has exactly these members, in this order:
 * <pre>
 * {"schema":"hallmark.policy-decision/1","decision":"allow|block|needs-consent",
 *  "rules":[{"id":...,"source":...}...],"redactions":[{"kind":...,"start":...,"end":...}...],"redactedPrompt":...}
 * </pre>
 * {@code rules} are the library entries and pack rules that decided the outcome (for an allowed prompt: the rules
 * that required redaction or were satisfied by consent). {@code redactions} index the original prompt in UTF-16 code
 * units; {@code redactedPrompt} is the prompt with each span replaced by {@code [REDACTED:kind]} — the only form
 * that may be stored. {@link #consentId()} (Java only) is the consent record that allowed the prompt, if any.
 */
public record Decision(Outcome outcome, List<FiredRule> rules, List<Redaction> redactions, String redactedPrompt,
        Optional<String> consentId) {
    public static final String SCHEMA = "hallmark.policy-decision/1";

    /** What happens to the prompt. */
    public enum Outcome {
        /** Generation may proceed (with the redacted prompt stored). */
        ALLOW,
        /** Refused: a blocked category matched, or the prompt is too long. */
        BLOCK,
        /** Refused until a valid consent record for the real person concerned is supplied. */
        NEEDS_CONSENT;

        /** {@code allow}, {@code block}, {@code needs-consent}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Outcome fromId(String id) {
            for (Outcome o : values()) {
                if (o.id().equals(id)) {
                    return o;
                }
            }
            return null;
        }
    }

    /** A rule that fired: its id and a one-line citation of its source. */
    public record FiredRule(String id, String source) {
        public FiredRule {
            Objects.requireNonNull(id);
            Objects.requireNonNull(source);
        }
    }

    public Decision {
        Objects.requireNonNull(outcome);
        rules = List.copyOf(rules);
        redactions = List.copyOf(redactions);
        Objects.requireNonNull(redactedPrompt);
        Objects.requireNonNull(consentId);
        if (outcome != Outcome.ALLOW && rules.isEmpty()) {
            throw new IllegalArgumentException("a refusal must name the rules behind it");
        }
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }

    /** Ids of {@link #rules()}. */
    public List<String> ruleIds() {
        return rules.stream().map(FiredRule::id).toList();
    }

    /** The JSON document as an ordered map (for renderers that pretty-print). */
    public Map<String, Object> toDocument() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("decision", outcome.id());
        List<Map<String, Object>> rs = new ArrayList<>();
        for (FiredRule r : rules) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("source", r.source());
            rs.add(m);
        }
        doc.put("rules", rs);
        List<Map<String, Object>> red = new ArrayList<>();
        for (Redaction r : redactions) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", r.kind().id());
            m.put("start", r.start());
            m.put("end", r.end());
            red.add(m);
        }
        doc.put("redactions", red);
        doc.put("redactedPrompt", redactedPrompt);
        return doc;
    }

    /** Compact canonical JSON (members in schema order, no whitespace). */
    public String toJson() {
        try {
            return StrictJson.mapper().writeValueAsString(toDocument());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a decision", e);
        }
    }

    /** Reads a decision document back (e.g. from a filing record); strict: unknown members are refused. */
    public static Decision fromJson(String json) throws PolicyException {
        String input = "policy decision";
        if (json.length() > 4 * 1024 * 1024) {
            throw new PolicyException(Reason.LIMIT_EXCEEDED, input, "", "document larger than 4 MiB");
        }
        JsonNode root = StrictJson.parse(json, input);
        List<Problem> problems = new ArrayList<>();
        JsonChecks o = JsonChecks.object(root, "", problems);
        if (o == null) {
            throw new PolicyException(Reason.INVALID, input, problems);
        }
        String schema = o.string("schema", true, 64, null, null);
        if (schema != null && !schema.equals(SCHEMA)) {
            throw new PolicyException(Reason.UNSUPPORTED_FORMAT, input, "/schema", "expected '" + SCHEMA + "', got '" + schema + "'");
        }
        Outcome outcome = o.enumValue("decision", true, Outcome::fromId, "allow, block, needs-consent");
        List<FiredRule> rules = new ArrayList<>();
        List<JsonNode> rs = o.array("rules", true, 0, 10_000);
        if (rs != null) {
            for (int i = 0; i < rs.size(); i++) {
                JsonChecks r = JsonChecks.object(rs.get(i), "/rules/" + i, problems);
                if (r == null) {
                    continue;
                }
                String id = r.string("id", true, 200, null, null);
                String source = r.string("source", true, 4000, null, null);
                r.onlyKnown();
                if (id != null && source != null) {
                    rules.add(new FiredRule(id, source));
                }
            }
        }
        List<Redaction> redactions = new ArrayList<>();
        List<JsonNode> rd = o.array("redactions", true, 0, 100_000);
        if (rd != null) {
            for (int i = 0; i < rd.size(); i++) {
                JsonChecks r = JsonChecks.object(rd.get(i), "/redactions/" + i, problems);
                if (r == null) {
                    continue;
                }
                Redaction.Kind kind = r.enumValue("kind", true, Redaction.Kind::fromId, "resident-id, phone, email, bank-card");
                Integer start = r.integer("start", true, 0, Integer.MAX_VALUE - 1);
                Integer end = r.integer("end", true, 1, Integer.MAX_VALUE);
                r.onlyKnown();
                if (kind != null && start != null && end != null) {
                    if (end <= start) {
                        problems.add(new Problem("/redactions/" + i, "end must be after start"));
                    } else {
                        redactions.add(new Redaction(kind, start, end));
                    }
                }
            }
        }
        String redacted = null;
        JsonNode rp = root.get("redactedPrompt");
        if (rp == null || !rp.isTextual()) {
            problems.add(new Problem("/redactedPrompt", "required string is missing"));
        } else {
            redacted = rp.textValue();
        }
        o.onlyKnown(java.util.Set.of("redactedPrompt"));
        if (outcome != null && outcome != Outcome.ALLOW && rules.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem("/rules", "a refusal must name at least one rule"));
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(Reason.INVALID, input, problems);
        }
        return new Decision(outcome, rules, redactions, redacted, Optional.empty());
    }
}
