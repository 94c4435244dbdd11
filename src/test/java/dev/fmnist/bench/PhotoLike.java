package dev.fmnist.bench;

import dev.fmnist.data.Dataset;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Data-set images made to look like shop photos, for the photo benchmark: negated to dark on light,
 * scaled up 5 to 15 times with smooth interpolation, placed off-centre on a larger light canvas;
 * one in three an RGBA PNG whose background is transparent (and black under the transparency), one
 * in three a JPEG at quality 75, the rest an RGB PNG. Seeded by the image's index: the same files
 * every time.
 */
public final class PhotoLike {
    private PhotoLike() {}

    /** The photo-like version of image {@code i} of {@code d}. */
    public static BufferedImage make(Dataset d, int i) {
        Random r = new Random(1000L + i);
        int side = d.rows();
        int scale = 5 + r.nextInt(11);
        BufferedImage negated = new BufferedImage(side, side, BufferedImage.TYPE_INT_ARGB);
        boolean transparent = i % 3 == 1;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int v = d.images()[i * side * side + y * side + x] & 0xff;
                int grey = 255 - v;
                // A cut-out product: opaque where the garment is, transparent (and black) around it.
                int alpha = transparent ? Math.min(255, v * 4) : 255;
                int rgb = transparent && alpha == 0 ? 0 : (grey << 16) | (grey << 8) | grey;
                negated.setRGB(x, y, (alpha << 24) | rgb);
            }
        }
        int big = side * scale;
        int canvasW = big + big * (20 + r.nextInt(60)) / 100;
        int canvasH = big + big * (20 + r.nextInt(60)) / 100;
        BufferedImage canvas = new BufferedImage(canvasW, canvasH,
                transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        if (!transparent) {
            int paper = 235 + r.nextInt(21);
            g.setColor(new java.awt.Color(paper, paper, paper));
            g.fillRect(0, 0, canvasW, canvasH);
        }
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(negated, r.nextInt(canvasW - big + 1), r.nextInt(canvasH - big + 1), big, big, null);
        g.dispose();
        return canvas;
    }

    /** Writes image {@code i} as {@code dir/NNNNN-LABEL.png} or {@code .jpg}; returns the file. */
    public static Path write(Dataset d, int i, Path dir) throws IOException {
        BufferedImage img = make(d, i);
        boolean jpeg = i % 3 == 2;
        Path file = dir.resolve(String.format("%05d-%d.%s", i, d.label(i), jpeg ? "jpg" : "png"));
        if (!jpeg) {
            ImageIO.write(img, "png", file.toFile());
            return file;
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.75f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return file;
    }
}
