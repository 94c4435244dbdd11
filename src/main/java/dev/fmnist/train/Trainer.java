package dev.fmnist.train;

import dev.fmnist.data.Dataset;
import static dev.fmnist.model.GraphNames.scoped;

import dev.fmnist.model.CallContext;
import dev.fmnist.model.DenseProduct;
import dev.fmnist.model.Initializer;
import dev.fmnist.model.ModelConfig;
import dev.fmnist.model.Optimizer;
import dev.fmnist.model.Schedule;
import dev.fmnist.model.Sequential;
import dev.fmnist.model.WeightStore;
import dev.fmnist.ops.Kernels;
import dev.fmnist.ops.NativeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * Trains and evaluates one model in graph mode, the way Keras' {@code fit} and {@code evaluate} do.
 *
 * <p>The graph is built once. The data sets live in the graph as uint8 variables, uploaded once;
 * a training step feeds only the batch's indices, gathers and scales the images inside the graph,
 * and runs forward, backward, the SGD update and the running-metric sums in one
 * {@code Session.run}. The running sums stay in graph variables and are read only now and then,
 * so a step returns no tensor to Java.
 */
public final class Trainer implements AutoCloseable {

    /** Examples per {@code Session.run} when evaluating; only float rounding depends on it. */
    static final int EVAL_BATCH = 500;

    /** How often the running means are read during an epoch, for progress and the NaN check. */
    private static final long POLL_NANOS = 50_000_000L;

    private final ModelConfig config;
    private final Graph graph;
    private final Session session;
    private final Sequential model;
    private final Map<String, Variable<TFloat32>> weights = new LinkedHashMap<>();
    /** Every variable a training step changes, by name; what a checkpoint saves and restores. */
    private final Map<String, Variable<?>> state = new LinkedHashMap<>();
    private final Map<String, Placeholder<?>> restoreInputs = new LinkedHashMap<>();
    private final List<Op> restoreOps = new ArrayList<>();
    private final List<Resident> residents = new ArrayList<>();
    private final Map<String, Variable<TFloat32>> slots = new LinkedHashMap<>();
    /** The weights gradients reach; the others (moving averages) change through layer updates. */
    private final List<Variable<TFloat32>> trainable = new ArrayList<>();
    /** Where the first traced training step ran its ops; null before it. */
    private Placement placement;
    /** Steps over which the learning rate schedule runs: every step of the current fit. */
    private final Variable<TFloat32> scheduleSteps;
    private final Placeholder<TFloat32> scheduleStepsIn;
    private final Op setScheduleSteps;
    /** The learning rate the next training step will use. */
    private final Operand<TFloat32> nextLearningRate;

    private final Placeholder<TInt32> trainIndices;
    private final Op trainStep;
    private final Op resetSums;
    private final Variable<TFloat64> lossSum;
    private final Variable<TFloat64> correctSum;
    private final Variable<TFloat64> seenSum;

    /**
     * Trains on the CPU with TensorFlow's stock ops.
     *
     * @param trainSet the data set {@link #fit} draws training batches from
     * @param others   further data sets to validate or evaluate on (e.g. the test set)
     * @param threads  TensorFlow's intra-op threads; results are bit-identical for the same seed and threads
     */
    public Trainer(ModelConfig config, int threads, Dataset trainSet, Dataset... others) {
        this(config, Execution.cpu(threads, Kernels.STOCK), trainSet, others);
    }

    /**
     * @param execution threads, kernels (NATIVE builds the blocks our native library fuses with its
     *                  op, for training and evaluation) and device
     */
    public Trainer(ModelConfig config, Execution execution, Dataset trainSet, Dataset... others) {
        Kernels kernels = execution.kernels();
        if (kernels == Kernels.NATIVE && !NativeOps.available()) {
            throw new IllegalStateException("the native kernels are not available: " + NativeOps.whyUnavailable());
        }
        boolean fused = kernels == Kernels.NATIVE;
        this.config = config;
        this.graph = new Graph();
        boolean ok = false;
        try {
            Ops tf = Ops.create(graph);
            model = Sequential.of(config).build(new InitialisedWeights(tf, config.seed()));

            residents.add(new Resident(tf, trainSet, 0));
            for (Dataset d : others) {
                residents.add(new Resident(tf, d, residents.size()));
            }
            Resident train = residents.get(0);

            Ops init = tf.withInitScope();
            lossSum = scoped(tf, "metrics/loss_sum").variable(init.constant(0.0));
            correctSum = scoped(tf, "metrics/correct_sum").variable(init.constant(0.0));
            seenSum = scoped(tf, "metrics/seen_sum").variable(init.constant(0.0));
            resetSums = tf.withControlDependencies(List.of(
                    tf.assign(lossSum, tf.constant(0.0)),
                    tf.assign(correctSum, tf.constant(0.0)),
                    tf.assign(seenSum, tf.constant(0.0)))).noOp();

            // Dropout draws from a stateless generator seeded by (seed, step): the step counter
            // advances inside the step itself, so no extra feed is needed and reruns repeat exactly.
            Variable<TInt64> stepCounter = scoped(tf, "train/step").variable(init.constant(0L));
            Operand<TInt64> step = tf.assignAdd(stepCounter, tf.constant(1L));
            Operand<TInt64> stepSeed = tf.stack(List.of(tf.constant(config.seed()), step));
            scheduleSteps = scoped(tf, "train/schedule_steps").variable(init.constant(1f));
            scheduleStepsIn = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            setScheduleSteps = tf.assign(scheduleSteps, scheduleStepsIn);

            trainIndices = scoped(tf, "train/indices").placeholder(TInt32.class,
                    Placeholder.shape(Shape.of(-1)));
            nextLearningRate = learningRate(tf, tf.math.add(stepCounter, tf.constant(1L)));
            // With our kernels on the CPU, our CPU-only ops join in: dropout's mask, and SGD updates
            // each Dense kernel inside its backward pass.
            boolean cpuOps = fused && execution.device() == Device.CPU;
            List<DenseProduct> products = new ArrayList<>();
            CallContext training = CallContext.training(stepSeed).withFused(fused).withCpuOps(cpuOps);
            if (cpuOps && config.optimizer() == Optimizer.SGD) {
                training = training.recordingProducts(products);
            }
            Operand<TFloat32> logits = model.logits(tf, train.images(tf, trainIndices), training);
            Operand<TFloat32> labels = train.oneHotLabels(tf, trainIndices);
            Operand<TFloat32> perExample = tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss();
            Operand<TFloat32> loss = tf.math.mean(perExample, tf.constant(0));

            List<Op> updates = new ArrayList<>(config.optimizer() == Optimizer.ADAM
                    ? adam(tf, loss, step) : sgdMomentum(tf, loss, step, products));
            updates.addAll(training.updates());
            updates.add(tf.assignAdd(lossSum, tf.dtypes.cast(tf.sum(perExample, tf.constant(0)), TFloat64.class)));
            updates.add(tf.assignAdd(correctSum, correctCount(tf, logits, labels)));
            updates.add(tf.assignAdd(seenSum, tf.dtypes.cast(tf.size(perExample), TFloat64.class)));
            trainStep = scoped(tf, "train/step_op").withControlDependencies(updates).noOp();

            state.putAll(weights);
            state.putAll(slots);
            state.put("metrics/loss_sum", lossSum);
            state.put("metrics/correct_sum", correctSum);
            state.put("metrics/seen_sum", seenSum);
            state.put("train/step", stepCounter);
            for (Map.Entry<String, Variable<?>> e : state.entrySet()) {
                buildRestore(tf, e.getKey(), e.getValue());
            }

            for (Resident r : residents) {
                r.buildEvaluation(tf, model, CallContext.INFERENCE.withFused(fused));
            }

            ConfigProto sessionConfig = execution.device().configure(Device.sessionConfig(execution.threads())).build();
            session = new Session(graph, sessionConfig);
            for (Resident r : residents) {
                r.upload(session);
            }
            ok = true;
        } finally {
            if (!ok) {
                graph.close();
            }
        }
    }

    /**
     * Keras' SGD with momentum m and learning rate lr: {@code v = m*v - lr*g; w = w + v}.
     * TensorFlow's ApplyMomentum does {@code a = m*a + g; w = w - lr*a}; with a constant learning
     * rate the two are the same update, since v = -lr*a at every step. (Under a schedule, the
     * velocity keeps gradients unscaled, TensorFlow's own momentum optimizer.) The kernels of
     * {@code products} get the same update from our fused op (see {@link #backpropagate}).
     */
    private List<Op> sgdMomentum(Ops tf, Operand<TFloat32> loss, Operand<TInt64> step, List<DenseProduct> products) {
        Operand<TFloat32> lr = learningRate(tf, step);
        Operand<TFloat32> momentum = tf.constant((float) config.momentum());
        List<Op> ops = new ArrayList<>();
        List<Operand<TFloat32>> gradients = backpropagate(tf, loss, products, lr, momentum, ops);
        List<Operand<TFloat32>> computed = gradients.stream().filter(g -> g != null).toList();
        Ops afterGradients = tf.withControlDependencies(List.copyOf(computed));
        for (int i = 0; i < trainable.size(); i++) {
            if (gradients.get(i) != null) {
                Variable<TFloat32> w = trainable.get(i);
                ops.add(afterGradients.train.applyMomentum(w, slot(tf, w, "momentum"), lr, gradients.get(i), momentum));
            }
        }
        return ops;
    }

    /**
     * The gradients of {@code loss} for every trainable weight, as {@link #gradients} gives them,
     * except for the kernels of {@code products}: backpropagation is cut at each of those Dense
     * products, from the top down, and our op ({@link NativeOps#denseMomentum}) carries the
     * gradient through the product while it applies the kernel's momentum update, reading and
     * writing the kernel once instead of three times. Those kernels get null here, and their ops
     * join {@code updates}. Nothing else reads those kernels after the forward pass, which the
     * gradient reaching a product already waits for, so the update in place is safe there.
     */
    private List<Operand<TFloat32>> backpropagate(Ops tf, Operand<TFloat32> loss, List<DenseProduct> products,
                                                  Operand<TFloat32> lr, Operand<TFloat32> momentum, List<Op> updates) {
        int[] cut = new int[products.size()];
        for (int k = 0; k < cut.length; k++) {
            cut[k] = trainable.indexOf(products.get(k).kernel());
            if (cut[k] < 0 || (k > 0 && cut[k] <= cut[k - 1])) {
                throw new IllegalStateException("a Dense product's kernel is not a trainable weight in layer order");
            }
        }
        List<Operand<TFloat32>> out = new ArrayList<>(Collections.nCopies(trainable.size(), null));
        Operand<TFloat32> y = loss;
        Operand<TFloat32> dy = null;
        int upper = trainable.size();
        for (int k = cut.length; k >= 0; k--) {
            int lower = k > 0 ? cut[k - 1] + 1 : 0;
            List<Operand<?>> targets = new ArrayList<>();
            if (k > 0) {
                targets.add(products.get(k - 1).output());
            }
            targets.addAll(trainable.subList(lower, upper));
            if (targets.isEmpty()) {
                break;
            }
            Gradients g = dy == null ? tf.gradients(y, targets) : tf.gradients(y, targets, Gradients.dx(List.of(dy)));
            int first = k > 0 ? 1 : 0;
            for (int i = lower; i < upper; i++) {
                out.set(i, tf.identity(g.<TFloat32>dy(first + i - lower)));
            }
            if (k == 0) {
                break;
            }
            DenseProduct p = products.get(k - 1);
            Variable<TFloat32> kernel = trainable.get(cut[k - 1]);
            Operand<TFloat32> dx = NativeOps.denseMomentum(tf, p.input(), g.<TFloat32>dy(0), lr, momentum, kernel,
                    slot(tf, kernel, "momentum"));
            Operation update = dx.op();
            updates.add(() -> update);
            y = p.input();
            dy = dx;
            upper = cut[k - 1];
        }
        return out;
    }

    /**
     * Keras' Adam: {@code m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2;
     * w -= lr * sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps)} at 1-based step t, which is
     * TensorFlow's ApplyAdam, the op Keras itself runs.
     */
    private List<Op> adam(Ops tf, Operand<TFloat32> loss, Operand<TInt64> step) {
        Operand<TFloat32> lr = learningRate(tf, step);
        Operand<TFloat32> beta1 = tf.constant((float) config.momentum());
        Operand<TFloat32> beta2 = tf.constant((float) Optimizer.ADAM_BETA_2);
        Operand<TFloat32> t = tf.dtypes.cast(step, TFloat32.class);
        Operand<TFloat32> beta1Power = tf.math.pow(beta1, t);
        Operand<TFloat32> beta2Power = tf.math.pow(beta2, t);
        Operand<TFloat32> epsilon = tf.constant((float) Optimizer.ADAM_EPSILON);
        List<Operand<TFloat32>> gradients = gradients(tf, loss);
        Ops afterGradients = tf.withControlDependencies(List.copyOf(gradients));
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < trainable.size(); i++) {
            Variable<TFloat32> w = trainable.get(i);
            ops.add(afterGradients.train.applyAdam(w, slot(tf, w, "m"), slot(tf, w, "v"), beta1Power, beta2Power,
                    lr, beta1, beta2, epsilon, gradients.get(i)));
        }
        return ops;
    }

    /**
     * The gradients of {@code loss} for every trainable weight. Every update waits for every
     * gradient: backprop reads the kernels (dx = dy W^T), and an in-place update that ran first
     * would leak into the gradients of the layers below it, making runs differ from one another.
     */
    private List<Operand<TFloat32>> gradients(Ops tf, Operand<TFloat32> loss) {
        var grads = tf.gradients(loss, trainable);
        List<Operand<TFloat32>> out = new ArrayList<>();
        for (int i = 0; i < trainable.size(); i++) {
            out.add(tf.identity(grads.<TFloat32>dy(i)));
        }
        return out;
    }

    /** A zero-initialised optimizer slot for {@code w}, e.g. {@code dense/kernel/momentum}. */
    private Variable<TFloat32> slot(Ops tf, Variable<TFloat32> w, String kind) {
        Ops init = tf.withInitScope();
        String name = w.op().name() + "/" + kind;
        Variable<TFloat32> slot = scoped(tf, name).variable(init.zeros(init.constant(w.shape().asArray()), TFloat32.class));
        slots.put(name, slot);
        return slot;
    }

    /** The learning rate at 1-based {@code step}, as {@link Schedule#rate} gives it. */
    private Operand<TFloat32> learningRate(Ops tf, Operand<TInt64> step) {
        Operand<TFloat32> lr = tf.constant((float) config.learningRate());
        if (config.schedule() == Schedule.CONSTANT) {
            return lr;
        }
        Operand<TFloat32> done = tf.math.minimum(tf.dtypes.cast(tf.math.sub(step, tf.constant(1L)), TFloat32.class),
                scheduleSteps);
        Operand<TFloat32> cosine = tf.math.cos(tf.math.mul(tf.math.div(done, scheduleSteps), tf.constant((float) Math.PI)));
        return tf.math.mul(lr, tf.math.mul(tf.constant(0.5f), tf.math.add(tf.constant(1f), cosine)));
    }

    /** Keras' categorical accuracy: argmax of the prediction equals argmax of the one-hot label. */
    private static Operand<TFloat64> correctCount(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> labels) {
        Operand<TInt64> predicted = tf.math.argMax(logits, tf.constant(1));
        Operand<TInt64> truth = tf.math.argMax(labels, tf.constant(1));
        return tf.sum(tf.dtypes.cast(tf.math.equal(predicted, truth), TFloat64.class), tf.constant(0));
    }

    /** The learning rate of the next training step, as the schedule sets it for the current fit. */
    public double nextLearningRate() {
        try (Result r = session.runner().fetch(nextLearningRate).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    /** The training graph, serialized: what TensorBoard's graph view shows. */
    public byte[] graphDef() {
        return graph.toGraphDef().toByteArray();
    }

    public ModelConfig config() {
        return config;
    }

    public Sequential model() {
        return model;
    }

    /**
     * Trains {@code config().epochs()} epochs on the examples {@code trainIdx} of the training set,
     * shuffling every epoch, validating on {@code valIdx} of {@code valSet} after each epoch.
     *
     * @param valSet null for no validation
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    public History fit(int[] trainIdx, Dataset valSet, int[] valIdx, TrainingListener listener)
            throws TrainingDivergedException {
        try {
            return fit(trainIdx, valSet, valIdx, listener, TrainingState.START, () -> false);
        } catch (TrainingInterruptedException e) {
            throw new IllegalStateException("a run that cannot be stopped was stopped", e);
        }
    }

    /**
     * As {@link #fit(int[], Dataset, int[], TrainingListener)}, continuing from {@code from} (a
     * state captured by {@link #capture} or an interruption) and checking {@code stop} after every
     * step. A resumed run repeats, bit for bit, what the uninterrupted run would have done.
     *
     * @throws TrainingInterruptedException when {@code stop} said so; it carries the state to resume from
     */
    public History fit(int[] trainIdx, Dataset valSet, int[] valIdx, TrainingListener listener,
                       TrainingState from, java.util.function.BooleanSupplier stop)
            throws TrainingDivergedException, TrainingInterruptedException {
        History history = History.of(from.history());
        if (!from.isStart()) {
            restore(from);
        }
        int epochs = config.epochs();
        int batch = config.batchSize();
        int steps = (trainIdx.length + batch - 1) / batch;
        try (TFloat32 total = TFloat32.scalarOf((float) epochs * steps);
             Result ignored = session.runner().feed(scheduleStepsIn, total).addTarget(setScheduleSteps).run()) {
            // The schedule spans this run's steps.
        }
        for (int epoch = from.epoch(); epoch < epochs; epoch++) {
            boolean resuming = epoch == from.epoch() && from.step() > 0;
            int firstStep = resuming ? from.step() : 0;
            long start = System.nanoTime() - (resuming ? (long) (from.elapsedSeconds() * 1e9) : 0);
            listener.onEpochBegin(epoch, epochs, steps);
            if (!resuming) {
                run(resetSums);
            }
            int[] order = shuffled(trainIdx, config.seed(), epoch);
            long lastPoll = System.nanoTime();
            for (int step = firstStep; step < steps; step++) {
                if (stop.getAsBoolean()) {
                    throw new TrainingInterruptedException(capture(epoch, step, (System.nanoTime() - start) / 1e9, history));
                }
                int first = step * batch;
                int[] ids = Arrays.copyOfRange(order, first, Math.min(order.length, first + batch));
                if (placement == null && listener.wantsPlacement()) {
                    placement = tracedStep(ids);
                    listener.onPlacement(placement);
                } else {
                    try (TInt32 t = TInt32.vectorOf(ids);
                         Result ignored = session.runner().feed(trainIndices, t).addTarget(trainStep).run()) {
                        // The step's effects live in the graph's variables.
                    }
                }
                long now = System.nanoTime();
                if (now - lastPoll >= POLL_NANOS && step + 1 < steps) {
                    lastPoll = now;
                    double[] means = runningMeans(epoch, step + 1);
                    listener.onProgress(step + 1, steps, means[0], means[1]);
                }
            }
            double[] means = runningMeans(epoch, steps);
            listener.onProgress(steps, steps, means[0], means[1]);
            Metrics val = valSet == null ? null : evaluate(valSet, valIdx);
            double seconds = (System.nanoTime() - start) / 1e9;
            EpochLogs logs = new EpochLogs(means[0], means[1], val == null ? Double.NaN : val.loss(),
                    val == null ? Double.NaN : val.accuracy(), seconds, steps);
            history.add(logs);
            listener.onEpochEnd(epoch, epochs, logs);
        }
        return history;
    }

    /** The state at the end of a completed epoch, for a checkpoint written from {@code onEpochEnd}. */
    public TrainingState captureAfterEpoch(int epoch, List<EpochLogs> history) {
        return capture(epoch + 1, 0, 0, History.of(history));
    }

    private TrainingState capture(int epoch, int step, double elapsed, History history) {
        Map<String, TrainingState.Value> values = new LinkedHashMap<>();
        for (Map.Entry<String, Variable<?>> e : state.entrySet()) {
            try (Result r = session.runner().fetch(e.getValue()).run()) {
                org.tensorflow.RawTensor raw = r.get(0).asRawTensor();
                byte[] bytes = new byte[(int) raw.numBytes()];
                raw.data().read(bytes);
                values.put(e.getKey(), new TrainingState.Value(raw.dataType().getNumber(), raw.shape().asArray(), bytes));
            }
        }
        return new TrainingState(epoch, step, elapsed, List.copyOf(history.epochs()), values);
    }

    /** Puts every variable back to its value in {@code from}; names and shapes must match this model. */
    private void restore(TrainingState from) {
        if (!from.variables().keySet().equals(state.keySet())) {
            throw new IllegalArgumentException("the saved state belongs to another model: " + from.variables().keySet());
        }
        var runner = session.runner();
        List<org.tensorflow.Tensor> tensors = new ArrayList<>();
        try {
            for (Map.Entry<String, TrainingState.Value> e : from.variables().entrySet()) {
                Variable<?> v = state.get(e.getKey());
                TrainingState.Value value = e.getValue();
                if (!Shape.of(value.shape()).equals(v.shape())) {
                    throw new IllegalArgumentException("the saved " + e.getKey() + " does not fit this model");
                }
                org.tensorflow.Tensor t = org.tensorflow.Tensor.of(v.type(), Shape.of(value.shape()),
                        DataBuffers.of(value.bytes(), true, false));
                tensors.add(t);
                if (t.dataType().getNumber() != value.dataType()) {
                    throw new IllegalArgumentException("the saved " + e.getKey() + " has another type than this model's");
                }
                runner.feed(restoreInputs.get(e.getKey()), t);
            }
            restoreOps.forEach(runner::addTarget);
            try (Result ignored = runner.run()) {
                // The variables now hold the saved values.
            }
        } finally {
            tensors.forEach(org.tensorflow.Tensor::close);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void buildRestore(Ops tf, String name, Variable<?> variable) {
        Placeholder in = tf.placeholder((Class) variable.type(), Placeholder.shape(variable.shape()));
        restoreInputs.put(name, in);
        restoreOps.add(tf.assign((Variable) variable, in));
    }

    /** Trains on the whole training set and validates on the whole of {@code valSet}. */
    public History fit(Dataset valSet, TrainingListener listener) throws TrainingDivergedException {
        return fit(allIndices(residents.get(0).data.count()), valSet,
                valSet == null ? null : allIndices(valSet.count()), listener);
    }

    private double[] runningMeans(int epoch, int step) throws TrainingDivergedException {
        double[] sums = fetchDoubles(lossSum, correctSum, seenSum);
        double loss = sums[0] / sums[2];
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException(String.format(
                    "The loss became %s in epoch %d by step %d; training stopped. Try a smaller learning rate"
                            + " than %s (--learning-rate).", Double.isNaN(loss) ? "NaN" : "infinite", epoch + 1,
                    step, config.learningRate()));
        }
        return new double[] {loss, sums[1] / sums[2]};
    }

    /** A training step on the examples {@code ids} that also returns where its ops ran. */
    private Placement tracedStep(int[] ids) {
        RunOptions partitions = RunOptions.newBuilder().setOutputPartitionGraphs(true).build();
        try (TInt32 t = TInt32.vectorOf(ids);
             Result r = session.runner().feed(trainIndices, t).addTarget(trainStep).setOptions(partitions)
                     .runAndFetchMetadata()) {
            return Placement.of(r.getMetadata().orElseThrow());
        }
    }

    /**
     * Where the first traced training step of this trainer ran its ops: the first step of a
     * {@link #fit} whose listener {@link TrainingListener#wantsPlacement wants it}, or of
     * {@link #profileSteps}; empty before.
     */
    public java.util.Optional<Placement> placement() {
        return java.util.Optional.ofNullable(placement);
    }

    /**
     * Runs {@code steps} training steps with TensorFlow's full trace and returns the microseconds
     * spent per op type, summed over the steps: where a step's time goes, for benchmarks.
     */
    public Map<String, Long> profileSteps(int steps) {
        Map<String, Long> micros = new java.util.TreeMap<>();
        org.tensorflow.proto.RunOptions trace = org.tensorflow.proto.RunOptions.newBuilder()
                .setTraceLevel(org.tensorflow.proto.RunOptions.TraceLevel.FULL_TRACE).build();
        int[] order = shuffled(allIndices(residents.get(0).data.count()), config.seed(), 0);
        for (int step = 0; step < steps; step++) {
            int from = (step * config.batchSize()) % (order.length - config.batchSize() + 1);
            int[] ids = Arrays.copyOfRange(order, from, from + config.batchSize());
            if (placement == null) {
                placement = tracedStep(ids); // one more step, untimed
            }
            try (TInt32 t = TInt32.vectorOf(ids);
                 Result r = session.runner().feed(trainIndices, t).addTarget(trainStep).setOptions(trace)
                         .runAndFetchMetadata()) {
                for (var device : r.getMetadata().orElseThrow().getStepStats().getDevStatsList()) {
                    for (var node : device.getNodeStatsList()) {
                        String type = node.getTimelineLabel().contains(" = ")
                                ? node.getTimelineLabel().split(" = ")[1].split("\\(")[0] : node.getNodeName();
                        micros.merge(type, node.getAllEndRelMicros(), Long::sum);
                    }
                }
            }
        }
        return micros;
    }

    /** Keras' {@code evaluate}: mean loss and accuracy over the examples {@code idx} of {@code data}. */
    public Metrics evaluate(Dataset data, int[] idx) {
        Resident r = resident(data);
        double loss = 0;
        double correct = 0;
        for (int from = 0; from < idx.length; from += EVAL_BATCH) {
            int[] ids = Arrays.copyOfRange(idx, from, Math.min(idx.length, from + EVAL_BATCH));
            try (TInt32 t = TInt32.vectorOf(ids);
                 Result out = session.runner().feed(r.evalIndices, t)
                         .fetch(r.evalLossSum).fetch(r.evalCorrect).run()) {
                loss += ((TFloat64) out.get(0)).getDouble();
                correct += ((TFloat64) out.get(1)).getDouble();
            }
        }
        return new Metrics(loss / idx.length, correct / idx.length, idx.length);
    }

    /** Evaluates on the whole of {@code data}. */
    public Metrics evaluate(Dataset data) {
        return evaluate(data, allIndices(data.count()));
    }

    /**
     * Class probabilities for the examples {@code idx} of {@code data}, in inference mode,
     * as a flat row-major {@code [idx.length, 10]} array.
     */
    public float[] predict(Dataset data, int[] idx) {
        Resident r = resident(data);
        float[] out = new float[idx.length * ModelConfig.NUM_CLASSES];
        for (int from = 0; from < idx.length; from += EVAL_BATCH) {
            int[] ids = Arrays.copyOfRange(idx, from, Math.min(idx.length, from + EVAL_BATCH));
            try (TInt32 t = TInt32.vectorOf(ids);
                 Result res = session.runner().feed(r.evalIndices, t).fetch(r.evalProbabilities).run()) {
                float[] chunk = new float[ids.length * ModelConfig.NUM_CLASSES];
                ((TFloat32) res.get(0)).asRawTensor().data().asFloats().read(chunk);
                System.arraycopy(chunk, 0, out, from * ModelConfig.NUM_CLASSES, chunk.length);
            }
        }
        return out;
    }

    /** The current value of every weight, by Keras name (e.g. {@code dense/kernel}), in layer order. */
    public Map<String, float[]> weightValues() {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Variable<TFloat32>> e : weights.entrySet()) {
            try (Result res = session.runner().fetch(e.getValue()).run()) {
                TFloat32 t = (TFloat32) res.get(0);
                float[] v = new float[(int) t.shape().size()];
                t.asRawTensor().data().asFloats().read(v);
                values.put(e.getKey(), v);
            }
        }
        return values;
    }

    /** The epoch's order of the examples: a Fisher-Yates shuffle seeded by (seed, epoch). */
    static int[] shuffled(int[] idx, long seed, int epoch) {
        int[] order = idx.clone();
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    public static int[] allIndices(int n) {
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        return idx;
    }

    private Resident resident(Dataset data) {
        for (Resident r : residents) {
            if (r.data == data) {
                return r;
            }
        }
        throw new IllegalArgumentException("the data set was not given to this trainer");
    }

    private void run(Op target) {
        try (Result ignored = session.runner().addTarget(target).run()) {
            // Run for effect only.
        }
    }

    private double[] fetchDoubles(Operand<?>... operands) {
        var runner = session.runner();
        for (Operand<?> o : operands) {
            runner.fetch(o);
        }
        try (Result res = runner.run()) {
            double[] v = new double[operands.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = ((TFloat64) res.get(i)).getDouble();
            }
            return v;
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }

    /** Creates each weight as a variable initialised the Keras way, seeded by (seed, weight index). */
    private final class InitialisedWeights implements WeightStore {
        private final Ops tf;
        private final long seed;

        InitialisedWeights(Ops tf, long seed) {
            this.tf = tf;
            this.seed = seed;
        }

        @Override
        public Operand<TFloat32> weight(String name, Shape shape, Initializer init) {
            Variable<TFloat32> v = nonTrainable(name, shape, init);
            trainable.add(v);
            return v;
        }

        /** Every weight, trainable or not: an initialised variable, saved and exported. */
        @Override
        public Variable<TFloat32> nonTrainable(String name, Shape shape, Initializer init) {
            Operand<TFloat32> value = init.initialValue(tf.withInitScope(), shape, seed, weights.size());
            Variable<TFloat32> v = scoped(tf, name).variable(value);
            weights.put(name, v);
            return v;
        }
    }

    /** A data set held in the graph as uint8 variables, with the ops that read batches of it. */
    private static final class Resident {
        final Dataset data;
        private final Variable<TUint8> images;
        private final Variable<TUint8> labels;
        private final Placeholder<TUint8> imagesIn;
        private final Placeholder<TUint8> labelsIn;
        private final Op load;
        Placeholder<TInt32> evalIndices;
        Operand<TFloat64> evalLossSum;
        Operand<TFloat64> evalCorrect;
        Operand<TFloat32> evalProbabilities;

        Resident(Ops tf, Dataset data, int index) {
            this.data = data;
            Ops scope = tf.withSubScope("data_" + index);
            Shape imageShape = Shape.of(data.count(), data.rows(), data.cols(), 1);
            images = scope.withName("images").variable(imageShape, TUint8.class);
            labels = scope.withName("labels").variable(Shape.of(data.count()), TUint8.class);
            imagesIn = scope.withName("images_in").placeholder(TUint8.class, Placeholder.shape(imageShape));
            labelsIn = scope.withName("labels_in").placeholder(TUint8.class, Placeholder.shape(Shape.of(data.count())));
            load = scope.withControlDependencies(List.of(scope.assign(images, imagesIn),
                    scope.assign(labels, labelsIn))).noOp();
        }

        /** Pixels of the examples {@code idx} as floats in [0, 1], [N, 28, 28, 1]: Keras' x / 255. */
        Operand<TFloat32> images(Ops tf, Operand<TInt32> idx) {
            Operand<TUint8> raw = tf.gather(images, idx, tf.constant(0));
            return tf.math.div(tf.dtypes.cast(raw, TFloat32.class), tf.constant(255f));
        }

        Operand<TFloat32> oneHotLabels(Ops tf, Operand<TInt32> idx) {
            Operand<TUint8> raw = tf.gather(labels, idx, tf.constant(0));
            return tf.oneHot(raw, tf.constant(ModelConfig.NUM_CLASSES), tf.constant(1f), tf.constant(0f));
        }

        void buildEvaluation(Ops tf, Sequential model, CallContext inference) {
            Ops scope = tf.withSubScope("eval_" + images.op().name().replace('/', '_'));
            evalIndices = scope.withName("indices").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            Operand<TFloat32> logits = model.logits(scope, images(scope, evalIndices), inference);
            Operand<TFloat32> oneHot = oneHotLabels(scope, evalIndices);
            Operand<TFloat32> perExample = scope.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss();
            evalLossSum = scope.dtypes.cast(scope.sum(perExample, scope.constant(0)), TFloat64.class);
            evalCorrect = correctCount(scope, logits, oneHot);
            evalProbabilities = scope.nn.softmax(logits);
        }

        void upload(Session session) {
            try (TUint8 im = TUint8.tensorOf(imagesIn.shape(), DataBuffers.of(data.images(), true, false));
                 TUint8 lb = TUint8.tensorOf(labelsIn.shape(), DataBuffers.of(data.labels(), true, false));
                 Result ignored = session.runner().feed(imagesIn, im).feed(labelsIn, lb).addTarget(load).run()) {
                // The data now lives in the graph's variables.
            }
        }
    }
}
