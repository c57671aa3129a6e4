package dev.hallmark.provenance;

import java.nio.file.Path;
import java.util.List;

/**
 * What a keys folder holds (public facts only: no private material, no passphrase).
 *
 * @param dir the keys folder
 * @param origin {@code generated} (our root CA + leaf) or {@code imported} (a CA-issued chain)
 * @param passphraseSource where the passphrase protecting the private keys comes from
 * @param passphraseFile the 0600 file holding a generated passphrase, or null
 * @param chain the signing chain, leaf first (what goes into x5chain)
 * @param root the root CA certificate when known, or null
 * @param trustAnchor {@code trust-anchor.pem} when present, or null
 * @param created true when this call created the keys
 */
public record KeyInfo(Path dir, String origin, PassphraseSource passphraseSource, Path passphraseFile,
        List<CertificateSummary> chain, CertificateSummary root, Path trustAnchor, boolean created) {
    public KeyInfo {
        chain = List.copyOf(chain);
    }

    /** Where the key-encryption passphrase lives. */
    public enum PassphraseSource {
        /** The {@value Passphrase#ENV} environment variable (not stored). */
        ENVIRONMENT,
        /** A generated passphrase in a 0600 file beside the keys. */
        GENERATED_FILE
    }

    public KeyInfo withCreated(boolean c) {
        return new KeyInfo(dir, origin, passphraseSource, passphraseFile, chain, root, trustAnchor, c);
    }
}
