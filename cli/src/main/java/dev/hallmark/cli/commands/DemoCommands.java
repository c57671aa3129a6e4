package dev.hallmark.cli.commands;

import dev.hallmark.classifier.Assessment;
import dev.hallmark.classifier.ClassifierException;
import dev.hallmark.classifier.Evidence;
import dev.hallmark.classifier.report.HtmlReport;
import dev.hallmark.cli.Output;
import dev.hallmark.cli.Pipelines;
import dev.hallmark.cli.Progress;
import dev.hallmark.cli.Verification;
import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.pipeline.CompliancePipeline;
import dev.hallmark.generator.pipeline.GenerateRequest;
import dev.hallmark.generator.pipeline.PipelineResult;
import dev.hallmark.media.MediaException;
import dev.hallmark.provenance.ProvenanceException;
import dev.hallmark.registry.Checkpoint;
import dev.hallmark.registry.Filing;
import dev.hallmark.registry.InclusionProof;
import dev.hallmark.registry.ProofCheck;
import dev.hallmark.registry.ProofVerifier;
import dev.hallmark.registry.RegistryException;
import dev.hallmark.watermark.eval.AttackSuite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/**
 * {@code hallmark demo}: the main job end to end for a newcomer — generate a compliant clip with the embedded
 * default model into {@code ./hallmark-demo/}, verify it as a platform would, show its registry entry and check its
 * inclusion proof, then show the watermark surviving a re-upload that strips every label.
 */
@Component
public class DemoCommands {
    static final String PROMPT = "a red circle bouncing on a navy background";
    private final Output output;
    private final Pipelines pipelines;
    private final Verification verification;

    public DemoCommands(Output output, Pipelines pipelines, Verification verification) {
        this.output = output;
        this.pipelines = pipelines;
        this.verification = verification;
    }

    @Command(name = "demo", group = "Generate",
            description = "Generate a compliant clip with the default model into ./hallmark-demo/, verify it, show its registry entry")
    public void demo(@Option(longName = "dir", description = "output folder (default ./hallmark-demo)") String dir,
            @Option(longName = "model", description = "model (default tiny-t2v)") String model,
            @Option(longName = "prompt", description = "prompt (default: " + PROMPT + ")") String prompt)
            throws GeneratorException, ClassifierException, ProvenanceException, RegistryException, IOException,
            MediaException, GeneralSecurityException {
        Path folder = Path.of(dir == null ? "hallmark-demo" : dir).toAbsolutePath().normalize();
        Files.createDirectories(folder);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        Path clip = folder.resolve("clip-" + stamp + ".mp4");
        String text = prompt == null ? PROMPT : prompt;
        output.line("Hallmark demo");
        output.line("=============");
        output.line("1. Generate \"%s\" with %s -> %s", text, model == null ? GenerateCommands.DEFAULT_MODEL : model,
                folder.relativize(clip));
        output.line("   (screen prompt, reserve filing id, generate, visible label, invisible watermark, H.264,");
        output.line("    AIGC metadata, C2PA signature, self-check, registry filing, atomic release)");
        try (CompliancePipeline p = pipelines.open()) {
            PipelineResult r;
            try (Progress bar = output.progress("   generating", -1)) {
                r = p.generate(new GenerateRequest(text, clip, model == null ? GenerateCommands.DEFAULT_MODEL : model,
                        4, 512, 512, dev.hallmark.media.FrameRate.of(GenerateCommands.DEFAULT_FPS), 0,
                        List.of("cn", "eu", "us-ca"), null, null), bar);
            }
            long total = r.timingsMs().values().stream().mapToLong(Long::longValue).sum();
            output.line("   released %s: %d frames in %.1f s, sha256 %s", clip.getFileName(), r.frames(), total / 1000.0,
                    r.contentSha256().substring(0, 16) + "...");
            output.line("   visible label \"%s\" (%s, %.1f%% of the short side); AIGC label %s", r.label().spec().text(),
                    r.label().spec().position().cliName(), 100 * r.label().geometry().textHeightRatio(),
                    "Label=" + r.aigc().label() + " ProduceID=" + r.aigc().produceId());
            output.line("   C2PA %s; watermark payload %s; filed as %s", r.c2pa().state().label(), r.watermarkPayload(),
                    r.filingId());

            output.line("");
            output.line("2. Verify it as a platform or fact-checker would (hallmark verify %s)", folder.getFileName()
                    .resolve(clip.getFileName()));
            Assessment a = verification.with(p.registry()).verify(clip);
            printAssessment(a);
            Path report = folder.resolve("report-" + stamp + ".html");
            Files.writeString(report, HtmlReport.render(a, clip), StandardCharsets.UTF_8);
            output.line("   HTML report: %s", folder.relativize(report));

            output.line("");
            output.line("3. Its registry entry (hallmark audit show %s)", r.filingId());
            Filing f = p.registry().get(r.filingId()).orElseThrow();
            output.line("   seq %d, filed %s, model %s, jurisdictions %s, retention %s", r.receipt().seq(),
                    f.record().time(), f.record().model().label(), f.record().jurisdictions(), f.record().retention());
            output.line("   policy %s, self-check %s %s", f.record().policy().decision(), f.record().verification().result(),
                    f.record().verification().codes());
            InclusionProof proof = p.registry().prove(r.filingId());
            Checkpoint cp = p.registry().checkpoint();
            ProofCheck check = ProofVerifier.verify(proof, ProofVerifier.key(cp.origin(),
                    Base64.getEncoder().encodeToString(cp.publicKey())));
            output.line("   inclusion proof: leaf %d of %d, %d hashes -> %s against the signed checkpoint (%s)",
                    proof.leafIndex(), proof.treeSize(), proof.inclusionPath().size(),
                    check.valid() ? "VERIFIED" : "FAILED", cp.origin());

            output.line("");
            output.line("4. A platform re-upload strips every label, re-encodes (H.264 CRF 23), crops to 90 %, resizes to 720 "
                    + "lines and re-encodes again (CRF 28): what is left?");
            Path reupload = folder.resolve("reupload-" + stamp + ".mp4");
            AttackSuite.platformReupload().apply(clip, reupload);
            Assessment b = verification.with(p.registry()).verify(reupload);
            printAssessment(b);
        }
        output.line("");
        output.line("Next: hallmark verify FILE --report r.html | hallmark audit search --query circle | "
                + "hallmark audit verify | hallmark help");
    }

    private void printAssessment(Assessment a) {
        output.line("   verdict: %s", a.verdict().name());
        for (Evidence e : a.evidence()) {
            output.line("     %-9s %-7s %s", e.check(), e.outcome(), e.detail());
        }
        a.tampering().forEach(t -> output.line("     finding: %s — %s", t.code(), t.detail()));
        if (a.filing() != null) {
            output.line("     registry: filing %s (%s)", a.filing().get("id"), a.filing().get("model"));
        }
    }
}
