package dev.hallmark.provenance;

import java.nio.file.Path;
import java.util.List;

/**
 * Verifies C2PA manifests in MP4/MOV (ISO-BMFF) and JPEG files and returns the evidence.
 *
 * <p>Security: fails closed. A file is {@link C2paState#TRUSTED} only when its signature, certificate profile,
 * trust chain, assertion hashes, ingredient chain and hard binding all check out; anything missing or broken is a
 * failure code. Input is untrusted: parsing is bounded in depth, size and count, and malformed structure is a
 * {@link ProvenanceException}, never a verdict of validity.
 */
public interface ManifestVerifier {
    /**
     * Verifies one file.
     *
     * @throws ProvenanceException when the file cannot be read or its container / manifest structure is malformed
     *     or hostile ({@link ProvenanceException.Reason})
     */
    C2paReport verify(Path file) throws ProvenanceException;

    /**
     * Verifies a fragmented asset delivered as an init segment plus fragment files (DASH / CMAF): the init segment
     * carries the manifest; each fragment's Merkle proof is checked.
     */
    C2paReport verifyFragmented(Path init, List<Path> fragments) throws ProvenanceException;

    /** A verifier trusting {@code anchors} (empty: trust not checked). */
    static ManifestVerifier create(TrustAnchors anchors) {
        return new C2paVerifier(anchors);
    }
}
