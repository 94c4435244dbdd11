package dev.fmnist.train.cluster;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.fmnist.data.AtomicFile;
import dev.fmnist.train.EpochLogs;
import dev.fmnist.train.History;
import dev.fmnist.util.FmnistException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The results of one multi-model run spread over a cluster's array tasks (kfold.jar's folds, a
 * sweep's values and repeats): each task writes one JSON file, atomically, into a shared
 * directory; a merge reads them all back, refusing a set with missing tasks, duplicates or results
 * of another run. Numbers are written as Java prints doubles, which read back exactly.
 */
public final class TaskResults {
    /** A result file that cannot be used, or a set that cannot be merged, in one sentence. */
    public static final class ResultException extends FmnistException {
        public ResultException(String message) {
            super(message);
        }
    }

    /** One task's result: its index, the run it belongs to, and its own fields. */
    public record Entry(int task, String run, JsonObject data, Path file) {}

    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping()
            .setPrettyPrinting().create();

    private final Path dir;
    private final String kind;

    /** Results of runs of {@code kind} ("kfold", "sweep") in {@code dir}. */
    public TaskResults(Path dir, String kind) {
        this.dir = dir;
        this.kind = kind;
    }

    public Path dir() {
        return dir;
    }

    /** Where task {@code task} writes its result. */
    public Path file(int task) {
        return dir.resolve(kind + "-task-" + task + ".json");
    }

    /** Where task {@code task} keeps its checkpoints, so that a requeued task resumes. */
    public Path checkpoints(int task) {
        return dir.resolve("checkpoints").resolve(kind + "-task-" + task);
    }

    /** Writes task {@code task}'s result of the run {@code run}, replacing nothing but its own file. */
    public void write(int task, int tasks, String run, Map<String, Object> data) throws IOException {
        Map<String, Object> all = new java.util.LinkedHashMap<>();
        all.put("kind", kind);
        all.put("task", task);
        all.put("tasks", tasks);
        all.put("run", run);
        all.putAll(data);
        Files.createDirectories(dir);
        AtomicFile.write(file(task), (GSON.toJson(all) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Task {@code task}'s result, if it has one. */
    public Optional<Entry> read(int task) throws ResultException {
        Path f = file(task);
        return Files.exists(f) ? Optional.of(parse(f)) : Optional.empty();
    }

    /**
     * Where task {@code task}'s result is, when the run {@code run} has finished it; a result
     * there of another run is refused, so that two runs never share a directory.
     */
    public Optional<Path> finished(int task, String run) throws ResultException {
        Optional<Entry> e = read(task);
        if (e.isPresent() && !e.get().run().equals(run)) {
            throw new ResultException("The result of task " + task + " in " + dir + " comes from another run ("
                    + e.get().run() + "); give this run another results directory.");
        }
        return e.map(Entry::file);
    }

    private Entry parse(Path f) throws ResultException {
        try {
            JsonObject o = JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!kind.equals(o.get("kind").getAsString())) {
                throw new ResultException("The result file " + f + " holds a " + o.get("kind").getAsString()
                        + " result, not a " + kind + " one.");
            }
            return new Entry(o.get("task").getAsInt(), o.get("run").getAsString(), o, f);
        } catch (IOException e) {
            throw new ResultException("The result file " + f + " cannot be read: " + e.getMessage() + ".");
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                 | NumberFormatException e) {
            throw new ResultException("The result file " + f + " is damaged (not a result this program wrote).");
        }
    }

    /**
     * Every task's result of the run {@code run}, by task index, when tasks 0 to {@code tasks - 1}
     * are all there exactly once and belong to that run.
     */
    public List<Entry> complete(String run, int tasks) throws ResultException {
        if (!Files.isDirectory(dir)) {
            throw new ResultException("The results directory " + dir + " does not exist.");
        }
        TreeMap<Integer, List<Entry>> byTask = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, kind + "-task-*.json")) {
            for (Path f : files) {
                Entry e = parse(f);
                byTask.computeIfAbsent(e.task(), k -> new ArrayList<>()).add(e);
            }
        } catch (IOException e) {
            throw new ResultException("The results directory " + dir + " cannot be read: " + e.getMessage() + ".");
        }
        for (List<Entry> same : byTask.values()) {
            if (same.size() > 1) {
                throw new ResultException("Task " + same.get(0).task() + " has " + same.size() + " results ("
                        + same.stream().map(e -> e.file().getFileName().toString()).collect(Collectors.joining(", "))
                        + "); keep one.");
            }
        }
        for (List<Entry> one : byTask.values()) {
            Entry e = one.get(0);
            if (!e.run().equals(run)) {
                throw new ResultException("The result of task " + e.task() + " (" + e.file().getFileName()
                        + ") comes from another run: " + e.run() + "; merge with that run's flags, or rerun the task.");
            }
            if (e.task() < 0 || e.task() >= tasks) {
                throw new ResultException("The result " + e.file().getFileName() + " is of task " + e.task()
                        + ", outside this run's " + tasks + " tasks (0 to " + (tasks - 1) + ").");
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            if (!byTask.containsKey(t)) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            throw new ResultException((missing.size() == 1 ? "Task " : "Tasks ")
                    + missing.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " of " + tasks
                    + (missing.size() == 1 ? " has" : " have") + " no result in " + dir + "; run "
                    + (missing.size() == 1 ? "it" : "them") + " first.");
        }
        return byTask.values().stream().map(l -> l.get(0)).toList();
    }

    /**
     * The task index a scheduler gave this process: Slurm's {@code SLURM_ARRAY_TASK_ID} or
     * Kubernetes' {@code JOB_COMPLETION_INDEX}; empty outside an array job.
     */
    public static Optional<Integer> indexFromScheduler(Map<String, String> env) {
        for (String name : List.of("SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX")) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                try {
                    return Optional.of(Integer.parseInt(v.strip()));
                } catch (NumberFormatException e) {
                    return Optional.of(-1);
                }
            }
        }
        return Optional.empty();
    }

    /** A history as rows of [loss, accuracy, val_loss, val_accuracy, seconds, steps]. */
    public static List<double[]> rows(History h) {
        return h.epochs().stream().map(e -> new double[] {e.loss(), e.accuracy(), e.valLoss(), e.valAccuracy(),
                e.seconds(), e.steps()}).toList();
    }

    /** The history written by {@link #rows}. */
    public static History history(JsonObject data, String field) {
        List<EpochLogs> epochs = new ArrayList<>();
        for (var row : data.getAsJsonArray(field)) {
            var r = row.getAsJsonArray();
            epochs.add(new EpochLogs(r.get(0).getAsDouble(), r.get(1).getAsDouble(), r.get(2).getAsDouble(),
                    r.get(3).getAsDouble(), r.get(4).getAsDouble(), r.get(5).getAsInt()));
        }
        return History.of(epochs);
    }
}
