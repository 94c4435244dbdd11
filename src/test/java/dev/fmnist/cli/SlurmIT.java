package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fmnist.data.DataLocator;
import dev.fmnist.data.FashionMnist;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slurm recipes on a real scheduler: a single-node cluster (Debian's slurmctld, slurmd and
 * munge, started by scripts/slurm/local-cluster.sh under a temporary directory and always stopped
 * by their process ids) runs scripts/slurm/kfold.sbatch and experiments.sbatch, whose merge jobs
 * must print what one run on one machine prints; a task requeued mid-run must change nothing.
 */
class SlurmIT {
    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path CLUSTER_SCRIPT = PROJECT.resolve("scripts/slurm/local-cluster.sh");

    @TempDir
    static Path work;
    static Path cluster;
    static Map<String, String> env;

    @BeforeAll
    static void startACluster() throws Exception {
        assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR), "needs dataset-fashion-mnist");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/slurmctld")) && Files.isExecutable(Path.of("/usr/sbin/slurmd"))
                && Files.isExecutable(Path.of("/usr/sbin/munged")) && Files.isExecutable(Path.of("/usr/bin/sbatch")),
                "needs Debian's slurmctld, slurmd, slurm-client and munge (scripts/setup.sh --tests installs them)");
        cluster = work.resolve("cluster");
        Result start = sh(List.of(CLUSTER_SCRIPT.toString(), "start", cluster.toString()), work, Map.of(), 60);
        assertEquals(0, start.code, start.out);
        env = Map.of("SLURM_CONF", cluster.resolve("slurm.conf").toString(), "FMNIST_HOME", PROJECT.toString());
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        if (cluster != null) {
            sh(List.of(CLUSTER_SCRIPT.toString(), "stop", cluster.toString()), work, Map.of(), 60);
        }
    }

    record Result(int code, String out) {}

    static Result sh(List<String> command, Path dir, Map<String, String> extraEnv, int seconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + seconds + " s");
        }
        return new Result(p.exitValue(), out);
    }

    private static final Pattern SUBMITTED = Pattern.compile("array job (\\d+) and their merge as job (\\d+)");

    /**
     * Submits a recipe from {@code dir} with {@code flags}, waits until its submitter job has
     * submitted the array and the merge, and returns their job ids.
     */
    static String[] submit(Path dir, String recipe, Path results, String... flags) throws Exception {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable",
                "--export=ALL,RESULTS=" + results, PROJECT.resolve("scripts/slurm/" + recipe).toString()));
        command.addAll(List.of(flags));
        Result submitted = sh(command, dir, env, 120);
        assertEquals(0, submitted.code, submitted.out);
        // The submitter job says what it submitted in its log; poll for it (sbatch --wait polls slowly).
        Path log = dir.resolve(recipe.equals("kfold.sbatch") ? "fmnist-kfold-submit-" + submitted.out.strip() + ".out"
                : "fmnist-sweep-submit-" + submitted.out.strip() + ".out");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Matcher m = SUBMITTED.matcher("");
        while (System.nanoTime() < deadline && !(Files.exists(log) && (m = SUBMITTED.matcher(Files.readString(log))).find())) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(log) && SUBMITTED.matcher(Files.readString(log)).find(), "the submitter's log " + log);
        return new String[] {m.group(1), m.group(2)};
    }

    /** Waits until the job has left the queue, and returns its final state. */
    static String waitFor(String job, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Result q = sh(List.of("squeue", "-h", "-j", job, "-o", "%T"), work, env, 30);
            if (q.out.isBlank()) {
                Result s = sh(List.of("scontrol", "show", "job", job), work, env, 30);
                Matcher m = Pattern.compile("JobState=(\\S+)").matcher(s.out);
                return m.find() ? m.group(1) : "GONE";
            }
            Thread.sleep(500);
        }
        throw new AssertionError("job " + job + " still queued after " + seconds + " s");
    }

    /** The lines of a run's output that must agree: everything but where files were saved. */
    static List<String> results(String out) {
        return out.lines().filter(l -> !l.contains(" saved to ")).toList();
    }

    /** A CSV without its seconds column (wall-clock time, which no two runs share). */
    static List<String> withoutSeconds(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int seconds = header.indexOf("seconds");
        return lines.stream().map(l -> {
            List<String> cells = new ArrayList<>(List.of(l.split(",", -1)));
            if (seconds >= 0) {
                cells.remove(seconds);
            }
            return String.join(",", cells);
        }).toList();
    }

    /** kfold.jar's 2 folds of {@code epochs} on one machine, whose output must be {@code merged}'s; returns its directory. */
    static Path kfoldAlone(String name, String merged, String epochs) throws Exception {
        Path alone = Files.createDirectories(work.resolve(name));
        JarRunner.Run single = JarRunner.run("kfold.jar", alone, "--folds", "2", "--epochs", epochs, "--verbose", "0");
        assertEquals(0, single.exitCode(), single.err());
        assertEquals(results(single.out()), results(merged));
        return alone;
    }

    @Test
    void kfoldArrayAndMergePrintWhatOneMachinePrints() throws Exception {
        Path dir = Files.createDirectories(work.resolve("kfold"));
        String[] jobs = submit(dir, "kfold.sbatch", dir.resolve("results"), "--folds", "2", "--epochs", "1", "--verbose", "0");
        assertEquals("COMPLETED", waitFor(jobs[1], 600));
        String merged = Files.readString(dir.resolve("fmnist-kfold-merge-" + jobs[1] + ".out"));

        Path alone = kfoldAlone("kfold-alone", merged, "1");
        assertTrue(merged.contains("Accuracy: mean = "), merged);
        assertEquals(withoutSeconds(alone.resolve(KfoldCli.DEFAULT_HISTORY)), withoutSeconds(dir.resolve(KfoldCli.DEFAULT_HISTORY)));
    }

    @Test
    void sweepArrayAndMergePrintTheLabsTableAsOneMachine() throws Exception {
        Path dir = Files.createDirectories(work.resolve("sweep"));
        String[] jobs = submit(dir, "experiments.sbatch", dir.resolve("results"), "--sweep", "filters=8,16", "--epochs", "1",
                "--verbose", "0");
        assertEquals("COMPLETED", waitFor(jobs[1], 600));
        String merged = Files.readString(dir.resolve("fmnist-sweep-merge-" + jobs[1] + ".out"));

        Path alone = Files.createDirectories(work.resolve("sweep-alone"));
        JarRunner.Run single = JarRunner.run("train.jar", alone, "--sweep", "filters=8,16", "--epochs", "1", "--verbose", "0");
        assertEquals(0, single.exitCode(), single.err());
        String errorRow = single.out().lines().filter(l -> l.startsWith("| Classification Err %")).findFirst().orElseThrow();
        assertTrue(merged.contains(errorRow + "\n"), merged + "\nexpected " + errorRow);
        assertEquals(withoutSeconds(alone.resolve("sweep_filters.csv")), withoutSeconds(dir.resolve("sweep_filters.csv")));
    }

    @Test
    void aTaskKilledAndRequeuedMidRunChangesNothing() throws Exception {
        Path dir = Files.createDirectories(work.resolve("requeue"));
        Path results = dir.resolve("results");
        String[] jobs = submit(dir, "kfold.sbatch", results, "--folds", "2", "--epochs", "5", "--verbose", "0");
        Path checkpoints = results.resolve("checkpoints").resolve("kfold-task-0");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!(Files.isDirectory(checkpoints) && hasCheckpoint(checkpoints)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(hasCheckpoint(checkpoints), "task 0 wrote a checkpoint");
        assertTrue(Files.notExists(results.resolve("kfold-task-0.json")), "task 0 is still running when it is killed");
        Result requeue = sh(List.of("scontrol", "requeue", jobs[0] + "_0"), dir, env, 30);
        assertEquals(0, requeue.code, requeue.out);
        // Slurm holds a requeued job for two minutes, once it has ended, before it may start again; not this one.
        long held = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!sh(List.of("squeue", "-h", "-j", jobs[0] + "_0", "-o", "%T %r"), dir, env, 30).out.contains("BeginTime")
                && System.nanoTime() < held) {
            Thread.sleep(200);
        }
        Result now = sh(List.of("scontrol", "update", "JobId=" + jobs[0] + "_0", "StartTime=now"), dir, env, 30);
        assertEquals(0, now.code, now.out);
        assertEquals("COMPLETED", waitFor(jobs[1], 600));
        String merged = Files.readString(dir.resolve("fmnist-kfold-merge-" + jobs[1] + ".out"));

        kfoldAlone("requeue-alone", merged, "5");
        String task0 = Files.readString(dir.resolve("fmnist-kfold-" + jobs[0] + "_0.out"));
        assertTrue(task0.contains("Resuming from epoch"), "the requeued task resumed:\n" + task0);
    }

    private static boolean hasCheckpoint(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("ckpt-"));
        }
    }
}
