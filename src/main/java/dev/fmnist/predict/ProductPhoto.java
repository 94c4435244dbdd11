package dev.fmnist.predict;

import dev.fmnist.data.FashionMnist;
import java.awt.image.BufferedImage;

/**
 * The conversion Fashion-MNIST's authors applied to Zalando's product photos (the data set's
 * README), for photos of the same kind: trim the background around the product, scale the
 * longest edge to 28 keeping the aspect ratio, sharpen, extend the shorter edge to 28 with the
 * product centred, negate (a product on a light background becomes a light product on black, as
 * in the data set), 8-bit grey.
 *
 * <p>The background is found from the image's border: its median grey, light or dark. Pixels
 * that are mostly transparent count as background whatever colour they hold. Scaling averages the
 * pixels each output pixel covers, rather than skipping rows and columns, so a large photo does not
 * alias.
 */
public final class ProductPhoto {
    private static final int SIZE = FashionMnist.IMAGE_SIZE;
    /** How far from the background a pixel must be to count as product: 5% of the grey range, as the authors'. */
    static final int TRIM_THRESHOLD = 13;
    /** Alpha below this is background. */
    static final int TRANSPARENT = 128;

    private ProductPhoto() {}

    /**
     * @param invert null to negate when the background is light (auto), else whether to negate
     * @return 28 x 28 grey pixels (a light product on black), and whether the photo was negated
     * @throws ImageException when the image holds nothing but background
     */
    public static Fit.Fitted convert(BufferedImage image, String name, Boolean invert) throws ImageException {
        int w = image.getWidth();
        int h = image.getHeight();
        int[][] grey = ImageLoader.gray(image);
        boolean[][] transparent = new boolean[h][w];
        boolean alpha = image.getColorModel().hasAlpha();
        for (int y = 0; alpha && y < h; y++) {
            for (int x = 0; x < w; x++) {
                transparent[y][x] = (image.getRGB(x, y) >>> 24) < TRANSPARENT;
            }
        }
        int background = borderBackground(grey, transparent);
        boolean negate = invert != null ? invert : background > 127;
        // Transparent pixels take the background's grey, whatever colour they hold.
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (transparent[y][x]) {
                    grey[y][x] = background;
                }
            }
        }
        int top = h;
        int bottom = -1;
        int left = w;
        int right = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (Math.abs(grey[y][x] - background) > TRIM_THRESHOLD) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        if (bottom < 0) {
            throw new ImageException("The image " + name + " is all background: there is no product in it to classify.");
        }
        int boxW = right - left + 1;
        int boxH = bottom - top + 1;
        double scale = (double) SIZE / Math.max(boxW, boxH);
        int outW = Math.max(1, (int) Math.round(boxW * scale));
        int outH = Math.max(1, (int) Math.round(boxH * scale));
        // The background becomes 0 and the far end of the grey range 255: a negation for a white
        // background, stretched for an off-white or grey one.
        double[][] product = new double[boxH][boxW];
        for (int y = 0; y < boxH; y++) {
            for (int x = 0; x < boxW; x++) {
                int v = grey[top + y][left + x];
                product[y][x] = negate ? (background - v) * 255.0 / Math.max(background, 1)
                        : (v - background) * 255.0 / Math.max(255 - background, 1);
            }
        }
        double[][] small = sharpen(areaResize(product, outW, outH));
        int[] out = new int[SIZE * SIZE];
        int offX = (SIZE - outW) / 2;
        int offY = (SIZE - outH) / 2;
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                out[(offY + y) * SIZE + offX + x] = (int) Math.max(0, Math.min(255, Math.round(small[y][x])));
            }
        }
        return new Fit.Fitted(out, negate, Fit.FASHION_MNIST);
    }

    /** The median grey of the border's opaque pixels; light (255) when the whole border is transparent. */
    static int borderBackground(int[][] grey, boolean[][] transparent) {
        int h = grey.length;
        int w = grey[0].length;
        int[] counts = new int[256];
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean border = y == 0 || x == 0 || y == h - 1 || x == w - 1;
                if (border && !transparent[y][x]) {
                    counts[grey[y][x]]++;
                    n++;
                }
            }
        }
        if (n == 0) {
            return 255; // a cut-out product: shops show it on white
        }
        int seen = 0;
        for (int v = 0; v < 256; v++) {
            seen += counts[v];
            if (seen * 2 >= n) {
                return v;
            }
        }
        return 255;
    }

    /** Each output pixel the mean of the input area it covers, partial pixels weighted by their share. */
    static double[][] areaResize(double[][] in, int outW, int outH) {
        return transpose(resizeRows(transpose(resizeRows(in, outW)), outH));
    }

    private static double[][] resizeRows(double[][] in, int outW) {
        int inW = in[0].length;
        double step = (double) inW / outW;
        double[][] out = new double[in.length][outW];
        for (int y = 0; y < in.length; y++) {
            for (int x = 0; x < outW; x++) {
                double from = x * step;
                double to = from + step;
                double sum = 0;
                for (int i = (int) from; i < Math.min(inW, Math.ceil(to)); i++) {
                    double cover = Math.min(to, i + 1) - Math.max(from, i);
                    sum += cover * in[y][i];
                }
                out[y][x] = sum / step;
            }
        }
        return out;
    }

    private static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int y = 0; y < m.length; y++) {
            for (int x = 0; x < m[0].length; x++) {
                t[x][y] = m[y][x];
            }
        }
        return t;
    }

    /** An unsharp mask with a Gaussian of radius 1 and sigma 1, as the authors sharpened. */
    static double[][] sharpen(double[][] in) {
        double[] k = new double[3];
        double sum = 0;
        for (int i = -1; i <= 1; i++) {
            k[i + 1] = Math.exp(-i * i / 2.0);
            sum += k[i + 1];
        }
        for (int i = 0; i < 3; i++) {
            k[i] /= sum;
        }
        int h = in.length;
        int w = in[0].length;
        double[][] blur = new double[h][w];
        double[][] tmp = new double[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = -1; i <= 1; i++) {
                    s += k[i + 1] * in[y][Math.max(0, Math.min(w - 1, x + i))];
                }
                tmp[y][x] = s;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = -1; i <= 1; i++) {
                    s += k[i + 1] * tmp[Math.max(0, Math.min(h - 1, y + i))][x];
                }
                blur[y][x] = s;
            }
        }
        double[][] out = new double[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y][x] = in[y][x] + SHARPEN_AMOUNT * (in[y][x] - blur[y][x]);
            }
        }
        return out;
    }

    /** How much of the detail the blur removes is added back. */
    static final double SHARPEN_AMOUNT = 1.0;
}
