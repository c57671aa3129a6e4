package dev.hallmark.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.media.FrameRate;
import org.junit.jupiter.api.Test;

class GenerationRequestTest {

    @Test
    void defaultsAreAFourSecondClip() {
        GenerationRequest r = GenerationRequest.of("a red circle");
        assertThat(r.seconds()).isEqualTo(4.0);
        assertThat(r.width()).isEqualTo(512);
        assertThat(r.frameCount()).isEqualTo(48);
        assertThat(r.withFps(new FrameRate(30000, 1001)).frameCount()).isEqualTo(120);
    }

    @Test
    void rejectsOutOfRange() {
        FrameRate f = FrameRate.of(12);
        assertThatThrownBy(() -> new GenerationRequest("x", 0, 64, 64, f, 0, 0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GenerationRequest("x", 4, 63, 64, f, 0, 0, Double.NaN))
                .hasMessageContaining("even");
        assertThatThrownBy(() -> new GenerationRequest("x", 4, 8192, 64, f, 0, 0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GenerationRequest("x", 4, 64, 64, f, 0, -1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GenerationRequest("x", 4, 64, 64, f, 0, 0, -2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GenerationRequest("x", Double.NaN, 64, 64, f, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void digitalSourceTypesParse() {
        assertThat(DigitalSourceType.fromUri("https://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia"))
                .contains(DigitalSourceType.ALGORITHMIC_MEDIA);
        assertThat(DigitalSourceType.fromUri("trainedAlgorithmicMedia"))
                .contains(DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA);
        assertThat(DigitalSourceType.fromUri("digitalCapture")).isEmpty();
    }
}
