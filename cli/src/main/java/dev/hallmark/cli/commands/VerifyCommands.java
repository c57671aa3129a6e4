package dev.hallmark.cli.commands;

import dev.hallmark.classifier.Assessment;
import dev.hallmark.classifier.ClassifierException;
import dev.hallmark.classifier.Evidence;
import dev.hallmark.classifier.Outcome;
import dev.hallmark.classifier.Tampering;
import dev.hallmark.classifier.report.HtmlReport;
import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import dev.hallmark.cli.Output;
import dev.hallmark.cli.Verification;
import dev.hallmark.provenance.ProvenanceException;
import dev.hallmark.provenance.aigc.AigcLabel;
import dev.hallmark.provenance.aigc.AigcMetadata;
import dev.hallmark.provenance.aigc.ProviderCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** {@code hallmark verify}: is this video AI-generated? Evidence from every layer, never a bare yes/no. */
@Component
public class VerifyCommands {
    private final Output output;
    private final Verification verification;

    public VerifyCommands(Output output, Verification verification) {
        this.output = output;
        this.verification = verification;
    }

    @Command(name = "verify", group = "Verify",
            description = "Is this video AI-generated? Verdict with the evidence of every layer (C2PA, AIGC label, watermark, traces)")
    public void verify(@Argument(index = 0, description = "video (or image) file") String file,
            @Option(longName = "json", description = "print one JSON document") boolean json,
            @Option(longName = "report", description = "also write a self-contained HTML report here") String report,
            @Option(longName = "trust", description = "extra C2PA trust anchor PEM file(s), comma separated") String trust,
            @Option(longName = "as-platform", description = "write the platform's propagation fields into a copy (Art. 6)") boolean asPlatform,
            @Option(longName = "propagator-code", description = "the platform's 27-character provider code (with --as-platform)") String propagator,
            @Option(longName = "out", description = "the copy to write (with --as-platform)") String out)
            throws ClassifierException, ProvenanceException, IOException {
        if (file == null || file.isBlank()) {
            throw CliException.usage("give the file to verify: hallmark verify FILE");
        }
        if (asPlatform && (propagator == null || out == null)) {
            throw CliException.usage("--as-platform needs --propagator-code CODE and --out FILE");
        }
        if (!asPlatform && (propagator != null || out != null)) {
            throw CliException.usage("--propagator-code and --out go with --as-platform");
        }
        ProviderCode platform = null;
        if (asPlatform) {
            String problem = ProviderCode.problem(propagator);
            if (problem != null) {
                throw CliException.usage("--propagator-code: " + problem);
            }
            platform = ProviderCode.parse(propagator);
            if (platform.role() != '2') {
                throw CliException.usage("--propagator-code must be a dissemination-platform code (character 23 = 2)");
            }
            if (Files.exists(Path.of(out))) {
                throw CliException.usage(out + " already exists");
            }
        }
        List<Path> anchors = trust == null ? List.of()
                : Arrays.stream(trust.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
        Path video = Path.of(file);
        Assessment a;
        try (Verification.Opened v = verification.open(anchors, true)) {
            a = v.verifier().verify(video);
        }
        Map<String, Object> platformResult = null;
        if (asPlatform) {
            platformResult = propagate(video, Path.of(out), a, platform);
        }
        if (report != null) {
            Files.writeString(Path.of(report), HtmlReport.render(a, video), StandardCharsets.UTF_8);
        }
        if (json) {
            Map<String, Object> doc = document(a);
            if (platformResult != null) {
                doc.put("platform", platformResult);
            }
            if (report != null) {
                doc.put("report", report);
            }
            output.json(doc);
            return;
        }
        output.line("%s: %s", video, a.verdict().name());
        output.line("  relied on:");
        for (Evidence e : a.verdict().reliedOn()) {
            output.line("    - [%s] %s", e.check(), e.detail());
        }
        if (!a.tampering().isEmpty()) {
            output.line("  tampering:");
            for (Tampering t : a.tampering()) {
                output.line("    ! %s: %s", t.code(), t.detail());
            }
        }
        output.line("  evidence:");
        for (Evidence e : a.evidence()) {
            output.line("    %-9s %-7s %-30s %s", e.check(), e.outcome(), e.code(), e.detail());
        }
        if (a.filing() != null) {
            output.line("  registry filing: %s", a.filing());
        }
        if (platformResult != null) {
            output.line("  platform copy: %s", platformResult);
        }
        if (report != null) {
            output.line("  report: %s", report);
        }
    }

    /** The {@code hallmark.verdict/1} document. */
    public static Map<String, Object> document(Assessment a) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", "hallmark.verdict/1");
        doc.put("file", a.file());
        doc.put("verdict", a.verdict().name());
        doc.put("reliedOn", a.verdict().reliedOn().stream().map(e -> e.check() + ":" + e.code()).toList());
        List<Map<String, Object>> tampering = new ArrayList<>();
        for (Tampering t : a.tampering()) {
            tampering.add(Map.of("code", t.code(), "detail", t.detail()));
        }
        doc.put("tampering", tampering);
        List<Map<String, Object>> evidence = new ArrayList<>();
        for (Evidence e : a.evidence()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", e.check());
            m.put("outcome", e.outcome().name());
            m.put("code", e.code());
            m.put("detail", e.detail());
            m.put("data", e.data());
            evidence.add(m);
        }
        doc.put("evidence", evidence);
        doc.put("filing", a.filing());
        return doc;
    }

    /** China Labeling Measures Art. 6: the platform records its propagation fields (and Label 2/3) in a copy. */
    private Map<String, Object> propagate(Path in, Path out, Assessment a, ProviderCode platform)
            throws ProvenanceException {
        String label = switch (a.verdict().name()) {
            case "AI_GENERATED" -> "1";
            case "POSSIBLY_AI" -> "2";
            case "SUSPECTED_AI" -> "3";
            default -> null;
        };
        if (label == null) {
            throw new CliException(ExitCode.CHECK_FAILED, "no evidence of AI generation: there is no AI label to "
                    + "propagate, and Hallmark does not invent one; nothing written");
        }
        AigcMetadata.Reading existing = AigcMetadata.read(in);
        AigcLabel base = existing.single();
        String propagateId = "pf-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        AigcLabel result;
        if (base != null) {
            // the producer's label is kept; only the propagation fields are added (Label stays as declared)
            result = base.propagated(base.label(), platform.value(), propagateId, "");
        } else {
            result = new AigcLabel(label, "", "", "", platform.value(), propagateId, "");
        }
        try {
            AigcMetadata.write(in, out, result);
        } catch (ProvenanceException e) {
            if (e.reason() == ProvenanceException.Reason.MALFORMED) {
                throw CliException.badInput(in + ": only MP4/MOV files can carry the AIGC metadata label ("
                        + e.getMessage() + ")");
            }
            throw e;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("output", out.toString());
        m.put("aigc", result.asMap());
        return m;
    }
}
