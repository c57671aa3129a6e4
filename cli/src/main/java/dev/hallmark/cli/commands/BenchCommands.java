package dev.hallmark.cli.commands;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.Output;
import dev.hallmark.cli.bench.BenchMarkdown;
import dev.hallmark.cli.bench.BenchRow;
import dev.hallmark.cli.bench.BenchSuite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/**
 * {@code hallmark bench}: every headline figure against its target, side by side with its baseline, written to
 * {@code BENCHMARKS.md}. Reports only: a figure short of its target does not change the exit code.
 */
@Component
public class BenchCommands {
    private final Output output;

    public BenchCommands(Output output) {
        this.output = output;
    }

    @Command(name = "bench", group = "General",
            description = "Measure every headline figure against its target and write BENCHMARKS.md")
    public void bench(@Option(longName = "quick", description = "small sizes, a few minutes (smoke run)") boolean quick,
            @Option(longName = "json", description = "print the report as one JSON document") boolean json,
            @Option(longName = "out", description = "Markdown report (default BENCHMARKS.md, BENCHMARKS-quick.md with --quick)") String out,
            @Option(longName = "only", description = "comma list of sections: screening,c2pa,registry,label,pipeline,watermark,robustness,generate,verify") String only,
            @Option(longName = "clip", description = "real footage for label and robustness (default: the bundled vtest.avi)") String clip)
            throws IOException {
        Set<String> sections = new LinkedHashSet<>(BenchSuite.SECTIONS);
        if (only != null && !only.isBlank()) {
            sections.clear();
            for (String s : only.split(",")) {
                String name = s.trim().toLowerCase(java.util.Locale.ROOT);
                if (!BenchSuite.SECTIONS.contains(name)) {
                    throw CliException.usage("unknown section '" + name + "'; sections: "
                            + String.join(",", BenchSuite.SECTIONS));
                }
                sections.add(name);
            }
        }
        Path root = Path.of(System.getProperty("hallmark.root", "."));
        Path footage = clip != null ? Path.of(clip) : root.resolve("media/src/test/resources/fixtures/video/vtest.avi");
        if (clip != null && !Files.isRegularFile(footage)) {
            throw CliException.badInput(footage + ": no such file");
        }
        if (!Files.isRegularFile(footage)) {
            output.note("bench: no footage at %s; label and robustness are skipped (use --clip)", footage);
            footage = null;
        }
        Path report = Path.of(out != null ? out : quick ? "BENCHMARKS-quick.md" : "BENCHMARKS.md");
        Path work = Files.createTempDirectory("hallmark-bench");
        StringBuilder cmd = new StringBuilder("./hallmark bench");
        if (quick) {
            cmd.append(" --quick");
        }
        if (only != null) {
            cmd.append(" --only ").append(only);
        }
        BenchSuite.Report r = BenchSuite.run(new BenchSuite.Options(quick, sections, footage,
                root.resolve(".test-tools/c2pa-node"), GenerateCommands.DEFAULT_MODEL, work), output.err());
        Files.writeString(report, BenchMarkdown.render(r, cmd.toString()), StandardCharsets.UTF_8);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schema", "hallmark.bench/1");
            doc.put("date", r.date());
            doc.put("quick", r.quick());
            doc.put("machine", r.machine());
            doc.put("rows", r.rows());
            doc.put("details", r.details());
            output.json(doc);
        } else {
            for (BenchRow row : r.rows()) {
                output.line("%-8s %-10s %s: %s (target %s)", row.status(), row.area(), row.figure(), row.measured(),
                        row.target().isEmpty() ? "-" : row.target());
            }
            output.line("report written to %s", report.toAbsolutePath());
        }
    }
}
