package dev.hallmark.provenance;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchSignTest {
    @Test
    void sign() throws Exception {
        Path out = Path.of("/tmp/c2p/out");
        Path keys = out.resolve("keys");
        if (!C2paKeys.exists(keys)) {
            C2paKeys.init(keys, Passphrase.none(), "Hallmark Scratch", false);
        }
        C2paSigner s = C2paSigner.fromKeys(keys, Passphrase.none(), SignerOptions.of(new SoftwareAgent("Hallmark", "0.1.0")));
        for (String n : List.of("faststart.mp4", "moov_end.mp4", "fragmented.mp4")) {
            var spec = ManifestSpec.builder().title(n).softwareAgent(new SoftwareAgent("M", "1"))
                .softBinding(new SoftBinding("dev.hallmark.watermark.v1", List.of(new SoftBinding.Block(0, 2000, new byte[] {1,2,3})), "wm"))
                .action(ActionSpec.watermarked(null, "invisible watermark"))
                .build();
            s.sign(Fixtures.c2pa("signed-by-c2pa-rs/" + n), out.resolve("h-" + n), spec);
        }
    }
}
