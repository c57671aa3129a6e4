package dev.hallmark.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hallmark bench} through the packaged jar: a quick run of two sections writes its report and JSON. */
class BenchCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void quickRunWritesTheReportWithTargetsAndStatuses() throws Exception {
        Path jar = Path.of("target", "hallmark.jar").toAbsolutePath();
        Path report = dir.resolve("bench.md");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xss4m", "-jar", jar.toString(), "bench", "--quick", "--only",
                "screening,watermark", "--out", report.toString(), "--json"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HALLMARK_HOME", dir.resolve("home").toString());
        Path out = dir.resolve("out.txt");
        pb.redirectOutput(out.toFile()).redirectError(dir.resolve("err.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();
        JsonNode doc = JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
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
