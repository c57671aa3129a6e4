package dev.hallmark.policies;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A prompt to screen, with the consent record id the user supplied (if any) and whether the caller knows the
 * request depicts or edits a real person (e.g. the user uploaded a photo of someone).
 */
public record ScreeningRequest(String prompt, Optional<String> consentId, boolean declaresRealPerson) {
    /** Consent record ids: letters, digits and {@code . _ : / -}, at most 128 characters. */
    public static final Pattern CONSENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    public ScreeningRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(consentId, "consentId");
        consentId.ifPresent(id -> {
            if (!CONSENT_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("consent id must be letters, digits and . _ : / - (at most 128)");
            }
        });
    }

    public static ScreeningRequest of(String prompt) {
        return new ScreeningRequest(prompt, Optional.empty(), false);
    }

    public ScreeningRequest withConsent(String consentId) {
        return new ScreeningRequest(prompt, Optional.of(consentId), declaresRealPerson);
    }

    public ScreeningRequest declaringRealPerson() {
        return new ScreeningRequest(prompt, consentId, true);
    }

    public static boolean isValidConsentId(String id) {
        return id != null && CONSENT_ID.matcher(id).matches();
    }
}
