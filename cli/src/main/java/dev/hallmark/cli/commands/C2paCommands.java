package dev.hallmark.cli.commands;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import dev.hallmark.cli.HallmarkHome;
import dev.hallmark.cli.Output;
import dev.hallmark.provenance.AiDisclosure;
import dev.hallmark.provenance.C2paKeys;
import dev.hallmark.provenance.C2paReport;
import dev.hallmark.provenance.C2paSigner;
import dev.hallmark.provenance.C2paState;
import dev.hallmark.provenance.DigitalSourceType;
import dev.hallmark.provenance.IngredientInfo;
import dev.hallmark.provenance.ManifestSpec;
import dev.hallmark.provenance.ManifestVerifier;
import dev.hallmark.provenance.Passphrase;
import dev.hallmark.provenance.ProvenanceException;
import dev.hallmark.provenance.SignResult;
import dev.hallmark.provenance.SignerOptions;
import dev.hallmark.provenance.SoftwareAgent;
import dev.hallmark.provenance.TrustAnchors;
import dev.hallmark.provenance.ValidationStatus;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/**
 * {@code hallmark c2pa verify} and {@code hallmark sign}: C2PA manifests on MP4 (and JPEG for verification).
 * Exit codes: 0 Trusted / Valid / no manifest, 1 Invalid, 3 unreadable or hostile input.
 */
@Component
public class C2paCommands {
    /** Environment variable naming a default RFC 3161 time-stamp authority for {@code sign}. */
    public static final String TSA_ENV = "HALLMARK_TSA_URL";
    static final String VERSION = version();

    private final Output output;
    private final HallmarkHome home;
    private final dev.hallmark.cli.SigningKeys signingKeys;

    public C2paCommands(Output output, HallmarkHome home, dev.hallmark.cli.SigningKeys signingKeys) {
        this.signingKeys = signingKeys;
        this.output = output;
        this.home = home;
    }

    private static String version() {
        String v = C2paSigner.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    @Command(name = "c2pa verify", group = "Provenance",
            description = "Verify the C2PA manifest of an MP4/MOV/JPEG (with fragment files for DASH init segments)")
    public void verify(CommandContext context,
            @Argument(index = 0, description = "file to verify (an init segment: list its fragments after it)") String file,
            @Option(longName = "trust", description = "extra trust anchor PEM (repeat or comma-separate; <keys>/trust-anchor.pem is always used when present)") String trust,
            @Option(longName = "json", description = "print the hallmark.c2pa/1 JSON document") boolean json)
            throws ProvenanceException {
        if (file == null || file.isBlank()) {
            throw CliException.usage("give the file to verify");
        }
        List<Path> anchorsFiles = new ArrayList<>();
        for (String t : values(context, "trust", trust)) {
            anchorsFiles.add(Path.of(t));
        }
        List<Path> fragments = new ArrayList<>();
        if (context != null) {
            for (CommandArgument a : context.parsedInput().arguments()) {
                if (a.index() > 0) {
                    fragments.add(Path.of(a.value()));
                }
            }
        }
        Path keys = home.root().resolve("keys");
        TrustAnchors anchors = TrustAnchors.defaults(keys, anchorsFiles);
        ManifestVerifier verifier = ManifestVerifier.create(anchors);
        C2paReport report = fragments.isEmpty() ? verifier.verify(Path.of(file))
                : verifier.verifyFragmented(Path.of(file), fragments);
        if (json) {
            output.json(report.toJson());
        } else {
            renderText(report, anchors);
        }
        output.exit(report.state() == C2paState.INVALID ? ExitCode.CHECK_FAILED : ExitCode.OK);
    }

    /** All values of a repeatable option: every occurrence, each comma-separated. */
    static List<String> values(CommandContext context, String longName, String single) {
        List<String> out = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        if (context != null) {
            for (CommandOption o : context.parsedInput().options()) {
                if (longName.equals(o.longName()) && o.value() != null) {
                    raw.add(o.value());
                }
            }
        }
        if (raw.isEmpty() && single != null) {
            raw.add(single);
        }
        for (String r : raw) {
            for (String part : r.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private void renderText(C2paReport r, TrustAnchors anchors) {
        output.line("%s: %s", r.file(), r.state().label());
        if (r.state() == C2paState.ABSENT) {
            output.line("  no C2PA manifest");
            return;
        }
        output.line("  manifest     %s (claim v%s)%s", r.activeManifest(), r.claimVersion(),
                r.title() == null ? "" : ", title \"" + r.title() + "\"");
        if (r.signer() != null) {
            var s = r.signer();
            output.line("  signer       %s, %s (%s)%s", s.commonName(), s.organization(), s.algorithm(),
                    s.trustAnchor() != null ? ", trusted via " + s.trustAnchor() : "");
            if (s.timestamp() != null) {
                output.line("  time-stamp   %s by %s", s.timestamp(), s.timestampAuthority());
            }
        }
        if (r.digitalSourceType() != null) {
            output.line("  source type  %s", r.digitalSourceType());
        }
        output.line("  assertions   %s", String.join(", ", r.assertions()));
        if (r.disclosure() != null) {
            var d = r.disclosure();
            output.line("  disclosure   %s, %s %s, created %s, id %s", d.provider(), d.systemName(), d.systemVersion(),
                    d.createdAt(), d.uniqueId());
        }
        for (IngredientInfo i : r.ingredients()) {
            ingredient(i, "  ");
        }
        for (ValidationStatus s : r.failures()) {
            output.line("  FAILURE      %s: %s", s.code(), s.explanation());
        }
        for (ValidationStatus s : r.informational()) {
            output.line("  note         %s: %s", s.code(), s.explanation());
        }
        if (!r.trustChecked()) {
            output.line("  (no trust anchors: give --trust PEM or create keys to check the signer's trust)");
        } else if (anchors.sources().size() > 0) {
            output.line("  trust anchors: %s", anchors.sources());
        }
    }

    private void ingredient(IngredientInfo i, String indent) {
        output.line("%singredient   %s (%s)%s%s", indent, i.title(), i.relationship(),
                i.manifestLabel() == null ? ", no provenance" : ", manifest " + i.manifestLabel(),
                i.failures().isEmpty() ? "" : ", failures " + i.failures().stream().map(ValidationStatus::code).toList());
        for (IngredientInfo c : i.ingredients()) {
            ingredient(c, indent + "  ");
        }
    }

    @Command(name = "sign", group = "Provenance",
            description = "Add a signed C2PA manifest (AI-generated, latent disclosure) to an MP4/MOV; creates keys on first use")
    public void sign(
            @Option(longName = "in", required = true, description = "input MP4/MOV") String in,
            @Option(longName = "out", required = true, description = "output file (must differ from --in)") String out,
            @Option(longName = "source-type", description = "trained (default) | algorithmic | composite-trained") String sourceType,
            @Option(longName = "title", description = "dc:title (default: the output file name)") String title,
            @Option(longName = "agent", description = "generating system as NAME/VERSION (default Hallmark/<version>)") String agent,
            @Option(longName = "tsa", description = "RFC 3161 time-stamp authority URL (default $HALLMARK_TSA_URL; none when unset)") String tsa,
            @Option(longName = "json", description = "print a JSON result") boolean json) throws ProvenanceException {
        DigitalSourceType type = DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA;
        if (sourceType != null) {
            type = DigitalSourceType.fromShortName(sourceType).orElseThrow(() -> CliException.usage(
                    "--source-type must be trained, algorithmic or composite-trained, not '" + sourceType + "'"));
        }
        SoftwareAgent system = new SoftwareAgent("Hallmark", VERSION);
        if (agent != null) {
            int slash = agent.lastIndexOf('/');
            if (slash <= 0 || slash == agent.length() - 1) {
                throw CliException.usage("--agent must be NAME/VERSION, e.g. MyVideoModel/1.2");
            }
            system = new SoftwareAgent(agent.substring(0, slash), agent.substring(slash + 1));
        }
        String tsaUrl = tsa != null ? tsa : System.getenv(TSA_ENV);
        URI tsaUri = null;
        if (tsaUrl != null && !tsaUrl.isBlank()) {
            try {
                tsaUri = URI.create(tsaUrl.strip());
                new SignerOptions(system, tsaUri, null);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("bad time-stamp authority URL '" + tsaUrl + "': " + e.getMessage());
            }
        }
        Path input = Path.of(in);
        Path output = Path.of(out);
        if (!Files.isRegularFile(input)) {
            throw CliException.badInput(input + ": no such file");
        }
        C2paKeys.Loaded loaded = signingKeys.load();
        String provider = loaded.info().chain().get(0).subject();
        String org = organization(provider);
        ManifestSpec spec = ManifestSpec.builder().title(title != null ? title : output.getFileName().toString())
                .sourceType(type).softwareAgent(system)
                .disclosure(new AiDisclosure(org, system.name(), system.version(), Instant.now(),
                        "urn:uuid:" + UUID.randomUUID()))
                .build();
        SignerOptions options = new SignerOptions(new SoftwareAgent("Hallmark", VERSION), tsaUri, null);
        SignResult r = C2paSigner.create(loaded.credentials(), options).sign(input, output, spec);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schema", "hallmark.sign/1");
            doc.put("input", input.toString());
            doc.put("output", r.output().toString());
            doc.put("manifest", r.manifestLabel());
            doc.put("instanceId", r.instanceId());
            doc.put("manifestOffset", r.manifestOffset());
            doc.put("manifestSize", r.manifestSize());
            doc.put("fileSize", r.fileSize());
            doc.put("bmffHash", r.hardBindingHash());
            doc.put("digitalSourceType", type.uri());
            doc.put("timestamped", r.timestamped());
            doc.put("keysCreated", loaded.info().created());
            this.output.json(doc);
            return;
        }
        this.output.line("Signed %s -> %s", input, r.output());
        this.output.line("  manifest %s (%d bytes at offset %d), %s%s", r.manifestLabel(), r.manifestSize(),
                r.manifestOffset(), type.uri(), r.timestamped() ? ", time-stamped" : "");
        this.output.line("  verify with: hallmark c2pa verify %s", r.output());
    }

    private static String organization(String dn) {
        for (String part : dn.split(",")) {
            String p = part.strip();
            if (p.startsWith("O=")) {
                return p.substring(2);
            }
        }
        return KeysCommands.DEFAULT_ORG;
    }
}
