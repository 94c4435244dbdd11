package dev.fmnist.cli;

import dev.fmnist.data.DataLocator;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.report.PngFile;
import dev.fmnist.report.SweepReport;
import dev.fmnist.train.CheckpointStore;
import dev.fmnist.train.Execution;
import dev.fmnist.train.Recipe;
import dev.fmnist.train.TrainingDivergedException;
import dev.fmnist.train.TrainingListener;
import dev.fmnist.train.cluster.TaskResults;
import dev.fmnist.train.experiments.Sweep;
import dev.fmnist.util.FmnistException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code train.jar --sweep FLAG=V1,V2,...}: the lab's exercise tables, one model per value (and
 * repeat); on a cluster, one task of a sweep ({@code --results}), the merge of the tasks' results
 * ({@code --merge}) and the numbered plan ({@code --list-tasks}).
 */
final class SweepCommand {
    /** The flags that mean something with --sweep only. */
    static final List<String> FLAGS = List.of("repeats", "task", "results", "merge", "list-tasks");

    private final PrintStream out;
    private final PrintStream err;
    private final DataLocator locator;

    SweepCommand(PrintStream out, PrintStream err, DataLocator locator) {
        this.out = out;
        this.err = err;
        this.locator = locator;
    }

    static void addOptions(Options o) {
        o.addOption(Flags.value("sweep", "FLAG=V1,V2,...", "train one model per value of a model or training"
                + " flag (e.g. filters=8,16,32), everything else as given, and print the lab's table; writes"
                + " sweep_FLAG.csv and sweep_FLAG.png; saves no model"));
        o.addOption(Flags.value("repeats", "R", "with --sweep: train each value with R seeds (seed, seed+1, ...)"
                + " and print mean ± std (default 1)"));
        o.addOption(Flags.value("task", "I", "with --sweep --results: train only task I of the sweep (value I / R,"
                + " repeat I % R, as --list-tasks numbers them); default: the scheduler's SLURM_ARRAY_TASK_ID or"
                + " JOB_COMPLETION_INDEX"));
        o.addOption(Flags.value("results", "DIR", "with --sweep: for cluster array jobs, one task per process,"
                + " its result written to DIR (shared by the tasks), checkpoints under DIR/checkpoints so that a"
                + " requeued task resumes and a finished one does nothing"));
        o.addOption(Flags.value("merge", "DIR", "with --sweep: print the lab's table and write the CSV and plot"
                + " from the results array tasks wrote to DIR with the same flags; refuses a set with missing tasks"));
        o.addOption(Flags.flag("list-tasks", "with --sweep: print the numbered tasks (values x repeats), to size an"
                + " array job, and exit"));
    }

    /**
     * Trains one model per value (and repeat) of one flag and reports the test errors as the lab
     * did; or, for a cluster, one task of it ({@code --results}), the merge of the tasks' results
     * ({@code --merge}), or the numbered tasks ({@code --list-tasks}).
     */
    int run(Recipe base, RunFlags run, CommandLine line)
            throws FmnistException, IOException {
        int repeats = Flags.intIn(line, "repeats", 1, 100, 1);
        String spec = line.getOptionValue("sweep");
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new UsageException("--sweep needs FLAG=V1,V2,..., such as filters=8,16,32, not '" + spec + "'.");
        }
        String flag = spec.substring(0, eq).trim().replaceFirst("^--", "");
        if (flag.equals("seed")) {
            throw new UsageException("--sweep seed=... would train every value with the same seeds (--seed, and one"
                    + " more per repeat); give --repeats R to train each model with R seeds.");
        }
        List<String> values = Arrays.stream(spec.substring(eq + 1).split(",")).map(String::trim).toList();
        List<Recipe> configs = new ArrayList<>();
        for (String v : values) {
            configs.add(ModelFlags.apply(base, flag, v)); // every value is checked before any training
        }
        int tasks = values.size() * repeats;
        String runKey = CheckpointStore.key("train.jar --sweep", base.key(), flag, values, repeats);
        if (line.hasOption("list-tasks")) {
            ArrayTasks.list(out, tasks, "one per value and repeat",
                    t -> flag + " = " + values.get(t / repeats) + ", seed " + (base.training().seed() + t % repeats));
            return ExitCode.OK;
        }
        Path csv = Path.of("sweep_" + flag + ".csv");
        Path png = Path.of("sweep_" + flag + ".png");
        if (line.hasOption("merge")) {
            if (line.hasOption("results") || line.hasOption("task")) {
                throw new UsageException("--merge reads what the tasks wrote; give it without --results and --task.");
            }
            OutputFiles.checkWritable(csv, "--sweep");
            OutputFiles.checkWritable(png, "--sweep");
            List<double[]> errors = new ArrayList<>();
            List<double[]> seconds = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                errors.add(new double[repeats]);
                seconds.add(new double[repeats]);
            }
            for (TaskResults.Entry e : new TaskResults(Path.of(line.getOptionValue("merge")), "sweep").complete(runKey, tasks)) {
                errors.get(e.task() / repeats)[e.task() % repeats] = e.data().get("error").getAsDouble();
                seconds.get(e.task() / repeats)[e.task() % repeats] = e.data().get("seconds").getAsDouble();
            }
            report(new SweepReport(flag, values, errors, seconds, Sweep.seeds(base.training().seed(), repeats)), csv, png);
            return ExitCode.OK;
        }
        if (line.hasOption("results")) {
            return task(configs, values, flag, repeats, run, line, runKey);
        }
        if (line.hasOption("task")) {
            throw new UsageException("--task needs --results DIR, where the task's result goes.");
        }
        OutputFiles.checkWritable(csv, "--sweep");
        OutputFiles.checkWritable(png, "--sweep");
        FashionMnist.Split data = run.loadData(locator, err);
        Execution execution = run.execution();
        Sweep.Outcome outcome = Sweep.run(configs, repeats, base.training().seed(), execution, data.train(), data.test(),
                observer(flag, values, repeats, run, execution, index -> null, null));
        report(new SweepReport(flag, values, outcome.errors(), outcome.seconds(), outcome.seeds()), csv, png);
        return ExitCode.OK;
    }

    /** One task of a sweep on a cluster: value {@code task / repeats}, repeat {@code task % repeats}. */
    private int task(List<Recipe> configs, List<String> values, String flag, int repeats, RunFlags run,
                          CommandLine line, String runKey)
            throws FmnistException, IOException {
        int tasks = values.size() * repeats;
        TaskResults results = new TaskResults(Path.of(line.getOptionValue("results")), "sweep");
        int task = ArrayTasks.index(line, "task", tasks, "value and repeat");
        if (ArrayTasks.done(results, task, runKey, "Task " + task, out)) {
            return ExitCode.OK;
        }
        int index = task / repeats;
        long seed = configs.get(index).training().seed() + task % repeats;
        FashionMnist.Split data = run.loadData(locator, err);
        RunFlags resuming = run.resuming();
        Execution execution = resuming.execution();
        Sweep.Outcome outcome = Sweep.run(List.of(configs.get(index)), 1, seed, execution, data.train(), data.test(),
                observer(flag, List.of(values.get(index)), repeats, resuming, execution,
                        i -> results.checkpoints(task), runKey + " task " + task));
        results.write(task, tasks, runKey, Map.of("value", values.get(index), "seed", seed,
                "error", outcome.errors().get(0)[0], "seconds", outcome.seconds().get(0)[0]));
        out.println("Task " + task + "'s result saved to " + results.file(task).toAbsolutePath() + ".");
        return ExitCode.OK;
    }

    private Sweep.Observer observer(String flag, List<String> values, int repeats, RunFlags run,
                                         Execution execution, java.util.function.IntFunction<Path> checkpoints,
                                         String key) {
        return new Sweep.Observer() {
            @Override
            public TrainingListener starting(int index, long seed) {
                out.println("--- " + flag + " = " + values.get(index) + (repeats > 1 ? ", seed " + seed : ""));
                return run.callbacks(execution, out, err, checkpoints.apply(index), key);
            }

            @Override
            public void finished(int index, long seed, double errorPercent) {
                out.println(TrainCli.errorRateLine(errorPercent));
            }

            @Override
            public void diverged(int index, long seed, TrainingDivergedException e) {
                out.println("Diverged: " + e.getMessage());
            }
        };
    }

    /** The lab's table, its CSV and its plot. */
    private void report(SweepReport report, Path csv, Path png) throws IOException {
        out.print(report.table());
        OutputFiles.write(csv, report.csv());
        Optional<BufferedImage> plot = report.plot();
        if (plot.isPresent()) {
            PngFile.write(plot.get(), png);
            out.println("Results saved to " + csv.toAbsolutePath() + " and " + png.toAbsolutePath() + ".");
        } else {
            out.println("Results saved to " + csv.toAbsolutePath() + " (no plot: every run diverged).");
        }
    }
}
