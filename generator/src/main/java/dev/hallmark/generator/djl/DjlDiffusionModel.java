package dev.hallmark.generator.djl;

import ai.djl.Device;
import dev.hallmark.generator.FrameSink;
import dev.hallmark.generator.GenerationRequest;
import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.GeneratorException.Reason;
import dev.hallmark.generator.GeneratorOptions;
import dev.hallmark.generator.ModelInfo;
import dev.hallmark.generator.TextToVideoModel;
import dev.hallmark.generator.bundle.BundleManifest;
import dev.hallmark.generator.bundle.ModelBundle;
import dev.hallmark.generator.djl.DjlComponent.Tensor;
import dev.hallmark.generator.internal.FrameEmitter;
import dev.hallmark.generator.sampling.GaussianNoise;
import dev.hallmark.generator.sampling.GuidedDenoiser;
import dev.hallmark.generator.sampling.NoiseSchedule;
import dev.hallmark.generator.text.ByteTokenizer;
import dev.hallmark.generator.text.Tokenizer;
import dev.hallmark.generator.text.WordTokenizer;
import dev.hallmark.media.FrameRate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A diffusion bundle run through DJL: tokenizer -> text encoder -> classifier-free-guided sampler over the
 * denoiser -> optional latent decoder -> temporal resampling and upscaling to the requested frames. Shapes are
 * checked once at load time by running every component on zeros.
 */
public final class DjlDiffusionModel implements TextToVideoModel {
    private final BundleManifest m;
    private final Tokenizer tokenizer;
    private final DjlComponent text;
    private final DjlComponent denoiser;
    private final DjlComponent decoder;
    private final long[] contextShape; // without batch
    private final float[] uncond;
    private final ModelInfo info;
    private final ModelBundle bundle;
    private volatile boolean closed;

    private DjlDiffusionModel(ModelBundle bundle, Tokenizer tokenizer, DjlComponent text, DjlComponent denoiser,
            DjlComponent decoder, long[] contextShape, float[] uncond) {
        this.bundle = bundle;
        this.m = bundle.manifest();
        this.tokenizer = tokenizer;
        this.text = text;
        this.denoiser = denoiser;
        this.decoder = decoder;
        this.contextShape = contextShape;
        this.uncond = uncond;
        String runtime = denoiser.engine() + " on " + denoiser.device();
        this.info = new ModelInfo(m.name(), m.version(), m.filingNumber(), m.digitalSourceType(), m.licence(),
                m.nativeWidth(), m.nativeHeight(), m.nativeFrames(), FrameRate.approximate(m.nativeFps()), runtime);
    }

    /**
     * Loads and checks every component of a bundle.
     *
     * @throws GeneratorException COMPONENT_MISSING, DIGEST_MISMATCH, COMPONENT_CORRUPT, SHAPE_MISMATCH,
     *     ENGINE_UNAVAILABLE, BAD_MANIFEST
     */
    public static DjlDiffusionModel load(ModelBundle bundle, GeneratorOptions options) throws GeneratorException {
        BundleManifest m = bundle.manifest();
        Tokenizer tok = tokenizer(bundle);
        List<DjlComponent> loaded = new ArrayList<>();
        try {
            DjlComponent text = component(bundle, m.textEncoder(), options, loaded);
            DjlComponent den = component(bundle, m.denoiser(), options, loaded);
            DjlComponent dec = m.decoder() == null ? null : component(bundle, m.decoder(), options, loaded);
            // probe: text encoder
            long[] ids = tok.encode(m.emptyPrompt());
            List<Tensor> out = probe(bundle, m.textEncoder(), text,
                    Tensor.ofLongs(name(m.textEncoder(), 0), ids, 1, ids.length));
            long[] cs = out.get(0).shape();
            if (cs.length < 2 || cs.length > 3 || cs[0] != 1) {
                throw shape(bundle, m.textEncoder(), "text encoder output is " + Arrays.toString(cs)
                        + ", expected [1, tokens, width] or [1, width]");
            }
            long[] ctxShape = Arrays.copyOfRange(cs, 1, cs.length);
            float[] uncond = out.get(0).floats();
            // probe: denoiser, at the batch the sampler will use
            int[] ls = m.latentShape();
            int batch = Math.min(2, m.denoiser().maxBatch());
            long[] xs = batched(batch, ls);
            float t0 = m.sampler().schedule().grid(1)[0].modelTimestep();
            float[] ts = new float[batch];
            Arrays.fill(ts, t0);
            List<Tensor> dout = probe(bundle, m.denoiser(), den,
                    Tensor.of(name(m.denoiser(), 0), new float[batch * m.latentSize()], xs),
                    Tensor.of(name(m.denoiser(), 1), ts, batch),
                    Tensor.of(name(m.denoiser(), 2), new float[batch * uncond.length], concat(batch, ctxShape)));
            if (!Arrays.equals(dout.get(0).shape(), xs)) {
                throw shape(bundle, m.denoiser(), "denoiser output is " + Arrays.toString(dout.get(0).shape())
                        + ", expected " + Arrays.toString(xs) + " (latent.shape with batch " + batch + ")");
            }
            if (dec != null) {
                List<Tensor> pout = probe(bundle, m.decoder(), dec,
                        Tensor.of(name(m.decoder(), 0), new float[m.latentSize()], batched(1, ls)));
                long[] want = {1, 3, m.nativeFrames(), m.nativeHeight(), m.nativeWidth()};
                if (!Arrays.equals(pout.get(0).shape(), want)) {
                    throw shape(bundle, m.decoder(), "decoder output is " + Arrays.toString(pout.get(0).shape())
                            + ", expected " + Arrays.toString(want) + " (native frames, height, width)");
                }
            }
            return new DjlDiffusionModel(bundle, tok, text, den, dec, ctxShape, uncond);
        } catch (GeneratorException | RuntimeException e) {
            loaded.forEach(DjlComponent::close);
            throw e;
        }
    }

    private static Tokenizer tokenizer(ModelBundle bundle) throws GeneratorException {
        BundleManifest.Tokenizer t = bundle.manifest().tokenizer();
        try {
            if (t.type().equals("byte")) {
                return new ByteTokenizer(t.maxTokens(), t.byteOffset(), t.padId(), t.eosId());
            }
            String vocab = new String(bundle.read(t.vocab()), StandardCharsets.UTF_8);
            List<String> words = new ArrayList<>(Arrays.asList(vocab.split("\r?\n", -1)));
            if (!words.isEmpty() && words.get(words.size() - 1).isEmpty()) {
                words.remove(words.size() - 1);
            }
            if (words.size() > 1_000_000) {
                throw new IllegalArgumentException("more than 1,000,000 tokens");
            }
            return new WordTokenizer(words, t.maxTokens(), t.lowercase(), t.pad(), t.unk(), t.bos());
        } catch (IllegalArgumentException e) {
            throw new GeneratorException(Reason.BAD_MANIFEST, bundle.describe(t.vocab()), "bad vocabulary: "
                    + e.getMessage());
        }
    }

    private static DjlComponent component(ModelBundle bundle, BundleManifest.Component c, GeneratorOptions o,
            List<DjlComponent> loaded) throws GeneratorException {
        boolean onnxOk = c.onnx() != null && DjlComponent.engineAvailable(DjlComponent.ONNX);
        boolean ptOk = c.torchscript() != null && DjlComponent.engineAvailable(DjlComponent.PYTORCH);
        String engine;
        String file;
        switch (o.engine()) {
            case ONNX_RUNTIME -> {
                if (c.onnx() == null) {
                    throw new GeneratorException(Reason.ENGINE_UNAVAILABLE, bundle.describe("manifest.json"),
                            c.role() + " has no ONNX file");
                }
                engine = DjlComponent.ONNX;
                file = c.onnx();
            }
            case PYTORCH -> {
                if (c.torchscript() == null) {
                    throw new GeneratorException(Reason.ENGINE_UNAVAILABLE, bundle.describe("manifest.json"),
                            c.role() + " has no TorchScript file");
                }
                engine = DjlComponent.PYTORCH;
                file = c.torchscript();
            }
            default -> {
                if (!onnxOk && !ptOk) {
                    throw new GeneratorException(Reason.ENGINE_UNAVAILABLE, bundle.describe("manifest.json"),
                            "no engine on the class path runs " + c.role() + " (files: " + c.files() + ")");
                }
                engine = onnxOk ? DjlComponent.ONNX : DjlComponent.PYTORCH;
                file = onnxOk ? c.onnx() : c.torchscript();
            }
        }
        byte[] bytes = bundle.read(file);
        Device device = DjlComponent.device(engine, o.forceCpu());
        DjlComponent comp = DjlComponent.load(c.role(), bundle.describe(file), bytes, engine, device);
        loaded.add(comp);
        return comp;
    }

    private static List<Tensor> probe(ModelBundle b, BundleManifest.Component c, DjlComponent comp, Tensor... in)
            throws GeneratorException {
        try {
            List<Tensor> out = comp.run(in);
            if (out.isEmpty()) {
                throw shape(b, c, c.role() + " has no outputs");
            }
            return out;
        } catch (GeneratorException e) {
            if (e.reason() != Reason.INFERENCE_FAILED) {
                throw e;
            }
            StringBuilder s = new StringBuilder();
            for (Tensor t : in) {
                s.append(s.isEmpty() ? "" : ", ").append(Arrays.toString(t.shape()));
            }
            throw new GeneratorException(Reason.SHAPE_MISMATCH, e.file(), c.role() + " rejects inputs of shapes "
                    + s + " (from manifest.json): " + DjlComponent.firstLine(e.getCause() == null ? e : e.getCause()),
                    e);
        }
    }

    private static GeneratorException shape(ModelBundle b, BundleManifest.Component c, String detail) {
        String f = c.onnx() != null ? c.onnx() : c.torchscript();
        return new GeneratorException(Reason.SHAPE_MISMATCH, b.describe(f), detail);
    }

    private static String name(BundleManifest.Component c, int i) {
        return c.inputNames().isEmpty() ? null : c.inputNames().get(i);
    }

    private static long[] batched(int batch, int[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = batch;
        for (int i = 0; i < shape.length; i++) {
            s[i + 1] = shape[i];
        }
        return s;
    }

    private static long[] concat(int batch, long[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = batch;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /** The parsed manifest. */
    public BundleManifest manifest() {
        return m;
    }

    private int steps(GenerationRequest r) {
        return r.steps() > 0 ? r.steps() : m.sampler().steps();
    }

    @Override
    public long workUnits(GenerationRequest request) {
        return steps(request) + request.frameCount();
    }

    @Override
    public synchronized <E extends Exception> void generate(GenerationRequest req, FrameSink<E> sink,
            LongConsumer progress) throws GeneratorException, E {
        java.util.Objects.requireNonNull(sink, "sink");
        java.util.Objects.requireNonNull(progress, "progress");
        if (closed) {
            throw new GeneratorException(Reason.CLOSED, bundle.source().location(), "model is closed");
        }
        int steps = steps(req);
        if (m.sampler().schedule() instanceof NoiseSchedule.Ddpm d && steps > d.trainSteps()) {
            throw new GeneratorException(Reason.BAD_REQUEST, null, "steps " + steps + " exceeds the model's "
                    + d.trainSteps() + " training steps");
        }
        double g = Double.isNaN(req.guidance()) ? m.sampler().guidance() : req.guidance();
        float[] cond = encode(req.prompt());
        float[] x = GaussianNoise.of(m.latentSize(), req.seed());
        GuidedDenoiser gd = (xt, p) -> guided(xt, p.modelTimestep(), cond, g);
        float[] z = m.sampler().sampler().sample(gd, m.sampler().schedule(), m.sampler().prediction(), x, steps,
                k -> progress.accept(k));
        float[] clip = decode(z);
        FrameEmitter.emit(clip, m.nativeFrames(), m.nativeHeight(), m.nativeWidth(), -1f, 1f, req, sink, progress,
                steps);
    }

    /** Text encoder output for a prompt (the context tensor without batch axis, flattened). */
    public float[] encode(String prompt) throws GeneratorException {
        long[] ids = tokenizer.encode(prompt);
        return text.run(Tensor.ofLongs(name(m.textEncoder(), 0), ids, 1, ids.length)).get(0).floats();
    }

    private float[] guided(float[] x, float t, float[] cond, double g) throws GeneratorException {
        if (g == 1.0) {
            return run(x, 1, t, cond);
        }
        if (g == 0.0) {
            return run(x, 1, t, uncond);
        }
        int n = x.length;
        float[] c;
        float[] u;
        if (m.denoiser().maxBatch() >= 2) {
            float[] xx = new float[2 * n];
            System.arraycopy(x, 0, xx, 0, n);
            System.arraycopy(x, 0, xx, n, n);
            float[] cc = new float[2 * cond.length];
            System.arraycopy(cond, 0, cc, 0, cond.length);
            System.arraycopy(uncond, 0, cc, cond.length, uncond.length);
            float[] out = run(xx, 2, t, cc);
            c = Arrays.copyOfRange(out, 0, n);
            u = Arrays.copyOfRange(out, n, 2 * n);
        } else {
            c = run(x, 1, t, cond);
            u = run(x, 1, t, uncond);
        }
        float gf = (float) g;
        for (int i = 0; i < n; i++) {
            c[i] = u[i] + gf * (c[i] - u[i]);
        }
        return c;
    }

    private float[] run(float[] x, int batch, float t, float[] ctx) throws GeneratorException {
        float[] ts = new float[batch];
        Arrays.fill(ts, t);
        List<Tensor> out = denoiser.run(
                Tensor.of(name(m.denoiser(), 0), x, batched(batch, m.latentShape())),
                Tensor.of(name(m.denoiser(), 1), ts, batch),
                Tensor.of(name(m.denoiser(), 2), ctx, concat(batch, contextShape)));
        float[] r = out.get(0).floats();
        if (r.length != x.length) {
            throw new GeneratorException(Reason.SHAPE_MISMATCH, null, "denoiser returned " + r.length
                    + " values for " + x.length);
        }
        return r;
    }

    private float[] decode(float[] z) throws GeneratorException {
        if (decoder == null) {
            for (int i = 0; i < z.length; i++) {
                z[i] = Math.max(-1f, Math.min(1f, z[i]));
            }
            return z;
        }
        float inv = (float) (1.0 / m.latentScale());
        float shift = (float) m.latentShift();
        float[] s = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            s[i] = z[i] * inv + shift;
        }
        return decoder.run(Tensor.of(name(m.decoder(), 0), s, batched(1, m.latentShape()))).get(0).floats();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        text.close();
        denoiser.close();
        if (decoder != null) {
            decoder.close();
        }
    }
}
