package dev.fmnist.train;

import dev.fmnist.data.Dataset;
import dev.fmnist.model.CallContext;
import dev.fmnist.model.Sequential;
import dev.fmnist.ops.fusion.Fusion;
import dev.fmnist.train.device.Device;
import dev.fmnist.train.device.Placement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.RunOptions;

/**
 * Trains and evaluates one model in graph mode, the way Keras' {@code fit}, {@code evaluate} and
 * {@code predict} do. The graph is built once: the data sets live in it ({@link GraphData}), and a
 * training step feeds only the batch's indices and runs forward, backward, the optimizer's updates
 * and the running-metric sums in one {@code Session.run}, returning no tensor to Java.
 */
public final class Trainer implements AutoCloseable {
    /** How often the running means are read during an epoch, for progress and the NaN check. */
    private static final long POLL_NANOS = 50_000_000L;

    private final TrainingConfig config;
    private final Graph graph;
    private final Session session;
    private final Sequential model;
    private final InitialisedWeights weights;
    private final TrainingStep step;
    private final RunningMetrics metrics;
    private final VariableState state;
    private final List<Evaluation> evaluations = new ArrayList<>();
    private final GraphData trainData;
    /** Where the first traced training step ran its ops; null before it. */
    private Placement placement;
    /** Where the next fit starts: the beginning, or a state {@link #restore restored}. */
    private TrainingState start = TrainingState.START;

    /**
     * @param execution threads, kernels and device; {@link Fusion} decides from them what runs as our ops
     * @param trainSet  the data set {@link #fit} draws training batches from
     * @param others    further data sets to validate or evaluate on (e.g. the test set)
     */
    public Trainer(Recipe recipe, Execution execution, Dataset trainSet, Dataset... others) {
        this(recipe.training(), recipe.model().newSequential(), Map.of(), execution, trainSet, others);
    }

    /**
     * Trains {@code model} as {@code config} says (optimizer, batch size, epochs, seed).
     *
     * @param model          an unbuilt model ending in a softmax Dense layer
     * @param initialWeights values to start from, by Keras name, instead of the initialisers' (may be empty)
     */
    public Trainer(TrainingConfig config, Sequential model, Map<String, float[]> initialWeights, Execution execution,
                   Dataset trainSet, Dataset... others) {
        if (!model.endsInSoftmaxDense()) {
            throw new IllegalArgumentException("a model that trains must end in a Dense layer with a softmax activation");
        }
        Fusion fusion = Fusion.of(execution.kernels(), execution.device() == Device.CPU);
        this.config = config;
        this.graph = new Graph();
        boolean ok = false;
        try {
            Ops tf = Ops.create(graph);
            weights = new InitialisedWeights(tf, config.seed(), initialWeights);
            this.model = model.build(weights);
            if (!initialWeights.isEmpty() && !weights.all().keySet().equals(initialWeights.keySet())) {
                throw new IllegalArgumentException("the initial weights " + initialWeights.keySet()
                        + " are not the model's " + weights.all().keySet());
            }
            trainData = new GraphData(tf, trainSet, 0, fusion);
            List<GraphData> data = new ArrayList<>(List.of(trainData));
            for (Dataset d : others) {
                data.add(new GraphData(tf, d, data.size(), fusion));
            }
            metrics = new RunningMetrics(tf);

            step = new TrainingStep(tf, config, model, weights, trainData, fusion, metrics,
                    execution.stepsPerExecution());
            Map<String, Variable<?>> variables = new LinkedHashMap<>(weights.all());
            variables.putAll(step.variables());
            variables.putAll(metrics.variables());
            state = new VariableState(tf, variables);
            for (GraphData d : data) {
                evaluations.add(new Evaluation(tf, d, (scope, images) ->
                        fusion.logits(scope, model, images, CallContext.INFERENCE)));
            }

            session = new Session(graph, execution.device().configure(Device.sessionConfig(execution.threads())).build());
            data.forEach(d -> d.upload(session));
            ok = true;
        } finally {
            if (!ok) {
                graph.close();
            }
        }
    }

    public TrainingConfig config() {
        return config;
    }

    public Sequential model() {
        return model;
    }

    /** Trains on the whole training set and validates on the whole of {@code valSet} (null for none). */
    public History fit(Dataset valSet, TrainingListener listener)
            throws TrainingDivergedException, CheckpointStore.CheckpointException {
        try {
            return fit(trainData.allIndices(), valSet, valSet == null ? null : valSet.allIndices(), listener,
                    () -> false);
        } catch (TrainingInterruptedException e) {
            throw new IllegalStateException("a run that cannot be stopped was stopped", e);
        }
    }

    /**
     * Keras' {@code fit}: {@code config().epochs()} epochs on the examples {@code trainIdx} of the
     * training set, shuffled every epoch, validating on {@code valIdx} of {@code valSet} after each
     * epoch, checking {@code stop} before every step. It starts where {@link #restore} put it (a
     * listener may restore in {@link TrainingListener#onTrainBegin}); a resumed run repeats, bit for
     * bit, what the uninterrupted run would have done.
     *
     * @param valSet null for no validation
     * @throws TrainingDivergedException    when the loss becomes NaN or infinite
     * @throws TrainingInterruptedException when {@code stop} said so; it carries the state to resume from
     * @throws CheckpointStore.CheckpointException when a callback cannot restore the state it was to resume
     */
    public History fit(int[] trainIdx, Dataset valSet, int[] valIdx, TrainingListener listener, BooleanSupplier stop)
            throws TrainingDivergedException, TrainingInterruptedException, CheckpointStore.CheckpointException {
        listener.onTrainBegin(this);
        TrainingState from = start;
        start = TrainingState.START;
        History history = History.of(from.history());
        int epochs = config.epochs();
        int steps = config.steps(trainIdx.length);
        step.spanSchedule(session, (long) epochs * steps);
        for (int epoch = from.epoch(); epoch < epochs; epoch++) {
            boolean resuming = epoch == from.epoch() && from.step() > 0;
            long begin = System.nanoTime() - (resuming ? (long) (from.elapsedSeconds() * 1e9) : 0);
            listener.onEpochBegin(epoch, epochs, steps);
            if (!resuming) {
                metrics.reset(session);
            }
            int[] order = EpochOrder.shuffled(trainIdx, config.seed(), epoch);
            long lastPoll = System.nanoTime();
            for (int s = resuming ? from.step() : 0; s < steps; ) {
                if (stop.getAsBoolean()) {
                    TrainingState now = capture(epoch, s, (System.nanoTime() - begin) / 1e9, history.epochs());
                    listener.onInterrupted(now);
                    throw new TrainingInterruptedException(now);
                }
                if (placement == null && listener.wantsPlacement()) {
                    listener.onPlacement(tracedStep(step.batch(order, s)));
                    s++;
                } else {
                    s = step.runFrom(session, order, s, steps);
                }
                if (System.nanoTime() - lastPoll >= POLL_NANOS && s < steps) {
                    lastPoll = System.nanoTime();
                    double[] means = means(epoch, s);
                    listener.onProgress(s, steps, means[0], means[1]);
                }
            }
            double[] means = means(epoch, steps);
            listener.onProgress(steps, steps, means[0], means[1]);
            Metrics val = valSet == null ? null : evaluate(valSet, valIdx);
            EpochLogs logs = new EpochLogs(means[0], means[1], val == null ? Double.NaN : val.loss(),
                    val == null ? Double.NaN : val.accuracy(), (System.nanoTime() - begin) / 1e9, steps);
            history.add(logs);
            listener.onEpochEnd(epoch, epochs, logs);
        }
        return history;
    }

    /** The running loss and accuracy of the epoch, after its first {@code step} steps. */
    private double[] means(int epoch, int step) throws TrainingDivergedException {
        double[] means = metrics.means(session);
        if (!Double.isFinite(means[0])) {
            throw new TrainingDivergedException(means[0], epoch, step, config.learningRate());
        }
        return means;
    }

    /** One training step on the examples {@code ids}; with {@code options}, its metadata comes back. */
    Result step(int[] ids, RunOptions options) {
        return step.run(session, ids, options);
    }

    /** A training step that also returns where its ops ran; it becomes this trainer's {@link #placement}. */
    Placement tracedStep(int[] ids) {
        try (Result r = step(ids, RunOptions.newBuilder().setOutputPartitionGraphs(true).build())) {
            placement = Placement.of(r.getMetadata().orElseThrow());
            return placement;
        }
    }

    /**
     * Where the first traced training step of this trainer ran its ops: the first step of a
     * {@link #fit} whose listener {@link TrainingListener#wantsPlacement wants it}, or of a
     * {@link StepProfiler}; empty before.
     */
    public Optional<Placement> placement() {
        return Optional.ofNullable(placement);
    }

    /** The state at the end of a completed epoch, for a checkpoint written from {@code onEpochEnd}. */
    public TrainingState captureAfterEpoch(int epoch, List<EpochLogs> history) {
        return capture(epoch + 1, 0, 0, history);
    }

    private TrainingState capture(int epoch, int step, double elapsed, List<EpochLogs> history) {
        return new TrainingState(epoch, step, elapsed, List.copyOf(history), state.capture(session));
    }

    /**
     * Puts every variable back to its value in {@code from} and makes the next {@link #fit} continue
     * from there, as Keras' {@code BackupAndRestore} does.
     *
     * @throws IllegalArgumentException when {@code from} belongs to another model
     */
    public void restore(TrainingState from) {
        if (!from.isStart()) {
            state.restore(session, from.variables());
        }
        start = from;
    }

    /** Keras' {@code evaluate}: mean loss and accuracy over the examples {@code idx} of {@code data}. */
    public Metrics evaluate(Dataset data, int[] idx) {
        return evaluation(data).evaluate(session, idx);
    }

    /** Evaluates on the whole of {@code data}. */
    public Metrics evaluate(Dataset data) {
        return evaluate(data, data.allIndices());
    }

    /**
     * {@link #evaluate(Dataset)} and {@link #predict} of the whole of {@code data} in one pass over
     * it: the metrics, with each example's class probabilities written into {@code probabilities}
     * (row-major [examples, 10]).
     */
    public Metrics evaluate(Dataset data, float[] probabilities) {
        return evaluation(data).score(session, data.allIndices(), probabilities);
    }

    /** Keras' {@code predict}: class probabilities, in inference mode, as a flat row-major [idx.length, 10] array. */
    public float[] predict(Dataset data, int[] idx) {
        return evaluation(data).predict(session, idx);
    }

    /** The learning rate the next training step will use, as the schedule sets it for the current fit. */
    public double nextLearningRate() {
        return step.nextLearningRate(session);
    }

    /** The current value of every weight, by Keras name (e.g. {@code dense/kernel}), in layer order. */
    public Map<String, float[]> weightValues() {
        return weights.values(session);
    }

    /** The training graph, serialized: what TensorBoard's graph view shows. */
    public byte[] graphDef() {
        return graph.toGraphDef().toByteArray();
    }

    /** The examples of the training set, for steps outside a fit. */
    int[] trainingExamples() {
        return trainData.allIndices();
    }

    private Evaluation evaluation(Dataset data) {
        for (Evaluation e : evaluations) {
            if (e.scores(data)) {
                return e;
            }
        }
        throw new IllegalArgumentException("the data set was not given to this trainer");
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
