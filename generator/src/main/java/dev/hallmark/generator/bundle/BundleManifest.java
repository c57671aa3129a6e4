package dev.hallmark.generator.bundle;

import dev.hallmark.generator.DigitalSourceType;
import dev.hallmark.generator.sampling.NoiseSchedule;
import dev.hallmark.generator.sampling.Prediction;
import dev.hallmark.generator.sampling.Sampler;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model bundle's {@code manifest.json}, validated (see generator/BUNDLES.md for the layout and every field).
 *
 * @param name model name
 * @param version model version
 * @param filingNumber algorithm-filing number, or null
 * @param digitalSourceType IPTC type of what the model makes
 * @param licence licence of the weights
 * @param description free text
 * @param nativeWidth frame width the model (or its decoder) outputs
 * @param nativeHeight frame height
 * @param nativeFrames frames per pass
 * @param nativeFps frame rate the native frames are meant for
 * @param tokenizer how prompts become token ids
 * @param emptyPrompt text whose encoding is the unconditional branch of classifier-free guidance
 * @param textEncoder token ids -> context
 * @param denoiser (sample, timestep, context) -> prediction
 * @param decoder latents -> frames, or null for a pixel-space model
 * @param latentShape the denoiser's sample shape without the batch axis (C, T, H, W)
 * @param latentScale latents are divided by this before decoding
 * @param latentShift and then this is added
 * @param sampler default sampler settings
 * @param digests SHA-256 (lower-case hex) of every file the bundle uses, by name
 */
public record BundleManifest(String name, String version, String filingNumber, DigitalSourceType digitalSourceType,
        String licence, String description, int nativeWidth, int nativeHeight, int nativeFrames, double nativeFps,
        Tokenizer tokenizer, String emptyPrompt, Component textEncoder, Component denoiser, Component decoder,
        int[] latentShape, double latentScale, double latentShift, SamplerSettings sampler,
        Map<String, String> digests) {

    public static final String FORMAT = "hallmark.model-bundle";
    public static final int FORMAT_VERSION = 1;

    public BundleManifest {
        Objects.requireNonNull(name);
        Objects.requireNonNull(version);
        Objects.requireNonNull(digitalSourceType);
        Objects.requireNonNull(tokenizer);
        Objects.requireNonNull(textEncoder);
        Objects.requireNonNull(denoiser);
        Objects.requireNonNull(sampler);
        latentShape = latentShape.clone();
        digests = Map.copyOf(digests);
    }

    @Override
    public int[] latentShape() {
        return latentShape.clone();
    }

    /** Number of floats in one latent sample. */
    public int latentSize() {
        int n = 1;
        for (int d : latentShape) {
            n *= d;
        }
        return n;
    }

    /** How prompts become token ids. {@code type} is {@code word} (vocabulary file) or {@code byte}. */
    public record Tokenizer(String type, String vocab, int maxTokens, boolean lowercase, String pad, String unk,
            String bos, int byteOffset, int padId, int eosId) {
    }

    /**
     * One network, as ONNX and/or TorchScript (at least one).
     *
     * @param onnx ONNX file name, or null
     * @param torchscript TorchScript file name, or null
     * @param inputNames graph input names in the contract's order (ONNX); empty = positional
     * @param maxBatch largest batch the graph takes (1 for graphs exported with a fixed batch)
     */
    public record Component(String role, String onnx, String torchscript, List<String> inputNames, int maxBatch) {
        public Component {
            inputNames = List.copyOf(inputNames);
        }

        public List<String> files() {
            return java.util.stream.Stream.of(onnx, torchscript).filter(Objects::nonNull).toList();
        }
    }

    /** Sampler defaults from the manifest. */
    public record SamplerSettings(Sampler sampler, int steps, double guidance, Prediction prediction,
            NoiseSchedule schedule) {
    }
}
