package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.ops.Kernels;
import dev.fmnist.train.Execution;
import dev.fmnist.train.TrainingListener;
import dev.fmnist.train.device.Device;
import dev.fmnist.train.device.Placement;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every training entry point builds from its run flags: the execution, the callbacks. */
class RunFlagsTest {
    private static RunFlags flags(String... args) throws UsageException {
        return RunFlags.from(Flags.parse(TrainCli.options(), args, false));
    }

    /**
     * A GPU run asks for the placement of its first step and prints it, also when checkpoints are
     * written (train.jar and kfold.jar once lost the line there: the checkpointing wrapper did not
     * pass the question on).
     */
    @Test
    void gpuRunsPrintThePlacementWithAndWithoutCheckpoints(@TempDir Path dir) throws Exception {
        Placement placement = new Placement(Map.of("GPU:0", Map.of("Conv2D", 3), "CPU:0", Map.of("_Recv", 1)));
        Execution gpu = new Execution(1, Kernels.STOCK, Device.GPU);
        for (Path checkpoints : new Path[] {null, dir.resolve("ckpt")}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            RunFlags run = checkpoints == null ? flags() : flags("--checkpoint-dir", checkpoints.toString());
            TrainingListener callbacks = run.callbacks(gpu, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8), checkpoints, "key");
            assertTrue(callbacks.wantsPlacement(), "checkpoints: " + checkpoints);
            callbacks.onPlacement(placement);
            assertEquals("Placement of a training step: GPU:0 ran 3 ops; CPU:0 ran 1 (_Recv)." + System.lineSeparator(),
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void cpuRunsAndSilentRunsDoNotTraceTheirFirstStep(@TempDir Path dir) throws Exception {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        assertFalse(flags().callbacks(new Execution(1, Kernels.STOCK, Device.CPU), sink, sink, null, "k").wantsPlacement());
        assertFalse(flags("--verbose", "0").callbacks(new Execution(1, Kernels.STOCK, Device.GPU), sink, sink,
                dir, "k").wantsPlacement());
    }

    @Test
    void stepsPerExecutionReachTheExecutionWithinBounds() throws Exception {
        assertEquals(Execution.DEFAULT_STEPS_PER_EXECUTION, flags("--device", "cpu").execution().stepsPerExecution());
        assertEquals(3, flags("--device", "cpu", "--steps-per-execution", "3").execution().stepsPerExecution());
        for (String bad : new String[] {"0", "65", "x"}) {
            UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
                    () -> flags("--steps-per-execution", bad));
            assertTrue(e.getMessage().startsWith("--steps-per-execution ") && e.getMessage().endsWith("."),
                    e.getMessage());
        }
    }
}
