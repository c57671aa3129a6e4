package dev.hallmark.generator.pipeline;

import dev.hallmark.generator.GenerationRequest;
import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.GeneratorException.Reason;
import dev.hallmark.generator.Generators;
import dev.hallmark.generator.ModelInfo;
import dev.hallmark.generator.TextToVideoModel;
import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.PipelinedVideoWriter;
import dev.hallmark.media.ReadOptions;
import dev.hallmark.media.VideoInfo;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.policies.Decision;
import dev.hallmark.policies.Jurisdiction;
import dev.hallmark.policies.LabelRequirements;
import dev.hallmark.policies.Policies;
import dev.hallmark.policies.PolicyException;
import dev.hallmark.policies.RecordClass;
import dev.hallmark.policies.Retention;
import dev.hallmark.policies.ScreeningRequest;
import dev.hallmark.provenance.ActionSpec;
import dev.hallmark.provenance.AiDisclosure;
import dev.hallmark.provenance.C2paKeys;
import dev.hallmark.provenance.C2paReport;
import dev.hallmark.provenance.C2paSigner;
import dev.hallmark.provenance.C2paState;
import dev.hallmark.provenance.C2paVerifier;
import dev.hallmark.provenance.ManifestSpec;
import dev.hallmark.provenance.ProvenanceException;
import dev.hallmark.provenance.SignResult;
import dev.hallmark.provenance.SignerOptions;
import dev.hallmark.provenance.SoftwareAgent;
import dev.hallmark.provenance.TrustAnchors;
import dev.hallmark.provenance.aigc.AigcLabel;
import dev.hallmark.provenance.aigc.AigcMetadata;
import dev.hallmark.provenance.aigc.AigcSeal;
import dev.hallmark.registry.FilingIds;
import dev.hallmark.registry.FilingRecord;
import dev.hallmark.registry.FilingRegistry;
import dev.hallmark.registry.ModelRef;
import dev.hallmark.registry.PolicyDecision;
import dev.hallmark.registry.Receipt;
import dev.hallmark.registry.RegistryException;
import dev.hallmark.registry.RetentionClass;
import dev.hallmark.registry.VerificationSummary;
import dev.hallmark.watermark.EmbedOptions;
import dev.hallmark.watermark.WatermarkDetector;
import dev.hallmark.watermark.WatermarkEmbedder;
import dev.hallmark.watermark.WatermarkException;
import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkKeyStore;
import dev.hallmark.watermark.WatermarkPayload;
import dev.hallmark.watermark.WatermarkResult;
import dev.hallmark.watermark.label.LabelPosition;
import dev.hallmark.watermark.label.LabelSpec;
import dev.hallmark.watermark.label.VisibleLabel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compliant pipeline: a clip comes out already labelled, watermarked, signed, self-verified and filed — or it
 * does not come out at all.
 *
 * <pre>
 * screen prompt (policy packs) -> reserve filing id -> generate (or decode) frames -> visible label -> invisible
 * watermark (payload = the filing id's 64-bit form) -> H.264 encode with the AIGC label -> C2PA sign (actions,
 * latent disclosure, soft binding) -> self-check (decode the written file: C2PA Trusted, AIGC label sealed and
 * unchanged, watermark payload = id) -> file in the registry (SHA-256 of the exact released bytes, every step's
 * result and timing; fsync'd) -> atomic release (rename).
 * </pre>
 *
 * Any failure leaves no output file, and the refusal or failure is filed when the registry is reachable.
 *
 * <p>Security: keys stay inside their stores (the C2PA key signs; the watermark key marks); nothing here writes a
 * file without the labels the jurisdictions require, and there is no switch to skip the self-check.
 */
public final class CompliancePipeline implements AutoCloseable {
    private static final String VERSION = "0.1.0";
    private static final SoftwareAgent AGENT = new SoftwareAgent("Hallmark", VERSION);

    private final PipelineSettings settings;
    private final Policies policies;
    private final FilingRegistry registry;
    private final C2paKeys.Loaded keys;
    private final WatermarkKeyStore watermarkKeys;
    private final List<String> notes = new ArrayList<>();
    private final Clock clock;

    private CompliancePipeline(PipelineSettings settings, Policies policies, FilingRegistry registry,
            C2paKeys.Loaded keys, WatermarkKeyStore watermarkKeys, Clock clock) {
        this.settings = settings;
        this.policies = policies;
        this.registry = registry;
        this.keys = keys;
        this.watermarkKeys = watermarkKeys;
        this.clock = clock;
    }

    /** Opens keys (creating them on first use), the registry and the policy packs. */
    public static CompliancePipeline open(PipelineSettings s) throws GeneratorException {
        return open(s, Clock.systemUTC());
    }

    public static CompliancePipeline open(PipelineSettings s, Clock clock) throws GeneratorException {
        List<String> notes = new ArrayList<>();
        Policies policies;
        try {
            Policies.Builder b = Policies.builder();
            Path overrides = s.configDir().resolve("policies");
            if (Files.isDirectory(overrides)) {
                try (var files = Files.list(overrides)) {
                    b.overrides(files.filter(p -> p.toString().endsWith(".json")).sorted().toList());
                }
            }
            Path library = s.configDir().resolve("screening-library.tsv");
            if (Files.isRegularFile(library)) {
                b.library(library);
            }
            Path consents = s.configDir().resolve("consents.jsonl");
            if (Files.isRegularFile(consents)) {
                b.consentRegistry(consents);
            }
            policies = b.build();
        } catch (PolicyException e) {
            throw new GeneratorException(Reason.BAD_INPUT, null, e.getMessage(), e);
        } catch (IOException e) {
            throw new GeneratorException(Reason.BAD_INPUT, s.configDir(), e.getMessage(), e);
        }
        C2paKeys.Loaded keys;
        WatermarkKeyStore wks;
        try {
            keys = C2paKeys.loadOrCreate(s.keysDir(), s.passphrase(), "Hallmark");
            if (keys.info().created()) {
                notes.add("created C2PA signing keys in " + s.keysDir() + " (first use)");
            }
            wks = WatermarkKeyStore.open(s.keysDir());
            if (wks.activeOrCreate().created()) {
                notes.add("created a watermark key in " + s.keysDir() + " (first use)");
            }
        } catch (ProvenanceException e) {
            throw new GeneratorException(Reason.STEP_FAILED, s.keysDir(), "signing keys: " + e.getMessage(), e);
        } catch (WatermarkException e) {
            throw new GeneratorException(Reason.STEP_FAILED, s.keysDir(), "watermark key: " + e.getMessage(), e);
        }
        FilingRegistry registry;
        try {
            registry = FilingRegistry.open(s.registryDir(), s.keysDir());
        } catch (RegistryException e) {
            throw new GeneratorException(Reason.STEP_FAILED, s.registryDir(), "registry: " + e.getMessage(), e);
        }
        CompliancePipeline p = new CompliancePipeline(s, policies, registry, keys, wks, clock);
        p.notes.addAll(notes);
        return p;
    }

    /** One-line remarks for the user (keys created on first use ...). */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    public FilingRegistry registry() {
        return registry;
    }

    /** Generates, labels, watermarks, signs, self-checks, files and releases one clip. */
    public PipelineResult generate(GenerateRequest req, ProgressSink progress) throws GeneratorException {
        TextToVideoModel model = Generators.load(req.model());
        try (model) {
            return generate(req, model, progress);
        }
    }

    /** {@link #generate(GenerateRequest, ProgressSink)} with a model the caller loaded (and closes). */
    public PipelineResult generate(GenerateRequest req, TextToVideoModel model, ProgressSink progress)
            throws GeneratorException {
        Steps steps = new Steps();
        List<Jurisdiction> js = jurisdictions(req.jurisdictions());
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Decision decision = screen(req.prompt(), req.consentId(), js, today, steps);
        LabelRequirements requirements = steps.run("requirements", () -> requirements(js, today));
        String id = registry.reserveId();
        ModelInfo mi = model.info();
        ModelSource info = new ModelSource(modelRef(mi.name(), mi.version(), mi.filingNumber()));
        if (!decision.allowed()) {
            refuse(id, req.prompt(), req.userIdentity(), js, info, decision, steps);
        }
        try (AtomicOutput release = new AtomicOutput(req.out())) {
            FrameRate fps = req.fps() != null ? req.fps() : mi.nativeFps();
            GenerationRequest gr;
            try {
                gr = new GenerationRequest(req.prompt(), req.seconds(), req.width(), req.height(), fps, req.seed(),
                        0, Double.NaN);
            } catch (IllegalArgumentException e) {
                throw new GeneratorException(Reason.BAD_REQUEST, null, e.getMessage(), e);
            }
            // our generators draw smooth synthetic pictures: coarser cells that a re-encode keeps
            Frames frames = steps.run("prepare", () -> new Frames(id, requirements, req.width(), req.height(), fps,
                    EmbedOptions.synthetic(), QUICK_CHECK_SECONDS));
            Path encoded = release.temp("encoded");
            long units = model.workUnits(gr);
            try {
                steps.run("generate-encode", () -> {
                    try (VideoWriter w = frames.writer(encoded, frames.encoder(settings))) {
                        model.generate(gr, f -> frames.process(f, w), done -> progress.update(done, units));
                    }
                    return null;
                });
            } catch (GeneratorException e) {
                throw fail(id, req.prompt(), req.userIdentity(), js, info, decision, steps, "generate", e);
            }
            return finish(id, req.prompt(), req.userIdentity(), js, info.ref(),
                    provenanceType(mi.digitalSourceType()), decision, requirements, frames, encoded, release, steps);
        }
    }

    /** The same pipeline for a clip made elsewhere, from decode onwards. */
    public PipelineResult comply(ComplyRequest req, ProgressSink progress) throws GeneratorException {
        Steps steps = new Steps();
        List<Jurisdiction> js = jurisdictions(req.jurisdictions());
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Decision decision = req.prompt() == null ? null : screen(req.prompt(), null, js, today, steps);
        LabelRequirements requirements = requirements(js, today);
        String id = registry.reserveId();
        ModelRef modelRef = modelRef(req.modelName(), req.modelVersion(), req.filingNumber());
        ModelSource info = new ModelSource(modelRef);
        if (decision != null && !decision.allowed()) {
            refuse(id, req.prompt(), req.userIdentity(), js, info, decision, steps);
        }
        try (AtomicOutput release = new AtomicOutput(req.out())) {
            VideoInfo in;
            try (VideoReader probe = VideoReader.open(req.in())) {
                in = probe.info();
            } catch (MediaException e) {
                throw new GeneratorException(Reason.BAD_INPUT, null, e.getMessage(), e);
            }
            int w = Transcode.even(in.width());
            int h = Transcode.even(in.height());
            Frames frames = new Frames(id, requirements, w, h, in.frameRate(), EmbedOptions.defaults(),
                    QUICK_CHECK_SECONDS_COMPLY);
            Path encoded = release.temp("encoded");
            try {
                steps.run("decode-encode", () -> {
                    EncoderSettings es = frames.encoder(settings);
                    if (in.hasAudio()) {
                        es = es.withAudioFrom(req.in());
                    }
                    ReadOptions ro = (w != in.width() || h != in.height()) ? ReadOptions.defaults().scaledTo(w, h)
                            : ReadOptions.defaults();
                    try (VideoReader r = VideoReader.open(req.in(), ro); VideoWriter out = frames.writer(encoded, es)) {
                        long n = 0;
                        for (I420Frame f; (f = r.next()) != null; ) {
                            frames.process(f, out);
                            progress.update(++n, in.frameCount());
                        }
                    }
                    return null;
                });
            } catch (GeneratorException e) {
                throw fail(id, req.prompt(), req.userIdentity(), js, info, decision, steps, "decode-encode", e);
            }
            return finish(id, req.prompt(), req.userIdentity(), js, modelRef, provenanceType(req.sourceType()),
                    decision, requirements, frames, encoded, release, steps);
        }
    }

    // ------------------------------------------------------------------------------------------ steps

    private PipelineResult finish(String id, String prompt, String user, List<Jurisdiction> js, ModelRef model,
            dev.hallmark.provenance.DigitalSourceType sourceType, Decision decision, LabelRequirements req,
            Frames frames, Path encoded, AtomicOutput release, Steps steps) throws GeneratorException {
        ModelSource info = new ModelSource(model);
        Path signed = release.temp("signed");
        SignResult signedResult;
        try {
            signedResult = steps.run("c2pa-sign", () -> {
                ManifestSpec spec = ManifestSpec.builder()
                        .title(release.target().getFileName().toString())
                        .sourceType(sourceType)
                        .softwareAgent(new SoftwareAgent(model.name(), model.version()))
                        .disclosure(new AiDisclosure(settings.providerName(), model.name(), model.version(),
                                clock.instant(), id))
                        .softBinding(frames.softBinding())
                        .action(ActionSpec.watermarked(AGENT, "invisible watermark carrying the filing id"))
                        .build();
                return C2paSigner.create(keys.credentials(), new SignerOptions(AGENT, settings.tsaUrl(), null))
                        .sign(encoded, signed, spec);
            });
        } catch (GeneratorException e) {
            throw fail(id, prompt, user, js, info, decision, steps, "c2pa-sign", e);
        }
        SelfCheck check = steps.run("self-check", () -> selfCheck(signed, id, frames));
        if (!check.passed()) {
            GeneratorException e = new GeneratorException(Reason.SELF_CHECK_FAILED, null,
                    "the finished clip did not verify (" + String.join(", ", check.problems()) + "); nothing released");
            throw fail(id, prompt, user, js, info, decision, steps, "self-check", e);
        }
        String sha = steps.run("sha256", () -> sha256(signed));
        Receipt receipt;
        try {
            FilingRecord record = new FilingRecord(id, clock.instant(), settings.actor(), codes(js), model,
                    decision == null ? null : decision.redactedPrompt(), user, sha, signedResult.manifestLabel(),
                    frames.payloadHex(), frames.aigc().asMap(), policyDecision(decision),
                    new VerificationSummary("PASS", check.codes()), retention(req), steps.micros());
            receipt = steps.run("file", () -> registry.file(record));
        } catch (IllegalArgumentException e) {
            throw new GeneratorException(Reason.STEP_FAILED, null, "filing record rejected: " + e.getMessage(), e);
        }
        steps.run("release", () -> {
            release.release(signed);
            return null;
        });
        return new PipelineResult(id, release.target(), sha, frames.payloadHex(), check.c2pa(), frames.aigc(),
                frames.label, decision, req, receipt, model.label(),
                frames.count, steps.millis());
    }

    /**
     * The watermark self-check first folds every other frame of the first {@value #QUICK_CHECK_SECONDS} s of a
     * generated clip ({@value #QUICK_CHECK_SECONDS_COMPLY} s of a clip made elsewhere, whose camera-like texture hides
     * more of the mark): a fresh mark scores far above the payload threshold on those (generated 720p: 17.7 on 0.5 s,
     * 17.7 on 2 s), searching only the tile scale it was marked at (the file is checked at its own size). Only if
     * that does not give the filing id does it read every frame of the first {@value #SELF_CHECK_SECONDS} s with the
     * full search before failing.
     */
    static final double QUICK_CHECK_SECONDS = 0.5;
    static final double QUICK_CHECK_SECONDS_COMPLY = 1;
    static final double SELF_CHECK_SECONDS = 4;

    /** What the self-check found. */
    private record SelfCheck(boolean passed, List<String> codes, List<String> problems, C2paReport c2pa) {
    }

    /** Decodes the written file (the one place that re-reads our own output) and checks every layer. */
    private SelfCheck selfCheck(Path file, String id, Frames frames) throws GeneratorException {
        List<String> codes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        C2paReport report;
        try {
            report = new C2paVerifier(TrustAnchors.defaults(settings.keysDir(), List.of())).verify(file);
            codes.add("c2pa." + report.state().label().toLowerCase(java.util.Locale.ROOT));
            if (report.state() != C2paState.TRUSTED) {
                problems.add("C2PA state " + report.state().label() + " " + report.failureCodes());
            }
        } catch (ProvenanceException e) {
            throw new GeneratorException(Reason.SELF_CHECK_FAILED, file, "C2PA self-check: " + e.getMessage(), e);
        }
        try {
            AigcMetadata.Reading r = AigcMetadata.read(file);
            AigcLabel found = r.single();
            if (found == null || !found.equals(frames.aigc())) {
                problems.add("AIGC label missing or changed");
            } else if (AigcSeal.check(found, List.of(keys.credentials().chain().get(0).getPublicKey()))
                    != AigcSeal.Check.VALID && !found.reservedCode1().isEmpty()) {
                problems.add("AIGC seal does not verify");
            } else {
                codes.add("aigc.label.valid");
            }
        } catch (ProvenanceException e) {
            problems.add("AIGC: " + e.getMessage());
        }
        try {
            WatermarkResult wr = WatermarkDetector.readBack(file, watermarkKeys.keys(), frames.marking, frames.payload,
                    frames.quickCheckSeconds, 2, SELF_CHECK_SECONDS);
            if (carries(wr, frames)) {
                codes.add("watermark.payload.match");
            } else {
                problems.add("watermark " + (wr.detected() ? "payload did not decode to the filing id" : "not detected")
                        + String.format(java.util.Locale.ROOT, " (score %.1f)", wr.stats().score()));
            }
        } catch (WatermarkException e) {
            problems.add("watermark: " + e.getMessage());
        }
        return new SelfCheck(problems.isEmpty(), codes, problems, report);
    }

    private static boolean carries(WatermarkResult wr, Frames frames) {
        return wr instanceof WatermarkResult.Found f && f.payload().hex().equalsIgnoreCase(frames.payloadHex());
    }

    private Decision screen(String prompt, String consentId, List<Jurisdiction> js, LocalDate date, Steps steps)
            throws GeneratorException {
        try {
            ScreeningRequest sr = ScreeningRequest.of(prompt);
            if (consentId != null) {
                sr = sr.withConsent(consentId);
            }
            ScreeningRequest request = sr;
            return steps.run("screen", () -> policies.screener(js, date).screen(request));
        } catch (IllegalArgumentException e) {
            throw new GeneratorException(Reason.BAD_INPUT, null, e.getMessage(), e);
        }
    }

    private LabelRequirements requirements(List<Jurisdiction> js, LocalDate date) throws GeneratorException {
        try {
            return policies.requirements(js, date);
        } catch (PolicyException e) {
            throw new GeneratorException(Reason.BAD_INPUT, null, e.getMessage(), e);
        }
    }

    /** Files the refusal and throws: no frames are generated for a refused prompt. */
    private void refuse(String id, String prompt, String user, List<Jurisdiction> js, ModelSource info,
            Decision d, Steps steps) throws GeneratorException {
        String rules = String.join(", ", d.ruleIds());
        try {
            registry.file(new FilingRecord(id, clock.instant(), settings.actor(), codes(js), info.ref(),
                    d.redactedPrompt(), user, null, null, null, Map.of(), policyDecision(d),
                    new VerificationSummary("REFUSED", List.of("policy." + d.outcome().id())), RetentionClass.STANDARD,
                    steps.micros()));
        } catch (RegistryException | IllegalArgumentException e) {
            throw new GeneratorException(Reason.STEP_FAILED, null, "prompt refused (" + rules
                    + ") and the refusal could not be filed: " + e.getMessage(), e);
        }
        throw new GeneratorException(Reason.POLICY_REFUSED, null, "prompt refused by policy: " + d.outcome().id()
                + " (" + rules + "); filed as " + id);
    }

    /** Files a failed generation (no content released) and returns the exception to throw. */
    private GeneratorException fail(String id, String prompt, String user, List<Jurisdiction> js,
            ModelSource info, Decision d, Steps steps, String step, GeneratorException cause) {
        try {
            registry.file(new FilingRecord(id, clock.instant(), settings.actor(), codes(js), info.ref(),
                    d == null ? null : d.redactedPrompt(), user, null, null, null, Map.of(), policyDecision(d),
                    new VerificationSummary("FAILED", List.of("step." + step)), RetentionClass.STANDARD,
                    steps.micros()));
        } catch (RegistryException | IllegalArgumentException e) {
            cause.addSuppressed(e);
        }
        return cause;
    }

    // ------------------------------------------------------------------------------------------ frames

    /** Frames that may wait for the encoder while the next one is labelled and watermarked. */
    static final int ENCODE_QUEUE = 3;

    /** Per-frame work shared by generate and comply: visible label, watermark, and what they declare. */
    private final class Frames {
        private final String id;
        private final WatermarkPayload payload;
        private final VisibleLabel label;
        private final WatermarkEmbedder embedder;
        private final AigcLabel aigc;
        private final int width;
        private final int height;
        private final FrameRate fps;
        private final double quickCheckSeconds;
        /** The marking embedded: the quick self-check runs only its search, at its tile scale. */
        private final EmbedOptions marking;
        private long count;

        Frames(String id, LabelRequirements req, int width, int height, FrameRate fps, EmbedOptions marking,
                double quickCheckSeconds) throws GeneratorException {
            this.id = id;
            this.quickCheckSeconds = quickCheckSeconds;
            this.marking = marking;
            this.width = width;
            this.height = height;
            this.fps = fps;
            this.payload = WatermarkPayload.parse(FilingIds.watermarkPayload(id));
            // Hallmark always burns in the visible label, whether or not the selected jurisdictions require it
            this.label = VisibleLabel.prepare(labelSpec(req), width, height, fps);
            try {
                WatermarkKey key = watermarkKeys.activeOrCreate().key();
                this.embedder = WatermarkEmbedder.create(key, payload, marking, fps);
            } catch (WatermarkException e) {
                throw new GeneratorException(Reason.STEP_FAILED, null, "watermark key: " + e.getMessage(), e);
            }
            this.aigc = sealed(AigcLabel.generated(settings.producer().value(), id, ""));
        }

        String payloadHex() {
            return payload.hex();
        }

        AigcLabel aigc() {
            return aigc;
        }

        EncoderSettings encoder(PipelineSettings s) {
            Map<String, String> tags = new LinkedHashMap<>(AigcMetadata.encoderTags(aigc));
            tags.put(LabelJob.VISIBLE_LABEL_KEY, "{\"text\":\"" + label.spec().text() + "\",\"position\":\""
                    + label.spec().position().cliName() + "\"}");
            return EncoderSettings.h264(width, height, fps).withCrf(s.crf()).withPreset(s.preset()).withMetadata(tags);
        }

        /**
         * The encoder on a thread of its own, so the label and the watermark of frame k + 1 run while x264 takes
         * frame k.
         */
        VideoWriter writer(Path out, EncoderSettings es) throws MediaException {
            return PipelinedVideoWriter.wrap(VideoWriter.create(out, es), width, height, ENCODE_QUEUE);
        }

        void process(I420Frame f, VideoWriter w) throws MediaException {
            f.setPosition(count, fps.timestampMicros(count));
            label.apply(f);
            embedder.embed(f);
            w.write(f);
            count++;
        }

        dev.hallmark.provenance.SoftBinding softBinding() {
            dev.hallmark.watermark.SoftBinding b = embedder.softBinding();
            embedder.close();
            return new dev.hallmark.provenance.SoftBinding(b.alg(), List.of(new dev.hallmark.provenance.SoftBinding.Block(
                    b.startMicros() / 1000, b.endMicros() / 1000, b.value())), "Hallmark invisible watermark (key "
                    + b.keyId() + ")");
        }
    }

    private AigcLabel sealed(AigcLabel l) throws GeneratorException {
        try {
            return l.withReservedCode1(AigcSeal.seal(l, keys.credentials()));
        } catch (ProvenanceException e) {
            throw new GeneratorException(Reason.STEP_FAILED, null, "cannot seal the AIGC label: " + e.getMessage(), e);
        }
    }

    static LabelSpec labelSpec(LabelRequirements req) {
        var v = req.visibleLabel();
        double ratio = Math.max(LabelSpec.MIN_HEIGHT_RATIO, v.minHeightRatio().value()) * 1.1;
        double seconds = switch (v.defaultTiming()) {
            case WHOLE -> 0;
            default -> Math.max(LabelSpec.MIN_SECONDS, v.minSeconds().value());
        };
        LabelPosition pos = switch (v.defaultPosition()) {
            case TOP_RIGHT -> LabelPosition.TOP_RIGHT;
            case BOTTOM_LEFT -> LabelPosition.BOTTOM_LEFT;
            case BOTTOM_RIGHT, BOTTOM -> LabelPosition.BOTTOM_RIGHT;
            default -> LabelPosition.TOP_LEFT;
        };
        return new LabelSpec(v.text().value(), Math.min(0.5, ratio), seconds, pos, 0.55);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The model a filing names (built-in, bundle, or another generator for comply). */
    private record ModelSource(ModelRef ref) {
    }

    private static List<Jurisdiction> jurisdictions(List<String> codes) throws GeneratorException {
        try {
            return Jurisdiction.parseList(String.join(",", codes));
        } catch (PolicyException e) {
            throw new GeneratorException(Reason.BAD_INPUT, null, e.getMessage(), e);
        }
    }

    private static List<String> codes(List<Jurisdiction> js) {
        List<String> out = new ArrayList<>();
        for (Jurisdiction j : js) {
            String c = j.code().toUpperCase(java.util.Locale.ROOT);
            out.add(c.equals("NONE") ? "ZZ" : c);
        }
        return out;
    }

    private static PolicyDecision policyDecision(Decision d) {
        if (d == null) {
            return new PolicyDecision("ALLOW", List.of());
        }
        return new PolicyDecision(d.outcome().name(), d.ruleIds());
    }

    static RetentionClass retention(LabelRequirements req) {
        Retention r = req.retentionOf(RecordClass.GENERATION_LOG);
        Period min = r.minimum();
        long days = min.toTotalMonths() * 31 + min.getDays();
        if (days <= 30) {
            return RetentionClass.SHORT;
        }
        if (days <= 183) {
            return RetentionClass.STANDARD;
        }
        if (days <= 1096) {
            return RetentionClass.EXTENDED;
        }
        return RetentionClass.LEGAL_HOLD;
    }

    private static dev.hallmark.provenance.DigitalSourceType provenanceType(dev.hallmark.generator.DigitalSourceType t) {
        return switch (t) {
            case TRAINED_ALGORITHMIC_MEDIA -> dev.hallmark.provenance.DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA;
            case ALGORITHMIC_MEDIA -> dev.hallmark.provenance.DigitalSourceType.ALGORITHMIC_MEDIA;
            case COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA ->
                    dev.hallmark.provenance.DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA;
        };
    }

    private static ModelRef modelRef(String name, String version, String filing) throws GeneratorException {
        try {
            return filing == null ? new ModelRef(name, version) : new ModelRef(name, version, filing);
        } catch (IllegalArgumentException e) {
            throw new GeneratorException(Reason.BAD_INPUT, null, e.getMessage(), e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws GeneratorException {
        try {
            registry.close();
        } catch (RegistryException e) {
            throw new GeneratorException(Reason.STEP_FAILED, settings.registryDir(), e.getMessage(), e);
        }
    }
}
