package dev.fmnist.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fmnist.model.Sequential;
import dev.fmnist.model.WeightStore;
import dev.fmnist.train.Preset;
import dev.fmnist.train.Recipe;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our .keras archives: what we write reads back, and is laid out as the archive Keras 3 wrote. */
class KerasWriterTest {
    static final Path REAL = Path.of("../shared/keras/cnn_keras3.keras");

    @TempDir
    Path dir;

    /** Every weight of {@code model} (unbuilt), filled with distinct values. */
    private static Map<String, float[]> weights(Sequential model) {
        Map<String, float[]> w = new LinkedHashMap<>();
        model.build(WeightStore.SHAPES_ONLY).weightShapes().forEach((name, shape) -> {
            float[] v = new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (w.size() + 1) * 1000 + i * 0.5f;
            }
            w.put(name, v);
        });
        return w;
    }

    @Test
    void whatWeWriteReadsBackWithItsWeightsAndLayers() throws Exception {
        for (Recipe config : List.of(Preset.EX9.recipe(), Preset.BEST.recipe())) {
            Map<String, float[]> written = weights(config.model().newSequential());
            Path file = dir.resolve("m.keras");
            KerasWriter.writeKeras(file, config.model().newSequential(), written);
            KerasModel read = KerasReader.read(file);
            assertEquals(written.keySet(), read.weightValues().keySet());
            written.forEach((name, v) -> assertArrayEquals(v, read.weightValues().get(name), name));
            List<String> ours = config.model().newSequential().layers().stream().map(l -> l.name() + " " + l.typeName()
                    + " " + Json.text(l.getConfig())).toList();
            List<String> back = read.newSequential().layers().stream().map(l -> l.name() + " " + l.typeName()
                    + " " + Json.text(l.getConfig())).toList();
            assertEquals(ours, back);
            // The flags' model takes the file's weights as they are.
            assertEquals(written.keySet(), read.weightsFor(config.model().newSequential().build(WeightStore.SHAPES_ONLY)).keySet());
        }
    }

    /** A model Keras made, with every kind of layer we read, written by us (.keras and .h5) and read back unchanged. */
    @Test
    void kerasModelsOfEveryLayerGoBackOut() throws Exception {
        for (String fixture : List.of("bn_cnn.keras", "functional.h5", "flat.keras", "extras.keras", "global_max.h5")) {
            KerasModel original = KerasReader.read(KerasFixturesTest.FIXTURES.resolve(fixture));
            for (String out : List.of("back.keras", "back.h5")) {
            Path file = dir.resolve(out);
            KerasWriter.write(file, original.newSequential(), original.weightValues());
            KerasModel back = KerasReader.read(file);
            assertArrayEquals(original.inputShape(), back.inputShape(), fixture);
            assertEquals(original.weightValues().keySet(), back.weightValues().keySet(), fixture);
            original.weightValues().forEach((name, v) -> assertArrayEquals(v, back.weightValues().get(name), name));
            assertEquals(original.newSequential().layers().stream().map(l -> Json.text(l.getConfig())).toList(),
                    back.newSequential().layers().stream().map(l -> Json.text(l.getConfig())).toList(), fixture);
            }
        }
    }

    @Test
    void anArchiveLaidOutAsKerasLaysItOut() throws Exception {
        Path file = dir.resolve("app1.keras");
        KerasWriter.writeKeras(file, Preset.APP1.model().newSequential(), weights(Preset.APP1.model().newSequential()));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertEquals(List.of("metadata.json", "config.json", "model.weights.h5"),
                    zip.stream().map(ZipEntry::getName).toList());
            Map<String, Object> config = Json.parseObject(text(zip, "config.json"));
            assertEquals(List.of("module", "class_name", "config", "registered_name", "build_config"),
                    new ArrayList<>(config.keySet()));
            List<?> layers = Json.list(Json.object(config.get("config")), "layers");
            assertEquals(List.of("InputLayer", "Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dense"),
                    layers.stream().map(l -> Json.object(l).get("class_name")).toList());
            Map<String, Object> conv = Json.object(Json.object(layers.get(1)).get("config"));
            assertEquals("HeUniform", Json.object(conv.get("kernel_initializer")).get("class_name"));
            Map<String, Object> output = Json.object(Json.object(layers.get(5)).get("config"));
            assertEquals("GlorotUniform", Json.object(output.get("kernel_initializer")).get("class_name"));
            assertEquals("softmax", output.get("activation"));
            assertTrue(text(zip, "metadata.json").contains("\"keras_version\""));
        }
        try (HdfFile h5 = HdfFile.fromBytes(entry(file, "model.weights.h5"))) {
            Group vars = (Group) h5.getByPath("layers/dense_1/vars");
            assertEquals("dense_1", vars.getAttribute("name").getData());
            assertArrayEquals(new int[] {16, 10}, ((Dataset) vars.getChild("0")).getDimensions());
            assertArrayEquals(new int[] {10}, ((Dataset) vars.getChild("1")).getDimensions());
            assertNull(((Group) h5.getByPath("layers/flatten/vars")).getChild("0"));
        }
    }

    /** Our legacy .h5 has the groups and attributes of the one Keras 3.8 wrote. */
    @Test
    void aLegacyFileLaidOutAsKerasLaysItOut() throws Exception {
        Path file = dir.resolve("app1.h5");
        KerasWriter.write(file, Preset.APP1.model().newSequential(), weights(Preset.APP1.model().newSequential()));
        try (HdfFile h5 = new HdfFile(file)) {
            Map<String, Object> config = Json.parseObject((String) h5.getAttribute("model_config").getData());
            assertEquals("Sequential", config.get("class_name"));
            Group weights = (Group) h5.getChild("model_weights");
            assertArrayEquals(new String[] {"conv2d", "max_pooling2d", "flatten", "dense", "dense_1"},
                    (String[]) weights.getAttribute("layer_names").getData());
            assertArrayEquals(new String[] {"sequential/dense_1/kernel", "sequential/dense_1/bias"},
                    (String[]) ((Group) weights.getChild("dense_1")).getAttribute("weight_names").getData());
            assertArrayEquals(new int[] {16, 10},
                    ((Dataset) weights.getByPath("dense_1/sequential/dense_1/kernel")).getDimensions());
        }
        if (Files.exists(Path.of("../shared/keras/cnn_keras3.h5"))) {
            try (HdfFile real = new HdfFile(Path.of("../shared/keras/cnn_keras3.h5")); HdfFile ours = new HdfFile(file)) {
                assertEquals(new java.util.TreeSet<>(List.of("backend", "keras_version", "model_config", "training_config")),
                        new java.util.TreeSet<>(real.getAttributes().keySet()));
                assertTrue(real.getAttributes().keySet().containsAll(ours.getAttributes().keySet()));
                assertEquals(real.getChild("model_weights").getAttributes().keySet(),
                        ours.getChild("model_weights").getAttributes().keySet());
            }
        }
    }

    /**
     * Beside the archive Keras 3.8 wrote: the same entries, and for each class both hold, the same
     * keys at the top of a layer's entry and in its config.
     */
    @Test
    void theSameEntriesAndKeysAsARealKerasArchive() throws Exception {
        assumeTrue(Files.exists(REAL), "needs ../shared/keras");
        Path ours = dir.resolve("ours.keras");
        KerasWriter.writeKeras(ours, Preset.APP1.model().newSequential(), weights(Preset.APP1.model().newSequential()));
        try (ZipFile a = new ZipFile(REAL.toFile()); ZipFile b = new ZipFile(ours.toFile())) {
            assertEquals(a.stream().map(ZipEntry::getName).sorted().toList(), b.stream().map(ZipEntry::getName).sorted().toList());
            Map<String, Map<String, Object>> real = byClass(Json.parseObject(text(a, "config.json")));
            Map<String, Map<String, Object>> mine = byClass(Json.parseObject(text(b, "config.json")));
            assertEquals(real.keySet(), mine.keySet());
            for (String cls : real.keySet()) {
                assertEquals(real.get(cls).keySet(), mine.get(cls).keySet(), cls);
                assertEquals(Json.object(real.get(cls).get("config")).keySet(),
                        Json.object(mine.get(cls).get("config")).keySet(), cls + "'s config");
            }
        }
    }

    private static Map<String, Map<String, Object>> byClass(Map<String, Object> config) {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        for (Object l : Json.list(Json.object(config.get("config")), "layers")) {
            m.putIfAbsent((String) Json.object(l).get("class_name"), Json.object(l));
        }
        return m;
    }

    private static String text(ZipFile zip, String name) throws Exception {
        return new String(zip.getInputStream(zip.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
    }

    private static byte[] entry(Path file, String name) throws Exception {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.getInputStream(zip.getEntry(name)).readAllBytes();
        }
    }
}
