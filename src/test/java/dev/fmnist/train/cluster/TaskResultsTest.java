package dev.fmnist.train.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.train.EpochLogs;
import dev.fmnist.train.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results of array tasks: written and read back exactly, and a set merged only when complete and of one run. */
class TaskResultsTest {
    @TempDir
    Path dir;

    static History history() {
        return History.of(List.of(new EpochLogs(0.1 + 0.2, 1.0 / 3, Math.PI, Math.ulp(1.0), 12.75, 1875),
                new EpochLogs(Double.MIN_VALUE, 0.9062500000000001, Double.NaN, 1e-300, 0, 1875)));
    }

    @Test
    void numbersAndHistoriesComeBackBitForBit() throws Exception {
        TaskResults results = new TaskResults(dir, "kfold");
        results.write(1, 2, "run A", Map.of("test_accuracy", 0.8604999780654907, "history", TaskResults.rows(history())));
        TaskResults.Entry e = results.read(1).orElseThrow();
        assertEquals(1, e.task());
        assertEquals("run A", e.run());
        assertEquals(Double.doubleToRawLongBits(0.8604999780654907), Double.doubleToRawLongBits(e.data().get("test_accuracy").getAsDouble()));
        List<EpochLogs> back = TaskResults.history(e.data(), "history").epochs();
        assertEquals(history().epochs(), back);
        assertEquals(Optional.empty(), results.read(0));
    }

    @Test
    void aCompleteSetComesBackInTaskOrder() throws Exception {
        TaskResults results = new TaskResults(dir, "sweep");
        for (int t : new int[] {2, 0, 1}) {
            results.write(t, 3, "run A", Map.of("error", 10.0 + t));
        }
        List<TaskResults.Entry> all = results.complete("run A", 3);
        assertEquals(List.of(0, 1, 2), all.stream().map(TaskResults.Entry::task).toList());
        assertEquals(12.0, all.get(2).data().get("error").getAsDouble());
    }

    private String refused(TaskResults results, String run, int tasks) {
        String m = assertThrows(TaskResults.ResultException.class, () -> results.complete(run, tasks)).getMessage();
        assertTrue(m.endsWith(".") && !m.contains("Exception"), m);
        return m;
    }

    @Test
    void missingTasksDuplicatesOtherRunsAndDamageAreRefusedByName() throws Exception {
        TaskResults results = new TaskResults(dir, "kfold");
        results.write(0, 5, "run A", Map.of());
        results.write(3, 5, "run A", Map.of());
        assertTrue(refused(results, "run A", 5).startsWith("Tasks 1, 2, 4 of 5 have no result in "));
        assertTrue(refused(results, "run A", 2).contains("outside this run's 2 tasks"));
        assertTrue(refused(results, "run B", 5).contains("comes from another run: run A"));

        Files.copy(results.file(3), dir.resolve("kfold-task-3-copy.json"));
        assertTrue(refused(results, "run A", 5).contains("Task 3 has 2 results (kfold-task-3"));
        Files.delete(dir.resolve("kfold-task-3-copy.json"));

        Files.writeString(results.file(3), "{\"kind\": \"kfold\", \"task\": ");
        assertTrue(refused(results, "run A", 5).contains("is damaged"));
        Files.writeString(results.file(3), "{\"kind\": \"sweep\", \"task\": 3, \"run\": \"run A\"}");
        assertTrue(refused(results, "run A", 5).contains("holds a sweep result, not a kfold one"));
        assertTrue(refused(new TaskResults(dir.resolve("none"), "kfold"), "run A", 5).contains("does not exist"));
    }

    @Test
    void aFinishedTaskIsKnownAndAnotherRunsResultRefused() throws Exception {
        TaskResults results = new TaskResults(dir, "kfold");
        assertEquals(Optional.empty(), results.finished(1, "run A"));
        results.write(1, 2, "run A", Map.of());
        assertEquals(Optional.of(results.file(1)), results.finished(1, "run A"));
        String m = assertThrows(TaskResults.ResultException.class, () -> results.finished(1, "run B")).getMessage();
        assertTrue(m.contains("comes from another run (run A)"), m);
    }

    @Test
    void theIndexComesFromSlurmOrKubernetes() {
        assertEquals(Optional.of(3), TaskResults.indexFromScheduler(Map.of("SLURM_ARRAY_TASK_ID", "3")));
        assertEquals(Optional.of(7), TaskResults.indexFromScheduler(Map.of("JOB_COMPLETION_INDEX", "7")));
        assertEquals(Optional.of(-1), TaskResults.indexFromScheduler(Map.of("SLURM_ARRAY_TASK_ID", "x")));
        assertEquals(Optional.empty(), TaskResults.indexFromScheduler(Map.of()));
    }
}
