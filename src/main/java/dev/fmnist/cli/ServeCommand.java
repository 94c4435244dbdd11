package dev.fmnist.cli;

import dev.fmnist.export.ModelException;
import dev.fmnist.serve.ModelServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code predict.jar --serve}: the model behind TensorFlow Serving's REST API until SIGTERM or
 * Ctrl-C, which stop it gracefully (exit 0); a second signal ends it at once.
 */
final class ServeCommand {
    private ServeCommand() {}

    static final String DEFAULT_NAME = "fashion_mnist";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** The flags that only --serve reads. */
    static final String[] FLAGS = {"port", "host", "model-name", "max-batch", "batch-wait-ms", "max-queue",
            "max-body-mb", "client-timeout", "poll-seconds", "grace-seconds"};

    static void addOptions(Options o) {
        o.addOption(Flags.flag("serve", "serve the model over HTTP: TensorFlow Serving's REST API"
                + " (/v1/models/NAME, :predict, /metadata), our :classify-image, and a page at / to try it in a"
                + " browser; reloads the model when a new one is saved in its place; SIGTERM or Ctrl-C stops it"));
        o.addOption(Flags.value("port", "N", "with --serve: the port (default 8501, TensorFlow Serving's; 0 picks a free one)"));
        o.addOption(Flags.value("host", "ADDR", "with --serve: the address to listen on (default 127.0.0.1, this"
                + " machine only; 0.0.0.0 for every interface)"));
        o.addOption(Flags.value("model-name", "NAME", "with --serve: the name in /v1/models/NAME (default " + DEFAULT_NAME + ")"));
        o.addOption(Flags.value("max-batch", "N", "with --serve: the most images in one model call (default 64)"));
        o.addOption(Flags.value("batch-wait-ms", "MS", "with --serve: how long a model call waits for more requests"
                + " to batch with the first (default 0: take what is already waiting)"));
        o.addOption(Flags.value("max-queue", "N", "with --serve: requests that may wait for the model; more are"
                + " answered 503 (default 256)"));
        o.addOption(Flags.value("max-body-mb", "MB", "with --serve: the largest request body; larger ones are"
                + " answered 413 (default 10)"));
        o.addOption(Flags.value("client-timeout", "SECONDS", "with --serve: a client that takes longer to send its"
                + " request or read the answer is disconnected (default 30)"));
        o.addOption(Flags.value("poll-seconds", "S", "with --serve: how often to look for a new model in its place;"
                + " 0 never (default 1)"));
        o.addOption(Flags.value("grace-seconds", "S", "with --serve: how long SIGTERM waits for requests in"
                + " flight (default 10)"));
    }

    static int run(CommandLine line, Path model, PrintStream out, PrintStream err) throws UsageException, ModelException {
        if (!line.getArgList().isEmpty()) {
            throw new UsageException("--serve takes no image files; send them to the server instead.");
        }
        String name = line.getOptionValue("model-name", DEFAULT_NAME);
        if (!NAME.matcher(name).matches()) {
            throw new UsageException("--model-name must be letters, digits, '.', '_' or '-' (starting with a letter"
                    + " or digit), not '" + name + "'.");
        }
        double waitMs = Flags.doubleIn(line, "batch-wait-ms", 0, 1000, 0);
        double poll = Flags.doubleIn(line, "poll-seconds", 0, 3600, 1);
        ModelServer.Settings settings = new ModelServer.Settings(
                line.getOptionValue("host", "127.0.0.1"),
                Flags.intIn(line, "port", 0, 65535, 8501),
                model, name,
                Flags.intIn(line, "max-batch", 1, 4096, 64),
                Math.round(waitMs * 1000),
                Flags.intIn(line, "max-queue", 1, 1_000_000, 256),
                (long) Flags.intIn(line, "max-body-mb", 1, 1024, 10) * 1_000_000,
                Flags.intIn(line, "client-timeout", 1, 3600, 30),
                poll,
                Flags.intIn(line, "grace-seconds", 0, 3600, 10));

        Interruption stop = Interruption.install();
        ModelServer server = ModelServer.start(settings, out, err);
        String shown = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        out.println("Serving " + model + " as '" + name + "' (version " + server.version() + ") at http://" + shown + ":"
                + server.port() + "/ (REST API under /v1/models/" + name + "); Ctrl-C or SIGTERM stops.");
        out.flush();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.println("Stopping: finishing the requests in flight.");
        server.close();
        out.println("Stopped after " + server.requests() + " requests.");
        return ExitCode.OK;
    }
}
