package dev.hallmark.generator.scene;

import dev.hallmark.generator.DigitalSourceType;
import dev.hallmark.generator.FrameSink;
import dev.hallmark.generator.GenerationRequest;
import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.ModelInfo;
import dev.hallmark.generator.TextToVideoModel;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import java.util.function.LongConsumer;

/**
 * The built-in {@code scene} model: a procedural renderer (no training, no DJL) of the scene vocabulary at any
 * size and rate, deterministic per seed. Declares IPTC {@code algorithmicMedia}.
 */
public final class SceneModel implements TextToVideoModel {
    public static final String NAME = "scene";
    public static final String VERSION = "1.0.0";

    private final ModelInfo info = new ModelInfo(NAME, VERSION, null, DigitalSourceType.ALGORITHMIC_MEDIA,
            "Apache-2.0", 1920, 1080, 0, FrameRate.of(30), "procedural (Java)");

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public long workUnits(GenerationRequest request) {
        return request.frameCount();
    }

    /** The scene a request draws (prompt parsed, gaps filled from the seed). */
    public SceneSpec scene(GenerationRequest request) {
        return ScenePrompt.parse(request.prompt()).resolve(request.seed());
    }

    @Override
    public <E extends Exception> void generate(GenerationRequest req, FrameSink<E> sink, LongConsumer progress)
            throws GeneratorException, E {
        java.util.Objects.requireNonNull(sink, "sink");
        java.util.Objects.requireNonNull(progress, "progress");
        int n = req.frameCount();
        SceneRenderer renderer = new SceneRenderer(scene(req), req.width(), req.height(), n, req.seed());
        I420Frame frame = new I420Frame(req.width(), req.height());
        for (int i = 0; i < n; i++) {
            renderer.render(i, frame);
            frame.setPosition(i, req.fps().timestampMicros(i));
            sink.accept(frame);
            progress.accept(i + 1);
        }
    }

    @Override
    public void close() {
        // nothing to free
    }
}
