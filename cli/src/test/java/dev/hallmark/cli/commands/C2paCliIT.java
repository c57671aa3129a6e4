package dev.hallmark.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hallmark keys ...}, {@code sign} and {@code c2pa verify} end to end through the packaged CLI jar: outputs,
 * exit codes (0 Trusted/Valid/Absent, 1 Invalid, 3 unreadable or hostile), JSON schema, keys created on first use,
 * no private material on stdout/stderr.
 */
class C2paCliIT {
    @TempDir
    static Path home;
    static Path jar;
    static final ObjectMapper JSON = new ObjectMapper();

    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    static void findJar() {
        jar = Path.of(System.getProperty("user.dir")).resolve("target/hallmark.jar");
        assertThat(jar).as("packaged CLI (failsafe runs after package)").exists();
    }

    /** The C2PA fixtures kept in the provenance module's test resources. */
    static Path fixture(String name) {
        Path p = Path.of(System.getProperty("user.dir")).resolve("../provenance/src/test/resources/c2pa/" + name)
                .normalize();
        assertThat(p).exists();
        return p;
    }

    static Run hallmark(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HALLMARK_HOME", home.toString());
        pb.environment().remove("HALLMARK_KEY_PASSPHRASE");
        pb.environment().remove("HALLMARK_TSA_URL");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void signCreatesKeysOnFirstUseAndVerifyTrustsThem() throws Exception {
        Path out = home.resolve("signed.mp4");
        Run sign = hallmark(Map.of(), "sign", "--in", fixture("signed-by-c2pa-rs/moov_end.mp4").toString(), "--out",
                out.toString(), "--source-type", "algorithmic", "--title", "My clip", "--json");
        assertThat(sign.code()).as(sign.err()).isZero();
        assertThat(sign.err()).contains("created C2PA signing keys").contains("passphrase generated into");
        assertThat(sign.json().path("schema").asText()).isEqualTo("hallmark.sign/1");
        assertThat(sign.json().path("keysCreated").asBoolean()).isTrue();

        Run verify = hallmark(Map.of(), "c2pa", "verify", out.toString(), "--json");
        assertThat(verify.code()).as(verify.err()).isZero();
        JsonNode j = verify.json();
        assertThat(j.path("schema").asText()).isEqualTo("hallmark.c2pa/1");
        assertThat(j.path("state").asText()).isEqualTo("Trusted");
        assertThat(j.path("failures")).isEmpty();
        assertThat(j.path("claimVersion").asInt()).isEqualTo(2);
        assertThat(j.path("title").asText()).isEqualTo("My clip");
        assertThat(j.path("digitalSourceType").asText())
                .isEqualTo("http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia");
        assertThat(j.path("assertions").toString()).contains("c2pa.hash.bmff.v3", "dev.hallmark.ai-disclosure");
        assertThat(j.path("signer").path("organization").asText()).isEqualTo("Hallmark");

        Run show = hallmark(Map.of(), "keys", "show", "--json");
        assertThat(show.code()).isZero();
        assertThat(show.json().path("passphrase").asText()).isEqualTo("generated-file");
        String secret = Files.readString(home.resolve("keys/passphrase")).strip();
        for (Run r : List.of(sign, verify, show)) {
            assertThat(r.out() + r.err()).doesNotContain(secret).doesNotContain("PRIVATE KEY");
        }
    }

    @Test
    void exitCodesFollowTheVerdict() throws Exception {
        String trust = fixture("trust/c2pa-rs_test_cert_root_bundle.pem").toString();
        Run tampered = hallmark(Map.of(), "c2pa", "verify", fixture("signed-by-c2pa-rs/tampered_mdat.mp4").toString(),
                "--trust", trust, "--json");
        assertThat(tampered.code()).isEqualTo(1);
        assertThat(tampered.json().path("state").asText()).isEqualTo("Invalid");
        assertThat(tampered.json().path("failures").get(0).path("code").asText()).isEqualTo("assertion.bmffHash.mismatch");

        Run absent = hallmark(Map.of(), "c2pa", "verify", fixture("c2pa-rs/c.mov").toString(), "--json");
        assertThat(absent.code()).isZero();
        assertThat(absent.json().path("state").asText()).isEqualTo("Absent");

        Run hostile = hallmark(Map.of(), "c2pa", "verify", fixture("c2pa-rs/nested_moov_1000.mp4").toString());
        assertThat(hostile.code()).isEqualTo(3);
        assertThat(hostile.err()).contains("nested deeper").doesNotContain("at dev.hallmark");

        Run dash = hallmark(Map.of(), "c2pa", "verify", fixture("c2pa-rs/dashinit.mp4").toString(),
                fixture("c2pa-rs/dash1.m4s").toString(), "--trust", trust + "," + fixture("trust/generated_test_root_ca.pem"));
        assertThat(dash.code()).as(dash.err()).isZero();
        assertThat(dash.out()).contains("Valid");

        Run missing = hallmark(Map.of(), "c2pa", "verify", home.resolve("nope.mp4").toString());
        assertThat(missing.code()).isEqualTo(3);
    }

    @Test
    void keysInitWithAnEnvironmentPassphraseAndImport() throws Exception {
        Path other = home.resolve("other-home");
        Files.createDirectories(other);
        Map<String, String> env = Map.of("HALLMARK_HOME", other.toString(), "HALLMARK_KEY_PASSPHRASE", "from env 123");
        Run init = hallmark(env, "keys", "init", "--org", "Example Studio");
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(init.out()).contains("O=Example Studio").contains("from HALLMARK_KEY_PASSPHRASE");
        assertThat(other.resolve("keys/passphrase")).doesNotExist();
        Run again = hallmark(env, "keys", "init");
        assertThat(again.code()).isEqualTo(3);
        assertThat(again.err()).contains("--force");
        Run wrong = hallmark(Map.of("HALLMARK_HOME", other.toString(), "HALLMARK_KEY_PASSPHRASE", "wrong"), "sign",
                "--in", fixture("signed-by-c2pa-rs/faststart.mp4").toString(), "--out", other.resolve("x.mp4").toString());
        assertThat(wrong.code()).isEqualTo(3);
        assertThat(wrong.err()).contains("passphrase");

        Run imp = hallmark(env, "keys", "import", "--chain", fixture("trust/c2pa-rs_es256_chain.pem").toString(), "--key",
                fixture("trust/c2pa-rs_es256_key_TEST_ONLY.pem").toString(), "--force", "--json");
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(imp.json().path("origin").asText()).isEqualTo("imported");
        Run bad = hallmark(env, "keys", "import", "--chain", fixture("trust/generated_selfsigned_leaf.pem").toString(),
                "--key", fixture("trust/c2pa-rs_es256_key_TEST_ONLY.pem").toString(), "--force");
        assertThat(bad.code()).isEqualTo(3);
    }
}
