package dev.hallmark.cli.commands;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import dev.hallmark.cli.HallmarkHome;
import dev.hallmark.cli.Output;
import dev.hallmark.policies.ConsentRegistry;
import dev.hallmark.policies.ConsentSubject;
import dev.hallmark.policies.Decision;
import dev.hallmark.policies.DisclosureField;
import dev.hallmark.policies.Jurisdiction;
import dev.hallmark.policies.LabelRequirements;
import dev.hallmark.policies.Level;
import dev.hallmark.policies.PackInfo;
import dev.hallmark.policies.Policies;
import dev.hallmark.policies.PolicyException;
import dev.hallmark.policies.Position;
import dev.hallmark.policies.Problem;
import dev.hallmark.policies.PromptScreener;
import dev.hallmark.policies.RecordClass;
import dev.hallmark.policies.Requirement;
import dev.hallmark.policies.Retention;
import dev.hallmark.policies.ScreeningLibrary;
import dev.hallmark.policies.ScreeningRequest;
import dev.hallmark.policies.Timing;
import dev.hallmark.policies.pack.PackReader;
import dev.hallmark.policies.pack.PolicyCatalog;
import dev.hallmark.policies.pack.PolicyPack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/**
 * {@code hallmark policy show|check|validate}: what clips and records must satisfy per jurisdiction and date, prompt
 * screening, and validation of operator files. Operator files under {@code $HALLMARK_HOME/config/}:
 * {@code policies/*.json} (pack overrides, applied in name order), {@code screening-library.tsv} (the keyword
 * library; default: the starter library), {@code consents.jsonl} (consent registry; without it consent ids are
 * recorded, not checked).
 */
@Component
public class PolicyCommands {
    static final String JURISDICTION_HELP = "comma list of jurisdictions, e.g. cn,eu,us-ca (also: none; default cn,eu,us-ca)";

    private final Output output;
    private final HallmarkHome home;

    public PolicyCommands(Output output, HallmarkHome home) {
        this.output = output;
        this.home = home;
    }

    @Command(name = "policy show", group = "Policy",
            description = "What a clip and its records must carry for the jurisdictions on a date (strictest wins, reasons cited)")
    public void show(
            @Option(longName = "jurisdiction", description = JURISDICTION_HELP) String jurisdiction,
            @Option(longName = "date", description = "evaluate the rules in force on YYYY-MM-DD (default: today)") String date,
            @Option(longName = "json", description = "print a JSON document (hallmark.policy-requirements/1)") boolean json)
            throws PolicyException {
        Policies policies = policies(null);
        LabelRequirements r = policies.requirements(jurisdictions(jurisdiction), date(date));
        if (json) {
            output.json(r.toDocument());
            return;
        }
        render(r);
    }

    @Command(name = "policy check", group = "Policy",
            description = "Screen a prompt: exit 0 allow, 1 block or needs consent; PII is redacted in the result")
    public void check(
            @Option(longName = "prompt", required = true, description = "the prompt to screen") String prompt,
            @Option(longName = "jurisdiction", description = JURISDICTION_HELP) String jurisdiction,
            @Option(longName = "date", description = "screen under the rules in force on YYYY-MM-DD (default: today)") String date,
            @Option(longName = "library", description = "keyword library file (hallmark.screening-library/1 TSV); default: config/screening-library.tsv or the starter library") String library,
            @Option(longName = "consent", description = "consent record id for a real person depicted or edited") String consent,
            @Option(longName = "json", description = "print the decision as JSON (hallmark.policy-decision/1)") boolean json)
            throws PolicyException {
        if (consent != null && !ScreeningRequest.isValidConsentId(consent)) {
            throw CliException.usage("--consent must be letters, digits and . _ : / - (at most 128 characters), got '" + consent + "'");
        }
        Policies policies = policies(library == null ? null : Path.of(library));
        PromptScreener screener = policies.screener(jurisdictions(jurisdiction), date(date));
        screener.warnings().forEach(w -> output.note("warning: %s", w));
        ScreeningRequest request = ScreeningRequest.of(prompt);
        if (consent != null) {
            request = request.withConsent(consent);
        }
        Decision d = screener.screen(request);
        if (json) {
            output.json(d.toDocument());
        } else {
            output.line(d.outcome().id());
            for (Decision.FiredRule r : d.rules()) {
                output.line("  %s  %s", r.id(), r.source());
            }
            if (!d.redactions().isEmpty()) {
                output.line("redacted: %s", d.redactions().stream().map(x -> x.kind().id() + " [" + x.start() + "," + x.end() + ")")
                        .collect(Collectors.joining(", ")));
            }
            output.line("stored prompt: %s", d.redactedPrompt());
            if (d.outcome() == Decision.Outcome.NEEDS_CONSENT && consent == null) {
                output.note("hint: a real person is depicted or edited; supply their consent record with --consent ID");
            }
        }
        if (!d.allowed()) {
            output.exit(ExitCode.CHECK_FAILED);
        }
    }

    @Command(name = "policy validate", group = "Policy",
            description = "Validate a policy pack, screening library or consent registry file: exit 0 valid, 3 invalid with reasons")
    public void validate(
            @Argument(index = 0, description = "the file to validate") String file,
            @Option(longName = "json", description = "print a JSON report (hallmark.policy-validation/1)") boolean json) {
        if (file == null || file.isBlank()) {
            throw CliException.usage("give the file to validate: hallmark policy validate FILE");
        }
        Path path = Path.of(file);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", "hallmark.policy-validation/1");
        doc.put("file", path.toString());
        String kind = "unknown";
        List<String> summary = new ArrayList<>();
        try {
            kind = sniff(path);
            switch (kind) {
                case "policy-pack" -> {
                    PolicyPack p = PackReader.read(path);
                    List<PolicyPack> all = new ArrayList<>(PolicyCatalog.builtinPacks());
                    all.add(p);
                    PolicyCatalog.of(all); // an override must also fit the shipped packs
                    summary.add("policy pack " + p.jurisdiction() + " " + p.mode().name().toLowerCase(Locale.ROOT) + " "
                            + p.packVersion() + ", " + p.rules().size() + " rules");
                }
                case "screening-library" -> {
                    ScreeningLibrary l = ScreeningLibrary.load(path);
                    summary.add("screening library " + l.name() + " " + l.version() + ", " + l.terms() + " terms in "
                            + l.categories().size() + " categories, " + (l.entries().size() - l.terms()) + " exception phrases");
                    if (l.terms() < 10_000) {
                        summary.add("note: GB/T 45654-2025 asks for a keyword library of at least 10,000 terms");
                    }
                }
                case "consent-registry" -> {
                    ConsentRegistry c = ConsentRegistry.load(path);
                    summary.add("consent registry, " + c.size() + " records");
                }
                default -> throw new PolicyException(PolicyException.Reason.UNSUPPORTED_FORMAT, path, "",
                        "not a policy pack (JSON), screening library (#format: hallmark.screening-library/1) or consent registry");
            }
            doc.put("kind", kind);
            doc.put("valid", true);
            doc.put("summary", summary);
            if (json) {
                output.json(doc);
            } else {
                output.line("%s: valid %s", path, summary.get(0));
                summary.stream().skip(1).forEach(s -> output.line("  %s", s));
            }
        } catch (PolicyException e) {
            doc.put("kind", kind);
            doc.put("valid", false);
            doc.put("reason", e.reason().name());
            List<Map<String, String>> problems = new ArrayList<>();
            for (Problem p : e.problems()) {
                problems.add(Map.of("where", p.where(), "message", p.message()));
            }
            doc.put("problems", problems);
            if (json) {
                output.json(doc);
            } else {
                output.line("%s: INVALID (%s, %d problem%s)", path, e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                        e.problems().size(), e.problems().size() == 1 ? "" : "s");
                for (Problem p : e.problems()) {
                    output.line("  %s", p);
                }
            }
            output.exit(ExitCode.BAD_INPUT);
        }
    }

    /** Which kind of policy file {@code path} holds, from its first bytes. */
    static String sniff(Path path) throws PolicyException {
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(512);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PolicyException(PolicyException.Reason.UNREADABLE, path, "", "no such file");
        } catch (IOException e) {
            throw new PolicyException(PolicyException.Reason.UNREADABLE, path, "", "cannot read (" + e.getMessage() + ")");
        }
        String s = new String(head, StandardCharsets.UTF_8);
        if (s.startsWith("\uFEFF")) {
            s = s.substring(1);
        }
        if (s.startsWith("#")) {
            return "screening-library";
        }
        String first = s.lines().findFirst().orElse("");
        if (first.contains("\"format\"") && first.contains("hallmark.consent-registry")) {
            return "consent-registry";
        }
        return s.stripLeading().startsWith("{") ? "policy-pack" : "unknown";
    }

    private Policies policies(Path library) throws PolicyException {
        Policies.Builder b = Policies.builder();
        Path config = home.config();
        Path packs = config.resolve("policies");
        if (Files.isDirectory(packs)) {
            try (Stream<Path> files = Files.list(packs)) {
                files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().forEach(b::override);
            } catch (IOException e) {
                throw CliException.badInput(packs + ": cannot list pack overrides (" + e.getMessage() + ")");
            }
        }
        Path defaultLibrary = config.resolve("screening-library.tsv");
        if (library != null) {
            b.library(library);
        } else if (Files.exists(defaultLibrary)) {
            b.library(defaultLibrary);
        }
        Path consents = config.resolve("consents.jsonl");
        if (Files.exists(consents)) {
            b.consentRegistry(consents);
        }
        return b.build();
    }

    static List<Jurisdiction> jurisdictions(String list) throws PolicyException {
        return list == null ? Policies.DEFAULT_JURISDICTIONS : Jurisdiction.parseList(list);
    }

    static LocalDate date(String date) {
        if (date == null) {
            return LocalDate.now();
        }
        try {
            return LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            throw CliException.usage("--date must be a date YYYY-MM-DD, got '" + date + "'");
        }
    }

    private void render(LabelRequirements r) {
        output.line("Requirements for %s on %s (strictest wins)", r.jurisdictions().stream().map(Jurisdiction::code)
                .collect(Collectors.joining(", ")), r.date());
        for (PackInfo p : r.packs()) {
            output.line("  pack %-6s %s %s (%s)", p.jurisdiction(), p.packVersion(), p.title(), p.origin());
        }
        var v = r.visibleLabel();
        output.line("");
        output.line("Visible label       %s", v.level().value().id());
        if (v.level().value() != Level.NOT_REQUIRED) {
            output.line("  text              %s  (also acceptable: %s)", v.text().value(),
                    String.join(", ", v.acceptableTexts().value().subList(1, v.acceptableTexts().value().size())));
            output.line("  min text height   %s of the frame's shortest side", v.minHeightRatio().value());
            output.line("  min time shown    %s s", v.minSeconds().value());
            output.line("  timing            %s", v.timings().value().stream().map(Timing::id).collect(Collectors.joining(" | ")));
            output.line("  position          %s", v.positions().value().stream().map(Position::id).collect(Collectors.joining(" | ")));
            output.line("  burned in         %s", v.burnedIn().value() ? "yes" : "no");
        }
        because(v.level());
        line("AIGC metadata", r.aigcMetadata());
        line("C2PA manifest", r.c2pa());
        line("Watermark", r.watermark());
        output.line("");
        output.line("Retention");
        for (RecordClass c : RecordClass.values()) {
            Requirement<Retention> ret = r.retention().get(c);
            Retention x = ret.value();
            String what = x.equals(Retention.NONE) ? "no rule" : (x.minimum().isZero() ? "" : "keep >= " + x.minimum())
                    + x.maximum().map(m -> (x.minimum().isZero() ? "" : ", ") + "delete within " + m).orElse("");
            output.line("  %-28s %s%s", c.id(), what, ids(ret));
        }
        output.line("");
        output.line("Disclosure fields");
        if (r.disclosureFields().isEmpty()) {
            output.line("  none");
        }
        Map<String, List<DisclosureField>> byCarrier = r.disclosureFields().stream()
                .collect(Collectors.groupingBy(DisclosureField::carrier, LinkedHashMap::new, Collectors.toList()));
        byCarrier.forEach((carrier, fs) -> output.line("  %-14s %s  [%s]", carrier,
                fs.stream().map(DisclosureField::name).collect(Collectors.joining(", ")),
                fs.stream().flatMap(f -> f.requiredBy().stream()).map(x -> x.id()).distinct().collect(Collectors.joining(", "))));
        output.line("");
        output.line("Consent");
        for (ConsentSubject s : ConsentSubject.values()) {
            output.line("  %-28s %s%s", s.id(), r.consent().get(s).value().id(), ids(r.consent().get(s)));
        }
        var s = r.screening();
        output.line("");
        output.line("Screening           %s%s", s.keywordScreening().value().id(), ids(s.keywordScreening()));
        output.line("  blocks            %s", String.join(", ", s.blockedCategories().value()));
        output.line("  library size      >= %d terms%s", s.minLibraryTerms().value(), ids(s.minLibraryTerms()));
        output.line("  PII redaction     %s%s", s.piiRedaction().value().id(), ids(s.piiRedaction()));
        output.line("  prompt length     <= %d characters", s.maxPromptChars().value());
        if (!r.notes().isEmpty()) {
            output.line("");
            output.line("Notes");
            r.notes().forEach(n -> output.line("  - %s", n));
        }
    }

    private void line(String name, Requirement<Level> req) {
        output.line("%-19s %s%s", name, req.value().id(), ids(req));
    }

    private void because(Requirement<?> req) {
        output.line("  because           %s", req.reason());
    }

    private static String ids(Requirement<?> req) {
        return req.decidedBy().isEmpty() ? "" : "  [" + String.join(", ", req.ruleIds()) + "]";
    }
}
