package dev.fmnist.predict;

import dev.fmnist.data.FashionMnist;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Images in and probabilities out of a model, as tensors. */
final class Batches {
    private Batches() {}

    private static final int PIXELS = FashionMnist.IMAGE_SIZE * FashionMnist.IMAGE_SIZE;

    /** {@code images}, each 784 floats, as one [N, 28, 28, 1] tensor. */
    static TFloat32 images(float[][] images) {
        float[] flat = new float[images.length * PIXELS];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, flat, i * PIXELS, PIXELS);
        }
        return TFloat32.tensorOf(Shape.of(images.length, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE, 1),
                DataBuffers.of(flat, true, false));
    }

    /** The rows of an [N, 10] tensor. */
    static float[][] rows(TFloat32 probabilities, int n) {
        float[] all = new float[n * FashionMnist.NUM_CLASSES];
        probabilities.asRawTensor().data().asFloats().read(all);
        float[][] rows = new float[n][FashionMnist.NUM_CLASSES];
        for (int i = 0; i < n; i++) {
            System.arraycopy(all, i * FashionMnist.NUM_CLASSES, rows[i], 0, FashionMnist.NUM_CLASSES);
        }
        return rows;
    }
}
