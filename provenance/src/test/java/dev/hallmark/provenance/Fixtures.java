package dev.hallmark.provenance;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** Paths of the C2PA fixtures copied into test resources (see src/test/resources/c2pa/README.md). */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path c2pa(String relative) {
        try {
            return Path.of(Fixtures.class.getResource("/c2pa/" + relative).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource c2pa/" + relative, e);
        }
    }

    /** The anchors the expected verdicts were taken with. */
    public static TrustAnchors anchors() throws ProvenanceException {
        return TrustAnchors.load(List.of(c2pa("trust/c2pa-rs_test_cert_root_bundle.pem"),
                c2pa("trust/generated_test_root_ca.pem")));
    }
}
