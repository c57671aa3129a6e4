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
import java.util.function.Consumer;
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

    private ForensicDetector shared;

    /** A verifier linking filings through a registry the caller already holds open. */
    public synchronized AiVideoVerifier with(FilingRegistry registry) throws ProvenanceException {
        AiVideoVerifier.Builder b = builder(home.keys(), List.of(), this::note).registry(registry);
        if (shared == null) {
            shared = forensic(b, this::note);
        } else {
            ForensicDetector d = shared;
            b.collector(file -> List.of(d.evidence(file)));
        }
        return b.build();
    }

    /** Closes the forensic model kept for {@link #with}. */
    @jakarta.annotation.PreDestroy
    public synchronized void close() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    public Opened open(List<Path> trust, boolean useRegistry) throws ProvenanceException {
        return open(home.keys(), home.registry(), trust, useRegistry, this::note);
    }

    private void note(String message) {
        output.note("%s", message);
    }

    /**
     * Every layer over the keys in {@code keysDir}: trust anchors (ours plus {@code trust}), our AIGC seal key, our
     * watermark keys (never created here), the built-in forensic model, and the registry in {@code registryDir}
     * when asked for and free to open. What cannot be used is said through {@code notes} and fails closed.
     */
    public static Opened open(Path keysDir, Path registryDir, List<Path> trust, boolean useRegistry,
            Consumer<String> notes) throws ProvenanceException {
        AiVideoVerifier.Builder b = builder(keysDir, trust, notes);
        ForensicDetector forensic = forensic(b, notes);
        FilingRegistry registry = null;
        if (useRegistry && hasFiles(registryDir)) {
            try {
                registry = FilingRegistry.open(registryDir, keysDir);
                b.registry(registry);
            } catch (RegistryException e) {
                notes.accept("note: registry not consulted (" + e.getMessage() + ")");
            }
        }
        return new Opened(b.build(), registry, forensic);
    }

    /**
     * Adds the built-in forensic model to {@code b} and returns it (the caller closes it), or, when it cannot load,
     * a collector that reports that as ERROR evidence (fail closed: never a pass) and null.
     */
    private static ForensicDetector forensic(AiVideoVerifier.Builder b, Consumer<String> notes) {
        try {
            ForensicDetector detector = ForensicDetector.builtIn();
            b.collector(file -> List.of(detector.evidence(file)));
            return detector;
        } catch (ClassifierException e) {
            notes.accept("note: forensic model unavailable (" + e.getMessage() + ")");
            String why = e.getMessage();
            b.collector(file -> List.of(ForensicResult.errorEvidence(null, why)));
            return null;
        }
    }

    private static AiVideoVerifier.Builder builder(Path keysDir, List<Path> trust, Consumer<String> notes)
            throws ProvenanceException {
        return AiVideoVerifier.builder()
                .trust(TrustAnchors.defaults(keysDir, trust))
                .sealKeys(sealKeys(keysDir, notes))
                .watermarkKeys(watermarkKeys(keysDir, notes), DetectOptions.defaults());
    }

    private static boolean hasFiles(Path dir) {
        try (var s = Files.list(dir)) {
            return s.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private static List<PublicKey> sealKeys(Path keysDir, Consumer<String> notes) {
        Path chain = keysDir.resolve(C2paKeys.CHAIN);
        List<PublicKey> out = new ArrayList<>();
        if (Files.isRegularFile(chain)) {
            try (InputStream in = Files.newInputStream(chain)) {
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    out.add(((X509Certificate) c).getPublicKey());
                    break; // the leaf seals
                }
            } catch (IOException | CertificateException e) {
                notes.accept("note: cannot read " + chain + " (" + e.getMessage() + "); AIGC seals are not checked");
            }
        }
        return out;
    }

    private static List<WatermarkKey> watermarkKeys(Path keysDir, Consumer<String> notes) {
        try {
            return WatermarkKeyStore.open(keysDir).keys();
        } catch (WatermarkException e) {
            notes.accept("note: watermark keys unavailable (" + e.getMessage() + ")");
            return List.of();
        }
    }
}
