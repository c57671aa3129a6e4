package dev.hallmark.provenance;

import java.nio.file.Path;

/**
 * Adds a signed C2PA manifest to an MP4 / MOV file (moov-first, moov-last, 64-bit offsets, single-file fragmented).
 *
 * <p>Security: signs only with credentials that passed the C2PA certificate profile; the private key never leaves
 * {@link SigningCredentials}. The output is written next to the target and moved into place only when complete.
 */
public interface ManifestSigner {
    /**
     * Writes {@code in} plus a manifest described by {@code spec} to {@code out} ({@code out} must differ from
     * {@code in}); an existing C2PA manifest in {@code in} is replaced.
     */
    SignResult sign(Path in, Path out, ManifestSpec spec) throws ProvenanceException;
}
