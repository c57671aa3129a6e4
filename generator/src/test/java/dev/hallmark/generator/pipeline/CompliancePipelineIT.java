package dev.hallmark.generator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.generator.GeneratorException;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.VideoReader;
import dev.hallmark.provenance.C2paState;
import dev.hallmark.provenance.C2paVerifier;
import dev.hallmark.provenance.Passphrase;
import dev.hallmark.provenance.TrustAnchors;
import dev.hallmark.provenance.aigc.AigcMetadata;
import dev.hallmark.provenance.aigc.ProviderCode;
import dev.hallmark.registry.FilingIds;
import dev.hallmark.registry.FilingSummary;
import dev.hallmark.watermark.DetectOptions;
import dev.hallmark.watermark.WatermarkDetector;
import dev.hallmark.watermark.WatermarkKeyStore;
import dev.hallmark.watermark.WatermarkResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompliancePipelineIT {
    @TempDir
    Path tmp;

    PipelineSettings settings(Path home) {
        return new PipelineSettings(home.resolve("keys"), home.resolve("registry"), home.resolve("config"),
                Passphrase.of("test-passphrase".toCharArray()), ProviderCode.DEMO, "Test provider", "tester", null,
                23, "veryfast");
    }

    GenerateRequest request(String prompt, Path out) {
        return new GenerateRequest(prompt, out, "scene", 4, 640, 480, FrameRate.of(12), 7L, List.of("cn", "eu", "us-ca"),
                null, "user-1");
    }

    @Test
    void generatesAFileThatCarriesEveryLayerAndIsFiled() throws Exception {
        Path home = tmp.resolve("home");
        Path out = tmp.resolve("clip.mp4");
        PipelineResult r;
        try (CompliancePipeline p = CompliancePipeline.open(settings(home))) {
            r = p.generate(request("a red circle bouncing on a blue background", out), ProgressSink.NONE);
            assertThat(p.registry().awaitSearchable(java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(p.registry().find(r.contentSha256())).extracting(FilingSummary::id).containsExactly(r.filingId());
            assertThat(p.registry().findByWatermark(r.watermarkPayload())).extracting(FilingSummary::id)
                    .containsExactly(r.filingId());
        }
        assertThat(out).exists();
        assertThat(CompliancePipeline.sha256(out)).isEqualTo(r.contentSha256());
        assertThat(r.watermarkPayload()).isEqualTo(FilingIds.watermarkPayload(r.filingId()));
        // independent checks of the released file
        var c2pa = new C2paVerifier(TrustAnchors.defaults(home.resolve("keys"), List.of())).verify(out);
        assertThat(c2pa.state()).isEqualTo(C2paState.TRUSTED);
        assertThat(c2pa.digitalSourceType()).endsWith("algorithmicMedia");
        var aigc = AigcMetadata.read(out).single();
        assertThat(aigc.label()).isEqualTo("1");
        assertThat(aigc.produceId()).isEqualTo(r.filingId());
        WatermarkResult wm = WatermarkDetector.create(WatermarkKeyStore.open(home.resolve("keys")).keys(),
                DetectOptions.defaults()).detect(out);
        assertThat(wm.verifiedPayload()).hasValueSatisfying(p -> assertThat(p.hex()).isEqualTo(r.watermarkPayload()));
        try (VideoReader v = VideoReader.open(out)) {
            assertThat(v.info().frameCount()).isEqualTo(48);
            assertThat(v.info().width()).isEqualTo(640);
        }
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".hallmark-"));
        }
    }

    @Test
    void aBlockedPromptIsFiledAndNothingIsWritten() throws Exception {
        Path home = tmp.resolve("home2");
        Path out = tmp.resolve("never.mp4");
        try (CompliancePipeline p = CompliancePipeline.open(settings(home))) {
            long before = p.registry().size();
            assertThatThrownBy(() -> p.generate(request("step by step instructions to build a pipe bomb", out),
                    ProgressSink.NONE)).isInstanceOf(GeneratorException.class)
                    .satisfies(e -> assertThat(((GeneratorException) e).reason())
                            .isEqualTo(GeneratorException.Reason.POLICY_REFUSED));
            assertThat(p.registry().size()).isEqualTo(before + 1);
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void aRegistryFailureLeavesNoOutput() throws Exception {
        Path home = tmp.resolve("home3");
        Path out = tmp.resolve("none.mp4");
        CompliancePipeline p = CompliancePipeline.open(settings(home));
        p.registry().close(); // the registry refuses every filing from now on
        assertThatThrownBy(() -> p.generate(request("a green square moving left", out), ProgressSink.NONE))
                .isInstanceOf(GeneratorException.class);
        assertThat(out).doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".hallmark-"));
        }
    }

    @Test
    void aDamagedSigningKeyFailsBeforeAnythingIsWritten() throws Exception {
        Path home = tmp.resolve("home4");
        try (CompliancePipeline p = CompliancePipeline.open(settings(home))) {
            // keys now exist
        }
        Path key = home.resolve("keys").resolve(dev.hallmark.provenance.C2paKeys.KEY);
        String pem = Files.readString(key);
        int mid = pem.indexOf('\n', pem.length() / 2) + 1;
        char c = pem.charAt(mid);
        Files.writeString(key, pem.substring(0, mid) + (c == 'A' ? 'B' : 'A') + pem.substring(mid + 1));
        Path out = tmp.resolve("no.mp4");
        assertThatThrownBy(() -> {
            try (CompliancePipeline p = CompliancePipeline.open(settings(home))) {
                p.generate(request("a blue triangle", out), ProgressSink.NONE);
            }
        }).isInstanceOf(GeneratorException.class);
        assertThat(out).doesNotExist();
    }

    @Test
    void aDiskFullMidwayLeavesNoOutputAndIsFiled() throws Exception {
        Path home = tmp.resolve("home5");
        Path out = tmp.resolve("half.mp4");
        dev.hallmark.generator.TextToVideoModel failing = new dev.hallmark.generator.TextToVideoModel() {
            @Override
            public dev.hallmark.generator.ModelInfo info() {
                return new dev.hallmark.generator.ModelInfo("full-disk", "1", null,
                        dev.hallmark.generator.DigitalSourceType.ALGORITHMIC_MEDIA, "Apache-2.0", 640, 480, 48,
                        FrameRate.of(12), "test");
            }

            @Override
            public long workUnits(dev.hallmark.generator.GenerationRequest request) {
                return 48;
            }

            @Override
            public <E extends Exception> void generate(dev.hallmark.generator.GenerationRequest request,
                    dev.hallmark.generator.FrameSink<E> sink, java.util.function.LongConsumer progress) throws E {
                dev.hallmark.media.I420Frame f = new dev.hallmark.media.I420Frame(640, 480);
                f.fill(90, 128, 128);
                for (int k = 0; k < 20; k++) {
                    sink.accept(f);
                }
                // what a full disk looks like to a writer halfway through the clip
                throw new java.io.UncheckedIOException(new java.io.IOException("No space left on device"));
            }

            @Override
            public void close() {
            }
        };
        try (CompliancePipeline p = CompliancePipeline.open(settings(home))) {
            long before = p.registry().size();
            assertThatThrownBy(() -> p.generate(request("a red circle bouncing on a blue background", out), failing,
                    ProgressSink.NONE)).isInstanceOf(GeneratorException.class)
                    .hasMessageContaining("No space left on device");
            assertThat(p.registry().size()).as("the failure is filed").isEqualTo(before + 1);
        }
        assertThat(out).doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".hallmark-"));
        }
    }
}
