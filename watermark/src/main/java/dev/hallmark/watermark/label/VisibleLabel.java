package dev.hallmark.watermark.label;

import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The visible label prepared for one frame size: rendered once with the bundled CJK font (WenQuanYi Micro Hei) to
 * alpha masks, then blended straight into each I420 frame (no RGB round trip). White text on a semi-transparent
 * dark box; both are neutral, so chroma is only pulled towards grey under the box.
 */
public final class VisibleLabel {
    private static final Font BASE_FONT = loadFont();

    private final LabelSpec spec;
    private final LabelGeometry geometry;
    private final long frames;
    // per-pixel blend weights (0..256) and target values, over the box only
    private final int[] lumaAlpha;
    private final int[] lumaValue;
    private final int[] chromaAlpha;

    private VisibleLabel(LabelSpec spec, LabelGeometry g, long frames, int[] la, int[] lv, int[] ca) {
        this.spec = spec;
        this.geometry = g;
        this.frames = frames;
        this.lumaAlpha = la;
        this.lumaValue = lv;
        this.chromaAlpha = ca;
    }

    /** Where the label sits and how big its text is. */
    public record LabelGeometry(int frameWidth, int frameHeight, int boxX, int boxY, int boxWidth, int boxHeight,
            int textHeight, int fontSize) {
        /** Measured text height over the frame's shortest side. */
        public double textHeightRatio() {
            return (double) textHeight / Math.min(frameWidth, frameHeight);
        }
    }

    private static Font loadFont() {
        try (InputStream in = VisibleLabel.class.getResourceAsStream("wqy-microhei.ttc")) {
            if (in == null) {
                throw new IllegalStateException("bundled font wqy-microhei.ttc is missing from the jar");
            }
            return Font.createFonts(in)[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FontFormatException e) {
            throw new IllegalStateException("bundled font is damaged", e);
        }
    }

    /** Renders the label for {@code width} x {@code height} frames at {@code fps}. */
    public static VisibleLabel prepare(LabelSpec spec, int width, int height, FrameRate fps) {
        int shortSide = Math.min(width, height);
        int targetText = (int) Math.ceil(spec.heightRatio() * shortSide);
        FontRenderContext frc = new FontRenderContext(null, true, true);
        // The glyphs' ink height scales linearly with the font size: measure at 100 and scale, then verify.
        Rectangle2D ref = new TextLayout(spec.text(), BASE_FONT.deriveFont(100f), frc).getBounds();
        float size = (float) (100.0 * targetText / ref.getHeight());
        Font font = BASE_FONT.deriveFont(size);
        Rectangle2D ink = new TextLayout(spec.text(), font, frc).getBounds();
        while (Math.floor(ink.getHeight()) < targetText) {
            size *= 1.02f;
            font = BASE_FONT.deriveFont(size);
            ink = new TextLayout(spec.text(), font, frc).getBounds();
        }
        int textH = (int) Math.floor(ink.getHeight());
        int pad = Math.max(2, Math.round(textH * 0.35f));
        int boxW = Math.min(width, (int) Math.ceil(ink.getWidth()) + 2 * pad);
        int boxH = Math.min(height, textH + 2 * pad);
        int margin = Math.max(2, Math.round(shortSide * 0.025f));
        int x = switch (spec.position()) {
            case TOP_LEFT, BOTTOM_LEFT -> margin;
            case TOP_RIGHT, BOTTOM_RIGHT -> width - margin - boxW;
        };
        int y = switch (spec.position()) {
            case TOP_LEFT, TOP_RIGHT -> margin;
            case BOTTOM_LEFT, BOTTOM_RIGHT -> height - margin - boxH;
        };
        // 4:2:0 blocks: start on even coordinates so chroma lines up
        x = Math.max(0, x & ~1);
        y = Math.max(0, y & ~1);
        boxW = Math.min(boxW + (boxW & 1), width - x);
        boxH = Math.min(boxH + (boxH & 1), height - y);

        BufferedImage text = new BufferedImage(boxW, boxH, BufferedImage.TYPE_INT_ARGB);
        BufferedImage back = new BufferedImage(boxW, boxH, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = back.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        float r = Math.max(2, boxH * 0.25f);
        g.fill(new RoundRectangle2D.Float(0, 0, boxW, boxH, r, r));
        g.dispose();
        g = text.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(Color.WHITE);
        g.setFont(font);
        g.drawString(spec.text(), (float) (pad - ink.getX()), (float) (pad - ink.getY()));
        g.dispose();

        int n = boxW * boxH;
        int[] la = new int[n];
        int[] lv = new int[n];
        double bo = spec.backingOpacity();
        for (int j = 0; j < boxH; j++) {
            for (int i = 0; i < boxW; i++) {
                double ab = ((back.getRGB(i, j) >>> 24) / 255.0) * bo;
                double at = (text.getRGB(i, j) >>> 24) / 255.0;
                // text (white, Y=235) over backing (black, Y=16): composite alpha and value
                double a = at + ab * (1 - at);
                double v = a == 0 ? 0 : (at * 235 + ab * (1 - at) * 16) / a;
                la[j * boxW + i] = (int) Math.round(a * 256);
                lv[j * boxW + i] = (int) Math.round(v);
            }
        }
        int cw = boxW / 2;
        int ch = boxH / 2;
        int[] ca = new int[cw * ch];
        for (int j = 0; j < ch; j++) {
            for (int i = 0; i < cw; i++) {
                int s = la[2 * j * boxW + 2 * i] + la[2 * j * boxW + 2 * i + 1] + la[(2 * j + 1) * boxW + 2 * i]
                        + la[(2 * j + 1) * boxW + 2 * i + 1];
                ca[j * cw + i] = s / 4;
            }
        }
        long frames = spec.seconds() == 0 ? Long.MAX_VALUE : (long) Math.ceil(spec.seconds() * fps.fps());
        LabelGeometry geo = new LabelGeometry(width, height, x, y, boxW, boxH, textH, Math.round(size));
        return new VisibleLabel(spec, geo, frames, la, lv, ca);
    }

    public LabelSpec spec() {
        return spec;
    }

    public LabelGeometry geometry() {
        return geometry;
    }

    /** Frames (from 0) that carry the label; {@link Long#MAX_VALUE} for the whole clip. */
    public long frames() {
        return frames;
    }

    /** Blends the label into {@code frame} in place if its index is within the label's duration. */
    public void apply(I420Frame frame) {
        if (frame.width() != geometry.frameWidth() || frame.height() != geometry.frameHeight()) {
            throw new IllegalArgumentException("label prepared for " + geometry.frameWidth() + "x"
                    + geometry.frameHeight() + ", frame is " + frame.width() + "x" + frame.height());
        }
        if (frame.index() >= frames) {
            return;
        }
        byte[] d = frame.data();
        int w = frame.width();
        int bw = geometry.boxWidth();
        int bh = geometry.boxHeight();
        int x0 = geometry.boxX();
        int y0 = geometry.boxY();
        for (int j = 0; j < bh; j++) {
            int row = (y0 + j) * w + x0;
            int m = j * bw;
            for (int i = 0; i < bw; i++) {
                int a = lumaAlpha[m + i];
                if (a != 0) {
                    int y = d[row + i] & 0xFF;
                    d[row + i] = (byte) ((y * (256 - a) + lumaValue[m + i] * a + 128) >> 8);
                }
            }
        }
        int cw = frame.chromaWidth();
        int bcw = bw / 2;
        int cx0 = x0 / 2;
        int cy0 = y0 / 2;
        int uo = frame.uOffset();
        int vo = frame.vOffset();
        for (int j = 0; j < bh / 2; j++) {
            int row = (cy0 + j) * cw + cx0;
            int m = j * bcw;
            for (int i = 0; i < bcw; i++) {
                int a = chromaAlpha[m + i];
                if (a != 0) {
                    int u = d[uo + row + i] & 0xFF;
                    int v = d[vo + row + i] & 0xFF;
                    d[uo + row + i] = (byte) ((u * (256 - a) + 128 * a + 128) >> 8);
                    d[vo + row + i] = (byte) ((v * (256 - a) + 128 * a + 128) >> 8);
                }
            }
        }
    }
}
