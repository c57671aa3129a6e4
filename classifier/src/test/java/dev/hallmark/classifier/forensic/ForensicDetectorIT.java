package dev.hallmark.classifier.forensic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hallmark.classifier.ClassifierException;
import dev.hallmark.classifier.ClassifierException.Reason;
import dev.hallmark.classifier.Evidence;
import dev.hallmark.classifier.Outcome;
import dev.hallmark.media.testing.TestClips;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in detector, user model folders and failure modes, on real FFmpeg and ONNX Runtime. */
class ForensicDetectorIT {
    /**
     * Required distance, in logits, between a clip's score and the threshold on the right side of it: a margin
     * so that the test fails when the model drifts towards its decision boundary on these clips.
     */
    private static final double MARGIN_LOGIT = 0.5;

    private static ForensicDetector builtIn;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws Exception {
        builtIn = ForensicDetector.builtIn();
    }

    @AfterAll
    static void close() {
        builtIn.close();
    }

    @Test
    void builtInModelMatchesItsPyTorchReference() throws Exception {
        assertMatchesReference(builtIn, "/models/hallmark-forensic/reference.json");
        assertThat(builtIn.modelName()).isEqualTo("hallmark-forensic 1.0.0");
        assertThat(builtIn.manifest().threshold()).isBetween(0.0, 1.0);
    }

    @Test
    void scoresAreDeterministic() throws Exception {
        Path clip = TestClips.fixture("video/vtest.avi");
        ForensicResult a = builtIn.score(clip);
        ForensicResult b = builtIn.score(clip);
        try (ForensicDetector other = ForensicDetector.builtIn()) {
            ForensicResult c = other.score(clip);
            assertThat(c).isEqualTo(a);
        }
        assertThat(b).isEqualTo(a);
        assertThat(a.framesUsed()).isBetween(builtIn.manifest().minFrames(), builtIn.manifest().maxFrames());
        assertThat(a.windows()).isNotEmpty().hasSizeLessThanOrEqualTo(builtIn.manifest().windows());
        assertThat(a.windows().stream().mapToInt(ForensicResult.Window::frames).sum()).isEqualTo(a.framesUsed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"video/vtest.avi", "video/tree.avi", "video/Megamind.avi"})
    void realFootageAndAnimationScoreBelowThreshold(String fixture) throws Exception {
        ForensicResult r = builtIn.score(TestClips.fixture(fixture));
        assertThat(logit(r.score())).as("%s scored %.4f, threshold %.4f", fixture, r.score(), r.threshold())
                .isLessThan(logit(r.threshold()) - MARGIN_LOGIT);
        Evidence e = builtIn.evidence(TestClips.fixture(fixture));
        assertThat(e.check()).isEqualTo("forensic");
        assertThat(e.outcome()).isEqualTo(Outcome.ABSENT);
        assertThat(e.code()).isEqualTo("forensic.below-threshold");
        assertThat(e.data()).containsKeys("score", "threshold", "model", "framesUsed");
    }

    /** Raw clips of our generators with prompts and seeds never used in training (README in the folder). */
    @ParameterizedTest
    @ValueSource(strings = {"scene-heldout-000.mp4", "scene-heldout-001.mp4", "t2v-heldout-000.mp4",
        "t2v-heldout-001.mp4"})
    void generatedClipsScoreAboveThreshold(String name) throws Exception {
        Path clip = resource("/forensic/clips/" + name);
        ForensicResult r = builtIn.score(clip);
        assertThat(logit(r.score())).as("%s scored %.4f, threshold %.4f", name, r.score(), r.threshold())
                .isGreaterThan(logit(r.threshold()) + MARGIN_LOGIT);
        Evidence e = r.toEvidence();
        assertThat(e.outcome()).isEqualTo(Outcome.PASS);
        assertThat(e.code()).isEqualTo("forensic.suspected");
        assertThat(e.data().get("model")).isEqualTo("hallmark-forensic 1.0.0");
        assertThat(e.data().get("framesUsed")).isEqualTo(r.framesUsed());
        assertThat((double) e.data().get("score")).isCloseTo(r.score(), within(1e-5));
    }

    @Test
    void userModelFolderIsHonoured() throws Exception {
        Path dir = copyUserModel();
        try (ForensicDetector d = ForensicDetector.fromModelDir(dir)) {
            assertThat(d.modelName()).isEqualTo("test-luma 0.1");
            assertThat(d.manifest().channels()).isEqualTo(1);
            assertMatchesReference(d, "/forensic/user-model/reference.json");
            ForensicResult r = d.score(TestClips.fixture("video/vtest.avi"));
            assertThat(r.model()).isEqualTo("test-luma 0.1");
            assertThat(r.threshold()).isEqualTo(0.5);
            assertThat(r.framesUsed()).isBetween(2, 4);
            // 768x576 -> 86x64 canonical frames -> 3 x 2 patches of 32x32
            assertThat(r.patchesUsed()).isEqualTo(r.framesUsed() * 6);
            assertThat(r.windows()).hasSizeLessThanOrEqualTo(2);
            assertThat(d.score(TestClips.fixture("video/vtest.avi"))).isEqualTo(r);
            Evidence e = d.evidence(TestClips.fixture("video/vtest.avi"));
            assertThat(e.outcome()).isIn(Outcome.PASS, Outcome.ABSENT);
            assertThat(e.data().get("model")).isEqualTo("test-luma 0.1");
        }
    }

    @Test
    void shortClipWithOneKeyframeIsSampledAcrossTheStream() throws Exception {
        Path clip = TestClips.synthetic(tmp.resolve("short.mp4"), 320, 240, 48, dev.hallmark.media.FrameRate.of(24),
                true);
        ForensicResult r = builtIn.score(clip);
        assertThat(r.keyframesOnly()).isFalse();
        assertThat(r.framesUsed()).isGreaterThanOrEqualTo(builtIn.manifest().minFrames());
    }

    @Test
    void flippedBitsInTheGraphAreCaught() throws Exception {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        for (int trial = 0; trial < 5; trial++) {
            Path dir = copyUserModel();
            Path graph = dir.resolve("model.onnx");
            byte[] b = Files.readAllBytes(graph);
            int at = rnd.nextInt(b.length);
            b[at] ^= (byte) (1 << rnd.nextInt(8));
            Files.write(graph, b);
            assertThatThrownBy(() -> ForensicDetector.fromModelDir(dir)).as("seed %d byte %d", seed, at)
                    .isInstanceOf(ClassifierException.class)
                    .satisfies(e -> assertThat(((ClassifierException) e).reason()).isEqualTo(Reason.DIGEST_MISMATCH));
        }
    }

    @Test
    void truncatedGraphIsCaught() throws Exception {
        Path dir = copyUserModel();
        Path graph = dir.resolve("model.onnx");
        byte[] b = Files.readAllBytes(graph);
        Files.write(graph, java.util.Arrays.copyOf(b, b.length / 2));
        assertReason(dir, Reason.DIGEST_MISMATCH);
    }

    @Test
    void graphThatIsNotOnnxIsRefusedByTheEngine() throws Exception {
        Path dir = copyUserModel();
        byte[] junk = "this is not an ONNX graph".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("model.onnx"), junk);
        rewriteManifest(dir, "\"sha256\": \"[0-9a-f]{64}\"", "\"sha256\": \"" + sha256(junk) + "\"");
        assertReason(dir, Reason.MODEL_CORRUPT);
    }

    @Test
    void graphWithTheWrongInputShapeIsRefused() throws Exception {
        Path dir = copyUserModel();
        rewriteManifest(dir, "\"patch\": 32", "\"patch\": 40");
        assertReason(dir, Reason.MODEL_CORRUPT);
    }

    @Test
    void brokenOrMissingFoldersGiveTypedErrors() throws Exception {
        assertReason(tmp.resolve("absent"), Reason.MODEL_NOT_FOUND);
        Path dir = copyUserModel();
        Files.delete(dir.resolve("model.onnx"));
        assertReason(dir, Reason.MODEL_NOT_FOUND);
        Path dir2 = copyUserModel();
        Files.writeString(dir2.resolve("forensic.json"), "{\"format\": \"hallmark.forensic-model\",");
        assertReason(dir2, Reason.BAD_MANIFEST);
        Path dir3 = copyUserModel();
        Files.delete(dir3.resolve("forensic.json"));
        assertReason(dir3, Reason.BAD_MANIFEST);
        Path dir4 = copyUserModel();
        rewriteManifest(dir4, "\"formatVersion\": 1", "\"formatVersion\": 9");
        assertThatThrownBy(() -> ForensicDetector.fromModelDir(dir4)).hasMessageContaining("formatVersion 9");
    }

    @Test
    void unreadableVideosGiveTypedErrorsAndErrorEvidence() throws Exception {
        Path missing = tmp.resolve("missing.mp4");
        assertVideoReason(missing, Reason.UNREADABLE);
        Path empty = Files.createFile(tmp.resolve("empty.mp4"));
        assertVideoReason(empty, Reason.UNREADABLE);
        Path junk = tmp.resolve("junk.mp4");
        Files.write(junk, new byte[] {0, 0, 0, 12, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 1, 2, 3});
        assertThatThrownBy(() -> builtIn.score(junk)).isInstanceOf(ClassifierException.class)
                .satisfies(e -> assertThat(((ClassifierException) e).reason())
                        .isIn(Reason.CORRUPT, Reason.UNSUPPORTED, Reason.LIMIT_EXCEEDED));
        assertVideoReason(TestClips.fixture("hostile/nested_moov_1000.mp4"), Reason.LIMIT_EXCEEDED);
        Path text = tmp.resolve("notes.bin");
        Files.write(text, new byte[4096]);
        assertThatThrownBy(() -> builtIn.score(text)).isInstanceOf(ClassifierException.class);

        Evidence e = builtIn.evidence(missing);
        assertThat(e.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(e.code()).isEqualTo("forensic.error");
        assertThat(e.detail()).contains("missing.mp4");
        assertThat(ForensicDetector.check(missing).outcome()).isEqualTo(Outcome.ERROR);
    }

    @Test
    void closedDetectorRefusesWork() throws Exception {
        ForensicDetector d = ForensicDetector.fromModelDir(copyUserModel());
        d.close();
        d.close();
        assertVideoReason(d, TestClips.fixture("video/tree.avi"), Reason.CLOSED);
        assertThat(d.evidence(TestClips.fixture("video/tree.avi")).outcome()).isEqualTo(Outcome.ERROR);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static double logit(double p) {
        double q = Math.min(1 - 1e-9, Math.max(1e-9, p));
        return Math.log(q / (1 - q));
    }

    private static void assertMatchesReference(ForensicDetector d, String resource) throws Exception {
        JsonNode ref;
        try (InputStream in = ForensicDetectorIT.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            ref = new ObjectMapper().readTree(in);
        }
        int n = ref.get("shape").get(0).asInt();
        int size = 1;
        for (JsonNode s : ref.get("shape")) {
            size *= s.asInt();
        }
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (Math.sin(0.37 * i) * 1.5);
        }
        float[] y = d.run(x, n, Path.of(resource));
        for (int i = 0; i < n; i++) {
            assertThat((double) y[i]).as("output %d", i).isCloseTo(ref.get("output").get(i).asDouble(), within(2e-4));
        }
    }

    private Path copyUserModel() throws IOException {
        Path dir = Files.createTempDirectory(tmp, "user-model");
        for (String f : List.of("forensic.json", "model.onnx")) {
            try (InputStream in = getClass().getResourceAsStream("/forensic/user-model/" + f)) {
                Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    private Path resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            Path out = tmp.resolve(Path.of(name).getFileName().toString());
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        }
    }

    private static void rewriteManifest(Path dir, String regex, String replacement) throws IOException {
        Path mf = dir.resolve("forensic.json");
        String before = Files.readString(mf);
        String after = before.replaceFirst(regex, replacement);
        assertThat(after).isNotEqualTo(before);
        Files.writeString(mf, after);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static void assertReason(Path dir, Reason reason) {
        assertThatThrownBy(() -> ForensicDetector.fromModelDir(dir)).isInstanceOf(ClassifierException.class)
                .satisfies(e -> assertThat(((ClassifierException) e).reason()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static void assertVideoReason(Path video, Reason reason) {
        assertVideoReason(builtIn, video, reason);
    }

    private static void assertVideoReason(ForensicDetector d, Path video, Reason reason) {
        assertThatThrownBy(() -> d.score(video)).isInstanceOf(ClassifierException.class)
                .satisfies(e -> assertThat(((ClassifierException) e).reason()).isEqualTo(reason))
                .satisfies(e -> assertThat(((ClassifierException) e).file()).isEqualTo(video));
    }
}
