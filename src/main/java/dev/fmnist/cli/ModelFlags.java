package dev.fmnist.cli;

import dev.fmnist.model.Architecture;
import dev.fmnist.model.ModelConfig;
import dev.fmnist.model.Padding;
import dev.fmnist.train.Preset;
import dev.fmnist.train.Recipe;
import dev.fmnist.train.TrainingConfig;
import dev.fmnist.train.optimizers.OptimizerKind;
import dev.fmnist.train.optimizers.ScheduleKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * The flags that map one to one onto a {@link Recipe}'s model description and training
 * configuration, shared by every entry point that trains. A preset is applied first; the other
 * flags override its values. Their help gives the default preset's values, read from it.
 */
public final class ModelFlags {
    private ModelFlags() {}

    /** One flag of the recipe: its help, how its value is read from a recipe and put into one. */
    private record Parameter(String arg, String help, Function<Recipe, Object> get, BiFunction<Recipe, String, Recipe> set) {}

    private static <T> Parameter model(String arg, String help, Function<ModelConfig, T> get, Function<String, T> parse,
                                       BiFunction<ModelConfig, T, ModelConfig> with) {
        return new Parameter(arg, help, r -> get.apply(r.model()),
                (r, text) -> r.withModel(m -> with.apply(m, parse.apply(text.trim()))));
    }

    private static <T> Parameter training(String arg, String help, Function<TrainingConfig, T> get,
                                          Function<String, T> parse, BiFunction<TrainingConfig, T, TrainingConfig> with) {
        return new Parameter(arg, help, r -> get.apply(r.training()),
                (r, text) -> r.withTraining(t -> with.apply(t, parse.apply(text.trim()))));
    }

    /**
     * Every recipe flag, by name; --sweep takes the same names. Applied in this order, so padding
     * comes before the kernel size it may be needed to allow.
     */
    private static final Map<String, Parameter> PARAMETERS = new LinkedHashMap<>();
    /** What train.jar's --architecture also takes. */
    private static final String FROM_FILE_HELP = "; or, with --initial-weights, " + StartingModel.FROM_FILE
            + ": the Keras model's own layers";

    static {
        PARAMETERS.put("architecture", model("NAME", "lab (one Conv2D block), or deep (flips and shifts, three"
                + " Conv2D-BatchNorm-ReLU-MaxPool blocks, a batch-normalised Dense layer)",
                ModelConfig::architecture, Architecture::parse, ModelConfig::withArchitecture));
        PARAMETERS.put("filters", model("N", "Conv2D filters, of the first block in deep", ModelConfig::filters,
                Integer::parseInt, ModelConfig::withFilters));
        PARAMETERS.put("padding", model("MODE", "Conv2D padding: valid or same", ModelConfig::padding, Padding::parse,
                ModelConfig::withPadding));
        PARAMETERS.put("kernel-size", model("N", "Conv2D kernel size N x N", ModelConfig::kernelSize,
                Integer::parseInt, ModelConfig::withKernelSize));
        PARAMETERS.put("dense-units", model("N", "units of the hidden Dense layer", ModelConfig::denseUnits,
                Integer::parseInt, ModelConfig::withDenseUnits));
        PARAMETERS.put("dropout", model("RATE", "Dropout rate after pooling, 0 for none", ModelConfig::dropout,
                Double::parseDouble, ModelConfig::withDropout));
        PARAMETERS.put("epochs", training("N", "training epochs", TrainingConfig::epochs, Integer::parseInt,
                TrainingConfig::withEpochs));
        PARAMETERS.put("optimizer", training("NAME", "sgd or adam", TrainingConfig::optimizer, OptimizerKind::parse,
                TrainingConfig::withOptimizer));
        PARAMETERS.put("learning-rate", training("X", "the optimizer's learning rate", TrainingConfig::learningRate,
                Double::parseDouble, TrainingConfig::withLearningRate));
        PARAMETERS.put("lr-schedule", training("NAME", "constant, or cosine: decays to 0 over the run",
                TrainingConfig::schedule, ScheduleKind::parse, TrainingConfig::withSchedule));
        PARAMETERS.put("momentum", training("X", "SGD momentum, or Adam's beta_1", TrainingConfig::momentum,
                Double::parseDouble, TrainingConfig::withMomentum));
        PARAMETERS.put("batch-size", training("N", "examples per step", TrainingConfig::batchSize, Integer::parseInt,
                TrainingConfig::withBatchSize));
        PARAMETERS.put("seed", training("N", "seed for initial weights, shuffling, dropout and augmentation",
                TrainingConfig::seed, Long::parseLong, TrainingConfig::withSeed));
        PARAMETERS.put("steps-per-epoch", training("N", "train each epoch on the first N batches of its shuffled"
                + " order, as Keras' steps_per_epoch; 0 for every batch", TrainingConfig::stepsPerEpoch,
                Integer::parseInt, TrainingConfig::withStepsPerEpoch));
    }

    /** The recipe flags, {@code --preset} among them, by long name. */
    static Set<String> names() {
        return Mode.union(PARAMETERS.keySet(), "preset");
    }

    /**
     * Adds the model and training flags to {@code options}.
     *
     * @param fromFile whether {@code --architecture} also offers the layers of a Keras file (train.jar's)
     */
    public static Options addTo(Options options, boolean fromFile) {
        options.addOption(Flags.value("preset", "NAME", "model preset, applied before the other flags: "
                + presetsHelp()));
        Recipe defaults = Preset.APP1.recipe();
        PARAMETERS.forEach((name, p) -> options.addOption(Flags.value(name, p.arg(),
                (name.equals("architecture") && fromFile ? p.help() + FROM_FILE_HELP : p.help()) + " (" + Preset.APP1
                        + ": " + text(p.get().apply(defaults)) + ")")));
        return options;
    }

    /** Each preset and the flags it sets otherwise than the default one does. */
    private static String presetsHelp() {
        Recipe defaults = Preset.APP1.recipe();
        List<String> parts = new ArrayList<>();
        for (Preset preset : Preset.values()) {
            String differences = PARAMETERS.entrySet().stream()
                    .filter(e -> !Objects.equals(e.getValue().get().apply(preset.recipe()), e.getValue().get().apply(defaults)))
                    .map(e -> e.getKey() + " " + text(e.getValue().get().apply(preset.recipe())))
                    .collect(Collectors.joining(", "));
            parts.add(preset + (preset == Preset.APP1 ? " (the default, the lab's Application 1)" : " (" + differences + ")"));
        }
        return String.join("; ", parts);
    }

    /** A value as a flag takes it: 0.01, 32, sgd. */
    static String text(Object value) {
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.valueOf(d);
        }
        return String.valueOf(value);
    }

    /** The recipe the flags describe. */
    public static Recipe toRecipe(CommandLine line) throws UsageException {
        return toRecipe(line, Set.of());
    }

    /** The recipe the flags describe, leaving the flags {@code ignored} at the preset's values. */
    public static Recipe toRecipe(CommandLine line, Set<String> ignored) throws UsageException {
        Recipe r = Flags.get(line, "preset", Preset::parse, Preset.APP1).recipe();
        for (String name : PARAMETERS.keySet()) {
            String text = line.getOptionValue(name);
            if (text != null && !ignored.contains(name)) {
                r = apply(r, name, text);
            }
        }
        return r;
    }

    /**
     * Checks that {@code recipe}'s {@code --steps-per-epoch} fits an epoch over {@code examples}
     * training examples, known once the data is loaded.
     */
    static void checkSteps(Recipe recipe, int examples) throws UsageException {
        try {
            recipe.training().steps(examples);
        } catch (IllegalArgumentException e) {
            throw Flags.error("steps-per-epoch", e);
        }
    }

    /** {@code recipe} with the flag {@code name} set to {@code text}; a bad value is a usage error naming the flag. */
    static Recipe apply(Recipe recipe, String name, String text) throws UsageException {
        Parameter p = PARAMETERS.get(name);
        if (p == null) {
            throw new UsageException("'" + name + "' is not a model or training flag; use one of "
                    + String.join(", ", PARAMETERS.keySet()) + ".");
        }
        return Flags.convert(name, text, t -> p.set().apply(recipe, t));
    }
}
