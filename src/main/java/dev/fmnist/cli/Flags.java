package dev.fmnist.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.function.Function;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** The generic flag helpers every entry point uses: declaring, parsing, reading a value, printing help. */
final class Flags {
    private Flags() {}

    /** A flag that takes a value, shown as {@code --name ARG}. */
    static Option value(String name, String arg, String description) {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(description).build();
    }

    /** A flag without a value. */
    static Option flag(String name, String description) {
        return Option.builder().longOpt(name).desc(description).build();
    }

    /** The flag that lets TensorFlow's start-up notices through; read in main, before TensorFlow loads. */
    static final String TF_LOG = "tf-log";

    static Option tfLog() {
        return flag(TF_LOG, "show TensorFlow's own start-up notices (oneDNN, CPU features, ...), as setting"
                + " TF_CPP_MIN_LOG_LEVEL does");
    }

    /** Parses {@code args}; unknown flags, missing values and (unless {@code operands}) stray arguments are usage errors. */
    static CommandLine parse(Options options, String[] args, boolean operands) throws UsageException {
        try {
            CommandLine line = DefaultParser.builder().setAllowPartialMatching(false).build().parse(options, args);
            if (!operands && !line.getArgList().isEmpty()) {
                throw new UsageException("Unexpected argument '" + line.getArgList().get(0) + "'.");
            }
            return line;
        } catch (ParseException e) {
            String m = e.getMessage();
            throw new UsageException(m.endsWith(".") ? m : m + ".");
        }
    }

    /** The value of {@code --name}, parsed, or {@code fallback} when the flag is absent. */
    static <T> T get(CommandLine line, String name, Function<String, T> parse, T fallback) throws UsageException {
        String text = line.getOptionValue(name);
        return text == null ? fallback : convert(name, text, parse);
    }

    /** {@code text}, the value of {@code --name}, parsed; a bad value is a usage error naming the flag. */
    static <T> T convert(String name, String text, Function<String, T> parse) throws UsageException {
        try {
            return parse.apply(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a number, not '" + text + "'.");
        } catch (IllegalArgumentException e) {
            throw error(name, e, text.trim());
        }
    }

    /** An integer {@code --name} within [min, max], or {@code fallback} when absent. */
    static int intIn(CommandLine line, String name, int min, int max, int fallback) throws UsageException {
        int v = get(line, name, Integer::parseInt, fallback);
        if (v < min || v > max) {
            throw new UsageException("--" + name + " must be between " + min + " and " + max + ", not " + v + ".");
        }
        return v;
    }

    /** A decimal {@code --name} within [min, max], or {@code fallback} when absent. */
    static double doubleIn(CommandLine line, String name, double min, double max, double fallback) throws UsageException {
        double v = get(line, name, Double::parseDouble, fallback);
        if (!(v >= min && v <= max)) {
            throw new UsageException("--" + name + " must be between " + whole(min) + " and " + whole(max) + ", not "
                    + line.getOptionValue(name) + ".");
        }
        return v;
    }

    private static String whole(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** "--name must ..." from a model message "the thing must ...", so the user sees the flag to fix. */
    static UsageException error(String name, IllegalArgumentException e) {
        return error(name, e, null);
    }

    /** As above, ending "not GIVEN" with the text the user gave (0, not the 0.0 a double prints). */
    static UsageException error(String name, IllegalArgumentException e, String given) {
        String m = e.getMessage();
        int must = m.indexOf(" must");
        String sentence = must >= 0 ? m.substring(must) : ": " + m;
        int not = sentence.lastIndexOf(", not ");
        if (given != null && not >= 0 && sentence.indexOf(';', not) < 0) {
            sentence = sentence.substring(0, not) + ", not " + given;
        }
        return new UsageException("--" + name + sentence + ".");
    }

    static void printHelp(PrintStream out, String usage, String header, Options options) {
        HelpFormatter help = new HelpFormatter();
        help.setOptionComparator(null);
        PrintWriter w = new PrintWriter(out);
        help.printHelp(w, 100, usage, header + "\n\n", options, 2, 2, "", false);
        w.flush();
    }
}
