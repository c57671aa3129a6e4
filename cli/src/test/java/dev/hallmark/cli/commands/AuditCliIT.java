package dev.hallmark.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hallmark.registry.InclusionProof;
import dev.hallmark.registry.ProofVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code hallmark} jar, as a user runs it: command names, option names, JSON on stdout, exit codes.
 * (Uses no CLI classes directly: failsafe sees the repackaged jar, not target/classes.)
 */
class AuditCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path home;

    record Run(int code, String out, String err) {
    }

    private Run hallmark(String... args) throws Exception {
        Path jar = Path.of("target", "hallmark.jar").toAbsolutePath();
        assertThat(jar).exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HALLMARK_HOME", home.toString());
        pb.environment().remove("HALLMARK_KEY_PASSPHRASE");
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void filesProvesAndVerifiesThroughTheRealCommandLine() throws Exception {
        Run add = hallmark("filing", "add", "--number", "网信算备110108823483901230031号", "--algorithm", "测试算法",
                "--model", "hallmark-video", "--provider", "Hallmark", "--filed-on", "2025-01-01");
        assertThat(add.code()).as(add.err()).isZero();
        Path jsonl = home.resolve("in.jsonl");
        Files.writeString(jsonl, "{\"time\":\"2026-10-01T10:00:00Z\",\"actor\":\"u-1\",\"jurisdictions\":[\"CN\"],"
                + "\"model\":{\"name\":\"hallmark-video\",\"version\":\"1.0\"},\"prompt\":\"一只熊猫在雪山上滑雪\","
                + "\"contentSha256\":\"" + "ab".repeat(32) + "\",\"watermark\":\"00000000cafe0001\"}\n");
        Run imp = hallmark("audit", "import", "--jsonl", jsonl.toString(), "--json");
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(JSON.readTree(imp.out()).get("filed").asLong()).isEqualTo(1);

        Run search = hallmark("audit", "search", "--query", "熊猫", "--content-hash", "ab".repeat(32), "--json");
        assertThat(search.code()).as(search.err()).isZero();
        JsonNode hits = JSON.readTree(search.out()).get("hits");
        assertThat(hits).hasSize(1);
        String id = hits.get(0).get("id").asText();

        Run prove = hallmark("audit", "prove", id, "--json");
        assertThat(prove.code()).as(prove.err()).isZero();
        Run cp = hallmark("audit", "checkpoint", "--json");
        JsonNode c = JSON.readTree(cp.out());
        assertThat(ProofVerifier.verify(InclusionProof.fromJson(prove.out()),
                ProofVerifier.key(c.get("origin").asText(), c.get("publicKey").asText())).valid()).isTrue();

        Run cons = hallmark("audit", "consistency", "--from-size", "1", "--json");
        assertThat(cons.code()).as(cons.err()).isZero();
        Run retention = hallmark("audit", "retention", "run", "--as-of", "2030-01-01");
        assertThat(retention.code()).as(retention.err()).isZero();
        assertThat(retention.out()).contains("1 shredded now");
        Run verify = hallmark("audit", "verify");
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("registry OK");

        // usage error, bad input
        assertThat(hallmark("audit", "search", "--bogus", "x").code()).isEqualTo(2);
        Run missing = hallmark("audit", "show", "01ARZ3NDEKTSV4RRFFQ69G5FAV");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("no filing with id").doesNotContain("Exception\n\tat");
    }
}
