package dev.hallmark.generator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hallmark.media.I420Frame;
import org.junit.jupiter.api.Test;

class UpscalerTest {

    @Test
    void flatColourStaysFlatAndConvertsToBt601() {
        float[] src = new float[3 * 4 * 4];
        java.util.Arrays.fill(src, 0, 16, 1f); // pure red, range 0..1
        I420Frame out = new I420Frame(50, 30);
        new Upscaler(4, 4, 50, 30).toI420(src, 0, 0f, 1f, out);
        int[] yuv = Colour.rgbToYuv(255, 0, 0);
        for (int i = 0; i < out.uOffset(); i++) {
            assertThat(out.data()[i] & 0xFF).isEqualTo(yuv[0]);
        }
        assertThat(out.data()[out.uOffset()] & 0xFF).isEqualTo(yuv[1]);
        assertThat(out.data()[out.vOffset()] & 0xFF).isEqualTo(yuv[2]);
        assertThat(yuv).containsExactly(81, 90, 240); // BT.601 limited range red
    }

    @Test
    void edgeRepeatsSidewaysForWideOutputs() {
        // 2x2 source: left column black, right column white; a 4:1 output keeps the square centred and repeats
        // the edge columns outwards instead of stretching
        float[] src = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        I420Frame out = new I420Frame(80, 20);
        new Upscaler(2, 2, 80, 20).toI420(src, 0, 0f, 1f, out);
        assertThat(out.luma(0, 10)).isEqualTo(16);
        assertThat(out.luma(25, 10)).isEqualTo(16);
        assertThat(out.luma(79, 10)).isEqualTo(235);
        assertThat(out.luma(55, 10)).isEqualTo(235);
        assertThat(out.luma(40, 10)).isBetween(100, 150); // the edge in the middle
    }

    @Test
    void rgbYuvRoundTrip() {
        for (int[] c : new int[][] {{220, 40, 40}, {40, 80, 230}, {245, 245, 245}, {12, 12, 12}, {150, 60, 200}}) {
            int[] yuv = Colour.rgbToYuv(c[0], c[1], c[2]);
            double[] back = Colour.yuvToRgb(yuv[0], yuv[1], yuv[2]);
            for (int k = 0; k < 3; k++) {
                assertThat(back[k]).isCloseTo(c[k], within(3.0));
            }
        }
    }
}
