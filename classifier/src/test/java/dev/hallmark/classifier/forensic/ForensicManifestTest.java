package dev.hallmark.classifier.forensic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.classifier.ClassifierException;
import dev.hallmark.classifier.ClassifierException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForensicManifestTest {
    private static final Path FILE = Path.of("forensic.json");
    private static final String GOOD = """
            {"format": "hallmark.forensic-model", "formatVersion": 1, "name": "m", "version": "1",
             "model": "model.onnx", "sha256": "%s",
             "input": {"colour": "rgb", "patch": 96, "frameShortSide": 160, "maxAspect": 4.0,
                       "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25]},
             "output": "logit", "sampling": {"maxFrames": 16, "minFrames": 6, "windows": 8},
             "threshold": 0.75, "calibration": {"anything": "ignored"}}
            """.formatted("ab".repeat(32));

    private static ForensicManifest parse(String json) throws ClassifierException {
        return ForensicManifest.parse(json.getBytes(StandardCharsets.UTF_8), FILE);
    }

    @Test
    void parsesAValidManifest() throws Exception {
        ForensicManifest m = parse(GOOD);
        assertThat(m.name()).isEqualTo("m");
        assertThat(m.channels()).isEqualTo(3);
        assertThat(m.patch()).isEqualTo(96);
        assertThat(m.frameShortSide()).isEqualTo(160);
        assertThat(m.mean()).containsExactly(0.5, 0.5, 0.5);
        assertThat(m.threshold()).isEqualTo(0.75);
        assertThat(m.sha256()).isEqualTo("ab".repeat(32));
        assertThat(m.output()).isEqualTo("logit");
        assertThat(m.maxFrames()).isEqualTo(16);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "wrong format|\"hallmark.forensic-model\"|\"other\"",
        "future version|\"formatVersion\": 1|\"formatVersion\": 2",
        "path in model name|\"model.onnx\"|\"../model.onnx\"",
        "absolute model name|\"model.onnx\"|\"/etc/passwd\"",
        "short digest|\"sha256\": \"abab|\"sha256\": \"",
        "unknown colour|\"rgb\"|\"cmyk\"",
        "patch too large|\"patch\": 96|\"patch\": 4096",
        "patch over short side|\"frameShortSide\": 160|\"frameShortSide\": 64",
        "mean of wrong length|\"mean\": [0.5, 0.5, 0.5]|\"mean\": [0.5]",
        "zero std|\"std\": [0.25, 0.25, 0.25]|\"std\": [0.25, 0, 0.25]",
        "unknown output|\"output\": \"logit\"|\"output\": \"softmax\"",
        "too many frames|\"maxFrames\": 16|\"maxFrames\": 100000",
        "min over max frames|\"minFrames\": 6|\"minFrames\": 17",
        "threshold above 1|\"threshold\": 0.75|\"threshold\": 1.5",
        "threshold as text|\"threshold\": 0.75|\"threshold\": \"0.75\"",
        "missing input|\"input\"|\"inputs\"",
        "fractional patch|\"patch\": 96|\"patch\": 96.5"})
    void rejectsBadManifests(String why, String from, String to) {
        String json = GOOD.replace(from, to);
        assertThat(json).as(why).isNotEqualTo(GOOD);
        assertThatThrownBy(() -> parse(json)).as(why).isInstanceOf(ClassifierException.class)
                .satisfies(e -> assertThat(((ClassifierException) e).reason()).isEqualTo(Reason.BAD_MANIFEST))
                .hasMessageStartingWith("forensic.json: ");
    }

    @Test
    void rejectsNonJsonDeepNestingAndHugeManifests() {
        for (String json : new String[] {"", "not json", "[1, 2]", "{\"format\": ", GOOD + "}",
            "{\"a\":".repeat(40) + "1" + "}".repeat(40), GOOD.replace("\"m\"", "\"" + "x".repeat(70_000) + "\"")}) {
            assertThatThrownBy(() -> parse(json)).isInstanceOf(ClassifierException.class)
                    .satisfies(e -> assertThat(((ClassifierException) e).reason()).isEqualTo(Reason.BAD_MANIFEST));
        }
    }
}
