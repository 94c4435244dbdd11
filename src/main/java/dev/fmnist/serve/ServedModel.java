package dev.fmnist.serve;

import dev.fmnist.predict.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The model a server answers with, and the versions it answered with before. A new version
 * replaces the current one at once for new work; work that already holds a version finishes on
 * it, and the old predictor closes when the last such work lets go.
 */
final class ServedModel implements AutoCloseable {
    /** One loaded version: its number, where it came from, and how many holders it has. */
    static final class Version {
        final long number;
        final Predictor predictor;
        /** The server's own hold while current, plus one per piece of work using it. */
        private final AtomicInteger holds = new AtomicInteger(1);

        Version(long number, Predictor predictor) {
            this.number = number;
            this.predictor = predictor;
        }

        private boolean tryHold() {
            for (int h = holds.get(); h > 0; h = holds.get()) {
                if (holds.compareAndSet(h, h + 1)) {
                    return true;
                }
            }
            return false;
        }

        /** Lets go of a hold taken by {@link ServedModel#hold}; the last one closes the predictor. */
        void release() {
            if (holds.decrementAndGet() == 0) {
                predictor.close();
            }
        }

        boolean closed() {
            return holds.get() == 0;
        }
    }

    private volatile Version current;
    /** The numbers of the versions replaced so far, oldest first (their state is END). */
    private final List<Long> retired = new ArrayList<>();

    ServedModel(Predictor first) {
        current = new Version(1, first);
    }

    /** The current version, held until {@link Version#release}. */
    Version hold() {
        while (true) {
            Version v = current;
            if (v.tryHold()) {
                return v;
            }
            if (v == current) {
                throw new IllegalStateException("the served model is closed");
            }
            // Replaced and closed between the read and the hold: read the new one.
        }
    }

    /** The number of the current version. */
    long version() {
        return current.number;
    }

    /** The current version's signature. */
    Predictor.TensorNames signature() {
        Version v = hold();
        try {
            return v.predictor.signature();
        } finally {
            v.release();
        }
    }

    synchronized List<Long> retired() {
        return List.copyOf(retired);
    }

    /** Makes {@code next} the current version, numbered one past the current; returns its number. */
    synchronized long replace(Predictor next) {
        Version old = current;
        current = new Version(old.number + 1, next);
        retired.add(old.number);
        old.release();
        return current.number;
    }

    @Override
    public synchronized void close() {
        current.release();
    }
}
