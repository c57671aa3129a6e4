package dev.hallmark.registry;

import java.time.Instant;

/**
 * Filters for {@link FilingRegistry#search}: all given filters must match. {@code text} searches prompt text with
 * both the SmartChinese (words) and the standard (Latin words, CJK characters) analyzers; crypto-shredded prompts are
 * not searchable. {@code model} matches a model name or {@code name@version}. Results are newest first.
 */
public record SearchQuery(
        String text,
        Instant from,
        Instant to,
        String model,
        String actor,
        String jurisdiction,
        String contentSha256,
        String watermark,
        String manifestId,
        int limit) {

    /** Largest page. */
    public static final int MAX_LIMIT = 10_000;

    public SearchQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        if (text != null && text.length() > 1000) {
            throw new IllegalArgumentException("query text longer than 1000 characters");
        }
        text = blankToNull(text);
        model = blankToNull(model);
        actor = blankToNull(actor);
        jurisdiction = blankToNull(jurisdiction);
        contentSha256 = blankToNull(contentSha256) == null ? null : contentSha256.strip().toLowerCase(java.util.Locale.ROOT);
        watermark = blankToNull(watermark) == null ? null : watermark.strip().toLowerCase(java.util.Locale.ROOT);
        manifestId = blankToNull(manifestId);
    }

    /**
     * Parses a time bound typed by a user: an ISO-8601 instant or offset time ({@code 2026-11-05T08:30:00Z}) or a date
     * ({@code 2026-11-05}: the start of that day UTC, or its last millisecond when {@code endOfDay}).
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    public static Instant parseTime(String text, boolean endOfDay) {
        return dev.hallmark.registry.internal.Times.parseBound(text, endOfDay);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; default limit 50. */
    public static final class Builder {
        private String text;
        private Instant from;
        private Instant to;
        private String model;
        private String actor;
        private String jurisdiction;
        private String contentSha256;
        private String watermark;
        private String manifestId;
        private int limit = 50;

        public Builder text(String v) { text = v; return this; }
        public Builder from(Instant v) { from = v; return this; }
        public Builder to(Instant v) { to = v; return this; }
        public Builder model(String v) { model = v; return this; }
        public Builder actor(String v) { actor = v; return this; }
        public Builder jurisdiction(String v) { jurisdiction = v; return this; }
        public Builder contentSha256(String v) { contentSha256 = v; return this; }
        public Builder watermark(String v) { watermark = v; return this; }
        public Builder manifestId(String v) { manifestId = v; return this; }
        public Builder limit(int v) { limit = v; return this; }

        public SearchQuery build() {
            return new SearchQuery(text, from, to, model, actor, jurisdiction, contentSha256, watermark, manifestId, limit);
        }
    }
}
