package dev.fmnist.keras;

import dev.fmnist.model.Layer;
import dev.fmnist.model.UniqueNames;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a whole Keras model from the files Keras writes with {@code model.save}:
 * <ul>
 *   <li>HDF5 ({@code .h5}): the {@code model_config} attribute and the {@code model_weights}
 *       group, whose layer groups list their datasets in {@code weight_names}; as standalone
 *       Keras 2 (a config that is a plain list of layers), tf.keras 2 ({@code dense/kernel:0})
 *       and Keras 3 ({@code sequential/dense/kernel}) write it;
 *   <li>Keras 3 archives ({@code .keras}): a zip of {@code config.json}, {@code metadata.json} and
 *       {@code model.weights.h5}, whose weights sit in {@code layers/<group>/vars/<i>}. The group
 *       is the layer class in snake case made unique in order ({@code conv2d}, {@code conv2d_1}),
 *       not the layer's name; its {@code vars} carries the name as an attribute.
 * </ul>
 * Sequential models, and functional models that are one chain of layers, with the layers
 * {@link KerasLayers} reads. Whatever else is refused in one sentence naming the file and the part.
 */
public final class KerasReader {
    private KerasReader() {}

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};

    /** Whether {@code file} looks like a Keras model file (by its first bytes), rather than a SavedModel directory. */
    public static boolean isKerasFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        byte[] head = head(file);
        return startsWith(head, HDF5_SIGNATURE) || startsWith(head, ZIP_SIGNATURE);
    }

    public static KerasModel read(Path file) throws KerasFileException {
        if (!Files.exists(file)) {
            throw new KerasFileException("The model file " + file + " does not exist.");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new KerasFileException("The model file " + file + " cannot be read.");
        }
        byte[] head = head(file);
        if (startsWith(head, ZIP_SIGNATURE)) {
            return readArchive(file);
        }
        if (startsWith(head, HDF5_SIGNATURE)) {
            return readHdf5(file);
        }
        throw new KerasFileException("The file " + file + " is neither a Keras .keras archive nor an HDF5 .h5 model.");
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(8);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Where a layer's weights are, in Keras' order (kernel then bias; gamma, beta, moving mean, moving variance). */
    private interface WeightSource {
        List<Dataset> of(KerasModel.LayerEntry layer) throws KerasFileException;
    }

    private static KerasModel readHdf5(Path file) throws KerasFileException {
        try (HdfFile h5 = new HdfFile(file)) {
            Attribute config = h5.getAttribute("model_config");
            if (config == null) {
                throw new KerasFileException(h5.getAttribute("layer_names") != null
                        ? "The file " + file + " holds only weights (as model.save_weights writes them), not a"
                        + " model; save the whole model with model.save."
                        : "The HDF5 file " + file + " holds no Keras model (it has no model_config attribute).");
            }
            String version = stringAttribute(h5.getAttribute("keras_version"));
            Node weights = h5.getChild("model_weights");
            if (!(weights instanceof Group group)) {
                throw new KerasFileException("The Keras file " + file + " has a model config but no model_weights group.");
            }
            return assemble(file, version, stringAttribute(config), layer -> {
                if (!(group.getChild(layer.name()) instanceof Group layerGroup)) {
                    return List.of();
                }
                List<Dataset> found = new ArrayList<>();
                for (String name : stringsAttribute(layerGroup.getAttribute("weight_names"))) {
                    if (!(layerGroup.getByPath(name) instanceof Dataset d)) {
                        throw new KerasFileException("The Keras file " + file + " lists the weight " + name
                                + " of its layer '" + layer.name() + "' but does not hold it.");
                    }
                    found.add(d);
                }
                return found;
            });
        } catch (KerasFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KerasFileException("The file " + file + " is not a readable HDF5 file (" + reason(e) + ").", e);
        }
    }

    private static KerasModel readArchive(Path file) throws KerasFileException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String config = entry(zip, file, "config.json");
            String version = null;
            if (zip.getEntry("metadata.json") != null) {
                Map<String, Object> metadata = Json.parseObject(entry(zip, file, "metadata.json"));
                version = metadata == null ? null : Json.string(metadata, "keras_version", null);
            }
            ZipEntry weightsEntry = zip.getEntry("model.weights.h5");
            if (weightsEntry == null) {
                throw new KerasFileException("The Keras archive " + file + " has no model.weights.h5.");
            }
            byte[] weightBytes;
            try (InputStream in = zip.getInputStream(weightsEntry)) {
                weightBytes = in.readAllBytes();
            }
            try (HdfFile h5 = HdfFile.fromBytes(weightBytes)) {
                Map<String, Group> byName = new HashMap<>();
                Map<String, Group> byGroup = new HashMap<>();
                // Keras 3 and tf.keras 2.14+ keep layers under "layers"; tf.keras 2.12-2.13 under
                // "_layer_checkpoint_dependencies".
                for (String top : new String[] {"layers", "_layer_checkpoint_dependencies"}) {
                    if (!(h5.getChild(top) instanceof Group layers)) {
                        continue;
                    }
                    for (Node n : layers.getChildren().values()) {
                        if (n instanceof Group g && g.getChild("vars") instanceof Group vars) {
                            byGroup.putIfAbsent(g.getName(), vars);
                            String name = stringAttribute(vars.getAttribute("name"));
                            if (name != null) {
                                byName.putIfAbsent(name, vars);
                            }
                        }
                    }
                }
                UniqueNames groups = new UniqueNames();
                return assemble(file, version, config, layer -> {
                    Group vars = byName.getOrDefault(layer.name(), byGroup.get(groups.next(snakeCase(layer.className()))));
                    List<Dataset> found = new ArrayList<>();
                    for (int i = 0; vars != null && vars.getChild(Integer.toString(i)) instanceof Dataset d; i++) {
                        found.add(d);
                    }
                    return found;
                });
            }
        } catch (ZipException e) {
            throw new KerasFileException("The file " + file + " is not a readable zip archive (" + reason(e) + ").", e);
        } catch (IOException e) {
            throw new KerasFileException("The Keras archive " + file + " cannot be read (" + reason(e) + ").", e);
        } catch (RuntimeException e) {
            throw new KerasFileException("The weights in the Keras archive " + file + " are not readable HDF5 ("
                    + reason(e) + ").", e);
        }
    }

    private static String entry(ZipFile zip, Path file, String name) throws IOException, KerasFileException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new KerasFileException("The zip archive " + file + " has no " + name + ", so it is not a Keras .keras model.");
        }
        try (InputStream in = zip.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Keras' {@code to_snake_case}: {@code MaxPooling2D} is {@code max_pooling2d}, {@code ReLU} {@code re_lu}. */
    static String snakeCase(String className) {
        String s = className.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        s = s.replaceAll("([a-z])([A-Z])", "$1_$2");
        return s.toLowerCase(java.util.Locale.ROOT);
    }

    /** The model from its config and its weights, every layer and weight checked. */
    private static KerasModel assemble(Path file, String version, String configText, WeightSource source)
            throws KerasFileException {
        String where = "The Keras file " + file;
        Map<String, Object> config = configText == null ? null : Json.parseObject(configText);
        if (config == null) {
            throw new KerasFileException(where + " has a model config that is not a JSON object.");
        }
        KerasConfig.Chain chain = KerasConfig.chain(config, where);
        List<KerasModel.LayerEntry> entries = chain.layers();
        long[] shape = chain.inputShape();
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            KerasModel.LayerEntry entry = entries.get(i);
            String layerName = "its layer '" + entry.name() + "' (" + entry.className() + ")";
            Layer layer;
            try {
                layer = KerasLayers.fromConfig(entry.className(), entry.config(), shape, i);
            } catch (KerasLayers.Unsupported u) {
                throw new KerasFileException(where + " cannot be read: " + layerName + " " + u.getMessage() + ".");
            }
            List<String> names = new ArrayList<>();
            List<long[]> shapes = new ArrayList<>();
            try {
                shape = layer.build(shape, (name, s, init) -> {
                    names.add(name);
                    shapes.add(s.asArray());
                    return null;
                });
            } catch (IllegalArgumentException e) {
                throw new KerasFileException(where + " cannot be read: " + layerName + " does not fit its input ("
                        + e.getMessage() + ").");
            }
            List<Dataset> stored = source.of(entry);
            if (stored.size() != names.size()) {
                throw new KerasFileException(where + " holds " + stored.size() + " weights for " + layerName
                        + ", which needs " + names.size() + ".");
            }
            for (int w = 0; w < names.size(); w++) {
                Dataset d = stored.get(w);
                long[] dims = Arrays.stream(d.getDimensions()).asLongStream().toArray();
                if (d.getJavaType() != float.class) {
                    throw new KerasFileException(where + " stores the weight " + d.getPath() + " of " + layerName
                            + " as " + d.getJavaType().getSimpleName() + "; only float32 weights are read.");
                }
                if (!Arrays.equals(dims, shapes.get(w))) {
                    throw new KerasFileException(where + " stores the weight " + d.getPath() + " of " + layerName
                            + " with shape " + Tensor.describe(dims) + ", but the layer needs "
                            + Tensor.describe(shapes.get(w)) + ".");
                }
                weights.put(names.get(w), new Tensor(dims, (float[]) d.getDataFlat()));
            }
        }
        String savedBy = version == null ? "Keras (version not recorded)" : "Keras " + version;
        return new KerasModel(file, savedBy, chain.inputShape(), entries, weights);
    }

    private static String stringAttribute(Attribute a) {
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof String[] s && s.length == 1) {
            return s[0];
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return null;
    }

    private static List<String> stringsAttribute(Attribute a) {
        if (a == null || a.getData() == null) {
            return List.of();
        }
        Object v = a.getData();
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof String[] s) {
            return List.of(s);
        }
        return List.of();
    }

    /** The first line of a library's message, for ours; "it is damaged" when it gave none. */
    private static String reason(Exception e) {
        String m = e.getMessage() == null || e.getMessage().isBlank() ? "it is damaged" : e.getMessage().strip();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }
}
