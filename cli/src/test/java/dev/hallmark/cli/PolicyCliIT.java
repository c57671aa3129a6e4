package dev.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hallmark policy ...} through the packaged jar: exit codes, exact JSON, one-line errors. */
class PolicyCliIT {
    @TempDir
    static Path tmp;
    static CliRunner cli;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void setUp() {
        cli = new CliRunner(tmp.resolve("home"));
    }

    @Test
    void checkExitsZeroOnAllowAndOneOnBlockOrNeedsConsent() throws Exception {
        CliRunner.Run allow = cli.run("policy", "check", "--prompt", "一隻可愛的貓，電話 138 1234 5678", "--jurisdiction", "cn,eu,us-ca",
                "--date", "2026-09-01", "--json");
        assertThat(allow.exit()).as(allow.err()).isZero();
        JsonNode a = JSON.readTree(allow.out());
        assertThat(a.fieldNames()).toIterable().containsExactly("schema", "decision", "rules", "redactions", "redactedPrompt");
        assertThat(a.get("schema").asText()).isEqualTo("hallmark.policy-decision/1");
        assertThat(a.get("decision").asText()).isEqualTo("allow");
        assertThat(a.at("/redactions/0/kind").asText()).isEqualTo("phone");
        assertThat(a.get("redactedPrompt").asText()).isEqualTo("一隻可愛的貓，電話 [REDACTED:phone]");

        CliRunner.Run block = cli.run("policy", "check", "--prompt", "ｈｏｗ ｔｏ ｍａｋｅ ａ ｐｉｐｅ ｂｏｍｂ", "--json");
        assertThat(block.exit()).as(block.err()).isEqualTo(1);
        JsonNode b = JSON.readTree(block.out());
        assertThat(b.get("decision").asText()).isEqualTo("block");
        assertThat(b.at("/rules/0/id").asText()).startsWith("starter.weapons.");
        assertThat(b.at("/rules/0/source").asText()).contains("A.1.f/weapons");

        CliRunner.Run person = cli.run("policy", "check", "--prompt", "Taylor Swift singing in the rain", "--jurisdiction", "us-ca",
                "--date", "2026-09-01", "--json");
        assertThat(person.exit()).isEqualTo(1);
        assertThat(JSON.readTree(person.out()).get("decision").asText()).isEqualTo("needs-consent");
        CliRunner.Run consented = cli.run("policy", "check", "--prompt", "Taylor Swift singing in the rain", "--jurisdiction",
                "us-ca", "--date", "2026-09-01", "--consent", "C-2026-17");
        assertThat(consented.exit()).as(consented.err()).isZero();
        assertThat(consented.out()).startsWith("allow");
    }

    @Test
    void showAndValidate() throws Exception {
        CliRunner.Run show = cli.run("policy", "show", "--jurisdiction", "eu", "--date", "2026-08-02", "--json");
        assertThat(show.exit()).as(show.err()).isZero();
        JsonNode s = JSON.readTree(show.out());
        assertThat(s.at("/c2pa/value").asText()).isEqualTo("required");
        assertThat(s.at("/watermark/rules/0").asText()).isEqualTo("eu.watermark");

        Path bad = Files.writeString(tmp.resolve("pack.json"), "{\"format\":\"hallmark.policy-pack\",\"formatVersion\":7}");
        CliRunner.Run v = cli.run("policy", "validate", bad.toString());
        assertThat(v.exit()).isEqualTo(3);
        assertThat(v.out()).contains("pack.json: INVALID (unsupported format", "/formatVersion: version 7 is not supported");
        assertThat(v.err()).doesNotContain("Exception");
    }

    @Test
    void badOptionsExitTwoWithOneLine() throws Exception {
        CliRunner.Run j = cli.run("policy", "show", "--jurisdiction", "cn,atlantis");
        assertThat(j.exit()).isEqualTo(2);
        assertThat(j.err().strip().lines().count()).as(j.err()).isEqualTo(1);
        assertThat(j.err()).contains("atlantis", "known: cn, eu, us-ca, none");
        CliRunner.Run d = cli.run("policy", "check", "--prompt", "cat", "--date", "yesterday");
        assertThat(d.exit()).isEqualTo(2);
        assertThat(d.err()).contains("--date must be a date YYYY-MM-DD");
        CliRunner.Run lib = cli.run("policy", "check", "--prompt", "cat", "--library", tmp.resolve("missing.tsv").toString());
        assertThat(lib.exit()).isEqualTo(3);
        assertThat(lib.err()).contains("missing.tsv: no such file").doesNotContain("\tat ");
    }
}
