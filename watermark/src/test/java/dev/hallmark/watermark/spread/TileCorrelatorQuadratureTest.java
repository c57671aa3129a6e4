package dev.hallmark.watermark.spread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hallmark.watermark.WatermarkKey;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The packed in-phase/quadrature correlation equals correlating each demodulated tile on its own. */
class TileCorrelatorQuadratureTest {
    @Test
    void everyPhaseMatchesTheDirectCorrelationAndTheBestPhaseFindsAHiddenPattern() {
        byte[] secret = new byte[WatermarkKey.SECRET_BYTES];
        new Random(3).nextBytes(secret);
        TileLayout layout = TileLayout.of(WatermarkKey.fromSecret(secret, Instant.EPOCH));
        int g = TileCorrelator.G_COARSE;
        TileCorrelator.Templates t = new TileCorrelator.Templates(layout, g);
        Random r = new Random(11);
        float[] in = new float[g * g];
        float[] quad = new float[g * g];
        // noise, plus the pilot pattern (shifted by 5 rows, 9 columns) at phase 135 degrees
        double phase = Math.toRadians(135);
        int bpc = g / TileLayout.N;
        for (int y = 0; y < g; y++) {
            for (int x = 0; x < g; x++) {
                int cell = (y / bpc) * TileLayout.N + x / bpc;
                double p = layout.isPilot(cell) ? 0.35 * layout.chip(cell) : 0;
                int i = ((y + 5) % g) * g + (x + 9) % g;
                in[i] = (float) (r.nextGaussian() + Math.cos(phase) * p);
                quad[i] = (float) (r.nextGaussian() + Math.sin(phase) * p);
            }
        }
        TileCorrelator.PhasedPeak[] q = TileCorrelator.correlateQuadrature(TileCorrelator.spectrum(in, quad, g), t, 1, 8);
        assertThat(q[0].phase()).isCloseTo(phase, within(1e-9));
        assertThat(q[0].peak().z()).isGreaterThan(6);
        assertThat(q[0].peak().row()).isEqualTo(5);
        assertThat(q[0].peak().col()).isEqualTo(9);
        for (int k = 0; k < 8; k++) {
            double ph = 2 * Math.PI * k / 8;
            float[] d = new float[g * g];
            float[] neg = new float[g * g];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (Math.cos(ph) * in[i] + Math.sin(ph) * quad[i]);
                neg[i] = -d[i];
            }
            TileCorrelator.Peak direct = TileCorrelator.correlate(TileCorrelator.spectrum(d, g), t, 1)[0];
            TileCorrelator.Peak opposite = TileCorrelator.correlate(TileCorrelator.spectrum(neg, g), t, 1)[0];
            // one phase given: that phase and the phase plus pi are tried
            TileCorrelator.PhasedPeak one = TileCorrelator.correlateQuadrature(TileCorrelator.spectrum(in, quad, g),
                    t, 1, new double[] {ph})[0];
            TileCorrelator.Peak expected = direct.z() >= opposite.z() ? direct : opposite;
            assertThat(one.peak().z()).isCloseTo(expected.z(), within(1e-3));
            assertThat(one.peak().row()).isEqualTo(expected.row());
            assertThat(one.peak().col()).isEqualTo(expected.col());
            assertThat(one.peak().subRow()).isCloseTo(expected.subRow(), within(1e-4));
            assertThat(one.peak().subCol()).isCloseTo(expected.subCol(), within(1e-4));
            assertThat(one.phase()).isCloseTo(direct.z() >= opposite.z() ? ph : ph + Math.PI, within(1e-9));
        }
    }
}
