package dev.hallmark.generator.sampling;

import dev.hallmark.generator.GeneratorException;

/** The model inside a sampler loop: one guided prediction for the current noisy sample. */
@FunctionalInterface
public interface GuidedDenoiser {
    /**
     * @param x the noisy sample (not modified)
     * @param point where on the schedule x is
     * @return the model output for x, classifier-free guidance applied, same length as x
     */
    float[] predict(float[] x, NoiseSchedule.Point point) throws GeneratorException;
}
