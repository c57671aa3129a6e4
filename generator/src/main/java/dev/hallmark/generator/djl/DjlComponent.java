package dev.hallmark.generator.djl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.GeneratorException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One network of a bundle loaded into a DJL engine (ONNX Runtime or PyTorch), run on float/long arrays. Not
 * thread-safe; one call at a time.
 */
public final class DjlComponent implements AutoCloseable {
    /** DJL engine names. */
    public static final String ONNX = "OnnxRuntime";
    public static final String PYTORCH = "PyTorch";

    /** An input or output tensor: exactly one of floats/longs is set. */
    public record Tensor(String name, float[] floats, long[] longs, long[] shape) {
        public static Tensor of(String name, float[] data, long... shape) {
            return new Tensor(name, data, null, shape);
        }

        public static Tensor ofLongs(String name, long[] data, long... shape) {
            return new Tensor(name, null, data, shape);
        }

        public long size() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
    }

    private final String role;
    private final Path file;
    private final String engineName;
    private final Model model;
    private final Predictor<NDList, NDList> predictor;

    private DjlComponent(String role, Path file, String engineName, Model model) {
        this.role = role;
        this.file = file;
        this.engineName = engineName;
        this.model = model;
        this.predictor = model.newPredictor(new NoopTranslator());
    }

    /** True when DJL has this engine on the class path. */
    public static boolean engineAvailable(String engineName) {
        try {
            return Engine.hasEngine(engineName);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * The device to run on: the GPU when the engine was built with CUDA and sees a GPU (unless {@code forceCpu}),
     * else the CPU.
     */
    public static Device device(String engineName, boolean forceCpu) {
        if (forceCpu) {
            return Device.cpu();
        }
        try {
            Engine e = Engine.getEngine(engineName);
            if (e.getGpuCount() > 0 && e.hasCapability(StandardCapabilities.CUDA)) {
                return Device.gpu();
            }
        } catch (RuntimeException | LinkageError e) {
            // no GPU support in this engine build
        }
        return Device.cpu();
    }

    /**
     * Loads a graph from verified bytes.
     *
     * @param file where the bytes came from, for messages
     * @throws GeneratorException {@link Reason#ENGINE_UNAVAILABLE} when the engine is not on the class path,
     *     {@link Reason#COMPONENT_CORRUPT} when the engine refuses the bytes
     */
    public static DjlComponent load(String role, Path file, byte[] bytes, String engineName, Device device)
            throws GeneratorException {
        if (!engineAvailable(engineName)) {
            throw new GeneratorException(Reason.ENGINE_UNAVAILABLE, file, "the " + engineName
                    + " engine is not on the class path");
        }
        Model model;
        try {
            model = Model.newInstance(role, device, engineName);
        } catch (RuntimeException | LinkageError e) {
            throw new GeneratorException(Reason.ENGINE_UNAVAILABLE, file, "cannot start " + engineName + " on "
                    + device + ": " + firstLine(e), e);
        }
        try {
            Map<String, String> options = engineName.equals(ONNX)
                    ? Map.of("interOpNumThreads", "1", "intraOpNumThreads",
                            Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors())))
                    : Map.of("mapLocation", "true");
            model.load(new ByteArrayInputStream(bytes), options);
            return new DjlComponent(role, file, engineName, model);
        } catch (IOException | MalformedModelException | RuntimeException | LinkageError e) {
            model.close();
            throw new GeneratorException(Reason.COMPONENT_CORRUPT, file, role + " is not a valid "
                    + (engineName.equals(ONNX) ? "ONNX" : "TorchScript") + " graph: " + firstLine(e), e);
        }
    }

    /**
     * Runs the graph.
     *
     * @return every output, as floats
     * @throws GeneratorException {@link Reason#INFERENCE_FAILED} with the engine's reason
     */
    public List<Tensor> run(Tensor... inputs) throws GeneratorException {
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDList in = new NDList(inputs.length);
            for (Tensor t : inputs) {
                NDArray a = t.floats() != null
                        ? m.create(FloatBuffer.wrap(t.floats()), new Shape(t.shape()), DataType.FLOAT32)
                        : m.create(t.longs(), new Shape(t.shape()));
                if (t.name() != null) {
                    a.setName(t.name());
                }
                in.add(a);
            }
            NDList out = predictor.predict(in);
            List<Tensor> r = new ArrayList<>(out.size());
            for (NDArray a : out) {
                NDArray f = a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
                r.add(Tensor.of(a.getName(), f.toFloatArray(), a.getShape().getShape()));
            }
            out.close();
            return r;
        } catch (TranslateException | RuntimeException e) {
            throw new GeneratorException(Reason.INFERENCE_FAILED, file, role + " failed on " + engineName + ": "
                    + firstLine(e), e);
        }
    }

    public String engine() {
        return engineName;
    }

    public Device device() {
        return model.getNDManager().getDevice();
    }

    static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank()
                || t instanceof TranslateException)) {
            t = t.getCause();
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = msg.indexOf('\n');
        msg = nl >= 0 ? msg.substring(0, nl) : msg;
        return msg.length() > 300 ? msg.substring(0, 300) + "..." : msg;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
