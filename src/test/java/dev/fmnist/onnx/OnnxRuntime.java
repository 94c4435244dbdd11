package dev.fmnist.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Runs an ONNX file in ONNX Runtime, the reader our files are written for, as a deployment would. */
public final class OnnxRuntime {
    private OnnxRuntime() {}

    /**
     * The file's {@code probabilities} for {@code images} (784 floats each, [0, 1]), fed in the
     * shape its {@code images} input declares, batch axis first.
     */
    public static float[][] predict(Path file, float[][] images) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            try (OrtSession session = env.createSession(file.toString(), options)) {
                long[] declared = ((ai.onnxruntime.TensorInfo) session.getInputInfo().get(OnnxWriter.INPUT).getInfo()).getShape();
                long[] shape = declared.clone();
                shape[0] = images.length;
                float[] flat = new float[images.length * 784];
                for (int i = 0; i < images.length; i++) {
                    System.arraycopy(images[i], 0, flat, i * 784, 784);
                }
                assertEquals(784L, Arrays.stream(shape).skip(1).reduce(1, (a, b) -> a * b), Arrays.toString(declared));
                try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), shape);
                     OrtSession.Result out = session.run(Map.of(OnnxWriter.INPUT, in))) {
                    return (float[][]) out.get(OnnxWriter.OUTPUT).orElseThrow().getValue();
                }
            }
        }
    }

    /** Our probabilities and the ONNX file's, for the same images. */
    public record Answers(float[][] ours, float[][] onnx) {}

    /**
     * {@code images} through {@code model} (what predict.jar loads) and through {@code onnx} in ONNX
     * Runtime; fails unless every probability agrees within 1e-5.
     */
    public static Answers compare(Path model, Path onnx, float[][] images) throws Exception {
        float[][] ours;
        try (dev.fmnist.predict.Predictor p = dev.fmnist.predict.Predictor.load(model)) {
            ours = p.predict(images);
        }
        float[][] theirs = predict(onnx, images);
        double difference = largestDifference(ours, theirs);
        org.junit.jupiter.api.Assertions.assertTrue(difference < 1e-5, onnx + " against " + model
                + ": largest difference " + difference);
        return new Answers(ours, theirs);
    }

    /** The largest difference between two sets of probabilities, row by row; fails on a size mismatch. */
    public static double largestDifference(float[][] a, float[][] b) {
        assertEquals(a.length, b.length);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i].length, b[i].length);
            for (int k = 0; k < a[i].length; k++) {
                worst = Math.max(worst, Math.abs(a[i][k] - b[i][k]));
            }
        }
        return worst;
    }

    /** How many rows' most likely class is {@code labels}' class. */
    public static int correct(float[][] probabilities, int[] labels) {
        int right = 0;
        for (int i = 0; i < probabilities.length; i++) {
            int best = 0;
            for (int k = 1; k < probabilities[i].length; k++) {
                if (probabilities[i][k] > probabilities[i][best]) {
                    best = k;
                }
            }
            right += best == labels[i] ? 1 : 0;
        }
        return right;
    }
}
