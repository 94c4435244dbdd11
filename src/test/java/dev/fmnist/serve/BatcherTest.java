package dev.fmnist.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.predict.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Batching, the bounded queue, and versions that stay open while work holds them. */
class BatcherTest {
    /** A model whose row for an image is (first pixel + k) for class k, slow enough for requests to pile up. */
    static final class Fake implements Predictor {
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        final float offset;
        final long millis;
        final CountDownLatch gate;
        final AtomicBoolean closed = new AtomicBoolean();

        Fake(float offset, long millis, CountDownLatch gate) {
            this.offset = offset;
            this.millis = millis;
            this.gate = gate;
        }

        @Override
        public float[][] predict(float[][] images) {
            try {
                gate.await();
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (closed.get()) {
                throw new IllegalStateException("predict on a closed model");
            }
            batchSizes.add(images.length);
            float[][] rows = new float[images.length][10];
            for (int i = 0; i < images.length; i++) {
                for (int k = 0; k < 10; k++) {
                    rows[i][k] = images[i][0] + k + offset;
                }
            }
            return rows;
        }

        @Override
        public TensorNames signature() {
            return new TensorNames("images", "images:0", "probabilities", "probabilities:0");
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    static float[][] images(float first, int n) {
        float[][] images = new float[n][784];
        for (int i = 0; i < n; i++) {
            images[i][0] = first + i;
        }
        return images;
    }

    @Test
    void concurrentRequestsShareModelCallsAndEachGetsItsOwnRows() throws Exception {
        Fake fake = new Fake(0, 5, new CountDownLatch(0));
        try (ServedModel model = new ServedModel(fake); Batcher batcher = new Batcher(model, 64, 0, 256)) {
            List<CompletableFuture<Batcher.Answer>> answers = new ArrayList<>();
            for (int c = 0; c < 40; c++) {
                answers.add(batcher.submit(images(100 * c, 1 + c % 3)));
            }
            for (int c = 0; c < 40; c++) {
                Batcher.Answer a = answers.get(c).get(10, TimeUnit.SECONDS);
                assertEquals(1 + c % 3, a.probabilities().length);
                for (int i = 0; i < a.probabilities().length; i++) {
                    assertEquals(100 * c + i + 3, a.probabilities()[i][3]);
                }
                assertEquals(1, a.version());
            }
        }
        assertTrue(fake.batchSizes.size() < 40, "40 requests in " + fake.batchSizes.size() + " calls");
        assertTrue(fake.batchSizes.stream().allMatch(n -> n <= 64), fake.batchSizes.toString());
        assertEquals(79, fake.batchSizes.stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aRequestLargerThanTheBatchRunsAloneAndTheNextWaitsItsTurn() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Fake fake = new Fake(0, 0, gate);
        try (ServedModel model = new ServedModel(fake); Batcher batcher = new Batcher(model, 4, 0, 16)) {
            CompletableFuture<Batcher.Answer> first = batcher.submit(images(0, 1));
            Thread.sleep(50);
            CompletableFuture<Batcher.Answer> big = batcher.submit(images(10, 6));
            CompletableFuture<Batcher.Answer> small = batcher.submit(images(20, 2));
            gate.countDown();
            assertEquals(6, big.get(10, TimeUnit.SECONDS).probabilities().length);
            assertEquals(21, small.get(10, TimeUnit.SECONDS).probabilities()[1][0]);
            assertEquals(0, first.get(10, TimeUnit.SECONDS).probabilities()[0][0]);
        }
        assertEquals(List.of(1, 6, 2), fake.batchSizes);
    }

    @Test
    void aFullQueueRefusesAtOnceAndServesTheRest() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Fake fake = new Fake(0, 0, gate);
        try (ServedModel model = new ServedModel(fake); Batcher batcher = new Batcher(model, 1, 0, 3)) {
            List<CompletableFuture<Batcher.Answer>> accepted = new ArrayList<>();
            accepted.add(batcher.submit(images(0, 1)));
            Thread.sleep(50); // the worker holds the first, blocked in the model
            for (int i = 1; i <= 3; i++) {
                accepted.add(batcher.submit(images(i, 1)));
            }
            Batcher.Busy busy = assertThrows(Batcher.Busy.class, () -> batcher.submit(images(9, 1)));
            assertTrue(busy.getMessage().contains("3 requests are already waiting"), busy.getMessage());
            gate.countDown();
            for (int i = 0; i < accepted.size(); i++) {
                assertEquals(i, accepted.get(i).get(10, TimeUnit.SECONDS).probabilities()[0][0]);
            }
        }
    }

    @Test
    void closingAnswersWhatIsQueuedFirst() throws Exception {
        Fake fake = new Fake(0, 20, new CountDownLatch(0));
        List<CompletableFuture<Batcher.Answer>> answers = new ArrayList<>();
        try (ServedModel model = new ServedModel(fake)) {
            Batcher batcher = new Batcher(model, 1, 0, 16);
            for (int i = 0; i < 5; i++) {
                answers.add(batcher.submit(images(i, 1)));
            }
            batcher.close();
            assertThrows(Batcher.Busy.class, () -> batcher.submit(images(0, 1)));
        }
        for (CompletableFuture<Batcher.Answer> a : answers) {
            assertTrue(a.isDone() && !a.isCompletedExceptionally());
        }
    }

    @Test
    void workInFlightFinishesOnItsVersionAndTheOldOneClosesAfter() throws Exception {
        Fake v1 = new Fake(0, 0, new CountDownLatch(0));
        Fake v2 = new Fake(1000, 0, new CountDownLatch(0));
        try (ServedModel model = new ServedModel(v1)) {
            ServedModel.Version held = model.hold();
            assertEquals(2, model.replace(v2));
            assertFalse(v1.closed.get(), "closed while held");
            assertArrayEquals(new float[] {5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, held.predictor.predict(images(5, 1))[0]);
            held.release();
            assertTrue(v1.closed.get(), "the last holder closes the replaced version");
            try (Batcher batcher = new Batcher(model, 8, 0, 8)) {
                Batcher.Answer a = batcher.submit(images(5, 1)).get(10, TimeUnit.SECONDS);
                assertEquals(2, a.version());
                assertEquals(1005, a.probabilities()[0][0]);
            }
            assertEquals(List.of(1L), model.retired());
        }
        assertTrue(v2.closed.get());
    }
}
