package dev.fmnist.cli;

import dev.fmnist.ops.Kernels;
import dev.fmnist.ops.NativeOps;
import dev.fmnist.train.Device;
import dev.fmnist.train.Execution;
import dev.fmnist.train.Placement;
import dev.fmnist.train.TrainingListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * How a training run is carried out, as opposed to what is trained: data location, threads,
 * verbosity. Shared by every entry point that trains.
 *
 * @param dataDir     {@code --data-dir}, or null to search the usual places
 * @param offline     never download the data set
 * @param verbose     Keras' verbose: 0 silent, 1 progress bar, 2 one line per epoch
 * @param threads     TensorFlow intra-op threads
 * @param interactive stdout is a terminal, so a progress bar can be redrawn in place
 * @param requestedKernels {@code --kernels}, or null for native where the library loads
 * @param requestedDevice  {@code --device}
 */
public record RunFlags(Path dataDir, boolean offline, int verbose, int threads, boolean interactive,
                       Kernels requestedKernels, Device requestedDevice) {

    /**
     * Threads, kernels and device to train with; the device is looked up here (it loads
     * TensorFlow), so that a run that fails on its data fails first.
     *
     * @throws UsageException when {@code --device gpu} finds no GPU
     */
    public Execution execution() throws UsageException {
        return new Execution(threads, kernels(), resolve(requestedDevice, threads));
    }

    private static Device resolve(Device device, int threads) throws UsageException {
        try {
            return device.resolve(threads);
        } catch (Device.UnavailableException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Prints where a GPU run put its ops (on {@code err}, once); says nothing for a CPU run. */
    public TrainingListener placementLog(Execution execution, PrintStream err) {
        if (execution.device() != Device.GPU || verbose == 0) {
            return TrainingListener.SILENT;
        }
        return new TrainingListener() {
            @Override
            public boolean wantsPlacement() {
                return true;
            }

            @Override
            public void onPlacement(Placement placement) {
                err.println("Placement of a training step: " + placement.summary() + ".");
            }
        };
    }

    /**
     * The kernels to train with. Resolved on first need, not while parsing flags: loading the
     * library loads TensorFlow, which a run that fails on its data should not wait for.
     */
    public Kernels kernels() {
        if (requestedKernels != null) {
            return requestedKernels;
        }
        return NativeOps.available() ? Kernels.NATIVE : Kernels.STOCK;
    }

    static void addTo(Options o) {
        o.addOption(ModelFlags.value("data-dir", "DIR", "directory holding the four Fashion-MNIST files"
                + " (default: search $FASHION_MNIST_DIR, ~/.keras/datasets/fashion-mnist,"
                + " /usr/share/datasets/fashion-mnist)"));
        o.addOption(ModelFlags.flag("offline", "never download the data set"));
        o.addOption(ModelFlags.value("verbose", "0|1|2", "0 silent, 1 progress bar, 2 one line per epoch (default 2)"));
        o.addOption(ModelFlags.value("threads", "N", "TensorFlow threads (default: the number of cores, "
                + Runtime.getRuntime().availableProcessors() + " here)"));
        o.addOption(ModelFlags.value("kernels", "native|stock", "native: our fused Conv2D-ReLU-MaxPool kernels where"
                + " the model allows; stock: TensorFlow's ops only (default native when the library loads)"));
        o.addOption(ModelFlags.value("device", "auto|cpu|gpu", "where the graph runs: gpu needs a CUDA build"
                + " (mvn -Pgpu package) and a GPU; auto takes the GPU when there is one (default auto)"));
        o.addOption(ModelFlags.value("checkpoint-dir", "DIR", "write a checkpoint there at the end of every epoch"
                + " and when interrupted (Ctrl-C, SIGTERM)"));
        o.addOption(ModelFlags.flag("resume", "continue from the newest checkpoint in --checkpoint-dir"));
        o.addOption(ModelFlags.flag("help", "print this help and exit"));
    }

    static RunFlags from(CommandLine line) throws UsageException {
        int verbose = ModelFlags.get(line, "verbose", Integer::parseInt, 2);
        if (verbose < 0 || verbose > 2) {
            throw new UsageException("--verbose must be 0, 1 or 2, not " + verbose + ".");
        }
        int threads = ModelFlags.get(line, "threads", Integer::parseInt, Runtime.getRuntime().availableProcessors());
        if (threads < 1 || threads > 1024) {
            throw new UsageException("--threads must be between 1 and 1024, not " + threads + ".");
        }
        String dir = line.getOptionValue("data-dir");
        Kernels kernels = ModelFlags.get(line, "kernels", Kernels::parse, null);
        Device device = ModelFlags.get(line, "device", Device::parse, Device.AUTO);
        if (device == Device.GPU) {
            resolve(device, threads); // before the data loads: asked for, a missing GPU is the first thing to say
        }
        if (kernels == Kernels.NATIVE && !NativeOps.available()) {
            throw new UsageException("--kernels native is not available here: " + NativeOps.whyUnavailable() + ".");
        }
        return new RunFlags(dir == null ? null : Path.of(dir), line.hasOption("offline"), verbose, threads,
                System.console() != null, kernels, device);
    }

    /** Parses {@code args}; unknown flags, missing values and stray arguments are usage errors. */
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

    static void printHelp(PrintStream out, String usage, String header, Options options) {
        HelpFormatter help = new HelpFormatter();
        help.setOptionComparator(null);
        PrintWriter w = new PrintWriter(out);
        help.printHelp(w, 100, usage, header + "\n\n", options, 2, 2, "", false);
        w.flush();
    }
}
