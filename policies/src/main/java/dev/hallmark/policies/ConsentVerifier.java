package dev.hallmark.policies;

import java.time.LocalDate;
import java.util.Set;

/**
 * Decides whether a consent record id covers what a prompt needs. {@link #recordOnly()} accepts any well-formed id
 * and leaves it to the filing record (the pipeline stores the id with the decision); {@link ConsentRegistry}
 * checks ids against the operator's registry file.
 */
@FunctionalInterface
public interface ConsentVerifier {
    /** The outcome of a check: valid or not, and why in one line. */
    record Check(boolean valid, String detail) {
    }

    Check check(String consentId, Set<ConsentSubject> needed, LocalDate date);

    /** Accepts every well-formed id; the id is recorded so an auditor can ask for the consent it names. */
    static ConsentVerifier recordOnly() {
        return (id, needed, date) -> ScreeningRequest.isValidConsentId(id)
                ? new Check(true, "consent record '" + id + "' recorded (no registry configured to check it)")
                : new Check(false, "malformed consent id");
    }
}
