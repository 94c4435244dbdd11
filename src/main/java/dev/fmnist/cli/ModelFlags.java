package dev.fmnist.cli;

import dev.fmnist.model.ModelConfig;
import dev.fmnist.model.Padding;
import java.util.function.Function;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * The flags that map one to one onto {@link ModelConfig}, shared by every entry point that trains.
 * A preset is applied first; the other flags override its values.
 */
public final class ModelFlags {
    private ModelFlags() {}

    /** Adds the model and training flags to {@code options}. */
    public static Options addTo(Options options) {
        options.addOption(value("preset", "NAME", "model preset: " + String.join(", ", ModelConfig.PRESETS)
                + " (default app1, the lab's Application 1)"));
        options.addOption(value("filters", "N", "Conv2D filters (app1: 32)"));
        options.addOption(value("kernel-size", "N", "Conv2D kernel size N x N (app1: 3)"));
        options.addOption(value("padding", "MODE", "Conv2D padding: valid or same (app1: valid)"));
        options.addOption(value("dense-units", "N", "units of the hidden Dense layer (app1: 16)"));
        options.addOption(value("dropout", "RATE", "Dropout rate after pooling, 0 for none (app1: 0)"));
        options.addOption(value("epochs", "N", "training epochs (app1: 5)"));
        options.addOption(value("learning-rate", "X", "SGD learning rate (app1: 0.01)"));
        options.addOption(value("momentum", "X", "SGD momentum (app1: 0.9)"));
        options.addOption(value("batch-size", "N", "examples per step (app1: 32)"));
        options.addOption(value("seed", "N", "seed for initial weights, shuffling and dropout (default 2)"));
        return options;
    }

    /** The config the flags describe. */
    public static ModelConfig toConfig(CommandLine line) throws UsageException {
        ModelConfig c;
        try {
            c = ModelConfig.preset(line.getOptionValue("preset", "app1"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--preset must be one of " + String.join(", ", ModelConfig.PRESETS)
                    + ", not '" + line.getOptionValue("preset") + "'.");
        }
        c = set(line, "filters", Integer::parseInt, c.filters(), c::withFilters);
        c = set(line, "kernel-size", Integer::parseInt, c.kernelSize(), c::withKernelSize);
        c = set(line, "padding", Padding::parse, c.padding(), c::withPadding);
        c = set(line, "dense-units", Integer::parseInt, c.denseUnits(), c::withDenseUnits);
        c = set(line, "dropout", Double::parseDouble, c.dropout(), c::withDropout);
        c = set(line, "epochs", Integer::parseInt, c.epochs(), c::withEpochs);
        c = set(line, "learning-rate", Double::parseDouble, c.learningRate(), c::withLearningRate);
        c = set(line, "momentum", Double::parseDouble, c.momentum(), c::withMomentum);
        c = set(line, "batch-size", Integer::parseInt, c.batchSize(), c::withBatchSize);
        c = set(line, "seed", Long::parseLong, c.seed(), c::withSeed);
        return c;
    }

    /** Applies {@code --name} through {@code with}; a value the config rejects is a usage error naming the flag. */
    private static <T> ModelConfig set(CommandLine line, String name, Function<String, T> parse, T current,
                                       Function<T, ModelConfig> with) throws UsageException {
        T value = get(line, name, parse, current);
        try {
            return with.apply(value);
        } catch (IllegalArgumentException e) {
            throw flagError(name, e);
        }
    }

    /** "--name must ..." from a model message "the thing must ...", so the user sees the flag to fix. */
    private static UsageException flagError(String name, IllegalArgumentException e) {
        String m = e.getMessage();
        int must = m.indexOf(" must");
        return new UsageException("--" + name + (must >= 0 ? m.substring(must) : ": " + m) + ".");
    }

    /** The value of {@code --name}, parsed, or {@code fallback} when the flag is absent. */
    static <T> T get(CommandLine line, String name, Function<String, T> parse, T fallback) throws UsageException {
        String text = line.getOptionValue(name);
        if (text == null) {
            return fallback;
        }
        try {
            return parse.apply(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a number, not '" + text + "'.");
        } catch (IllegalArgumentException e) {
            throw flagError(name, e);
        }
    }

    static Option value(String name, String arg, String description) {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(description).build();
    }

    static Option flag(String name, String description) {
        return Option.builder().longOpt(name).desc(description).build();
    }
}
