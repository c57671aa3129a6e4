package dev.hallmark.classifier.forensic;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.hallmark.classifier.ClassifierException;
import dev.hallmark.classifier.ClassifierException.Reason;
import dev.hallmark.classifier.Evidence;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.ReadOptions;
import dev.hallmark.media.VideoInfo;
import dev.hallmark.media.VideoReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A learned forensic detector: samples a bounded number of frames of a video (key frames first), scales them to a
 * canonical size, cuts them into patches and runs an ONNX patch classifier through DJL's ONNX Runtime engine. The
 * video's score is the sigmoid of the mean patch logit; it is compared with the model's calibrated threshold.
 *
 * <p>The built-in model ({@link #builtIn()}) was trained by tools/train/forensic on real footage, photos,
 * animation and test patterns against the raw output of Hallmark's own generators ({@code scene},
 * {@code tiny-t2v}); classifier/FORENSIC.md gives its measured accuracy and what it can and cannot detect. Any ONNX
 * patch classifier can be plugged in through {@link #fromModelDir(Path)}: a folder with {@code forensic.json}
 * ({@link ForensicManifest}) and the graph.
 *
 * <p>A score over the threshold is a <em>trace</em> (evidence for "suspected AI"), never proof; a score under it
 * says nothing about whether the video is real.
 *
 * <p><b>Security.</b> Model folders are untrusted input: the manifest is size- and depth-bounded and range-checked,
 * the graph is size-bounded and must match the SHA-256 the manifest records before the engine sees it (that
 * detects corruption, not a malicious author: only load detectors you trust, as ONNX Runtime executes the graph).
 * Videos are decoded through {@link VideoReader} (bounded container parsing), and each pass decodes at most
 * {@value #MAX_KEYFRAMES_DECODED} key frames or {@value #MAX_FRAMES_DECODED} frames and at most
 * {@value #MAX_DECODED_PIXELS} pixels (about 190 frames of 1080p), so a hostile or huge file costs bounded time.
 * The price: in a stream with fewer than {@code minFrames} key frames, or an all-intra stream, only the part that
 * fits the budget (the first seconds) is sampled. The check fails closed: when it cannot run, {@link #evidence(Path)}
 * reports {@code ERROR}, never a pass.
 *
 * <p>Not thread-safe for concurrent {@link #score(Path)} calls on one instance (they are serialised).
 */
public final class ForensicDetector implements AutoCloseable {
    /** Class-path folder of the built-in model. */
    public static final String BUILT_IN = "/models/hallmark-forensic/";
    /** Manifest file name inside a model folder. */
    public static final String MANIFEST = "forensic.json";
    /** Largest ONNX graph accepted, bytes. */
    public static final long MAX_MODEL_BYTES = 128L * 1024 * 1024;
    /** Key frames decoded at most per video. */
    public static final int MAX_KEYFRAMES_DECODED = 512;
    /** Frames decoded at most per video when key frames are too few. */
    public static final int MAX_FRAMES_DECODED = 900;
    /** Pixels decoded at most per pass (about one second of decoding on 2 cores). */
    public static final long MAX_DECODED_PIXELS = 400_000_000L;
    /** DJL engine name. */
    static final String ENGINE = "OnnxRuntime";
    private static final int BATCH = 64;

    private final ForensicManifest manifest;
    private final Path origin;
    private final Model model;
    private final Predictor<NDList, NDList> predictor;
    private boolean closed;

    private ForensicDetector(ForensicManifest manifest, Path origin, Model model) {
        this.manifest = manifest;
        this.origin = origin;
        this.model = model;
        this.predictor = model.newPredictor(new NoopTranslator());
    }

    /**
     * The model shipped with Hallmark.
     *
     * @throws ClassifierException {@code MODEL_NOT_FOUND} when the resources are missing from the class path,
     *     {@code ENGINE_UNAVAILABLE} without ONNX Runtime, or why the model is unusable
     */
    public static ForensicDetector builtIn() throws ClassifierException {
        Path where = Path.of("classpath:" + BUILT_IN);
        byte[] json = resource(BUILT_IN + MANIFEST, ForensicManifest.MAX_MANIFEST_BYTES, where);
        ForensicManifest m = ForensicManifest.parse(json, where.resolve(MANIFEST));
        byte[] graph = resource(BUILT_IN + m.modelFile(), MAX_MODEL_BYTES, where);
        return load(m, graph, where);
    }

    /**
     * A detector from a folder holding {@code forensic.json} and the ONNX graph it names.
     *
     * @throws ClassifierException {@code MODEL_NOT_FOUND}, {@code BAD_MANIFEST}, {@code DIGEST_MISMATCH},
     *     {@code MODEL_CORRUPT} (the engine refused the graph or it does not output one value per patch),
     *     {@code ENGINE_UNAVAILABLE}
     */
    public static ForensicDetector fromModelDir(Path dir) throws ClassifierException {
        if (!Files.isDirectory(dir)) {
            throw new ClassifierException(Reason.MODEL_NOT_FOUND, dir, "no detector model folder there");
        }
        Path mf = dir.resolve(MANIFEST);
        ForensicManifest m = ForensicManifest.parse(read(mf, ForensicManifest.MAX_MANIFEST_BYTES, Reason.BAD_MANIFEST),
                mf);
        byte[] graph = read(dir.resolve(m.modelFile()), MAX_MODEL_BYTES, Reason.MODEL_NOT_FOUND);
        return load(m, graph, dir);
    }

    private static ForensicDetector load(ForensicManifest m, byte[] graph, Path origin) throws ClassifierException {
        Path graphFile = origin.resolve(m.modelFile());
        String digest = sha256(graph);
        if (!digest.equals(m.sha256())) {
            throw new ClassifierException(Reason.DIGEST_MISMATCH, graphFile, "SHA-256 " + digest
                    + " does not match the manifest's " + m.sha256() + " (corrupt or altered model)");
        }
        boolean engine;
        try {
            engine = Engine.hasEngine(ENGINE);
        } catch (RuntimeException | LinkageError e) {
            engine = false;
        }
        if (!engine) {
            throw new ClassifierException(Reason.ENGINE_UNAVAILABLE, graphFile, "the " + ENGINE
                    + " engine is not on the class path (add ai.djl.onnxruntime:onnxruntime-engine and "
                    + "com.microsoft.onnxruntime:onnxruntime)");
        }
        Model model;
        try {
            model = Model.newInstance("forensic", Device.cpu(), ENGINE);
        } catch (RuntimeException | LinkageError e) {
            throw new ClassifierException(Reason.ENGINE_UNAVAILABLE, graphFile, "cannot start " + ENGINE + ": "
                    + firstLine(e), e);
        }
        try {
            model.load(new ByteArrayInputStream(graph), Map.of("interOpNumThreads", "1", "intraOpNumThreads",
                    Integer.toString(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())))));
        } catch (IOException | MalformedModelException | RuntimeException | LinkageError e) {
            model.close();
            throw new ClassifierException(Reason.MODEL_CORRUPT, graphFile, "not a valid ONNX graph: " + firstLine(e),
                    e);
        }
        ForensicDetector d = new ForensicDetector(m, origin, model);
        try {
            float[] out = d.run(new float[m.channels() * m.patch() * m.patch()], 1, graphFile);
            if (out.length != 1 || !Float.isFinite(out[0])) {
                throw new ClassifierException(Reason.MODEL_CORRUPT, graphFile, "the graph must output one finite "
                        + "value per patch, got " + out.length);
            }
        } catch (ClassifierException e) {
            d.close();
            throw e.reason() == Reason.INFERENCE_FAILED
                    ? new ClassifierException(Reason.MODEL_CORRUPT, graphFile, "the graph does not accept input "
                            + "[N, " + m.channels() + ", " + m.patch() + ", " + m.patch() + "]: " + e.getMessage(), e)
                    : e;
        }
        return d;
    }

    /** The model's manifest (name, version, input contract, threshold). */
    public ForensicManifest manifest() {
        return manifest;
    }

    /** {@code name version}, as reported in evidence. */
    public String modelName() {
        return manifest.name() + " " + manifest.version();
    }

    /**
     * Scores a video.
     *
     * @throws ClassifierException {@code UNREADABLE}, {@code CORRUPT}, {@code UNSUPPORTED}, {@code LIMIT_EXCEEDED}
     *     when the video cannot be decoded; {@code INFERENCE_FAILED} when the engine fails; {@code CLOSED}
     */
    public synchronized ForensicResult score(Path video) throws ClassifierException {
        if (closed) {
            throw new ClassifierException(Reason.CLOSED, video, "the forensic detector was closed");
        }
        Sampled s = sample(video);
        int per = patchCount(s.width, s.height);
        int sz = manifest.channels() * manifest.patch() * manifest.patch();
        int n = s.frames.size() * per;
        float[] logits = new float[n];
        float[] batch = new float[Math.min(BATCH, n) * sz];
        int done = 0;
        while (done < n) {
            int k = Math.min(BATCH, n - done);
            for (int i = 0; i < k; i++) {
                int idx = done + i;
                System.arraycopy(s.frames.get(idx / per), (idx % per) * sz, batch, i * sz, sz);
            }
            float[] out = run(batch, k, video);
            for (int i = 0; i < k; i++) {
                logits[done + i] = toLogit(out[i]);
            }
            done += k;
        }
        double total = 0;
        for (float l : logits) {
            total += l;
        }
        double score = sigmoid(total / n);
        List<ForensicResult.Window> windows = windows(s, logits, per);
        return new ForensicResult(modelName(), score, manifest.threshold(), s.frames.size(), n, s.keyframesOnly,
                windows);
    }

    /**
     * {@link #score(Path)} as evidence: {@code PASS forensic.suspected}, {@code ABSENT forensic.below-threshold},
     * or {@code ERROR forensic.error} when the video or the model cannot be used. Never throws.
     */
    public Evidence evidence(Path video) {
        try {
            return score(video).toEvidence();
        } catch (ClassifierException e) {
            return ForensicResult.errorEvidence(modelName(), e.getMessage());
        } catch (RuntimeException e) {
            return ForensicResult.errorEvidence(modelName(), "internal error: " + firstLine(e));
        }
    }

    /**
     * The built-in detector's evidence for a video, loading and closing the model: {@code ERROR forensic.error}
     * when the model cannot be loaded either. Never throws.
     */
    public static Evidence check(Path video) {
        try (ForensicDetector d = builtIn()) {
            return d.evidence(video);
        } catch (ClassifierException e) {
            return ForensicResult.errorEvidence(null, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return ForensicResult.errorEvidence(null, "internal error: " + firstLine(e));
        }
    }

    // ---- sampling ---------------------------------------------------------------------------------------------

    /** Sampled frames as ready network input (one float array of all patches per frame) with timestamps. */
    private record Sampled(int width, int height, List<float[]> frames, List<Long> times, long durationMicros,
            boolean keyframesOnly) {
    }

    private Sampled sample(Path video) throws ClassifierException {
        VideoInfo info;
        try (VideoReader r = VideoReader.open(video)) {
            info = r.info();
        } catch (MediaException e) {
            throw ClassifierException.of(e);
        }
        int[] size = canonicalSize(info.width(), info.height());
        long dur = info.durationMicros();
        long budget = Math.max(manifest.minFrames(), MAX_DECODED_PIXELS / ((long) info.width() * info.height()));
        Sampled keys = decode(video, size, dur, dur, true, (int) Math.min(MAX_KEYFRAMES_DECODED, budget));
        if (keys.frames.size() >= manifest.minFrames() || (info.frameCount() >= 0
                && info.frameCount() <= keys.frames.size())) {
            return keys;
        }
        int limit = (int) Math.min(MAX_FRAMES_DECODED, budget);
        // sample evenly over the stretch the budget reaches
        long reach = dur;
        if (dur > 0 && info.frameCount() > limit) {
            reach = (long) (info.frameRate().timestampMicros(limit));
        }
        Sampled all = decode(video, size, dur, reach, false, limit);
        return all.frames.size() > keys.frames.size() ? all : keys;
    }

    /**
     * One decoding pass: keeps at most {@code maxFrames} frames spaced evenly over {@code span} microseconds,
     * decoding at most {@code limit} frames; {@code dur} (the file's duration, or -1) sets the windows.
     */
    private Sampled decode(Path video, int[] size, long dur, long span, boolean keyframes, int limit)
            throws ClassifierException {
        ReadOptions opts = ReadOptions.defaults().scaledTo(size[0], size[1]);
        if (keyframes) {
            opts = opts.keyframes();
        }
        int max = manifest.maxFrames();
        List<float[]> frames = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        double spacing = span > 0 ? (double) span / max : 0;
        double next = 0;
        long last = 0;
        try (VideoReader r = VideoReader.open(video, opts)) {
            int decoded = 0;
            I420Frame f;
            while (frames.size() < max && decoded < limit && (f = r.next()) != null) {
                decoded++;
                long ts = f.timestampMicros();
                if (spacing > 0 && ts < next) {
                    continue;
                }
                frames.add(patches(f));
                times.add(ts);
                last = Math.max(last, ts);
                if (spacing > 0) {
                    next = (Math.floor(Math.max(0, ts) / spacing) + 1) * spacing;
                }
            }
        } catch (MediaException e) {
            throw ClassifierException.of(e);
        }
        if (frames.isEmpty()) {
            throw new ClassifierException(Reason.CORRUPT, video, "no decodable video frames");
        }
        return new Sampled(size[0], size[1], frames, times, dur > 0 ? dur : last + 1, keyframes);
    }

    /** Canonical frame size: short side {@code frameShortSide}, long side in proportion (even, bounded). */
    int[] canonicalSize(int width, int height) {
        int s = manifest.frameShortSide();
        int cap = (int) Math.floor(s * manifest.maxAspect());
        int w;
        int h;
        if (width >= height) {
            h = s;
            w = (int) Math.min(cap, Math.floor((double) width * s / height + 0.5));
        } else {
            w = s;
            h = (int) Math.min(cap, Math.floor((double) height * s / width + 0.5));
        }
        w += w & 1;
        h += h & 1;
        return new int[] {Math.max(w, manifest.patch()), Math.max(h, manifest.patch())};
    }

    /** Patch offsets along one axis: ceil(length / patch) of them, first at 0, last flush with the end. */
    static int[] grid(int length, int patch) {
        int n = Math.max(1, (length + patch - 1) / patch);
        if (n == 1) {
            return new int[] {Math.max(0, (length - patch) / 2)};
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) Math.floor((double) i * (length - patch) / (n - 1) + 0.5);
        }
        return out;
    }

    private int patchCount(int width, int height) {
        return grid(height, manifest.patch()).length * grid(width, manifest.patch()).length;
    }

    /** Every grid patch of a canonical frame as normalised network input, NCHW, row-major patch order. */
    float[] patches(I420Frame f) {
        int p = manifest.patch();
        int c = manifest.channels();
        int[] ys = grid(f.height(), p);
        int[] xs = grid(f.width(), p);
        int sz = c * p * p;
        float[] out = new float[ys.length * xs.length * sz];
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int k = 0; k < c; k++) {
            double std = manifest.std().get(k);
            scale[k] = (float) (1.0 / (255.0 * std));
            shift[k] = (float) (manifest.mean().get(k) / std);
        }
        byte[] d = f.data();
        int w = f.width();
        int cw = f.chromaWidth();
        int uo = f.uOffset();
        int vo = f.vOffset();
        int plane = p * p;
        int o = 0;
        for (int py : ys) {
            for (int px : xs) {
                for (int y = 0; y < p; y++) {
                    int yy = py + y;
                    int row = yy * w;
                    int crow = (yy >> 1) * cw;
                    for (int x = 0; x < p; x++) {
                        int xx = px + x;
                        int luma = d[row + xx] & 0xFF;
                        int at = o + y * p + x;
                        if (c == 1) {
                            out[at] = luma * scale[0] - shift[0];
                            continue;
                        }
                        int u = (d[uo + crow + (xx >> 1)] & 0xFF) - 128;
                        int v = (d[vo + crow + (xx >> 1)] & 0xFF) - 128;
                        int cc = (luma - 16) * 298;
                        int r = clamp((cc + 409 * v + 128) >> 8);
                        int g = clamp((cc - 100 * u - 208 * v + 128) >> 8);
                        int b = clamp((cc + 516 * u + 128) >> 8);
                        out[at] = r * scale[0] - shift[0];
                        out[at + plane] = g * scale[1] - shift[1];
                        out[at + 2 * plane] = b * scale[2] - shift[2];
                    }
                }
                o += sz;
            }
        }
        return out;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    private List<ForensicResult.Window> windows(Sampled s, float[] logits, int per) {
        int nw = manifest.windows();
        double len = (double) s.durationMicros / nw;
        double[] sum = new double[nw];
        int[] frames = new int[nw];
        for (int i = 0; i < s.frames.size(); i++) {
            int wi = (int) Math.min(nw - 1, Math.max(0, Math.floor(s.times.get(i) / len)));
            for (int k = 0; k < per; k++) {
                sum[wi] += logits[i * per + k];
            }
            frames[wi]++;
        }
        List<ForensicResult.Window> out = new ArrayList<>();
        for (int i = 0; i < nw; i++) {
            if (frames[i] > 0) {
                out.add(new ForensicResult.Window(Math.round(i * len), Math.round((i + 1) * len), frames[i],
                        sigmoid(sum[i] / (frames[i] * (double) per))));
            }
        }
        return out;
    }

    // ---- inference --------------------------------------------------------------------------------------------

    float[] run(float[] input, int n, Path file) throws ClassifierException {
        int p = manifest.patch();
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray a = m.create(FloatBuffer.wrap(input, 0, n * manifest.channels() * p * p),
                    new Shape(n, manifest.channels(), p, p), DataType.FLOAT32);
            NDList out = predictor.predict(new NDList(a));
            if (out.isEmpty()) {
                throw new ClassifierException(Reason.MODEL_CORRUPT, file, "the graph has no output");
            }
            NDArray o = out.get(0);
            float[] r = (o.getDataType() == DataType.FLOAT32 ? o : o.toType(DataType.FLOAT32, false)).toFloatArray();
            out.close();
            if (r.length != n) {
                throw new ClassifierException(Reason.MODEL_CORRUPT, file, "the graph output " + r.length
                        + " values for " + n + " patches (it must output one value per patch)");
            }
            return r;
        } catch (TranslateException | RuntimeException e) {
            throw new ClassifierException(Reason.INFERENCE_FAILED, file, ENGINE + " failed: " + firstLine(e), e);
        }
    }

    private float toLogit(float v) {
        if (manifest.output().equals("logit")) {
            return Float.isFinite(v) ? Math.max(-50f, Math.min(50f, v)) : 0f;
        }
        double q = Double.isFinite(v) ? Math.min(1 - 1e-6, Math.max(1e-6, v)) : 0.5;
        return (float) Math.log(q / (1 - q));
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    // ---- files ------------------------------------------------------------------------------------------------

    private static byte[] resource(String name, long max, Path where) throws ClassifierException {
        try (InputStream in = ForensicDetector.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new ClassifierException(Reason.MODEL_NOT_FOUND, where, "the built-in forensic model is "
                        + "missing from the class path (" + name + ")");
            }
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (b.length > max) {
                throw new ClassifierException(Reason.MODEL_CORRUPT, where, name + " is larger than " + max + " bytes");
            }
            return b;
        } catch (IOException e) {
            throw new ClassifierException(Reason.MODEL_NOT_FOUND, where, "cannot read " + name + ": "
                    + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file, long max, Reason missing) throws ClassifierException {
        try {
            long size = Files.size(file);
            if (size > max) {
                throw new ClassifierException(missing == Reason.BAD_MANIFEST ? Reason.BAD_MANIFEST
                        : Reason.MODEL_CORRUPT, file, "larger than " + max + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ClassifierException(missing, file, "missing from the model folder");
        } catch (IOException e) {
            throw new ClassifierException(missing, file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
    public synchronized void close() {
        if (!closed) {
            closed = true;
            predictor.close();
            model.close();
        }
    }

    /** Where the model came from (the folder, or {@code classpath:/models/hallmark-forensic/}). */
    public Path origin() {
        return origin;
    }
}
