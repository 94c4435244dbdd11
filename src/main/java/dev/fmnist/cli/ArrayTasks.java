package dev.fmnist.cli;

import dev.fmnist.train.cluster.TaskResults;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.IntFunction;
import org.apache.commons.cli.CommandLine;

/** What kfold.jar and train.jar --sweep share as array tasks on a cluster: the plan, the index, a finished task. */
final class ArrayTasks {
    private ArrayTasks() {}

    /** {@code --list-tasks}: how many tasks there are ({@code each}: "one per fold") and what each trains. */
    static void list(PrintStream out, int tasks, String each, IntFunction<String> task) {
        out.println(tasks + " tasks, " + each + " (an array of 0-" + (tasks - 1) + "):");
        for (int t = 0; t < tasks; t++) {
            out.println("  task " + t + ": " + task.apply(t));
        }
    }

    /**
     * The task this process runs: {@code --flag I}, or else the scheduler's array index; refused
     * when there is neither or it is outside the plan. {@code what} names a task ("fold").
     */
    static int index(CommandLine line, String flag, int tasks, String what) throws UsageException {
        Integer task = line.hasOption(flag) ? Integer.valueOf(Flags.intIn(line, flag, 0, tasks - 1, 0))
                : TaskResults.indexFromScheduler(System.getenv()).orElse(null);
        if (task == null) {
            throw new UsageException("--results runs one " + what + " per task: give --" + flag + " I, or run it as an"
                    + " array task (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX).");
        }
        if (task < 0 || task >= tasks) {
            throw new UsageException("The array task index " + task + " is outside this run's " + tasks
                    + " tasks (0 to " + (tasks - 1) + "); size the array with --list-tasks.");
        }
        return task;
    }

    /** Whether task {@code task} of {@code run} is done already, which it then says ({@code what}: "Fold 3"). */
    static boolean done(TaskResults results, int task, String run, String what, PrintStream out)
            throws TaskResults.ResultException {
        Optional<Path> done = results.finished(task, run);
        done.ifPresent(file -> out.println(what + " is already done: " + file + "."));
        return done.isPresent();
    }
}
