package dev.hallmark.generator;

import java.util.Objects;

/**
 * How to run a bundle.
 *
 * @param engine which DJL engine runs the components
 * @param forceCpu stay on the CPU even when the engine sees a GPU
 */
public record GeneratorOptions(Engine engine, boolean forceCpu) {
    /** Engine choice. AUTO: ONNX Runtime when the component has an ONNX file, else PyTorch (TorchScript). */
    public enum Engine {
        AUTO, ONNX_RUNTIME, PYTORCH
    }

    public GeneratorOptions {
        Objects.requireNonNull(engine, "engine");
    }

    public static GeneratorOptions defaults() {
        return new GeneratorOptions(Engine.AUTO, false);
    }

    public GeneratorOptions withEngine(Engine e) {
        return new GeneratorOptions(e, forceCpu);
    }
}
