package dev.fmnist.keras;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes our own small Keras HDF5 model files with jhdf, in the layouts Keras versions use: the
 * {@code model_config} attribute, and {@code model_weights/<layer>} groups whose {@code weight_names}
 * give each dataset's path below the group ({@code dense/kernel:0} in tf.keras 2,
 * {@code sequential/dense/kernel} in Keras 3).
 */
final class H5Fixture {
    private final String config;
    private final Map<String, Map<String, Object>> layers = new LinkedHashMap<>();
    private String version = "2.1.6";

    H5Fixture(String modelConfigJson) {
        this.config = modelConfigJson;
    }

    H5Fixture version(String v) {
        version = v;
        return this;
    }

    /** A layer with no weights still has its group, as Keras writes it. */
    H5Fixture layer(String name) {
        layers.computeIfAbsent(name, n -> new LinkedHashMap<>());
        return this;
    }

    /** A weight at {@code path} (e.g. {@code dense/kernel:0}) below the layer's group: a float[] or nested float arrays. */
    H5Fixture weight(String layer, String path, Object value) {
        layers.computeIfAbsent(layer, n -> new LinkedHashMap<>()).put(path, value);
        return this;
    }

    Path write(Path file) {
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            if (config != null) {
                h5.putAttribute("model_config", config);
            }
            h5.putAttribute("keras_version", version);
            h5.putAttribute("backend", "tensorflow");
            WritableGroup weights = h5.putGroup("model_weights");
            if (!layers.isEmpty()) { // jhdf cannot write an empty string array
                weights.putAttribute("layer_names", layers.keySet().toArray(String[]::new));
            }
            for (Map.Entry<String, Map<String, Object>> layer : layers.entrySet()) {
                WritableGroup g = weights.putGroup(layer.getKey());
                List<String> names = new ArrayList<>(layer.getValue().keySet());
                if (!names.isEmpty()) {
                    g.putAttribute("weight_names", names.toArray(String[]::new));
                }
                Map<String, WritableGroup> groups = new LinkedHashMap<>();
                for (Map.Entry<String, Object> w : layer.getValue().entrySet()) {
                    String[] parts = w.getKey().split("/");
                    WritableGroup at = g;
                    String prefix = "";
                    for (int i = 0; i < parts.length - 1; i++) {
                        prefix += "/" + parts[i];
                        WritableGroup parent = at;
                        String part = parts[i];
                        at = groups.computeIfAbsent(prefix, k -> parent.putGroup(part));
                    }
                    at.putDataset(parts[parts.length - 1], w.getValue());
                }
            }
        }
        return file;
    }

    /** {@code rows} x {@code cols} floats from {@code f(row, col)}. */
    static float[][] matrix(int rows, int cols, java.util.function.BiFunction<Integer, Integer, Double> f) {
        float[][] m = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = f.apply(r, c).floatValue();
            }
        }
        return m;
    }

    static float[] filled(int n, double v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, (float) v);
        return a;
    }
}
