package dev.hallmark.cli.commands;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.HallmarkHome;
import dev.hallmark.cli.Output;
import dev.hallmark.registry.AlgorithmFiling;
import dev.hallmark.registry.AlgorithmFilingHistory;
import dev.hallmark.registry.FilingRegistry;
import dev.hallmark.registry.RegistryException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** {@code hallmark filing add|show|list}: the algorithm filings (网信算备 numbers) generations link to. */
@Component
public class FilingCommands {
    private final HallmarkHome home;
    private final Output output;

    public FilingCommands(HallmarkHome home, Output output) {
        this.home = home;
        this.output = output;
    }

    @Command(name = "filing add", group = "Filing",
            description = "Record an algorithm filing (网信算备 + 21 digits + 号), or a change or revocation of one")
    public void add(
            @Option(longName = "number", description = "filing number, e.g. 网信算备110108823483901230031号", required = true) String number,
            @Option(longName = "algorithm", description = "name of the filed algorithm", required = true) String algorithm,
            @Option(longName = "model", description = "model name(s) it covers, comma-separated", required = true) String models,
            @Option(longName = "provider", description = "filing entity", required = true) String provider,
            @Option(longName = "filed-on", description = "date filed, YYYY-MM-DD", required = true) String filedOn,
            @Option(longName = "changed-on", description = "date of this change, YYYY-MM-DD (required to change an existing filing)") String changedOn,
            @Option(longName = "revoke", description = "record that the filing was revoked") boolean revoke,
            @Option(longName = "note", description = "short note kept with this version") String note,
            @Option(longName = "json", description = "print a hallmark.algorithm-filing/1 JSON document") boolean json) throws RegistryException {
        AlgorithmFiling f;
        try {
            List<String> ms = Arrays.stream(models.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            f = new AlgorithmFiling(number.strip(), algorithm, ms, provider, date(filedOn, "--filed-on"),
                    changedOn == null ? null : date(changedOn, "--changed-on"),
                    revoke ? AlgorithmFiling.Status.REVOKED : AlgorithmFiling.Status.ACTIVE, note);
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(e.getMessage());
        }
        try (FilingRegistry reg = AuditCommands.open(home, output, false)) {
            AlgorithmFilingHistory.Version v = reg.fileAlgorithm(f);
            if (json) {
                output.json(versionJson(v, true));
            } else {
                output.line("%s %s (journal seq %d)", v.change().name().toLowerCase(java.util.Locale.ROOT), v.filing().number(), v.seq());
            }
        }
    }

    @Command(name = "filing show", group = "Filing", description = "Show an algorithm filing and its change history")
    public void show(
            @Argument(index = 0, description = "filing number") String number,
            @Option(longName = "json", description = "print a hallmark.algorithm-filing-history/1 JSON document") boolean json) throws RegistryException {
        if (number == null || number.isBlank()) {
            throw CliException.usage("give the filing number");
        }
        try (FilingRegistry reg = AuditCommands.open(home, output, false)) {
            AlgorithmFilingHistory h = reg.algorithmFiling(number.strip())
                    .orElseThrow(() -> CliException.badInput("no algorithm filing " + number.strip() + " (see `hallmark filing list`)"));
            if (json) {
                output.json(historyJson(h));
                return;
            }
            AlgorithmFiling c = h.current().filing();
            output.line("%s  %s", c.number(), c.status());
            output.line("  algorithm  %s", c.algorithm());
            output.line("  models     %s", String.join(", ", c.models()));
            output.line("  provider   %s", c.provider());
            output.line("  filed on   %s%s", c.filedOn(), c.changedOn() == null ? "" : "   changed on " + c.changedOn());
            output.line("  history:");
            for (AlgorithmFilingHistory.Version v : h.versions()) {
                output.line("    seq %-8d %-8s %s%s", v.seq(), v.change(), v.recordedAt(),
                        v.filing().note() == null ? "" : "  " + v.filing().note());
            }
        }
    }

    @Command(name = "filing list", group = "Filing", description = "List the algorithm filings")
    public void list(@Option(longName = "json", description = "print a hallmark.algorithm-filings/1 JSON document") boolean json)
            throws RegistryException {
        try (FilingRegistry reg = AuditCommands.open(home, output, false)) {
            List<AlgorithmFilingHistory> all = reg.algorithmFilings();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("schema", "hallmark.algorithm-filings/1");
                List<Object> items = new ArrayList<>();
                for (AlgorithmFilingHistory h : all) {
                    items.add(versionJson(h.current(), false));
                }
                doc.put("filings", items);
                output.json(doc);
                return;
            }
            if (all.isEmpty()) {
                output.line("no algorithm filings (add one with `hallmark filing add`)");
            }
            for (AlgorithmFilingHistory h : all) {
                AlgorithmFiling c = h.current().filing();
                output.line("%s  %-7s %s  [%s]", c.number(), c.status(), c.algorithm(), String.join(", ", c.models()));
            }
        }
    }

    private static LocalDate date(String s, String option) {
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be a date YYYY-MM-DD (got \"" + s + "\")");
        }
    }

    static Map<String, Object> versionJson(AlgorithmFilingHistory.Version v, boolean schema) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (schema) {
            m.put("schema", "hallmark.algorithm-filing/1");
        }
        AlgorithmFiling f = v.filing();
        m.put("number", f.number());
        m.put("algorithm", f.algorithm());
        m.put("models", f.models());
        m.put("provider", f.provider());
        m.put("filedOn", f.filedOn().toString());
        m.put("changedOn", f.changedOn() == null ? null : f.changedOn().toString());
        m.put("status", f.status().name());
        m.put("note", f.note());
        m.put("change", v.change().name());
        m.put("seq", v.seq());
        m.put("recordedAt", v.recordedAt().toString());
        return m;
    }

    static Map<String, Object> historyJson(AlgorithmFilingHistory h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", "hallmark.algorithm-filing-history/1");
        m.put("number", h.number());
        m.put("current", versionJson(h.current(), false));
        m.put("versions", h.versions().stream().map(v -> versionJson(v, false)).toList());
        return m;
    }
}
