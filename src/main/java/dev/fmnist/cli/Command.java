package dev.fmnist.cli;

import dev.fmnist.util.FmnistException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * What every entry point shares: {@code --help}, and turning failures into one sentence on stderr
 * with exit code 2 (a usage error) or 1 (a runtime failure), never a stack trace.
 */
final class Command {
    /** The work of an entry point once its flags are parsed; returns the exit code. */
    interface Body {
        int run(CommandLine line) throws FmnistException, IOException;
    }

    private Command() {}

    static int execute(String jar, String description, Options options, String[] args, PrintStream out,
                       PrintStream err, Body body) {
        return execute(jar, description, options, args, out, err, body, false);
    }

    /** @param operands whether the command takes arguments besides its flags (file names) */
    static int execute(String jar, String description, Options options, String[] args, PrintStream out,
                       PrintStream err, Body body, boolean operands) {
        try {
            CommandLine line = Flags.parse(options, args, operands);
            if (line.hasOption("help")) {
                Flags.printHelp(out, "java -jar " + jar + " [flags]" + (operands ? " FILE|DIR..." : ""),
                        description, options);
                return ExitCode.OK;
            }
            return body.run(line);
        } catch (UsageException e) {
            err.println("Error: " + e.getMessage());
            err.println("Run 'java -jar " + jar + " --help' for the flags.");
            return ExitCode.USAGE;
        } catch (FmnistException e) {
            err.println("Error: " + Advice.sentences(e));
            return ExitCode.FAILURE;
        } catch (IOException e) {
            err.println("Error: cannot write " + e.getMessage() + ".");
            return ExitCode.FAILURE;
        } catch (UncheckedIOException e) {
            // A callback's write inside training (a checkpoint) failed.
            err.println("Error: cannot write " + e.getCause().getMessage() + ".");
            return ExitCode.FAILURE;
        }
    }
}
