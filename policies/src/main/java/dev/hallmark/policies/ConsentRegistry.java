package dev.hallmark.policies;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hallmark.policies.PolicyException.Reason;
import dev.hallmark.policies.internal.JsonChecks;
import dev.hallmark.policies.internal.StrictJson;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's consent records, one JSON object per line ({@code hallmark.consent-registry} version 1):
 * <pre>
 * {"format":"hallmark.consent-registry","formatVersion":1}
 * {"id":"C-2026-0001","subject":"pseudonym or name","covers":["real-person-likeness","face-voice-editing"],
 *  "grantedOn":"2026-01-02","expiresOn":"2027-01-01","revokedOn":null,"evidence":"contract 2026/17"}
 * </pre>
 * A consent is valid on a date from {@code grantedOn} (inclusive) until {@code expiresOn} or {@code revokedOn}
 * (exclusive), for the subjects it {@code covers}. Bounded: 16 MiB, 100,000 records.
 */
public final class ConsentRegistry implements ConsentVerifier {
    public static final String FORMAT = "hallmark.consent-registry";
    public static final int FORMAT_VERSION = 1;
    public static final long MAX_BYTES = 16L * 1024 * 1024;
    public static final int MAX_RECORDS = 100_000;

    /** One consent record. */
    public record Consent(String id, String subject, Set<ConsentSubject> covers, LocalDate grantedOn,
            Optional<LocalDate> expiresOn, Optional<LocalDate> revokedOn, Optional<String> evidence) {
        public Consent {
            covers = Set.copyOf(covers);
        }
    }

    private final Map<String, Consent> records;
    private final String origin;

    private ConsentRegistry(Map<String, Consent> records, String origin) {
        this.records = Map.copyOf(records);
        this.origin = origin;
    }

    public static ConsentRegistry load(Path file) throws PolicyException {
        byte[] bytes = StrictJson.readBounded(file, MAX_BYTES);
        try {
            return parse(bytes, file.toString());
        } catch (PolicyException e) {
            throw new PolicyException(e.reason(), file, e.problems());
        }
    }

    public static ConsentRegistry parse(byte[] bytes, String input) throws PolicyException {
        String text = StrictJson.utf8(bytes, input);
        String[] lines = text.split("\n", -1);
        List<Problem> problems = new ArrayList<>();
        JsonNode header = StrictJson.parse(lines[0], input + " line 1");
        List<Problem> hp = new ArrayList<>();
        JsonChecks h = JsonChecks.object(header, "line 1", hp);
        if (h != null) {
            String format = h.string("format", true, 64, null, null);
            Integer version = h.integer("formatVersion", true, 0, Integer.MAX_VALUE);
            h.onlyKnown();
            if (format != null && !format.equals(FORMAT)) {
                throw new PolicyException(Reason.UNSUPPORTED_FORMAT, input, "line 1", "format must be '" + FORMAT + "', got '" + format + "'");
            }
            if (version != null && version != FORMAT_VERSION) {
                throw new PolicyException(Reason.UNSUPPORTED_FORMAT, input, "line 1", "formatVersion " + version
                        + " is not supported (this build reads " + FORMAT_VERSION + ")");
            }
        }
        if (!hp.isEmpty()) {
            throw new PolicyException(Reason.INVALID, input, hp);
        }
        Map<String, Consent> records = new LinkedHashMap<>();
        Pattern subjectText = Pattern.compile("[^\\p{Cntrl}]{1,200}");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (records.size() >= MAX_RECORDS) {
                throw new PolicyException(Reason.LIMIT_EXCEEDED, input, "line " + (i + 1), "more than " + MAX_RECORDS + " records");
            }
            String where = "line " + (i + 1);
            JsonNode node;
            try {
                node = StrictJson.parse(line, input);
            } catch (PolicyException e) {
                problems.add(new Problem(where, e.problems().get(0).message()));
                continue;
            }
            int before = problems.size();
            JsonChecks r = JsonChecks.object(node, where, problems);
            if (r == null) {
                continue;
            }
            String id = r.string("id", true, 128, ScreeningRequest.CONSENT_ID, "letters, digits and . _ : / -");
            String subject = r.string("subject", true, 200, subjectText, "a name or pseudonym");
            List<ConsentSubject> covers = r.enums("covers", true, 1, ConsentSubject.values().length,
                    ConsentSubject::fromId, "real-person-likeness, face-voice-editing");
            LocalDate granted = r.date("grantedOn", true);
            LocalDate expires = r.date("expiresOn", false);
            LocalDate revoked = r.date("revokedOn", false);
            String evidence = r.string("evidence", false, 500, null, null);
            r.onlyKnown();
            if (granted != null && expires != null && !expires.isAfter(granted)) {
                problems.add(new Problem(where + "/expiresOn", "must be after grantedOn"));
            }
            if (id != null && records.containsKey(id)) {
                problems.add(new Problem(where + "/id", "duplicate consent id '" + id + "'"));
            }
            if (problems.size() == before) {
                records.put(id, new Consent(id, subject, EnumSet.copyOf(covers), granted, Optional.ofNullable(expires),
                        Optional.ofNullable(revoked), Optional.ofNullable(evidence)));
            }
            if (problems.size() >= 100) {
                break;
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(Reason.INVALID, input, problems);
        }
        return new ConsentRegistry(records, input);
    }

    public Optional<Consent> get(String id) {
        return Optional.ofNullable(records.get(id));
    }

    public int size() {
        return records.size();
    }

    @Override
    public Check check(String consentId, Set<ConsentSubject> needed, LocalDate date) {
        Consent c = records.get(consentId);
        if (c == null) {
            return new Check(false, "consent record '" + consentId + "' is not in " + origin);
        }
        if (date.isBefore(c.grantedOn())) {
            return new Check(false, "consent record '" + consentId + "' is granted from " + c.grantedOn());
        }
        if (c.expiresOn().isPresent() && !date.isBefore(c.expiresOn().get())) {
            return new Check(false, "consent record '" + consentId + "' expired on " + c.expiresOn().get());
        }
        if (c.revokedOn().isPresent() && !date.isBefore(c.revokedOn().get())) {
            return new Check(false, "consent record '" + consentId + "' was revoked on " + c.revokedOn().get());
        }
        Set<ConsentSubject> missing = EnumSet.noneOf(ConsentSubject.class);
        missing.addAll(needed);
        missing.removeAll(c.covers());
        if (!missing.isEmpty()) {
            return new Check(false, "consent record '" + consentId + "' does not cover "
                    + missing.stream().map(ConsentSubject::id).toList());
        }
        return new Check(true, "consent record '" + consentId + "' (" + origin + ") covers "
                + needed.stream().map(ConsentSubject::id).toList() + " on " + date);
    }
}
