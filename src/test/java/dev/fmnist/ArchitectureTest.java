package dev.fmnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The layering the design asks for, read from the sources: breaking it fails here, not in review. */
class ArchitectureTest {
    static final Path MAIN = Path.of("src/main/java/dev/fmnist");
    static final Pattern LAYER_TYPE_TEST = Pattern.compile(
            "instanceof\\s+(Conv2D|Dense|Dropout|MaxPooling2D|ReLU|Flatten|BatchNormalization|RandomFlip"
                    + "|RandomTranslation|KernelLayer|ElementwiseLayer|Layer)\\b");

    private static List<Path> sources(String pkg) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    private static List<Path> containing(String pkg, Pattern pattern) throws IOException {
        List<Path> hits = new java.util.ArrayList<>();
        for (Path p : sources(pkg)) {
            if (pattern.matcher(Files.readString(p)).find()) {
                hits.add(MAIN.relativize(p));
            }
        }
        return hits;
    }

    @Test
    void theModelKnowsNothingOfOurOpsFilesOrTheCommandLine() throws IOException {
        assertTrue(sources("model").size() > 10, "the model package is where it was");
        assertEquals(List.of(), containing("model",
                Pattern.compile("import dev\\.fmnist\\.(ops|train|export|predict|report|cli)\\b")));
    }

    /**
     * Layers never know how they run: the fusion pass chooses TensorFlow's kernels for them, and the
     * ONNX writer, which runs nothing, ONNX's operators. Nothing else asks a layer's type.
     */
    @Test
    void onlyTheFusionPassAndTheOnnxWriterAskWhatTypeALayerIs() throws IOException {
        List<Path> asking = containing(".", LAYER_TYPE_TEST);
        assertTrue(asking.contains(Path.of("ops/fusion/Fusion.java")), "the walk splits Conv2D and Dense layers");
        assertTrue(asking.contains(Path.of("onnx/OnnxLayers.java")), "each layer has its ONNX form");
        assertEquals(List.of(), asking.stream().filter(p -> !p.startsWith("ops/fusion") && !p.startsWith("onnx")).toList());
    }

    /** Small rooms: no main file over 300 lines. */
    @Test
    void noFileIsOver300Lines() throws IOException {
        List<String> big = new java.util.ArrayList<>();
        for (Path p : sources(".")) {
            long lines = Files.readAllLines(p).size();
            if (lines > 300) {
                big.add(MAIN.relativize(p) + " (" + lines + ")");
            }
        }
        assertEquals(List.of(), big);
    }

    /** A name means one thing: no two of our types, nested ones included, share a simple name. */
    @Test
    void noTwoTypesShareASimpleName() throws IOException {
        Pattern type = Pattern.compile("\\b(?:class|record|enum|interface) ([A-Z]\\w*)");
        java.util.Map<String, List<Path>> seen = new java.util.TreeMap<>();
        for (Path p : sources(".")) {
            java.util.regex.Matcher m = type.matcher(Files.readString(p).replaceAll("(?s)/\\*.*?\\*/|//[^\\n]*", ""));
            while (m.find()) {
                seen.computeIfAbsent(m.group(1), k -> new java.util.ArrayList<>()).add(MAIN.relativize(p));
            }
        }
        seen.values().removeIf(paths -> paths.size() < 2);
        assertEquals(java.util.Map.of(), seen);
    }

    /** Facts down, words up: below cli/ a message says what is wrong; only cli/ names flags. */
    @Test
    void onlyTheCommandLineNamesFlags() throws IOException {
        Pattern flag = Pattern.compile("\"[^\"\\n]*--[a-z][a-z-]+");
        assertEquals(List.of(), containing(".", flag).stream().filter(p -> !p.startsWith("cli")).toList());
    }

    @Test
    void dataKnowsNoTensorFlowAndKFoldNeedsNone() throws IOException {
        Pattern tensorflow = Pattern.compile("import org\\.tensorflow");
        assertEquals(List.of(), containing("data", tensorflow));
        for (String f : List.of("train/experiments/KFold.java", "train/experiments/MersenneTwister.java")) {
            String text = Files.readString(MAIN.resolve(f));
            assertTrue(!tensorflow.matcher(text).find() && !text.contains("Trainer"), f);
        }
    }

    /** Layers point one way: cli -> train/predict/export/report -> keras/onnx/ops -> model -> data. */
    @Test
    void noArrowPointsBack() throws IOException {
        assertEquals(List.of(), containing("keras", Pattern.compile("import dev\\.fmnist\\.(ops|train|export|predict|report|cli)\\b")));
        assertEquals(List.of(), containing("onnx", Pattern.compile("import dev\\.fmnist\\.(keras|ops|train|export|predict|report|cli)\\b")));
        assertEquals(List.of(), containing("model", Pattern.compile("import dev\\.fmnist\\.(keras|onnx)\\b")));
        assertEquals(List.of(), containing("ops", Pattern.compile("import dev\\.fmnist\\.(train|export|predict|report|cli)\\b")));
        assertEquals(List.of(), containing("train", Pattern.compile("import dev\\.fmnist\\.(export|predict|report|cli)\\b")));
        assertEquals(List.of(), containing("data", Pattern.compile("import dev\\.fmnist\\.(model|ops|onnx|train|export|predict|report|cli)\\b")));
    }
}
