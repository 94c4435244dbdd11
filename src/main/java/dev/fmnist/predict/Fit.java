package dev.fmnist.predict;

import dev.fmnist.data.FashionMnist;
import dev.fmnist.util.EnumText;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * How an image file becomes the 28 x 28 input of the model:
 * <ul>
 *   <li>{@code keras}: as the lab's Exercise 8 reads it, Keras' {@code load_img(..., target_size=(28, 28))}:
 *       the whole image squashed to 28 x 28;
 *   <li>{@code fashion-mnist}: the data set's own conversion of product photos ({@link ProductPhoto});
 *   <li>{@code auto}: images already 28 x 28 and grey (data-set images, the lab's sample) as Keras
 *       reads them, every other image as a product photo.
 * </ul>
 */
public enum Fit {
    AUTO, KERAS, FASHION_MNIST;

    /** What one image became: 28 x 28 grey pixels, whether they were inverted, and which fit made them. */
    public record Fitted(int[] gray, boolean inverted, Fit fit) {
        /** The model's input: the grey values / 255, as Keras' {@code img_to_array(img) / 255}. */
        public float[] input() {
            return ImageLoader.toInput(gray, false);
        }
    }

    /**
     * @param invert null for automatic (by the background), else whether to invert
     */
    public Fitted load(Path file, Boolean invert) throws ImageException {
        return load(ImageLoader.read(file), file.toString(), invert);
    }

    /** {@code image}, called {@code name} in messages, as the model's input. */
    public Fitted load(BufferedImage image, String name, Boolean invert) throws ImageException {
        Fit used = this == AUTO ? (isDataSetLike(image) ? KERAS : FASHION_MNIST) : this;
        if (used == FASHION_MNIST) {
            return ProductPhoto.convert(image, name, invert);
        }
        int[] gray = ImageLoader.gray28(image);
        boolean inverted = invert != null ? invert : ImageLoader.lightBorder(gray);
        if (inverted) {
            for (int i = 0; i < gray.length; i++) {
                gray[i] = 255 - gray[i];
            }
        }
        return new Fitted(gray, inverted, used);
    }

    /** 28 x 28 and grey: a grey colour model, or colour pixels whose channels are all equal. */
    static boolean isDataSetLike(BufferedImage image) {
        if (image.getWidth() != FashionMnist.IMAGE_SIZE || image.getHeight() != FashionMnist.IMAGE_SIZE) {
            return false;
        }
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb = image.getRGB(x, y);
                int r = (argb >>> 16) & 0xff;
                if (r != ((argb >>> 8) & 0xff) || r != (argb & 0xff) || (argb >>> 24) != 0xff) {
                    return image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
                }
            }
        }
        return true;
    }

    public static Fit parse(String text) {
        return EnumText.parse(Fit.class, "fit", text.replace('-', '_'));
    }

    @Override
    public String toString() {
        return EnumText.of(this).replace('_', '-');
    }
}
