package dev.hallmark.classifier;

import dev.hallmark.classifier.collect.AigcCollector;
import dev.hallmark.classifier.collect.C2paCollector;
import dev.hallmark.classifier.collect.EvidenceCollector;
import dev.hallmark.classifier.collect.MetadataTraceCollector;
import dev.hallmark.classifier.collect.WatermarkCollector;
import dev.hallmark.classifier.fusion.VerdictFusion;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.VideoReader;
import dev.hallmark.provenance.TrustAnchors;
import dev.hallmark.registry.FilingRegistry;
import dev.hallmark.registry.FilingSummary;
import dev.hallmark.registry.RegistryException;
import dev.hallmark.watermark.DetectOptions;
import dev.hallmark.watermark.WatermarkKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * "Is this video AI-generated?" — runs every evidence collector (C2PA, AIGC label, watermark, XMP and container
 * traces, the forensic model when configured), fuses the evidence into a {@link Verdict} with tampering findings,
 * and links the registry filing when the watermark names one the local registry knows.
 *
 * <p>Security: fails closed — a check that cannot run is ERROR evidence and never counts for a verdict; nothing
 * here says a video is real.
 */
public final class AiVideoVerifier {
    private final List<EvidenceCollector> collectors;
    private final FilingRegistry registry;

    private AiVideoVerifier(List<EvidenceCollector> collectors, FilingRegistry registry) {
        this.collectors = List.copyOf(collectors);
        this.registry = registry;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures the layers. */
    public static final class Builder {
        private TrustAnchors anchors = TrustAnchors.none();
        private List<PublicKey> sealKeys = List.of();
        private List<WatermarkKey> watermarkKeys = List.of();
        private DetectOptions detectOptions = DetectOptions.defaults();
        private final List<EvidenceCollector> extra = new ArrayList<>();
        private FilingRegistry registry;

        public Builder trust(TrustAnchors a) {
            this.anchors = Objects.requireNonNull(a);
            return this;
        }

        public Builder sealKeys(List<PublicKey> keys) {
            this.sealKeys = List.copyOf(keys);
            return this;
        }

        public Builder watermarkKeys(List<WatermarkKey> keys, DetectOptions options) {
            this.watermarkKeys = List.copyOf(keys);
            this.detectOptions = Objects.requireNonNull(options);
            return this;
        }

        /** An extra collector, e.g. the forensic model or a user's own ONNX detector. */
        public Builder collector(EvidenceCollector c) {
            extra.add(Objects.requireNonNull(c));
            return this;
        }

        /** The local registry, to link a watermark payload to its filing. */
        public Builder registry(FilingRegistry r) {
            this.registry = r;
            return this;
        }

        public AiVideoVerifier build() {
            List<EvidenceCollector> cs = new ArrayList<>();
            cs.add(new C2paCollector(anchors));
            cs.add(new AigcCollector(sealKeys));
            cs.add(new WatermarkCollector(watermarkKeys, detectOptions));
            cs.add(new MetadataTraceCollector());
            cs.addAll(extra);
            return new AiVideoVerifier(cs, registry);
        }
    }

    /**
     * Examines {@code file}. Throws only when the file cannot be read at all; every finding is evidence.
     */
    public Assessment verify(Path file) throws ClassifierException {
        if (!Files.isRegularFile(file)) {
            throw new ClassifierException(ClassifierException.Reason.UNREADABLE, file, "no such file");
        }
        try (VideoReader r = VideoReader.open(file)) {
            r.info();
        } catch (MediaException e) {
            throw ClassifierException.of(e);
        }
        // the layers are independent: run them side by side (the watermark decode dominates)
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(collectors.size(), 4), r -> {
            Thread t = new Thread(r, "verify");
            t.setDaemon(true);
            return t;
        });
        List<Evidence> evidence = new ArrayList<>();
        try {
            List<CompletableFuture<List<Evidence>>> futures = new ArrayList<>();
            for (EvidenceCollector c : collectors) {
                futures.add(CompletableFuture.supplyAsync(() -> safely(c, file), pool));
            }
            for (CompletableFuture<List<Evidence>> f : futures) {
                evidence.addAll(f.join());
            }
        } finally {
            pool.shutdownNow();
        }
        VerdictFusion.Result fused = VerdictFusion.fuse(evidence);
        return new Assessment(file.toString(), fused.verdict(), fused.tampering(), evidence, filing(evidence));
    }

    private static List<Evidence> safely(EvidenceCollector c, Path file) {
        try {
            return c.collect(file);
        } catch (RuntimeException e) {
            return List.of(new Evidence(c.getClass().getSimpleName(), Outcome.ERROR, "check.error",
                    "check failed: " + e, Map.of()));
        }
    }

    private Map<String, Object> filing(List<Evidence> evidence) {
        if (registry == null) {
            return null;
        }
        for (Evidence e : evidence) {
            if (e.check().equals("watermark") && e.outcome() == Outcome.PASS && e.data().get("payload") != null) {
                try {
                    List<FilingSummary> hits = registry.findByWatermark(e.data().get("payload").toString());
                    if (!hits.isEmpty()) {
                        FilingSummary s = hits.get(0);
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("id", s.id());
                        m.put("seq", s.seq());
                        m.put("time", s.time().toString());
                        m.put("model", s.model() + " " + s.modelVersion());
                        m.put("jurisdictions", s.jurisdictions());
                        m.put("contentSha256", s.contentSha256());
                        m.put("manifestId", s.manifestId());
                        m.put("decision", s.decision());
                        m.put("matches", hits.size());
                        return m;
                    }
                } catch (RegistryException ex) {
                    return Map.of("error", ex.getMessage());
                }
            }
        }
        return null;
    }
}
