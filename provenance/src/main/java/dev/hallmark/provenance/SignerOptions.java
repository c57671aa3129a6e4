package dev.hallmark.provenance;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to sign.
 *
 * @param claimGenerator the product named in {@code claim_generator_info}
 * @param tsaUrl RFC 3161 time-stamp authority to countersign with ({@code sigTst2}), or null for none
 * @param tsaTimeout connect + read timeout for the TSA
 */
public record SignerOptions(SoftwareAgent claimGenerator, URI tsaUrl, Duration tsaTimeout) {
    public SignerOptions {
        Objects.requireNonNull(claimGenerator, "claimGenerator");
        tsaTimeout = tsaTimeout == null ? Duration.ofSeconds(20) : tsaTimeout;
        if (tsaUrl != null && !("http".equals(tsaUrl.getScheme()) || "https".equals(tsaUrl.getScheme()))) {
            throw new IllegalArgumentException("TSA URL must be http or https: " + tsaUrl);
        }
    }

    /** No time-stamp. */
    public static SignerOptions of(SoftwareAgent claimGenerator) {
        return new SignerOptions(claimGenerator, null, null);
    }

    public SignerOptions withTsa(URI url) {
        return new SignerOptions(claimGenerator, url, tsaTimeout);
    }
}
