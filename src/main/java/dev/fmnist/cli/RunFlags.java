package dev.fmnist.cli;

import dev.fmnist.data.DataException;
import dev.fmnist.data.DataLocator;
import dev.fmnist.data.DataSource;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.ops.Kernels;
import dev.fmnist.ops.NativeOps;
import dev.fmnist.train.CheckpointStore;
import dev.fmnist.train.Execution;
import dev.fmnist.train.TrainingListener;
import dev.fmnist.train.TrainingState;
import dev.fmnist.train.callbacks.BackupAndRestore;
import dev.fmnist.train.callbacks.KerasProgress;
import dev.fmnist.train.callbacks.PlacementLog;
import dev.fmnist.train.device.Device;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * How a training run is carried out, as opposed to what is trained: data location, threads,
 * verbosity, kernels, device, checkpoints. Shared by every entry point that trains, with the
 * things built from them in one place: the data, the execution, the callbacks.
 *
 * @param dataDir          {@code --data-dir}, or null to search the usual places
 * @param offline          never download the data set
 * @param verbose          Keras' verbose: 0 silent, 1 progress bar, 2 one line per epoch
 * @param threads          TensorFlow intra-op threads
 * @param interactive      stdout is a terminal, so a progress bar can be redrawn in place
 * @param requestedKernels {@code --kernels}, or null for native where the library loads
 * @param requestedDevice  {@code --device}
 * @param checkpoints      {@code --checkpoint-dir} as a store, or null for no checkpoints
 * @param resume           {@code --resume}
 * @param stepsPerExecution {@code --steps-per-execution}
 */
public record RunFlags(Path dataDir, boolean offline, int verbose, int threads, boolean interactive,
                       Kernels requestedKernels, Device requestedDevice, CheckpointStore checkpoints, boolean resume,
                       int stepsPerExecution) {

    /** Where the data set comes from. */
    static final Set<String> DATA = Set.of("data-dir", "offline");
    /** How training runs, but for checkpoints. */
    static final Set<String> RUNNING = Set.of("verbose", "threads", "steps-per-execution", "kernels", "device");
    /** How training runs, its checkpoints included. */
    static final Set<String> TRAINING = Mode.union(RUNNING, "checkpoint-dir", "resume");

    static void addTo(Options o) {
        o.addOption(Flags.value("data-dir", "DIR", "directory holding the four Fashion-MNIST files"
                + " (default: search $FASHION_MNIST_DIR, ~/.keras/datasets/fashion-mnist,"
                + " /usr/share/datasets/fashion-mnist)"));
        o.addOption(Flags.flag("offline", "never download the data set"));
        o.addOption(Flags.value("verbose", "0|1|2", "0 silent, 1 progress bar, 2 one line per epoch (default 2)"));
        o.addOption(Flags.value("threads", "N", "TensorFlow threads (default: the number of cores, "
                + Runtime.getRuntime().availableProcessors() + " here)"));
        o.addOption(Flags.value("steps-per-execution", "N", "training steps per TensorFlow run, as Keras'"
                + " steps_per_execution: the same steps and results, with a run's fixed cost paid once per N"
                + " steps; progress and Ctrl-C act between runs (default " + Execution.DEFAULT_STEPS_PER_EXECUTION
                + ")"));
        o.addOption(Flags.value("kernels", "native|stock", "native: our fused Conv2D-ReLU-MaxPool kernels where"
                + " the model allows; stock: TensorFlow's ops only (default native when the library loads)"));
        o.addOption(Flags.value("device", "auto|cpu|gpu", "where the graph runs: gpu needs a CUDA build"
                + " (mvn -Pgpu package) and a GPU; auto takes the GPU when there is one (default auto)"));
        o.addOption(Flags.value("checkpoint-dir", "DIR", "write a checkpoint there at the end of every epoch"
                + " and when interrupted (Ctrl-C, SIGTERM)"));
        o.addOption(Flags.flag("resume", "continue from the newest checkpoint in --checkpoint-dir"));
        o.addOption(Flags.tfLog());
        o.addOption(Flags.flag("help", "print this help and exit"));
    }

    static RunFlags from(CommandLine line) throws UsageException {
        int verbose = Flags.intIn(line, "verbose", 0, 2, 2);
        int threads = Flags.intIn(line, "threads", 1, 1024, Runtime.getRuntime().availableProcessors());
        int stepsPerExecution = Flags.intIn(line, "steps-per-execution", 1, 64, Execution.DEFAULT_STEPS_PER_EXECUTION);
        String dir = line.getOptionValue("data-dir");
        Kernels kernels = Flags.get(line, "kernels", Kernels::parse, null);
        Device device = Flags.get(line, "device", Device::parse, Device.AUTO);
        if (device == Device.GPU) {
            resolve(device, threads); // before the data loads: asked for, a missing GPU is the first thing to say
        }
        if (kernels == Kernels.NATIVE && !NativeOps.available()) {
            throw new UsageException("--kernels native is not available here: " + NativeOps.whyUnavailable() + ".");
        }
        boolean resume = line.hasOption("resume");
        return new RunFlags(dir == null ? null : Path.of(dir), line.hasOption("offline"), verbose, threads,
                System.console() != null, kernels, device, checkpointStore(line.getOptionValue("checkpoint-dir"), resume),
                resume, stepsPerExecution);
    }

    /** These flags with {@code --resume}: a run continues from its checkpoints when it has some. */
    RunFlags resuming() {
        return new RunFlags(dataDir, offline, verbose, threads, interactive, requestedKernels, requestedDevice,
                checkpoints, true, stepsPerExecution);
    }

    /** The checkpoint flags' values, checked before any work is done. */
    private static CheckpointStore checkpointStore(String dir, boolean resume) throws UsageException {
        if (dir == null) {
            if (resume) {
                throw new UsageException("--resume needs --checkpoint-dir DIR, the directory of the run to continue.");
            }
            return null;
        }
        Path path = Path.of(dir);
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UsageException("--checkpoint-dir " + dir + " cannot be created: " + e.getMessage() + ".");
        }
        if (!Files.isWritable(path)) {
            throw new UsageException("--checkpoint-dir " + dir + " is not writable.");
        }
        return new CheckpointStore(path);
    }

    /** The data set, from {@code --data-dir} or the usual places; download progress goes to {@code err}. */
    FashionMnist.Split loadData(DataLocator locator, PrintStream err) throws DataException {
        return DataSource.load(locator, dataDir, offline, err);
    }

    /**
     * Threads, kernels and device to train with; the device is looked up here (it loads
     * TensorFlow), so that a run that fails on its data fails first.
     *
     * @throws UsageException when {@code --device gpu} finds no GPU
     */
    Execution execution() throws UsageException {
        return new Execution(threads, kernels(), resolve(requestedDevice, threads), stepsPerExecution);
    }

    private static Device resolve(Device device, int threads) throws UsageException {
        try {
            return device.resolve(threads);
        } catch (Device.UnavailableException e) {
            throw new UsageException("--device " + device + " was asked for, but " + e.getMessage());
        }
    }

    /**
     * The kernels to train with. Resolved on first need, not while parsing flags: loading the
     * library loads TensorFlow, which a run that fails on its data should not wait for.
     */
    Kernels kernels() {
        if (requestedKernels != null) {
            return requestedKernels;
        }
        return NativeOps.available() ? Kernels.NATIVE : Kernels.STOCK;
    }

    /**
     * The callbacks every training run gets: Keras' progress lines on {@code out}, where a GPU run
     * put its ops on {@code err} (once; a CPU run says nothing), and, with {@code --checkpoint-dir},
     * {@link BackupAndRestore} in {@code checkpointDir} for the run {@code key}.
     */
    TrainingListener callbacks(Execution execution, PrintStream out, PrintStream err, Path checkpointDir, String key) {
        TrainingListener callbacks = new KerasProgress(verbose, interactive, out);
        if (execution.device() == Device.GPU && verbose > 0) {
            callbacks = callbacks.and(new PlacementLog(err));
        }
        if (checkpointDir != null) {
            callbacks = callbacks.and(new BackupAndRestore(new CheckpointStore(checkpointDir), key, resume, err::println));
        }
        return callbacks;
    }

    /**
     * The one sentence printed when a signal stopped a run that checkpointed in {@code checkpointDir}
     * (or null); {@code part} names the part of a longer run it stopped in, such as "fold 1, ", or is "".
     */
    static String interruptedMessage(String part, TrainingState s, Path checkpointDir, String jar) {
        String where = "Interrupted in " + part + "epoch " + (s.epoch() + 1) + " after step " + s.step() + "; ";
        return checkpointDir != null
                ? where + "resume with the same command and --resume (checkpoint in " + checkpointDir + ")."
                : where + "nothing was saved; with --checkpoint-dir DIR a run can be resumed (java -jar " + jar + ").";
    }
}
