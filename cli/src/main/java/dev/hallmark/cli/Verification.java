package dev.hallmark.cli;

import dev.hallmark.classifier.AiVideoVerifier;
import dev.hallmark.classifier.ClassifierException;
import dev.hallmark.classifier.forensic.ForensicDetector;
import dev.hallmark.classifier.forensic.ForensicResult;
import dev.hallmark.provenance.C2paKeys;
import dev.hallmark.provenance.ProvenanceException;
import dev.hallmark.provenance.TrustAnchors;
import dev.hallmark.registry.FilingRegistry;
import dev.hallmark.registry.RegistryException;
import dev.hallmark.watermark.DetectOptions;
import dev.hallmark.watermark.WatermarkException;
import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkKeyStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Builds the verifier from what this installation knows: trust anchors (ours plus {@code --trust}), our AIGC seal
 * key, our watermark keys (never created by verification), and the local registry when it is free to open.
 */
@Component
public class Verification {
    private final HallmarkHome home;
    private final Output output;

    public Verification(HallmarkHome home, Output output) {
        this.home = home;
        this.output = output;
    }

    /** The verifier and the registry it holds open (close it after use; may be null). */
    public record Opened(AiVideoVerifier verifier, FilingRegistry registry, ForensicDetector forensic)
            implements AutoCloseable {
        @Override
        public void close() {
            if (forensic != null) {
                forensic.close();
            }
            if (registry != null) {
                try {
                    registry.close();
                } catch (RegistryException ignored) {
                    // read-only use: nothing to lose
                }
            }
        }
    }

    /** A verifier linking filings through a registry the caller already holds open. */
    public AiVideoVerifier with(FilingRegistry registry) throws ProvenanceException {
        return builder(List.of()).registry(registry).build();
    }

    private AiVideoVerifier.Builder builder(List<Path> trust) throws ProvenanceException {
        return AiVideoVerifier.builder()
                .trust(TrustAnchors.defaults(home.keys(), trust))
                .sealKeys(sealKeys())
                .watermarkKeys(watermarkKeys(), DetectOptions.defaults());
    }

    public Opened open(List<Path> trust, boolean useRegistry) throws ProvenanceException {
        AiVideoVerifier.Builder b = builder(trust);
        ForensicDetector forensic = null;
        try {
            ForensicDetector detector = ForensicDetector.builtIn();
            forensic = detector;
            b.collector(file -> List.of(detector.evidence(file)));
        } catch (ClassifierException e) {
            // fail closed: the layer reports that it could not run, it never passes
            output.note("note: forensic model unavailable (%s)", e.getMessage());
            String why = e.getMessage();
            b.collector(file -> List.of(ForensicResult.errorEvidence(null, why)));
        }
        FilingRegistry registry = null;
        if (useRegistry && hasRegistry()) {
            try {
                registry = FilingRegistry.open(home.registry(), home.keys());
                b.registry(registry);
            } catch (RegistryException e) {
                output.note("note: registry not consulted (%s)", e.getMessage());
            }
        }
        return new Opened(b.build(), registry, forensic);
    }

    private boolean hasRegistry() {
        try (var s = Files.list(home.registry())) {
            return s.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private List<PublicKey> sealKeys() {
        Path chain = home.keys().resolve(C2paKeys.CHAIN);
        List<PublicKey> out = new ArrayList<>();
        if (Files.isRegularFile(chain)) {
            try (InputStream in = Files.newInputStream(chain)) {
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    out.add(((X509Certificate) c).getPublicKey());
                    break; // the leaf seals
                }
            } catch (IOException | CertificateException e) {
                output.note("note: cannot read %s (%s); AIGC seals are not checked", chain, e.getMessage());
            }
        }
        return out;
    }

    private List<WatermarkKey> watermarkKeys() {
        try {
            return WatermarkKeyStore.open(home.keys()).keys();
        } catch (WatermarkException e) {
            output.note("note: watermark keys unavailable (%s)", e.getMessage());
            return List.of();
        }
    }
}
