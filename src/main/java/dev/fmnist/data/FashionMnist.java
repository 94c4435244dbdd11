package dev.fmnist.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Loads and verifies the Fashion-MNIST training and test sets from a directory. */
public final class FashionMnist {

    /** The class names, index 0 to 9, as the lab prints them. */
    public static final java.util.List<String> CLASS_NAMES = java.util.List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    public static final int NUM_CLASSES = CLASS_NAMES.size();

    /** The side of every image, in pixels: images are IMAGE_SIZE x IMAGE_SIZE, one grey channel. */
    public static final int IMAGE_SIZE = 28;

    /** The training and test halves of the data set. */
    public record Split(Dataset train, Dataset test) {}

    private FashionMnist() {}

    /** The path of {@code file} in {@code dir}: the plain file if present, else the {@code .gz}. */
    public static Path pathIn(Path dir, DatasetFile file) {
        Path plain = dir.resolve(file.baseName());
        return Files.isRegularFile(plain) ? plain : dir.resolve(file.gzipName());
    }

    /** Whether {@code dir} holds all four files, gzip or not. */
    public static boolean isComplete(Path dir) {
        for (DatasetFile f : DatasetFile.values()) {
            if (!Files.isRegularFile(pathIn(dir, f))) {
                return false;
            }
        }
        return true;
    }

    /** Reads and verifies all four files of {@code dir}. */
    public static Split load(Path dir) throws DataException {
        Dataset train = pair(dir, DatasetFile.TRAIN_IMAGES, DatasetFile.TRAIN_LABELS);
        Dataset test = pair(dir, DatasetFile.TEST_IMAGES, DatasetFile.TEST_LABELS);
        return new Split(train, test);
    }

    private static Dataset pair(Path dir, DatasetFile imagesFile, DatasetFile labelsFile) throws DataException {
        IdxFile images = readVerified(pathIn(dir, imagesFile), imagesFile);
        IdxFile labels = readVerified(pathIn(dir, labelsFile), labelsFile);
        int[] d = images.dimensions();
        return new Dataset(images.data(), labels.data(), d[0], d[1], d[2]);
    }

    /** Reads {@code path} and checks it is exactly {@code expected}; every failure names the file. */
    public static IdxFile readVerified(Path path, DatasetFile expected) throws DataException {
        if (!Files.isRegularFile(path)) {
            throw new DataException("The data file " + path + " is missing.");
        }
        IdxFile idx = IdxFile.read(path);
        verify(path.toString(), idx, expected);
        return idx;
    }

    /** Checks magic, shape, label range and SHA-256 of a parsed file against {@code expected}. */
    public static void verify(String name, IdxFile idx, DatasetFile expected) throws DataException {
        if (idx.magic() != expected.magic()) {
            throw new DataException(String.format("The file %s has IDX magic %d, expected %d for %s.",
                    name, idx.magic(), expected.magic(), expected.baseName()));
        }
        if (!java.util.Arrays.equals(idx.dimensions(), expected.shape())) {
            String got = String.join("x", java.util.Arrays.stream(idx.dimensions())
                    .mapToObj(Integer::toString).toList());
            throw new DataException(String.format("The file %s has shape %s, expected %s for %s.",
                    name, got, expected.shapeText(), expected.baseName()));
        }
        if (expected.isLabels()) {
            byte[] labels = idx.data();
            for (int i = 0; i < labels.length; i++) {
                int label = labels[i] & 0xff;
                if (label >= NUM_CLASSES) {
                    throw new DataException(String.format(
                            "The file %s has label %d at index %d, expected 0 to 9.", name, label, i));
                }
            }
        }
        String sha = sha256(idx.raw());
        if (!sha.equals(expected.sha256())) {
            throw new DataException(String.format(
                    "The file %s has the right shape but not the published content (SHA-256 %s, expected %s);"
                            + " delete it and fetch the data set again.", name, sha, expected.sha256()));
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
