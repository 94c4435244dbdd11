package dev.fmnist.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gathers concurrent requests into one model call. One thread takes the oldest waiting request,
 * adds those that arrive within {@code waitMicros} (or are already waiting) up to
 * {@code maxBatch} images, runs the model once and hands each request its own rows. A request
 * larger than {@code maxBatch} runs alone. The queue holds at most {@code capacity} requests; one
 * more is refused at once ({@link Busy}), so that a flood cannot grow the server's memory.
 */
final class Batcher implements AutoCloseable {
    /** The rows of one request, and the model version that computed them. */
    record Answer(float[][] probabilities, long version) {}

    /** The queue is full. */
    static final class Busy extends Exception {
        Busy(String message) {
            super(message);
        }
    }

    private record Job(float[][] images, CompletableFuture<Answer> answer) {}

    private static final Job STOP = new Job(new float[0][], null);

    private final ServedModel model;
    private final int maxBatch;
    private final long waitNanos;
    private final int capacity;
    private final BlockingQueue<Job> queue;
    private final Thread worker;
    private volatile boolean closing;
    /** A request taken from the queue that did not fit the batch before; it opens the next one. */
    private Job carried;

    Batcher(ServedModel model, int maxBatch, long waitMicros, int capacity) {
        this.model = model;
        this.maxBatch = maxBatch;
        this.waitNanos = TimeUnit.MICROSECONDS.toNanos(waitMicros);
        this.capacity = capacity;
        // One place more than the capacity, for the stop marker.
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        this.worker = new Thread(this::work, "batcher");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues {@code images} (each 784 floats in [0, 1]) for the model. */
    CompletableFuture<Answer> submit(float[][] images) throws Busy {
        if (closing) {
            throw new Busy("The server is shutting down.");
        }
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        if (queue.size() >= capacity || !queue.offer(new Job(images, answer))) {
            throw new Busy("The server is busy: " + capacity + " requests are already waiting; try again shortly.");
        }
        return answer;
    }

    private void work() {
        try {
            while (true) {
                Job first = carried != null ? carried : queue.take();
                carried = null;
                if (first == STOP) {
                    return;
                }
                List<Job> batch = new ArrayList<>();
                batch.add(first);
                int images = first.images().length;
                long deadline = System.nanoTime() + waitNanos;
                while (images < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Job next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (next == STOP || images + next.images().length > maxBatch) {
                        carried = next;
                        break;
                    }
                    batch.add(next);
                    images += next.images().length;
                }
                run(batch, images);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(List<Job> batch, int images) {
        float[][] all = new float[images][];
        int at = 0;
        for (Job job : batch) {
            System.arraycopy(job.images(), 0, all, at, job.images().length);
            at += job.images().length;
        }
        ServedModel.Version version;
        try {
            version = model.hold();
        } catch (IllegalStateException e) {
            batch.forEach(job -> job.answer().completeExceptionally(e));
            return;
        }
        try {
            float[][] rows = version.predictor.predict(all);
            at = 0;
            for (Job job : batch) {
                float[][] mine = new float[job.images().length][];
                System.arraycopy(rows, at, mine, 0, mine.length);
                at += mine.length;
                job.answer().complete(new Answer(mine, version.number));
            }
        } catch (RuntimeException e) {
            batch.forEach(job -> job.answer().completeExceptionally(e));
        } finally {
            version.release();
        }
    }

    /** Answers every request already queued, then stops the worker. */
    @Override
    public void close() {
        closing = true;
        try {
            queue.put(STOP);
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A request queued behind the stop marker, by a submit that raced the close.
        for (Job job; (job = queue.poll()) != null; ) {
            if (job != STOP) {
                job.answer().completeExceptionally(new IllegalStateException("the server is shutting down"));
            }
        }
    }
}
