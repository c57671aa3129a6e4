package dev.hallmark.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hallmark.cli.CliRunner;
import dev.hallmark.media.VideoReader;
import dev.hallmark.provenance.testing.C2paNode;
import dev.hallmark.watermark.eval.AttackSuite;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job as a user runs it through the packaged jar: {@code generate} with the default model, then every check
 * of issue 7 on the result (c2pa-rs says Trusted with our anchor, the AIGC tag is in the container, the watermark
 * decodes to the filing id, {@code audit search} finds the filing by content hash, {@code verify} says AI_GENERATED),
 * then the platform abuse chain of issue 8 (labels stripped, re-encoded, cropped, resized) and {@code verify} again:
 * the watermark must still say AI_GENERATED and name the clip's filing.
 */
class GenerateVerifyCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path home;

    private CliRunner cli() {
        return new CliRunner(home.resolve("state"));
    }

    @Test
    void generatedClipPassesEveryCheckAndSurvivesTheAbuseChain() throws Exception {
        Path clip = home.resolve("clip.mp4");
        CliRunner.Run gen = cli().run("generate", "--prompt", "a red circle bouncing on a navy background", "--out",
                clip.toString(), "--json");
        assertThat(gen.exit()).as(gen.err()).isZero();
        JsonNode g = JSON.readTree(gen.out());
        assertThat(g.get("schema").asText()).isEqualTo("hallmark.generation/1");
        String filingId = g.get("filingId").asText();
        String payload = g.get("watermarkPayload").asText();
        String sha = g.get("contentSha256").asText();
        assertThat(clip).exists();

        try (VideoReader r = VideoReader.open(clip)) {
            assertThat(r.info().durationMicros()).isGreaterThanOrEqualTo(3_900_000L);
            assertThat(r.info().metadata()).containsKey("AIGC"); // what ffprobe shows as the format tag
        }

        CliRunner.Run inspect = cli().run("inspect", clip.toString(), "--json");
        assertThat(inspect.exit()).as(inspect.err()).isZero();
        JsonNode ins = JSON.readTree(inspect.out());
        assertThat(ins.get("aigcLabelCount").asInt()).as(inspect.out()).isEqualTo(1);
        assertThat(ins.get("c2paManifestPresent").asBoolean()).isTrue();
        assertThat(ins.get("visibleLabel").isNull()).isFalse();

        CliRunner.Run wm = cli().run("watermark", "detect", clip.toString(), "--json");
        assertThat(wm.exit()).as(wm.err()).isZero();
        assertThat(JSON.readTree(wm.out()).get("payload").asText()).isEqualTo(payload);

        CliRunner.Run search = cli().run("audit", "search", "--content-hash", sha, "--json");
        assertThat(search.exit()).as(search.err()).isZero();
        JsonNode hits = JSON.readTree(search.out()).get("hits");
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).get("id").asText()).isEqualTo(filingId);

        CliRunner.Run verify = cli().run("verify", clip.toString(), "--json");
        assertThat(verify.exit()).as(verify.err()).isZero();
        JsonNode v = JSON.readTree(verify.out());
        assertThat(v.get("verdict").asText()).as(verify.out()).isEqualTo("AI_GENERATED");
        assertThat(v.get("tampering")).as(verify.out()).isEmpty();

        C2paNode node = C2paNode.require();
        JsonNode rs = node.read(clip, home.resolve("state/keys/trust-anchor.pem"));
        assertThat(rs.path("state").asText()).as(rs.toString()).isEqualTo("Trusted");

        // the platform abuse chain: every label and the C2PA manifest stripped, re-encoded, cropped, resized
        Path abused = home.resolve("abused.mp4");
        AttackSuite.platformReupload().apply(clip, abused);
        try (VideoReader r = VideoReader.open(abused)) {
            assertThat(r.info().metadata()).doesNotContainKey("AIGC");
            assertThat(r.info().height()).isEqualTo(720);
        }
        CliRunner.Run after = cli().run("verify", abused.toString(), "--json");
        assertThat(after.exit()).as(after.err()).isZero();
        JsonNode a = JSON.readTree(after.out());
        // issue 8: still AI_GENERATED, through the watermark, which names this clip's filing
        assertThat(a.get("verdict").asText()).as(after.out()).isEqualTo("AI_GENERATED");
        assertThat(a.get("reliedOn").toString()).as(after.out()).contains("watermark");
        assertThat(a.path("filing").path("id").asText()).as(after.out()).isEqualTo(filingId);
    }
}
