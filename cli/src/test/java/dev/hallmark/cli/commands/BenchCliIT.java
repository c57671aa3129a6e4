package dev.hallmark.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hallmark.cli.CliRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hallmark bench} through the packaged jar: a quick run of two sections writes its report and JSON. */
class BenchCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void quickRunWritesTheReportWithTargetsAndStatuses() throws Exception {
        Path report = dir.resolve("bench.md");
        CliRunner.Run run = new CliRunner(dir.resolve("home")).run("bench", "--quick", "--only", "screening,watermark",
                "--out", report.toString(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        assertThat(doc.get("schema").asText()).isEqualTo("hallmark.bench/1");
        assertThat(doc.get("quick").asBoolean()).isTrue();
        List<String> areas = new ArrayList<>();
        for (JsonNode row : doc.get("rows")) {
            areas.add(row.get("area").asText());
            assertThat(row.get("status").asText()).isIn("PASS", "SHORT", "INFO", "SKIPPED");
            if (!row.get("status").asText().equals("SKIPPED")) {
                assertThat(row.get("measured").asText()).matches(".*[0-9].*");
            }
        }
        assertThat(areas).contains("screening", "watermark").doesNotContain("registry", "c2pa");
        String md = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(md).startsWith("# Hallmark benchmarks").contains("./hallmark bench --quick --only screening,watermark")
                .contains("| screening | prompts screened per CPU-second").contains(">= 20,000 /s (issue 6)")
                .contains("Machine:");
    }
}
