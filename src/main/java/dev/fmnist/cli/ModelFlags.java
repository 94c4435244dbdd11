package dev.fmnist.cli;

import dev.fmnist.model.Architecture;
import dev.fmnist.model.ModelConfig;
import dev.fmnist.model.Optimizer;
import dev.fmnist.model.Padding;
import dev.fmnist.model.Schedule;
import java.util.function.Function;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * The flags that map one to one onto {@link ModelConfig}, shared by every entry point that trains.
 * A preset is applied first; the other flags override its values.
 */
public final class ModelFlags {
    private ModelFlags() {}

    /** Adds the model and training flags to {@code options}. */
    public static Options addTo(Options options) {
        options.addOption(Flags.value("preset", "NAME", "model preset: " + String.join(", ", ModelConfig.PRESETS)
                + " (default app1, the lab's Application 1; ex7: its Exercise 7, Dense 512, 20 epochs at lr 0.001;"
                + " best: the deep architecture, Adam, 93.5%+)"));
        options.addOption(Flags.value("architecture", "NAME", "lab (one Conv2D block, app1: lab), deep (flips and"
                + " shifts, three Conv2D-BatchNorm-ReLU-MaxPool blocks, a batch-normalised Dense layer), or, for"
                + " train.jar with --initial-weights, from-file: the Keras model's own layers"));
        options.addOption(Flags.value("filters", "N", "Conv2D filters, of the first block in deep (app1: 32)"));
        options.addOption(Flags.value("kernel-size", "N", "Conv2D kernel size N x N (app1: 3)"));
        options.addOption(Flags.value("padding", "MODE", "Conv2D padding: valid or same (app1: valid)"));
        options.addOption(Flags.value("dense-units", "N", "units of the hidden Dense layer (app1: 16)"));
        options.addOption(Flags.value("dropout", "RATE", "Dropout rate after pooling, 0 for none (app1: 0)"));
        options.addOption(Flags.value("epochs", "N", "training epochs (app1: 5)"));
        options.addOption(Flags.value("optimizer", "NAME", "sgd or adam (app1: sgd)"));
        options.addOption(Flags.value("learning-rate", "X", "the optimizer's learning rate (app1: 0.01)"));
        options.addOption(Flags.value("lr-schedule", "NAME", "constant, or cosine: decays to 0 over the run (app1: constant)"));
        options.addOption(Flags.value("momentum", "X", "SGD momentum, or Adam's beta_1 (app1: 0.9)"));
        options.addOption(Flags.value("batch-size", "N", "examples per step (app1: 32)"));
        options.addOption(Flags.value("steps-per-epoch", "N", "train each epoch on the first N batches of its"
                + " shuffled order, as Keras' steps_per_epoch (default: every batch)"));
        options.addOption(Flags.value("seed", "N", "seed for initial weights, shuffling, dropout and augmentation (default 2)"));
        return options;
    }

    /** The config the flags describe. */
    public static ModelConfig toConfig(CommandLine line) throws UsageException {
        return toConfig(line, java.util.Set.of());
    }

    /** The config the flags describe, leaving the flags {@code ignored} at the preset's values. */
    public static ModelConfig toConfig(CommandLine line, java.util.Set<String> ignored) throws UsageException {
        ModelConfig c;
        try {
            c = ModelConfig.preset(line.getOptionValue("preset", "app1"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--preset must be one of " + String.join(", ", ModelConfig.PRESETS)
                    + ", not '" + line.getOptionValue("preset") + "'.");
        }
        for (String name : PARAMETERS.keySet()) {
            String text = line.getOptionValue(name);
            if (text != null && !ignored.contains(name)) {
                c = apply(c, name, text);
            }
        }
        return c;
    }

    /** How one flag's text changes a config. */
    private interface Setter {
        ModelConfig apply(ModelConfig config, String text);
    }

    private static <T> Setter setter(Function<String, T> parse, java.util.function.BiFunction<ModelConfig, T, ModelConfig> with) {
        return (config, text) -> with.apply(config, parse.apply(text.trim()));
    }

    /**
     * Every config flag, by name; --sweep takes the same names. Applied in this order, so padding
     * comes before the kernel size it may be needed to allow.
     */
    static final java.util.Map<String, Setter> PARAMETERS = new java.util.LinkedHashMap<>();

    static {
        PARAMETERS.put("architecture", setter(Architecture::parse, ModelConfig::withArchitecture));
        PARAMETERS.put("filters", setter(Integer::parseInt, ModelConfig::withFilters));
        PARAMETERS.put("padding", setter(Padding::parse, ModelConfig::withPadding));
        PARAMETERS.put("kernel-size", setter(Integer::parseInt, ModelConfig::withKernelSize));
        PARAMETERS.put("dense-units", setter(Integer::parseInt, ModelConfig::withDenseUnits));
        PARAMETERS.put("dropout", setter(Double::parseDouble, ModelConfig::withDropout));
        PARAMETERS.put("epochs", setter(Integer::parseInt, ModelConfig::withEpochs));
        PARAMETERS.put("optimizer", setter(Optimizer::parse, ModelConfig::withOptimizer));
        PARAMETERS.put("learning-rate", setter(Double::parseDouble, ModelConfig::withLearningRate));
        PARAMETERS.put("lr-schedule", setter(Schedule::parse, ModelConfig::withSchedule));
        PARAMETERS.put("momentum", setter(Double::parseDouble, ModelConfig::withMomentum));
        PARAMETERS.put("batch-size", setter(Integer::parseInt, ModelConfig::withBatchSize));
        PARAMETERS.put("seed", setter(Long::parseLong, ModelConfig::withSeed));
        PARAMETERS.put("steps-per-epoch", setter(Integer::parseInt, ModelConfig::withStepsPerEpoch));
    }

    /**
     * Checks that {@code config}'s {@code --steps-per-epoch} fits an epoch over {@code examples}
     * training examples, known once the data is loaded.
     */
    static void checkSteps(ModelConfig config, int examples) throws UsageException {
        try {
            config.steps(examples);
        } catch (IllegalArgumentException e) {
            throw Flags.error("steps-per-epoch", e);
        }
    }

    /** {@code config} with the flag {@code name} set to {@code text}; a bad value is a usage error naming the flag. */
    static ModelConfig apply(ModelConfig config, String name, String text) throws UsageException {
        Setter setter = PARAMETERS.get(name);
        if (setter == null) {
            throw new UsageException("'" + name + "' is not a model or training flag; use one of "
                    + String.join(", ", PARAMETERS.keySet()) + ".");
        }
        return Flags.convert(name, text, t -> setter.apply(config, t));
    }
}
