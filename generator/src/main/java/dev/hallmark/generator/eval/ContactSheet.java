package dev.hallmark.generator.eval;

import dev.hallmark.generator.internal.Colour;
import dev.hallmark.media.I420Frame;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** PNG contact sheets: one row per clip (a caption, then evenly spaced frames), for looking at what a model made. */
public final class ContactSheet {
    private final int columns;
    private final int cell;
    private final int labelWidth;
    private final List<String> labels = new ArrayList<>();
    private final List<List<BufferedImage>> rows = new ArrayList<>();

    /**
     * @param columns frames shown per clip
     * @param cell size of each frame thumbnail in pixels
     */
    public ContactSheet(int columns, int cell, int labelWidth) {
        this.columns = columns;
        this.cell = cell;
        this.labelWidth = labelWidth;
    }

    public void add(String label, List<I420Frame> clip) {
        List<BufferedImage> row = new ArrayList<>();
        int n = clip.size();
        for (int j = 0; j < columns; j++) {
            int idx = n == 1 ? 0 : (int) Math.round((double) j * (n - 1) / (columns - 1));
            row.add(thumbnail(clip.get(idx), cell));
        }
        labels.add(label);
        rows.add(row);
    }

    /** I420 to an RGB image scaled (nearest) to fit {@code size} x {@code size}. */
    static BufferedImage thumbnail(I420Frame f, int size) {
        double scale = Math.min((double) size / f.width(), (double) size / f.height());
        int w = Math.max(1, (int) Math.round(f.width() * scale));
        int h = Math.max(1, (int) Math.round(f.height() * scale));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        byte[] d = f.data();
        int cw = f.chromaWidth();
        for (int y = 0; y < h; y++) {
            int sy = Math.min(f.height() - 1, (int) (y / scale));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(f.width() - 1, (int) (x / scale));
                double[] rgb = Colour.yuvToRgb(d[sy * f.width() + sx] & 0xFF,
                        d[f.uOffset() + (sy / 2) * cw + sx / 2] & 0xFF, d[f.vOffset() + (sy / 2) * cw + sx / 2] & 0xFF);
                img.setRGB(x, y, ((int) rgb[0] << 16) | ((int) rgb[1] << 8) | (int) rgb[2]);
            }
        }
        return img;
    }

    public void write(Path png) throws IOException {
        int rowH = cell + 4;
        BufferedImage sheet = new BufferedImage(labelWidth + columns * (cell + 4), Math.max(1, rows.size() * rowH),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(48, 48, 48));
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < rows.size(); i++) {
            g.setColor(labels.get(i).startsWith("NO") ? new Color(255, 140, 140) : Color.WHITE);
            int y = i * rowH;
            drawWrapped(g, labels.get(i), 6, y + 16, labelWidth - 10);
            List<BufferedImage> row = rows.get(i);
            for (int j = 0; j < row.size(); j++) {
                BufferedImage t = row.get(j);
                g.drawImage(t, labelWidth + j * (cell + 4) + 2 + (cell - t.getWidth()) / 2,
                        y + 2 + (cell - t.getHeight()) / 2, null);
            }
        }
        g.dispose();
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(sheet, "png", png.toFile());
    }

    private static void drawWrapped(Graphics2D g, String text, int x, int y, int width) {
        StringBuilder line = new StringBuilder();
        int yy = y;
        for (String word : text.split(" ")) {
            if (g.getFontMetrics().stringWidth(line + " " + word) > width && !line.isEmpty()) {
                g.drawString(line.toString(), x, yy);
                yy += 14;
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        g.drawString(line.toString(), x, yy);
    }
}
