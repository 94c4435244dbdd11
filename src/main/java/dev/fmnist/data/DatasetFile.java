package dev.fmnist.data;

import java.util.Arrays;

/**
 * The four files of Fashion-MNIST with the facts every copy must match: IDX magic, shape and
 * the SHA-256 of the uncompressed bytes (mirrors recompress the gzip files, so only the
 * uncompressed bytes have a stable hash).
 */
public enum DatasetFile {
    TRAIN_IMAGES("train-images-idx3-ubyte", 2051, new int[] {60000, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE},
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
    TRAIN_LABELS("train-labels-idx1-ubyte", 2049, new int[] {60000},
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
    TEST_IMAGES("t10k-images-idx3-ubyte", 2051, new int[] {10000, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE},
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
    TEST_LABELS("t10k-labels-idx1-ubyte", 2049, new int[] {10000},
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    private final String baseName;
    private final int magic;
    private final int[] shape;
    private final String sha256;

    DatasetFile(String baseName, int magic, int[] shape, String sha256) {
        this.baseName = baseName;
        this.magic = magic;
        this.shape = shape;
        this.sha256 = sha256;
    }

    /** The file name without the {@code .gz} suffix. */
    public String baseName() {
        return baseName;
    }

    /** The name under which mirrors serve the file. */
    public String gzipName() {
        return baseName + ".gz";
    }

    public int magic() {
        return magic;
    }

    public int[] shape() {
        return shape.clone();
    }

    public String sha256() {
        return sha256;
    }

    public boolean isLabels() {
        return shape.length == 1;
    }

    /** A human-readable shape such as {@code 60000x28x28}. */
    public String shapeText() {
        return String.join("x", Arrays.stream(shape).mapToObj(Integer::toString).toList());
    }
}
