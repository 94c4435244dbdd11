package dev.fmnist.train;

import static dev.fmnist.model.GraphNames.scoped;

import dev.fmnist.model.CallContext;
import dev.fmnist.model.Sequential;
import dev.fmnist.ops.fusion.Fusion;
import dev.fmnist.train.optimizers.LearningRateSchedule;
import dev.fmnist.train.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.SparseSoftmaxCrossEntropyWithLogits;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Keras' {@code train_step} as one graph op: gather a batch by index, forward, loss, backward, the
 * optimizer's updates, the layers' own updates and the running sums, all in one {@code Session.run}.
 * Like Keras' {@code steps_per_execution}, the graph also holds a chain of several such steps, each
 * waiting for the one before, which one {@code Session.run} takes through several batches: the
 * same steps, in the same order, with a run's fixed cost paid once.
 */
final class TrainingStep {
    /** Steps since the start of training; a step's number seeds its dropout and sets its learning rate. */
    private final Variable<TInt64> counter;
    private final Optimizer optimizer;
    /** Steps over which the learning rate schedule runs: every step of the current fit. */
    private final GraphScalar decaySteps;
    private final Operand<TFloat32> nextLearningRate;
    private final Placeholder<TInt32> indices;
    private final Op op;
    /** Steps in the chain: 1 for none. */
    private final int chain;
    private final int batchSize;
    /** The chain's batches, [chain, batch size]; null without a chain. */
    private final Placeholder<TInt32> chainIndices;
    private final Op chainOp;

    /** @param chain steps per {@code Session.run} of {@link #runChain}; 1 for none */
    TrainingStep(Ops tf, TrainingConfig config, Sequential model, InitialisedWeights weights, GraphData data,
                 Fusion fusion, RunningMetrics metrics, int chain) {
        // Dropout draws from a stateless generator seeded by (seed, step): the counter advances
        // inside the step itself, so no extra feed is needed and reruns repeat exactly.
        counter = scoped(tf, "train/step").variable(tf.withInitScope().constant(0L));
        decaySteps = new GraphScalar(tf, "train/schedule_steps", 1f);
        LearningRateSchedule schedule = config.schedule().create(config.learningRate(), decaySteps.value());
        nextLearningRate = schedule.rate(tf, tf.math.add(counter, tf.constant(1L)));
        optimizer = config.optimizer().create(schedule, config.momentum());

        indices = scoped(tf, "train/indices").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        op = step(tf, config, model, weights, data, fusion, metrics, indices, "train/step_op");
        this.chain = chain;
        this.batchSize = config.batchSize();
        if (chain > 1) {
            chainIndices = scoped(tf, "train/chain_indices").placeholder(TInt32.class,
                    Placeholder.shape(Shape.of(chain, config.batchSize())));
            List<Output<TInt32>> batches = tf.unstack(chainIndices, (long) chain).output();
            Op previous = null;
            for (int k = 0; k < chain; k++) {
                Ops at = tf.withSubScope("train_chain_" + k);
                previous = step(previous == null ? at : at.withControlDependencies(List.of(previous)), config, model,
                        weights, data, fusion, metrics, batches.get(k), "step_op");
            }
            chainOp = previous;
        } else {
            chainIndices = null;
            chainOp = null;
        }
    }

    /**
     * One training step on the examples {@code ids}, as an op that waits for everything it does.
     * Every op of it is made in {@code tf}, so a step made with a control dependency on the step
     * before starts only once that one's updates are done.
     */
    private Op step(Ops tf, TrainingConfig config, Sequential model, InitialisedWeights weights, GraphData data,
                    Fusion fusion, RunningMetrics metrics, Operand<TInt32> ids, String name) {
        Operand<TInt64> step = tf.assignAdd(counter, tf.constant(1L));
        CallContext training = CallContext.training(tf.stack(List.of(tf.constant(config.seed()), step)));
        Fusion.Forward forward = fusion.forward(tf, model, data.images(tf, ids), training,
                optimizer.fusable(tf, step));
        Operand<TInt32> labels = data.labels(tf, ids);
        SparseSoftmaxCrossEntropyWithLogits<TFloat32> loss = Loss.crossEntropy(tf, forward.logits(), labels);
        Operand<TFloat32> perExample = loss.loss();
        Fusion.Backward backward = fusion.gradients(tf, Loss.meanGradient(tf, loss), weights.trainable(), forward);

        List<Op> updates = new ArrayList<>(optimizer.applyGradients(tf, backward.gradients(), weights.trainable(), step));
        updates.addAll(backward.updates());
        updates.addAll(training.updates());
        updates.addAll(metrics.update(tf, perExample, Loss.correctCount(tf, forward.logits(), labels)));
        return scoped(tf, name).withControlDependencies(updates).noOp();
    }

    /** What a step changes besides weights and running sums: the optimizer's slots and the counter. */
    Map<String, Variable<?>> variables() {
        Map<String, Variable<?>> variables = new LinkedHashMap<>(optimizer.slots());
        variables.put("train/step", counter);
        return variables;
    }

    /** Makes the learning-rate schedule span {@code steps} steps: every step of a fit. */
    void spanSchedule(Session session, long steps) {
        decaySteps.set(session, (float) steps);
    }

    /** The learning rate the next step will use. */
    double nextLearningRate(Session session) {
        try (Result r = session.runner().fetch(nextLearningRate).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    /** The examples of step {@code s} in an epoch's {@code order}: a batch, or the last, partial one. */
    int[] batch(int[] order, int s) {
        return Arrays.copyOfRange(order, s * batchSize, Math.min(order.length, (s + 1) * batchSize));
    }

    /**
     * Runs the epoch's steps from {@code s} on, in one run when a chain fits before {@code steps}
     * (its batches all full), else step {@code s} alone; returns the step to run next.
     */
    int runFrom(Session session, int[] order, int s, int steps) {
        if (chain > 1 && s + chain <= steps && (s + chain) * batchSize <= order.length) {
            runChain(session, Arrays.copyOfRange(order, s * batchSize, (s + chain) * batchSize));
            return s + chain;
        }
        run(session, batch(order, s), null).close();
        return s + 1;
    }

    /** One step on the examples {@code ids}; with {@code options}, its metadata comes back. */
    Result run(Session session, int[] ids, RunOptions options) {
        try (TInt32 t = TInt32.vectorOf(ids)) {
            var runner = session.runner().feed(indices, t).addTarget(op);
            return options == null ? runner.run() : runner.setOptions(options).runAndFetchMetadata();
        }
    }

    /** {@link #chain} steps in one run: {@code ids} holds their full batches one after another. */
    private void runChain(Session session, int[] ids) {
        try (TInt32 t = TInt32.tensorOf(chainIndices.shape(), DataBuffers.of(ids, true, false));
             Result ignored = session.runner().feed(chainIndices, t).addTarget(chainOp).run()) {
            // Run for effect only.
        }
    }
}
