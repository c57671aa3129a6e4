package dev.hallmark.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hallmark.cli.CliRunner;
import dev.hallmark.registry.InclusionProof;
import dev.hallmark.registry.ProofVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private CliRunner cli() {
        return new CliRunner(home);
    }

    @Test
    void filesProvesAndVerifiesThroughTheRealCommandLine() throws Exception {
        CliRunner.Run add = cli().run("filing", "add", "--number", "网信算备110108823483901230031号", "--algorithm", "测试算法",
                "--model", "hallmark-video", "--provider", "Hallmark", "--filed-on", "2025-01-01");
        assertThat(add.exit()).as(add.err()).isZero();
        Path jsonl = home.resolve("in.jsonl");
        Files.writeString(jsonl, "{\"time\":\"2026-10-01T10:00:00Z\",\"actor\":\"u-1\",\"jurisdictions\":[\"CN\"],"
                + "\"model\":{\"name\":\"hallmark-video\",\"version\":\"1.0\"},\"prompt\":\"一只熊猫在雪山上滑雪\","
                + "\"contentSha256\":\"" + "ab".repeat(32) + "\",\"watermark\":\"00000000cafe0001\"}\n");
        CliRunner.Run imp = cli().run("audit", "import", "--jsonl", jsonl.toString(), "--json");
        assertThat(imp.exit()).as(imp.err()).isZero();
        assertThat(JSON.readTree(imp.out()).get("filed").asLong()).isEqualTo(1);

        CliRunner.Run search = cli().run("audit", "search", "--query", "熊猫", "--content-hash", "ab".repeat(32), "--json");
        assertThat(search.exit()).as(search.err()).isZero();
        JsonNode hits = JSON.readTree(search.out()).get("hits");
        assertThat(hits).hasSize(1);
        String id = hits.get(0).get("id").asText();

        CliRunner.Run prove = cli().run("audit", "prove", id, "--json");
        assertThat(prove.exit()).as(prove.err()).isZero();
        CliRunner.Run cp = cli().run("audit", "checkpoint", "--json");
        JsonNode c = JSON.readTree(cp.out());
        assertThat(ProofVerifier.verify(InclusionProof.fromJson(prove.out()),
                ProofVerifier.key(c.get("origin").asText(), c.get("publicKey").asText())).valid()).isTrue();

        CliRunner.Run cons = cli().run("audit", "consistency", "--from-size", "1", "--json");
        assertThat(cons.exit()).as(cons.err()).isZero();
        CliRunner.Run retention = cli().run("audit", "retention", "run", "--as-of", "2030-01-01");
        assertThat(retention.exit()).as(retention.err()).isZero();
        assertThat(retention.out()).contains("1 shredded now");
        CliRunner.Run verify = cli().run("audit", "verify");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("registry OK");

        // usage error, bad input
        assertThat(cli().run("audit", "search", "--bogus", "x").exit()).isEqualTo(2);
        CliRunner.Run missing = cli().run("audit", "show", "01ARZ3NDEKTSV4RRFFQ69G5FAV");
        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.err()).contains("no filing with id").doesNotContain("Exception\n\tat");
    }
}
