package dev.fmnist.report;

import dev.fmnist.data.AtomicFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Figures written whole or not at all, as PNG. */
public final class PngFile {
    private PngFile() {}

    public static void write(BufferedImage image, Path file) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", png)) {
            throw new IOException("no PNG writer in this JVM");
        }
        AtomicFile.write(file, png.toByteArray());
    }
}
