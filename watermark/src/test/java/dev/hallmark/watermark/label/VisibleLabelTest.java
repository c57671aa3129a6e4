package dev.hallmark.watermark.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VisibleLabelTest {

    @ParameterizedTest
    @CsvSource({"768,576", "1280,720", "1920,1080", "320,240", "720,1280", "480,480"})
    void textIsAtLeastFivePercentOfTheShortSideAndInsideTheFrame(int w, int h) {
        for (LabelPosition p : LabelPosition.values()) {
            VisibleLabel l = VisibleLabel.prepare(LabelSpec.defaults().withPosition(p), w, h, FrameRate.of(25));
            VisibleLabel.LabelGeometry g = l.geometry();
            assertThat(g.textHeight()).isGreaterThanOrEqualTo((int) Math.ceil(0.05 * Math.min(w, h)));
            assertThat(g.textHeightRatio()).isGreaterThanOrEqualTo(0.05);
            assertThat(g.boxX()).isGreaterThanOrEqualTo(0);
            assertThat(g.boxY()).isGreaterThanOrEqualTo(0);
            assertThat(g.boxX() + g.boxWidth()).isLessThanOrEqualTo(w);
            assertThat(g.boxY() + g.boxHeight()).isLessThanOrEqualTo(h);
            boolean left = p == LabelPosition.TOP_LEFT || p == LabelPosition.BOTTOM_LEFT;
            assertThat(g.boxX() < w / 2).isEqualTo(left);
        }
    }

    @Test
    void inkActuallyCoversTheMeasuredHeight() {
        // measure the white text pixels drawn into a black frame: their vertical extent is the text height
        VisibleLabel l = VisibleLabel.prepare(LabelSpec.defaults().withHeightRatio(0.05), 1280, 720, FrameRate.of(25));
        I420Frame f = new I420Frame(1280, 720);
        f.fill(16, 128, 128);
        l.apply(f);
        int top = Integer.MAX_VALUE;
        int bottom = -1;
        for (int y = 0; y < 720; y++) {
            for (int x = 0; x < 1280; x++) {
                if (f.luma(x, y) > 128) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        assertThat(bottom - top + 1).isGreaterThanOrEqualTo(36); // 5% of 720
    }

    @Test
    void showsForTheConfiguredFramesOnly() {
        VisibleLabel l = VisibleLabel.prepare(LabelSpec.defaults().withSeconds(2), 320, 240, FrameRate.of(10));
        assertThat(l.frames()).isEqualTo(20);
        I420Frame f = new I420Frame(320, 240);
        f.fill(200, 100, 150);
        f.setPosition(19, 0);
        l.apply(f);
        int g = l.geometry().boxX() + 1;
        assertThat(f.luma(g, l.geometry().boxY() + 1)).isLessThan(200); // darkened by the backing
        I420Frame after = new I420Frame(320, 240);
        after.fill(200, 100, 150);
        after.setPosition(20, 0);
        l.apply(after);
        assertThat(after.luma(g, l.geometry().boxY() + 1)).isEqualTo(200);
        assertThat(VisibleLabel.prepare(LabelSpec.defaults(), 320, 240, FrameRate.of(10)).frames())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void specEnforcesGb45438() {
        assertThat(LabelSpec.textProblem("AI生成")).isNull();
        assertThat(LabelSpec.textProblem("人工智能合成")).isNull();
        assertThat(LabelSpec.textProblem("AI-generated")).contains("生成");
        assertThat(LabelSpec.textProblem("生成内容")).contains("人工智能");
        assertThatThrownBy(() -> LabelSpec.defaults().withHeightRatio(0.04)).hasMessageContaining("5%");
        assertThatThrownBy(() -> LabelSpec.defaults().withSeconds(1.5)).hasMessageContaining("2 s");
        assertThat(LabelPosition.parse("bottom-right")).isEqualTo(LabelPosition.BOTTOM_RIGHT);
        assertThatThrownBy(() -> LabelPosition.parse("middle")).hasMessageContaining("top-left");
    }
}
