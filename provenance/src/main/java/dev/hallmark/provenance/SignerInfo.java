package dev.hallmark.provenance;

import java.time.Instant;
import java.util.List;

/**
 * Who signed a manifest, read from its certificate chain (public data only).
 *
 * @param algorithm COSE algorithm ({@code Es256}, {@code Ps256}, ...), or null if unsupported
 * @param commonName subject CN of the signing certificate
 * @param organization subject O of the signing certificate (what c2pa-rs reports as "issuer")
 * @param issuer the signing certificate's issuer DN
 * @param serialNumber decimal serial number
 * @param notBefore validity start
 * @param notAfter validity end
 * @param chain subject DNs of the x5chain, leaf first
 * @param chainLocation {@code protected} or {@code unprotected} header
 * @param timestamp time from a valid RFC 3161 time-stamp, or null
 * @param timestampAuthority CN of the time-stamp signer, or null
 * @param trustAnchor subject of the trust anchor the chain reached, or null when untrusted / not checked
 */
public record SignerInfo(String algorithm, String commonName, String organization, String issuer,
        String serialNumber, Instant notBefore, Instant notAfter, List<String> chain, String chainLocation,
        Instant timestamp, String timestampAuthority, String trustAnchor) {
    public SignerInfo {
        chain = List.copyOf(chain);
    }
}
