package dev.hallmark.provenance;

import org.junit.jupiter.api.Test;

class FixtureDumpTest {
    @Test
    void dump() throws Exception {
        ManifestVerifier v = ManifestVerifier.create(Fixtures.anchors());
        String[] files = {"c2pa-rs/C.jpg", "c2pa-rs/c.mov", "c2pa-rs/dashinit.mp4", "c2pa-rs/legacy.mp4",
                "c2pa-rs/nested_moov_1000.mp4", "c2pa-rs/video1.mp4", "c2pa-rs/video1_no_manifest.mp4",
                "c2pa-rs/dash1.m4s",
                "public-testfiles/adobe-20220124-CA.jpg", "public-testfiles/adobe-20220124-E-dat-CA.jpg",
                "public-testfiles/adobe-20220124-E-sig-CA.jpg", "public-testfiles/adobe-20220124-E-uri-CA.jpg",
                "signed-by-c2pa-rs/faststart.mp4", "signed-by-c2pa-rs/faststart_signed.mp4",
                "signed-by-c2pa-rs/fragmented.mp4", "signed-by-c2pa-rs/moov_end_signed.mp4",
                "signed-by-c2pa-rs/tampered_mdat.mp4", "signed-by-c2pa-rs/testca_leaf_valid.mp4"};
        for (String f : files) {
            try {
                C2paReport r = v.verify(Fixtures.c2pa(f));
                System.out.println("== " + f + " " + r.state() + " fail=" + r.failureCodes() + " info="
                        + r.informational().stream().map(ValidationStatus::code).toList() + " succ=" + r.successCodes());
                for (IngredientInfo i : r.ingredients()) {
                    System.out.println("   ingredient " + i.title() + " " + i.manifestLabel() + " fail="
                            + i.failures().stream().map(s -> s.code() + " " + s.explanation()).toList());
                }
                for (ValidationStatus s : r.failures()) {
                    System.out.println("   F " + s.code() + " " + s.url() + " " + s.explanation());
                }
            } catch (ProvenanceException e) {
                System.out.println("== " + f + " EXC " + e.reason() + " " + e.getMessage());
            }
        }
        var r = v.verifyFragmented(Fixtures.c2pa("c2pa-rs/dashinit.mp4"), java.util.List.of(Fixtures.c2pa("c2pa-rs/dash1.m4s")));
        System.out.println("== dash init+frag " + r.state() + " fail=" + r.failureCodes() + " succ=" + r.successCodes());
    }
}
