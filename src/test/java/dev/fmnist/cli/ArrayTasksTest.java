package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.cli.CommandLine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The task index of an array job: from the flag, or refused in one sentence when there is none or it is outside the plan. */
class ArrayTasksTest {
    @BeforeAll
    static void notInsideAnArrayJob() {
        assumeTrue(System.getenv("SLURM_ARRAY_TASK_ID") == null && System.getenv("JOB_COMPLETION_INDEX") == null,
                "run outside an array job: these tests give the index by flag or not at all");
    }

    static CommandLine train(String... args) throws UsageException {
        return Flags.parse(TrainCli.options(), args, false);
    }

    @Test
    void theFlagGivesTheTask() throws UsageException {
        assertEquals(3, ArrayTasks.index(train("--sweep", "filters=8,16", "--task", "3"), "task", 4, "value and repeat"));
    }

    @Test
    void noIndexAtAllIsAUsageErrorNotACrash() {
        UsageException e = assertThrows(UsageException.class,
                () -> ArrayTasks.index(train("--sweep", "filters=8,16"), "task", 2, "value and repeat"));
        assertEquals("--results runs one value and repeat per task: give --task I, or run it as an array task"
                + " (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX).", e.getMessage());
    }

    @Test
    void anIndexOutsideThePlanIsRefused() {
        UsageException e = assertThrows(UsageException.class,
                () -> ArrayTasks.index(train("--sweep", "filters=8,16", "--task", "2"), "task", 2, "value and repeat"));
        assertTrue(e.getMessage().contains("--task must be between 0 and 1"), e.getMessage());
    }

    @Test
    void theTrainJarSaysSoAndExitsWith2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new TrainCli(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                dev.fmnist.data.DataLocator.forThisMachine())
                .run(new String[] {"--sweep", "filters=8,16", "--results", "unused", "--epochs", "1"});
        assertEquals(ExitCode.USAGE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Error: --results runs one value and repeat per task"),
                err.toString(StandardCharsets.UTF_8));
    }
}
