package dev.fmnist.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;

/**
 * Each jar's modes: what its flags ask it to do, and the flags that mean something there (see
 * {@link Mode}). One table per jar, so that a new flag is added to the modes that read it.
 */
final class Modes {
    private Modes() {}

    /** The flags that mean something in one mode only, and the flag that chooses it. */
    static final Map<String, String> TRAIN_HOMES = trainHomes();

    private static Map<String, String> trainHomes() {
        Map<String, String> homes = new HashMap<>();
        homes.put("export-test-images", "--export-samples");
        for (String flag : SweepCommand.FLAGS) {
            homes.put(flag, "--sweep");
        }
        return homes;
    }

    /** What the flags ask train.jar to do, and the flags that mean something there. */
    static Mode train(CommandLine line) {
        Set<String> recipe = ModelFlags.names();
        if (line.hasOption("summary")) {
            return Mode.of("--summary", recipe, "summary", "initial-weights");
        }
        if (StartingModel.converting(line)) {
            return Mode.of("a conversion (--epochs 0)", recipe, "initial-weights", "model-dir", "save-keras", "save-onnx");
        }
        if (line.hasOption("show-samples")) {
            return Mode.of("--show-samples", RunFlags.DATA, "show-samples");
        }
        if (line.hasOption("export-samples")) {
            return Mode.of("--export-samples", RunFlags.DATA, "export-samples", "export-test-images");
        }
        if (line.hasOption("sweep")) {
            return sweep(line, recipe);
        }
        Set<String> run = Mode.union(Mode.union(recipe, RunFlags.DATA), RunFlags.TRAINING);
        if (line.hasOption("profile-steps")) {
            return Mode.of("--profile-steps", Mode.union(recipe, RunFlags.DATA), "profile-steps", "threads", "kernels",
                    "device");
        }
        return Mode.of("training", run, "model-dir", "initial-weights", "save-keras", "save-onnx", "history", "tensorboard",
                "confusion");
    }

    /**
     * What the flags ask kfold.jar to do, and the flags that mean something there: one fold of an
     * array job (its checkpoints beside its result, its curves and history left to the merge), the
     * numbered tasks, a merge of the folds' results, or the folds here. The numbering and the merge
     * also take a task's flags, so that the roles of an array job share one command line
     * (scripts/slurm/array-job.sh).
     */
    static Mode kfold(CommandLine line) {
        Set<String> recipe = ModelFlags.names();
        Set<String> task = Mode.union(Mode.union(Mode.union(recipe, RunFlags.DATA), RunFlags.RUNNING),
                Set.of("folds", "fold-seed", "fold", "results"));
        if (line.hasOption("list-tasks")) {
            return Mode.of("--list-tasks", task, "list-tasks");
        }
        if (line.hasOption("merge")) {
            return Mode.of("--merge", task, "merge", "plot", "history");
        }
        if (line.hasOption("results")) {
            return new Mode("--results", task);
        }
        return Mode.of("cross-validation", Mode.union(Mode.union(recipe, RunFlags.DATA), RunFlags.TRAINING), "folds",
                "fold-seed", "fold", "plot", "history");
    }

    /**
     * What a sweep with these flags does, and the flags that mean something there: the numbered
     * tasks, a merge of their results, one task on a cluster, or the whole sweep here. A sweep
     * saves no model; its tasks keep their checkpoints beside their results.
     */
    private static Mode sweep(CommandLine line, Set<String> recipe) {
        // The numbering and the merge take a task's flags too: an array job's roles share one command line.
        Set<String> task = Mode.union(Mode.union(Mode.union(recipe, RunFlags.DATA), RunFlags.RUNNING),
                Set.of("sweep", "repeats", "results", "task"));
        if (line.hasOption("list-tasks")) {
            return Mode.of("--sweep --list-tasks", task, "list-tasks");
        }
        if (line.hasOption("merge")) {
            return Mode.of("--sweep --merge", task, "merge");
        }
        return new Mode(line.hasOption("results") ? "--sweep --results" : "--sweep", task); // --task alone: below
    }

    /** The flags that mean something in one mode only, and the flag that chooses it. */
    static final Map<String, String> PREDICT_HOMES = predictHomes();

    private static Map<String, String> predictHomes() {
        Map<String, String> homes = new HashMap<>();
        for (String flag : ServeCommand.FLAGS) {
            homes.put(flag, "--serve");
        }
        RunFlags.DATA.forEach(flag -> homes.put(flag, "--evaluate"));
        return homes;
    }

    /** What the flags ask predict.jar to do, and the flags that mean something there. */
    static Mode predict(CommandLine line) {
        if (line.hasOption("serve")) {
            return Mode.of("--serve", Set.of(ServeCommand.FLAGS), "serve", "model", "model-dir");
        }
        if (line.hasOption("save-onnx")) {
            return Mode.of("--save-onnx", Set.of(), "save-onnx", "model", "model-dir");
        }
        if (line.hasOption("evaluate")) {
            return Mode.of("--evaluate", RunFlags.DATA, "evaluate", "model", "model-dir");
        }
        return Mode.of("classifying files", Set.of("model", "model-dir", "top", "json", "fit", "save-fitted", "invert"));
    }
}
