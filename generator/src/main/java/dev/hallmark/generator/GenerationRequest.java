package dev.hallmark.generator;

import dev.hallmark.media.FrameRate;
import java.util.Objects;

/**
 * One clip to make.
 *
 * @param prompt what to show (the model's vocabulary decides what it understands)
 * @param seconds clip length, 0.1 to 600 s
 * @param width output width, even, 16..4096
 * @param height output height, even, 16..4096
 * @param fps output frame rate
 * @param seed noise seed: the same request and seed give bit-identical frames on the same machine and engine
 * @param steps sampler steps, 0 = the model's default (ignored by procedural models)
 * @param guidance classifier-free guidance scale, NaN = the model's default (ignored by procedural models)
 */
public record GenerationRequest(String prompt, double seconds, int width, int height, FrameRate fps, long seed,
        int steps, double guidance) {

    public static final int MAX_SIDE = 4096;
    public static final double MAX_SECONDS = 600;

    public GenerationRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(fps, "fps");
        if (!(seconds >= 0.1 && seconds <= MAX_SECONDS)) {
            throw new IllegalArgumentException("seconds must be in 0.1.." + MAX_SECONDS + ", got " + seconds);
        }
        if (width < 16 || height < 16 || width > MAX_SIDE || height > MAX_SIDE || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("size must be even and within 16.." + MAX_SIDE + ", got " + width + "x" + height);
        }
        if (steps < 0 || steps > 1000) {
            throw new IllegalArgumentException("steps must be in 0..1000, got " + steps);
        }
        if (!Double.isNaN(guidance) && !(guidance >= 0 && guidance <= 50)) {
            throw new IllegalArgumentException("guidance must be in 0..50, got " + guidance);
        }
    }

    /** Defaults: 4 s, 512x512, 12 fps, seed 0, the model's steps and guidance. */
    public static GenerationRequest of(String prompt) {
        return new GenerationRequest(prompt, 4.0, 512, 512, FrameRate.of(12), 0L, 0, Double.NaN);
    }

    /** Number of frames: {@code round(seconds * fps)}, at least 1. */
    public int frameCount() {
        return (int) Math.max(1, Math.round(seconds * fps.fps()));
    }

    public GenerationRequest withSize(int w, int h) {
        return new GenerationRequest(prompt, seconds, w, h, fps, seed, steps, guidance);
    }

    public GenerationRequest withSeconds(double s) {
        return new GenerationRequest(prompt, s, width, height, fps, seed, steps, guidance);
    }

    public GenerationRequest withFps(FrameRate f) {
        return new GenerationRequest(prompt, seconds, width, height, f, seed, steps, guidance);
    }

    public GenerationRequest withSeed(long s) {
        return new GenerationRequest(prompt, seconds, width, height, fps, s, steps, guidance);
    }

    public GenerationRequest withSampling(int st, double g) {
        return new GenerationRequest(prompt, seconds, width, height, fps, seed, st, g);
    }

    public GenerationRequest withPrompt(String p) {
        return new GenerationRequest(p, seconds, width, height, fps, seed, steps, guidance);
    }
}
