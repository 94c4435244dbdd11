package dev.fmnist.report;

import dev.fmnist.data.Dataset;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** The lab's Exercise 1: the first images of a data set in a grid, each captioned with its class. */
public final class SampleGrid {
    private static final int SCALE = 4;
    private static final int CAPTION = 22;
    private static final int GAP = 8;

    private SampleGrid() {}

    /** A square-ish grid of the first {@code n} images of {@code data}, scaled up 4 times. */
    public static BufferedImage render(Dataset data, int n, List<String> classNames) {
        int count = Math.min(n, data.count());
        int columns = (int) Math.ceil(Math.sqrt(count));
        int rows = (count + columns - 1) / columns;
        int cellW = data.cols() * SCALE;
        int cellH = data.rows() * SCALE + CAPTION;
        BufferedImage grid = new BufferedImage(GAP + columns * (cellW + GAP), GAP + rows * (cellH + GAP),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < count; i++) {
            int x0 = GAP + (i % columns) * (cellW + GAP);
            int y0 = GAP + (i / columns) * (cellH + GAP);
            for (int y = 0; y < data.rows() * SCALE; y++) {
                for (int x = 0; x < cellW; x++) {
                    int v = data.images()[i * data.pixelsPerImage() + (y / SCALE) * data.cols() + x / SCALE] & 0xff;
                    grid.setRGB(x0 + x, y0 + y, (v << 16) | (v << 8) | v);
                }
            }
            String caption = classNames.get(data.label(i));
            g.setColor(Color.BLACK);
            g.drawString(caption, x0 + (cellW - fm.stringWidth(caption)) / 2, y0 + data.rows() * SCALE + fm.getAscent() + 3);
        }
        g.dispose();
        return grid;
    }
}
