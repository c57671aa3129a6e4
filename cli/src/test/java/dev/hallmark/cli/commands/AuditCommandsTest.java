package dev.hallmark.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hallmark.cli.CapturingOutput;
import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import dev.hallmark.cli.HallmarkHome;
import dev.hallmark.cli.shell.RegistryErrors;
import dev.hallmark.registry.InclusionProof;
import dev.hallmark.registry.ProofVerifier;
import dev.hallmark.registry.RegistryException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit and filing commands end to end on a real registry (command methods called directly, output captured). */
class AuditCommandsTest {
    static final String NUMBER = "网信算备110108823483901230031号";

    @TempDir
    Path tmp;

    private static String sha(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private Path importFile(int n) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String prompt = i % 2 == 0 ? "一只熊猫在雪山上滑雪 第" + i + "号" : "a panda skiing down a snowy mountain number " + i;
            lines.add("{\"schema\":\"hallmark.filing/1\",\"time\":\"2026-10-0" + (1 + i % 5) + "T10:00:00Z\",\"actor\":\"u-" + (i % 3)
                    + "\",\"jurisdictions\":[\"CN\"],\"model\":{\"name\":\"hallmark-video\",\"version\":\"1.0\"},"
                    + "\"prompt\":\"" + prompt + "\",\"userIdentity\":\"person" + i + "@example.com\","
                    + "\"contentSha256\":\"" + sha("clip" + i) + "\",\"watermark\":\"" + String.format("%016x", 0xBEEF0000L + i) + "\","
                    + "\"policy\":{\"decision\":\"ALLOW\",\"rules\":[\"cn.label\"]},\"verification\":{\"result\":\"PASS\",\"codes\":[]},"
                    + "\"retention\":\"SHORT\"}");
        }
        Path f = tmp.resolve("in.jsonl");
        Files.write(f, lines);
        return f;
    }

    @Test
    void fullAuditWorkflow() throws Exception {
        HallmarkHome home = new HallmarkHome(tmp.resolve("home"));
        CapturingOutput out = new CapturingOutput();
        AuditCommands audit = new AuditCommands(home, out);
        FilingCommands filing = new FilingCommands(home, out);

        filing.add(NUMBER, "熊猫视频生成算法", "hallmark-video", "Hallmark Ltd", "2025-02-01", null, false, null, true);
        JsonNode added = out.takeJson();
        assertThat(added.get("change").asText()).isEqualTo("FILED");
        filing.list(false);
        assertThat(out.take()).contains(NUMBER);
        assertThatThrownBy(() -> filing.add("网信算备123号", "a", "m", "p", "2025-01-01", null, false, null, false))
                .isInstanceOf(CliException.class).extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT);

        audit.importJsonl(importFile(40).toString(), true);
        assertThat(out.takeJson().get("filed").asLong()).isEqualTo(40);

        audit.search("熊猫", null, null, null, null, null, null, null, 50, true);
        JsonNode zh = out.takeJson();
        assertThat(zh.get("total").asLong()).isEqualTo(20);
        audit.search("panda skiing", "2026-10-02", "2026-10-02", "hallmark-video", null, null, null, null, 50, true);
        JsonNode en = out.takeJson();
        assertThat(en.get("total").asLong()).isEqualTo(4);
        en.get("hits").forEach(h -> assertThat(h.get("time").asText()).startsWith("2026-10-02"));
        audit.search(null, null, null, null, "u-1", null, null, null, 50, true);
        assertThat(out.takeJson().get("total").asLong()).isEqualTo(13);
        audit.search(null, null, null, null, null, sha("clip7"), null, null, 50, true);
        JsonNode byHash = out.takeJson();
        String id7 = byHash.get("hits").get(0).get("id").asText();
        audit.search(null, null, null, null, null, null, String.format("%016x", 0xBEEF0000L + 7), null, 50, true);
        assertThat(out.takeJson().get("hits").get(0).get("id").asText()).isEqualTo(id7);

        audit.show(id7, true);
        JsonNode shown = out.takeJson();
        assertThat(shown.get("record").get("prompt").asText()).contains("panda skiing");
        assertThat(shown.get("record").get("model").get("filingNumber").asText()).isEqualTo(NUMBER);
        assertThat(shown.get("personalData").asText()).isEqualTo("AVAILABLE");

        audit.prove(id7, true);
        String proofJson = out.take();
        JsonNode proof = dev.hallmark.cli.Output.json().readTree(proofJson);
        List<String> keys = new ArrayList<>();
        proof.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("schema", "leaf", "leafIndex", "treeSize", "inclusionPath", "checkpoint");
        assertThat(proof.get("schema").asText()).isEqualTo("hallmark.proof/1");
        audit.checkpoint(true);
        JsonNode cp = out.takeJson();
        assertThat(cp.get("note").asText()).startsWith(cp.get("origin").asText() + "\n");
        var key = ProofVerifier.key(cp.get("origin").asText(), cp.get("publicKey").asText());
        assertThat(ProofVerifier.verify(InclusionProof.fromJson(proofJson), key).valid()).isTrue();

        audit.consistency(10, true);
        JsonNode cons = out.takeJson();
        assertThat(cons.get("fromSize").asLong()).isEqualTo(10);
        assertThat(cons.get("toSize").asLong()).isEqualTo(41);

        audit.erase(id7, "request-1", true);
        assertThat(out.takeJson().get("outcome").asText()).isEqualTo("SHREDDED");
        audit.show(id7, true);
        JsonNode erased = out.takeJson();
        assertThat(erased.get("personalData").asText()).isEqualTo("SHREDDED");
        assertThat(erased.get("record").has("prompt")).isFalse();
        audit.search("number 7", null, null, null, null, null, null, null, 50, true);
        assertThat(out.takeJson().get("total").asLong()).isZero();

        audit.retention("2027-01-01", true);
        JsonNode ret = out.takeJson();
        assertThat(ret.get("shredded")).hasSize(39);
        assertThat(ret.get("alreadyShredded").asLong()).isEqualTo(1);

        Path exportDir = tmp.resolve("export");
        audit.export("2026-10-01", "2026-10-01", exportDir.toString(), true);
        JsonNode ex = out.takeJson();
        assertThat(ex.get("records").asLong()).isEqualTo(8);
        for (String line : Files.readAllLines(exportDir.resolve("SHA256SUMS"))) {
            String[] p = line.split("  ");
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(exportDir.resolve(p[1])))))
                    .as(p[1]).isEqualTo(p[0]);
        }
        for (String line : Files.readAllLines(exportDir.resolve("proofs.jsonl"))) {
            assertThat(ProofVerifier.verify(InclusionProof.fromJson(line), key).valid()).isTrue();
        }

        audit.verify(true);
        JsonNode ok = out.takeJson();
        assertThat(ok.get("ok").asBoolean()).as(ok.toString()).isTrue();
        assertThat(out.outcome()).isEqualTo(ExitCode.OK);

        // damage one byte of the first imported filing (seq 1): verify exits 1 naming the file and the record
        audit.search(null, null, null, null, null, sha("clip0"), null, null, 50, true);
        JsonNode first = out.takeJson().get("hits").get(0);
        assertThat(first.get("seq").asLong()).isEqualTo(1);
        Path seg;
        try (Stream<Path> s = Files.list(tmp.resolve("home/registry/journal"))) {
            seg = s.sorted().findFirst().orElseThrow();
        }
        long recordOneOffset;
        try (RandomAccessFile raf = new RandomAccessFile(seg.toFile(), "rw")) {
            raf.seek(32);
            recordOneOffset = 32 + 16 + raf.readInt();
            raf.seek(recordOneOffset + 16 + 20);
            int b = raf.read();
            raf.seek(recordOneOffset + 16 + 20);
            raf.write(b ^ 0x04);
        }
        audit.verify(false);
        String report = out.stdout();
        assertThat(out.outcome()).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(report).contains(seg.toString()).contains("record seq 1 at offset " + recordOneOffset).contains("CRC32C");
        out.clear();
        // reading the damaged record is refused as damage (exit 1), never served
        assertThatThrownBy(() -> audit.show(first.get("id").asText(), false)).isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(new RegistryErrors().translate(e).orElseThrow().exitCode()).isEqualTo(ExitCode.CHECK_FAILED));
    }

    @Test
    void invalidImportNamesTheLinesAndFilesNothing() throws Exception {
        HallmarkHome home = new HallmarkHome(tmp.resolve("home"));
        CapturingOutput out = new CapturingOutput();
        AuditCommands audit = new AuditCommands(home, out);
        Path f = tmp.resolve("bad.jsonl");
        Files.writeString(f, "{\"time\":\"2026-01-01T00:00:00Z\",\"actor\":\"u\",\"jurisdictions\":[\"CN\"],"
                + "\"model\":{\"name\":\"m\",\"version\":\"1\"},\"contentSha256\":\"" + sha("x") + "\"}\nnot json\n");
        assertThatThrownBy(() -> audit.importJsonl(f.toString(), false))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("line 2")
                .satisfies(e -> assertThat(new RegistryErrors().translate(e).orElseThrow().exitCode()).isEqualTo(ExitCode.BAD_INPUT));
        audit.checkpoint(true);
        assertThat(out.takeJson().get("treeSize").asLong()).isZero();
        assertThatThrownBy(() -> audit.show("01ARZ3NDEKTSV4RRFFQ69G5FAV", false)).isInstanceOf(CliException.class);
    }
}
