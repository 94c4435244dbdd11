package dev.fmnist.keras;

import dev.fmnist.data.AtomicFile;
import dev.fmnist.model.Layer;
import dev.fmnist.model.Sequential;
import dev.fmnist.model.UniqueNames;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a model as a Keras 3 archive ({@code .keras}) that {@code keras.models.load_model} opens:
 * {@code metadata.json}, {@code config.json} (the Sequential, an InputLayer, then each layer's
 * module, class_name, config, registered_name and, where Keras records one, build_config) and
 * {@code model.weights.h5} ({@code layers/<group>/vars/<i>}, the group named as Keras names it).
 * The model is written uncompiled, as Keras writes a model that was never compiled: no optimizer
 * state, no compile config. The file is replaced atomically.
 */
public final class KerasWriter {
    private KerasWriter() {}

    /** The attribute jhdf stamps on every file it writes; Keras' files have none, so ours neither. */
    private static final String JHDF_STAMP = "_jHDF";

    /** The Keras release whose archive layout this writes, as metadata.json records it. */
    static final String LAYOUT_VERSION = "3.8.0";

    /**
     * Writes {@code model} (unbuilt) with {@code weights} (by our names, such as {@code dense/kernel}) to {@code file}.
     */
    public static void writeKeras(Path file, Sequential model, Map<String, float[]> weights) throws KerasFileException {
        try {
            Layout layout = Layout.of(model, weights);
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(zip)) {
                Map<String, Object> metadata = new LinkedHashMap<>();
                metadata.put("keras_version", LAYOUT_VERSION);
                metadata.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
                put(out, "metadata.json", Json.write(metadata).getBytes(StandardCharsets.UTF_8));
                put(out, "config.json", Json.write(layout.config()).getBytes(StandardCharsets.UTF_8));
                put(out, "model.weights.h5", layout.weightsFile());
            }
            AtomicFile.write(file, zip.toByteArray());
        } catch (IOException e) {
            throw new KerasFileException("Cannot write the Keras model " + file + ": " + e.getMessage() + ".", e);
        }
    }

    /**
     * Writes {@code model} with {@code weights} as Keras 3's legacy HDF5 file ({@code model.save("x.h5")}):
     * the {@code model_config} attribute, and {@code model_weights/<layer>} groups whose
     * {@code weight_names} give each dataset's path ({@code sequential/dense/kernel}). Replaced atomically.
     */
    public static void writeHdf5(Path file, Sequential model, Map<String, float[]> weights) throws KerasFileException {
        try {
            Layout layout = Layout.of(model, weights);
            AtomicFile.write(file, layout.legacyFile());
        } catch (IOException e) {
            throw new KerasFileException("Cannot write the Keras model " + file + ": " + e.getMessage() + ".", e);
        }
    }

    /** Writes a .keras archive or, for a name ending in .h5, Keras' legacy HDF5 file. */
    public static void write(Path file, Sequential model, Map<String, float[]> weights) throws KerasFileException {
        if (file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".h5")) {
            writeHdf5(file, model, weights);
        } else {
            writeKeras(file, model, weights);
        }
    }

    /**
     * The model's Keras config, as a .keras archive's config.json holds it: its layers and their
     * settings, no weights. {@link KerasModel#architecture} reads it back.
     */
    public static String configJson(Sequential model) {
        return Json.write(Layout.of(model, null).config());
    }

    private static void put(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    /** The model's layers with their input shapes and weights, as the archive lays them out. */
    /** @param names each weight's own name, as its layer gives it ({@code kernel}, {@code gamma}) */
    private record Layout(Sequential model, List<Layer> layers, List<long[]> inputs,
                          List<List<Tensor>> weights, List<List<String>> names) {

        static Layout of(Sequential model, Map<String, float[]> values) {
            List<Layer> layers = model.layers();
            List<long[]> inputs = new ArrayList<>();
            List<List<Tensor>> weights = new ArrayList<>();
            List<List<String>> names = new ArrayList<>();
            long[] shape = model.inputShape();
            for (Layer layer : layers) {
                inputs.add(shape);
                List<Tensor> own = new ArrayList<>();
                List<String> ownNames = new ArrayList<>();
                shape = layer.build(shape, (name, s, init) -> {
                    if (values == null) {
                        return null; // the layers' settings only
                    }
                    float[] v = values.get(name);
                    if (v == null) {
                        throw new IllegalArgumentException("no value for the weight " + name);
                    }
                    own.add(new Tensor(s.asArray(), v));
                    ownNames.add(name.substring(name.lastIndexOf('/') + 1));
                    return null;
                });
                weights.add(own);
                names.add(ownNames);
            }
            return new Layout(model, layers, inputs, weights, names);
        }

        Map<String, Object> config() {
            List<Object> entries = new ArrayList<>();
            entries.add(KerasLayers.inputLayer(model.inputShape()));
            for (int i = 0; i < layers.size(); i++) {
                entries.add(KerasLayers.toConfig(layers.get(i), inputs.get(i)));
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", "sequential");
            c.put("trainable", true);
            c.put("dtype", KerasLayers.dtypePolicy());
            c.put("layers", entries);
            c.put("build_input_shape", KerasLayers.batchShape(model.inputShape()));
            Map<String, Object> top = new LinkedHashMap<>();
            top.put("module", "keras");
            top.put("class_name", "Sequential");
            top.put("config", c);
            top.put("registered_name", null);
            top.put("build_config", Map.of("input_shape", KerasLayers.batchShape(model.inputShape())));
            return top;
        }

        /**
         * The legacy HDF5 file. Its model_config holds each layer as {@code class_name} and
         * {@code config} only, as Keras 3 writes it there; weightless layers have no
         * {@code weight_names} (Keras reads a missing one as empty).
         */
        byte[] legacyFile() throws IOException {
            Map<String, Object> top = config();
            Map<String, Object> legacy = new LinkedHashMap<>();
            legacy.put("class_name", top.get("class_name"));
            Map<String, Object> inner = new LinkedHashMap<>(Json.object(top.get("config")));
            List<Object> entries = new ArrayList<>();
            for (Object e : Json.list(inner, "layers")) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("class_name", Json.object(e).get("class_name"));
                entry.put("config", Json.object(e).get("config"));
                entries.add(entry);
            }
            inner.put("layers", entries);
            legacy.put("config", inner);
            return hdf5(h5 -> {
                h5.putAttribute("backend", "tensorflow");
                h5.putAttribute("keras_version", LAYOUT_VERSION);
                h5.putAttribute("model_config", Json.write(legacy));
                WritableGroup all = h5.putGroup("model_weights");
                all.putAttribute("backend", "tensorflow");
                all.putAttribute("keras_version", LAYOUT_VERSION);
                all.putAttribute("layer_names", layers.stream().map(Layer::name).toArray(String[]::new));
                for (int i = 0; i < layers.size(); i++) {
                    String name = layers.get(i).name();
                    WritableGroup g = all.putGroup(name);
                    List<Tensor> own = weights.get(i);
                    if (own.isEmpty()) {
                        continue;
                    }
                    List<String> paths = new ArrayList<>();
                    WritableGroup at = g.putGroup("sequential").putGroup(name);
                    for (int w = 0; w < own.size(); w++) {
                        paths.add("sequential/" + name + "/" + names.get(i).get(w));
                        at.putDataset(names.get(i).get(w), nested(own.get(w)));
                    }
                    g.putAttribute("weight_names", paths.toArray(String[]::new));
                }
            });
        }

        /**
         * model.weights.h5: {@code layers/<snake_case class, made unique>/vars/<i>}. Without the
         * model's own empty root {@code vars}: jhdf writes a root with it beside {@code layers} as a
         * file h5py cannot open, and Keras loads without it.
         */
        byte[] weightsFile() throws IOException {
            return hdf5(h5 -> {
                WritableGroup all = h5.putGroup("layers");
                UniqueNames groups = new UniqueNames();
                for (int i = 0; i < layers.size(); i++) {
                    WritableGroup vars = all.putGroup(groups.next(KerasReader.snakeCase(layers.get(i).typeName())))
                            .putGroup("vars");
                    vars.putAttribute("name", layers.get(i).name());
                    List<Tensor> own = weights.get(i);
                    for (int w = 0; w < own.size(); w++) {
                        vars.putDataset(Integer.toString(w), nested(own.get(w)));
                    }
                }
            });
        }
    }

    /** The bytes of an HDF5 file that {@code content} fills, written through a temporary file, without jhdf's stamp. */
    private static byte[] hdf5(java.util.function.Consumer<WritableHdfFile> content) throws IOException {
        Path tmp = Files.createTempFile("keras", ".h5");
        try {
            try (WritableHdfFile h5 = HdfFile.write(tmp)) {
                h5.removeAttribute(JHDF_STAMP);
                content.accept(h5);
            }
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@code t} as the multi-dimensional Java array jhdf writes with its shape (float[3][3][1][32]). */
    static Object nested(Tensor t) {
        long[] shape = t.shape();
        if (shape.length <= 1) {
            return t.values().clone();
        }
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.toIntExact(shape[i]);
        }
        Object array = Array.newInstance(float.class, dims);
        int rowLength = dims[dims.length - 1];
        int rows = t.values().length / Math.max(1, rowLength);
        int[] index = new int[dims.length - 1];
        for (int r = 0; r < rows; r++) {
            Object row = array;
            for (int d : index) {
                row = Array.get(row, d);
            }
            System.arraycopy(t.values(), r * rowLength, row, 0, rowLength);
            for (int d = index.length - 1; d >= 0; d--) {
                if (++index[d] < dims[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return array;
    }
}
