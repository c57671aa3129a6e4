package dev.hallmark.cli.bench;

import java.util.Locale;
import java.util.Map;

/** The benchmark report as Markdown: machine, date, command, then one table row per figure. */
public final class BenchMarkdown {
    private BenchMarkdown() {
    }

    public static String render(BenchSuite.Report r, String command) {
        StringBuilder b = new StringBuilder();
        b.append("# Hallmark benchmarks\n\n");
        b.append("Written by `").append(command).append("` on ").append(r.date())
                .append(r.quick() ? " (**quick** run: small sizes, smoke figures only)" : "").append(".\n\n");
        b.append("Machine: ");
        Map<String, Object> m = r.machine();
        b.append(String.format(Locale.ROOT, "%s, %s cores, %s GiB memory, %s, %s; load average at start %s, at end %s.%n%n",
                m.get("cpu"), m.get("cores"), m.get("memoryGiB"), m.get("os"), m.get("java"), m.get("loadAverageAtStart"),
                m.get("loadAverageAtEnd")));
        b.append(dev.hallmark.watermark.eval.EvalReport.reproducibilityNote()).append("\n\n");
        b.append("Each row: the measured figure, the target of the issue that set it, and whether it is met. ")
                .append("Benchmarks report and never fail; `SKIPPED` says why a figure was not measured.\n\n");
        b.append("| area | figure | measured | target | status | conditions |\n|---|---|---|---|---|---|\n");
        for (BenchRow row : r.rows()) {
            b.append("| ").append(cell(row.area())).append(" | ").append(cell(row.figure())).append(" | ")
                    .append(cell(row.measured())).append(" | ").append(cell(row.target())).append(" | ")
                    .append(row.status() == BenchRow.Status.PASS ? "pass" : row.status() == BenchRow.Status.SHORT
                            ? "**short**" : row.status().name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(cell(row.note())).append(" |\n");
        }
        long pass = r.rows().stream().filter(x -> x.status() == BenchRow.Status.PASS).count();
        long shortOf = r.rows().stream().filter(x -> x.status() == BenchRow.Status.SHORT).count();
        b.append(String.format(Locale.ROOT, "%n%d targets met, %d short.%n", pass, shortOf));
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
