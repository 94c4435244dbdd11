package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fmnist.data.DataLocator;
import dev.fmnist.data.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C and SIGTERM during train.jar, and resuming, as a user would. */
class InterruptJarIT {
    @TempDir
    Path work;

    @BeforeAll
    static void needsTheDataSet() {
        assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR), "needs dataset-fashion-mnist");
    }

    private Process start(String... args) throws Exception {
        return startJar("train.jar", args);
    }

    private Process startJar(String jar, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JarRunner.TARGET.resolve(jar).toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve("out.txt").toFile()).redirectError(work.resolve("err.txt").toFile()).start();
    }

    private void signal(Process p, String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor();
    }

    /** Waits until the run prints {@code text}, and fails if it never does. */
    private void waitForLine(Process p, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.readString(work.resolve("out.txt")).contains(text) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.readString(work.resolve("out.txt")).contains(text) && p.isAlive(),
                "the run printed '" + text + "' and went on: " + Files.readString(work.resolve("out.txt")));
    }

    /** The metric part of the epoch lines and the error rate: what must not change with a resume. */
    private static List<String> metrics(String out) {
        return out.lines().filter(l -> l.startsWith("1875/1875") || l.startsWith("Classification"))
                .map(l -> l.replaceAll(" - \\d+s - ", " - ").replaceAll(" - \\d+m?s/epoch.*", "")).toList();
    }

    @Test
    void ctrlCThenResumeEndsAsTheUninterruptedRun() throws Exception {
        // Stock kernels: an epoch of several seconds leaves room to interrupt it in the middle.
        JarRunner.Run straight = JarRunner.run("train.jar", work, "--epochs", "3", "--model-dir", "straight",
                "--kernels", "stock");
        assertEquals(0, straight.exitCode(), straight.err());

        // The first epoch's line is the event to wait for: the signal then lands in epoch 2.
        Process p = start("--epochs", "3", "--model-dir", "resumed", "--checkpoint-dir", "ck", "--kernels", "stock");
        waitForLine(p, "Epoch 2/3");
        signal(p, "INT");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue());
        String err = Files.readString(work.resolve("err.txt"));
        assertTrue(err.lines().anyMatch(l -> l.startsWith("Interrupted in epoch 2 after step ") && l.contains("--resume")), err);
        String firstPart = Files.readString(work.resolve("out.txt"));
        assertFalse(Files.exists(work.resolve("resumed")), "no model saved by an interrupted run");

        JarRunner.Run rest = JarRunner.run("train.jar", work, "--epochs", "3", "--model-dir", "resumed",
                "--checkpoint-dir", "ck", "--resume", "--kernels", "stock");
        assertEquals(0, rest.exitCode(), rest.err());
        assertTrue(rest.err().contains("Resuming from epoch 2, step "), rest.err());
        assertEquals(metrics(straight.out()), metrics(firstPart + rest.out()));
    }

    /**
     * kfold.jar stopped in its second fold and resumed: the finished fold is passed over (its last
     * checkpoint holds its final weights), the second continues from its own checkpoint, and every
     * figure ends as in a straight run.
     */
    @Test
    void kfoldCtrlCThenResumeEndsAsTheUninterruptedRun() throws Exception {
        String[] run = {"--folds", "2", "--epochs", "1", "--kernels", "stock", "--threads", "2"};
        JarRunner.Run straight = JarRunner.run("kfold.jar", work, run);
        assertEquals(0, straight.exitCode(), straight.err());

        List<String> resumable = new ArrayList<>(List.of(run));
        resumable.addAll(List.of("--checkpoint-dir", "ck"));
        Process p = startJar("kfold.jar", resumable.toArray(String[]::new));
        waitForLine(p, "938/938 - "); // fold 0's epoch: the signal lands in fold 1
        signal(p, "INT");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue());
        String err = Files.readString(work.resolve("err.txt"));
        assertTrue(err.lines().anyMatch(l -> l.startsWith("Interrupted in fold 1, epoch 1 after step ")
                && l.contains("ck/fold-1")), err);
        assertTrue(Files.isDirectory(work.resolve("ck/fold-0")) && Files.isDirectory(work.resolve("ck/fold-1")));

        resumable.add("--resume");
        JarRunner.Run rest = JarRunner.run("kfold.jar", work, resumable.toArray(String[]::new));
        assertEquals(0, rest.exitCode(), rest.err());
        assertTrue(rest.err().contains("ck/fold-0 is complete") && rest.err().contains("Resuming from epoch 1, step "),
                rest.err());
        assertEquals(straight.out().lines().filter(l -> l.startsWith("Accuracy")).toList(),
                rest.out().lines().filter(l -> l.startsWith("Accuracy")).toList());
    }

    @Test
    void sigtermWithoutACheckpointDirectory() throws Exception {
        Process p = start("--epochs", "2", "--model-dir", "m");
        waitForLine(p, "Epoch 1/2");
        signal(p, "TERM");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue());
        assertTrue(Files.readString(work.resolve("err.txt")).contains("nothing was saved; with --checkpoint-dir"));
    }

    /**
     * With --checkpoint-dir, one Ctrl-C writes a checkpoint and says how to resume; a second one
     * a moment later ends the run with neither. Both runs get their signals at the same points, in
     * the middle of epoch 1, so only the second signal tells them apart.
     */
    @Test
    void aSecondCtrlCWritesNoCheckpointAndSaysNothing() throws Exception {
        List<Path> once = ctrlC(1, "once");
        assertFalse(once.isEmpty(), "one Ctrl-C leaves a checkpoint");
        String err = Files.readString(work.resolve("err.txt"));
        assertTrue(err.lines().anyMatch(l -> l.startsWith("Interrupted in epoch 1 after step ")), err);

        List<Path> twice = ctrlC(2, "twice");
        assertEquals(List.of(), twice, "two Ctrl-Cs leave no checkpoint");
        err = Files.readString(work.resolve("err.txt"));
        assertFalse(err.contains("Interrupted"), err);
    }

    /**
     * Sends {@code count} SIGINTs 300 ms apart early in epoch 1; the checkpoint files left in {@code dir}.
     * 300 ms is longer than writing the checkpoint takes (so a run that wrote it at the first signal
     * fails the test) and well inside the second that the run holds its stop for.
     */
    private List<Path> ctrlC(int count, String dir) throws Exception {
        Process p = start("--epochs", "3", "--model-dir", "m", "--checkpoint-dir", dir);
        waitForLine(p, "Epoch 1/3");
        signal(p, "INT");
        Thread.sleep(300);
        if (count == 2) {
            signal(p, "INT");
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue());
        Path ck = work.resolve(dir);
        if (!Files.isDirectory(ck)) {
            return List.of();
        }
        try (var files = Files.list(ck)) {
            return files.filter(f -> f.getFileName().toString().startsWith("ckpt-")).toList();
        }
    }

    @Test
    void corruptCheckpointIsNamedAndAFreshRunStillWorks() throws Exception {
        Path ck = Files.createDirectories(work.resolve("ck"));
        Path bad = Files.write(ck.resolve("ckpt-0001-000000.bin"), "half a checkpoint".getBytes());
        JarRunner.Run resume = JarRunner.run("train.jar", work, "--epochs", "1", "--checkpoint-dir", "ck", "--resume",
                "--model-dir", "m");
        assertEquals(1, resume.exitCode());
        assertTrue(resume.err().contains(bad.getFileName().toString()) && resume.err().contains("without --resume"),
                resume.err());
        assertFalse(resume.err().contains("Exception"), resume.err());

        JarRunner.Run fresh = JarRunner.run("train.jar", work, "--epochs", "1", "--checkpoint-dir", "ck",
                "--model-dir", "m", "--verbose", "0");
        assertEquals(0, fresh.exitCode(), fresh.err());
        assertTrue(Files.exists(ck.resolve("ckpt-0001-000000.bin")));
        assertTrue(Files.readAllBytes(ck.resolve("ckpt-0001-000000.bin")).length > 1000, "a real checkpoint replaced it");

        JarRunner.Run noDir = JarRunner.run("train.jar", work, "--resume");
        assertEquals(2, noDir.exitCode());
    }
}
