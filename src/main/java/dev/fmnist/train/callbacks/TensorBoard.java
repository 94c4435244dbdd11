package dev.fmnist.train.callbacks;

import dev.fmnist.train.EpochLogs;
import dev.fmnist.train.TrainingListener;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Per-epoch metrics and the training graph as TensorBoard event files, written with TensorFlow's
 * own summary ops, in the layout Keras' TensorBoard callback uses: {@code DIR/train} and
 * {@code DIR/validation}, each with {@code epoch_loss} and {@code epoch_accuracy}, so that
 * {@code tensorboard --logdir DIR} draws training and validation on the same charts.
 */
public final class TensorBoard implements TrainingListener, AutoCloseable {
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TInt64> step;
    private final Placeholder<TString> tag;
    private final Placeholder<TFloat32> value;
    private final Placeholder<TString> graphDef;
    private final Writer train;
    private final Writer validation;

    /** One event-file writer and the ops that write through it. */
    private record Writer(Op create, Op scalar, Op graph, Op flush, Op close) {}

    public TensorBoard(Path dir) {
        Ops tf = Ops.create(graph);
        step = tf.placeholder(TInt64.class);
        tag = tf.placeholder(TString.class);
        value = tf.placeholder(TFloat32.class);
        graphDef = tf.placeholder(TString.class);
        train = writer(tf, dir.resolve("train"), "train");
        validation = writer(tf, dir.resolve("validation"), "validation");
        session = new Session(graph);
        try (Result ignored = session.runner().addTarget(train.create()).addTarget(validation.create()).run()) {
            // Both event files now exist.
        }
    }

    private Writer writer(Ops tf, Path dir, String name) {
        var handle = tf.summary.summaryWriter(org.tensorflow.op.summary.SummaryWriter.sharedName(name));
        Op create = tf.summary.createSummaryFileWriter(handle, tf.constant(dir.toAbsolutePath().toString()),
                tf.constant(10), tf.constant(1000), tf.constant(".v2"));
        return new Writer(create, tf.summary.writeScalarSummary(handle, step, tag, value),
                tf.summary.writeGraphSummary(handle, step, graphDef),
                tf.summary.flushSummaryWriter(handle), tf.summary.closeSummaryWriter(handle));
    }

    /** Records the training graph (a serialized GraphDef) under {@code train}, as Keras does. */
    public void writeGraph(byte[] serializedGraphDef) {
        try (TInt64 s = TInt64.scalarOf(0);
             TString g = TString.tensorOfBytes(NdArrays.scalarOfObject(serializedGraphDef));
             Result ignored = session.runner().feed(step, s).feed(graphDef, g).addTarget(train.graph())
                     .addTarget(train.flush()).run()) {
            // Written.
        }
    }

    @Override
    public void onEpochEnd(int epoch, int epochs, EpochLogs logs) {
        write(train, epoch, "epoch_loss", logs.loss());
        write(train, epoch, "epoch_accuracy", logs.accuracy());
        if (logs.hasValidation()) {
            write(validation, epoch, "epoch_loss", logs.valLoss());
            write(validation, epoch, "epoch_accuracy", logs.valAccuracy());
        }
        flush(train);
        flush(validation);
    }

    private void write(Writer w, int epoch, String name, double v) {
        try (TInt64 s = TInt64.scalarOf(epoch);
             TString t = TString.scalarOf(name);
             TFloat32 x = TFloat32.scalarOf((float) v);
             Result ignored = session.runner().feed(step, s).feed(tag, t).feed(value, x).addTarget(w.scalar()).run()) {
            // Written.
        }
    }

    private void flush(Writer w) {
        try (Result ignored = session.runner().addTarget(w.flush()).run()) {
            // Flushed to disk.
        }
    }

    @Override
    public void close() {
        try (Result ignored = session.runner().addTarget(train.close()).addTarget(validation.close()).run()) {
            // Closed.
        } finally {
            session.close();
            graph.close();
        }
    }
}
