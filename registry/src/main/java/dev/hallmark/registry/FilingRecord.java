package dev.hallmark.registry;

import dev.hallmark.registry.internal.Bytes;
import dev.hallmark.registry.internal.Ulid;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One generation to file (schema {@code hallmark.filing/1}). Everything here is committed in the Merkle leaf except
 * {@link #prompt()} and {@link #userIdentity()}: those are personal data, sealed with a per-record key (AES-256-GCM)
 * before they reach the journal, and deleted by crypto-shredding when retention ends or on an erasure request.
 *
 * <p>Fields: {@code id} (a ULID from {@link FilingRegistry#reserveId()}, or null to have one assigned),
 * {@code time} (of the generation, stored to the millisecond), {@code actor} (pseudonymous user id, searchable),
 * {@code jurisdictions} (ISO 3166 codes such as {@code CN}, {@code EU}, {@code US-CA}), {@code model},
 * {@code prompt} (clear text, sealed), {@code userIdentity} (clear text, sealed), {@code contentSha256} (SHA-256 of
 * the released file, lower-case hex), {@code manifestId} (C2PA manifest id), {@code watermark} (the 64-bit watermark
 * payload as 16 hex digits), {@code aigc} (GB 45438 implicit-label fields), {@code policy}, {@code verification},
 * {@code retention}, {@code timingsMicros} (pipeline step durations in microseconds).
 */
public record FilingRecord(
        String id,
        Instant time,
        String actor,
        List<String> jurisdictions,
        ModelRef model,
        String prompt,
        String userIdentity,
        String contentSha256,
        String manifestId,
        String watermark,
        Map<String, String> aigc,
        PolicyDecision policy,
        VerificationSummary verification,
        RetentionClass retention,
        Map<String, Long> timingsMicros) {

    /** Schema name of a filing in the journal. */
    public static final String SCHEMA = "hallmark.filing/1";
    /** Longest prompt accepted, in characters. */
    public static final int MAX_PROMPT_CHARS = 32 * 1024;

    private static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final Pattern JURISDICTION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,8})?");
    private static final Pattern AIGC_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern STEP = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final Pattern MANIFEST = Pattern.compile("[\\x21-\\x7e]{1,256}");

    public FilingRecord {
        if (id != null) {
            if (!Ulid.isValid(id)) {
                throw new IllegalArgumentException("id must be a 26-character ULID from reserveId() (got " + ModelRef.quote(id) + ")");
            }
            id = Ulid.canonical(id);
        }
        if (time == null) {
            throw new IllegalArgumentException("time is required");
        }
        time = time.truncatedTo(ChronoUnit.MILLIS);
        if (time.getEpochSecond() < 0 || time.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
            throw new IllegalArgumentException("time out of range: " + time);
        }
        if (actor == null || !ACTOR.matcher(actor).matches()) {
            throw new IllegalArgumentException("actor must be a pseudonymous id of 1-128 A-Z a-z 0-9 . _ : @ - (got " + ModelRef.quote(actor) + ")");
        }
        if (jurisdictions == null || jurisdictions.isEmpty() || jurisdictions.size() > 16) {
            throw new IllegalArgumentException("1 to 16 jurisdictions are required (e.g. CN)");
        }
        LinkedHashSet<String> js = new LinkedHashSet<>();
        for (String j : jurisdictions) {
            if (j == null || !JURISDICTION.matcher(j).matches()) {
                throw new IllegalArgumentException("jurisdiction " + ModelRef.quote(j) + " must be an ISO 3166 code like CN or US-CA");
            }
            if (!js.add(j)) {
                throw new IllegalArgumentException("jurisdiction " + j + " listed twice");
            }
        }
        jurisdictions = List.copyOf(js);
        if (model == null) {
            throw new IllegalArgumentException("model is required");
        }
        if (prompt != null && (prompt.length() > MAX_PROMPT_CHARS || !validText(prompt))) {
            throw new IllegalArgumentException("prompt must be at most " + MAX_PROMPT_CHARS + " characters of valid text");
        }
        if (userIdentity != null && (userIdentity.isEmpty() || userIdentity.length() > 1024 || !validText(userIdentity))) {
            throw new IllegalArgumentException("userIdentity must be 1-1024 characters of valid text");
        }
        if (contentSha256 == null) {
            throw new IllegalArgumentException("contentSha256 is required");
        }
        contentSha256 = contentSha256.toLowerCase(Locale.ROOT);
        if (!Bytes.isLowerHex(contentSha256, 64)) {
            throw new IllegalArgumentException("contentSha256 must be 64 hex digits");
        }
        if (manifestId != null && !MANIFEST.matcher(manifestId).matches()) {
            throw new IllegalArgumentException("manifestId must be 1-256 printable ASCII characters without spaces");
        }
        if (watermark != null) {
            watermark = watermark.toLowerCase(Locale.ROOT);
            if (!Bytes.isLowerHex(watermark, 16)) {
                throw new IllegalArgumentException("watermark must be the 64-bit payload as 16 hex digits (got " + ModelRef.quote(watermark) + ")");
            }
        }
        aigc = sortedCopy(aigc == null ? Map.of() : aigc);
        if (aigc.size() > 32) {
            throw new IllegalArgumentException("at most 32 AIGC fields");
        }
        for (Map.Entry<String, String> e : aigc.entrySet()) {
            if (!AIGC_KEY.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("AIGC field name " + ModelRef.quote(e.getKey()) + " must be 1-64 of A-Z a-z 0-9 _");
            }
            if (e.getValue() == null || e.getValue().length() > 1024 || !validText(e.getValue())) {
                throw new IllegalArgumentException("AIGC field " + e.getKey() + " must be at most 1024 characters of valid text");
            }
        }
        if (policy == null) {
            throw new IllegalArgumentException("policy decision is required");
        }
        if (verification == null) {
            throw new IllegalArgumentException("verification result is required");
        }
        if (retention == null) {
            throw new IllegalArgumentException("retention class is required");
        }
        timingsMicros = sortedCopy(timingsMicros == null ? Map.of() : timingsMicros);
        if (timingsMicros.size() > 32) {
            throw new IllegalArgumentException("at most 32 step timings");
        }
        for (Map.Entry<String, Long> e : timingsMicros.entrySet()) {
            if (!STEP.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("step name " + ModelRef.quote(e.getKey()) + " must be 1-64 of A-Z a-z 0-9 _ . -");
            }
            if (e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException("step timing " + e.getKey() + " must be a non-negative number of microseconds");
            }
        }
    }

    private static <V> Map<String, V> sortedCopy(Map<String, V> m) {
        return Collections.unmodifiableMap(new TreeMap<>(new LinkedHashMap<>(m)));
    }

    /** No unpaired surrogates and no control characters other than tab and newlines. */
    static boolean validText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** This record with {@code id} set. */
    public FilingRecord withId(String newId) {
        return new FilingRecord(newId, time, actor, jurisdictions, model, prompt, userIdentity, contentSha256, manifestId,
                watermark, aigc, policy, verification, retention, timingsMicros);
    }

    /** This record with {@code model} replaced (used to fill the algorithm-filing number). */
    public FilingRecord withModel(ModelRef newModel) {
        return new FilingRecord(id, time, actor, jurisdictions, newModel, prompt, userIdentity, contentSha256, manifestId,
                watermark, aigc, policy, verification, retention, timingsMicros);
    }

    /** This record without its personal data (as seen after crypto-shredding). */
    public FilingRecord withoutPersonalData() {
        return new FilingRecord(id, time, actor, jurisdictions, model, null, null, contentSha256, manifestId,
                watermark, aigc, policy, verification, retention, timingsMicros);
    }

    @Override
    public String toString() {
        // personal data never printed
        return "FilingRecord[id=" + id + ", time=" + time + ", actor=" + actor + ", model=" + model.label()
                + ", contentSha256=" + contentSha256 + ", watermark=" + watermark + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; {@link #build()} validates. Defaults: time now, retention STANDARD, verification SKIPPED, policy ALLOW. */
    public static final class Builder {
        private String id;
        private Instant time = Instant.now();
        private String actor;
        private List<String> jurisdictions = List.of();
        private ModelRef model;
        private String prompt;
        private String userIdentity;
        private String contentSha256;
        private String manifestId;
        private String watermark;
        private Map<String, String> aigc = Map.of();
        private PolicyDecision policy = new PolicyDecision("ALLOW", List.of());
        private VerificationSummary verification = new VerificationSummary("SKIPPED", List.of());
        private RetentionClass retention = RetentionClass.STANDARD;
        private Map<String, Long> timingsMicros = Map.of();

        public Builder id(String v) { this.id = v; return this; }
        public Builder time(Instant v) { this.time = v; return this; }
        public Builder actor(String v) { this.actor = v; return this; }
        public Builder jurisdictions(List<String> v) { this.jurisdictions = v; return this; }
        public Builder jurisdictions(String... v) { this.jurisdictions = List.of(v); return this; }
        public Builder model(ModelRef v) { this.model = v; return this; }
        public Builder model(String name, String version) { this.model = new ModelRef(name, version); return this; }
        public Builder prompt(String v) { this.prompt = v; return this; }
        public Builder userIdentity(String v) { this.userIdentity = v; return this; }
        public Builder contentSha256(String v) { this.contentSha256 = v; return this; }
        public Builder manifestId(String v) { this.manifestId = v; return this; }
        public Builder watermark(String v) { this.watermark = v; return this; }
        public Builder aigc(Map<String, String> v) { this.aigc = v; return this; }
        public Builder policy(PolicyDecision v) { this.policy = v; return this; }
        public Builder verification(VerificationSummary v) { this.verification = v; return this; }
        public Builder retention(RetentionClass v) { this.retention = v; return this; }
        public Builder timingsMicros(Map<String, Long> v) { this.timingsMicros = v; return this; }

        public FilingRecord build() {
            return new FilingRecord(id, time, actor, jurisdictions, model, prompt, userIdentity, contentSha256,
                    manifestId, watermark, aigc, policy, verification, retention, timingsMicros);
        }
    }
}
