package dev.fmnist.bench;

import dev.fmnist.data.DataLocator;
import dev.fmnist.data.DataSource;
import dev.fmnist.data.Dataset;
import dev.fmnist.data.FashionMnist;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load test of a running {@code predict.jar --serve} (scripts/bench-serve.sh): C clients,
 * each sending {@code :predict} requests of B test images (row format) one after another, for a
 * fixed time or request count; prints requests/s, images/s, the p50 and p99 latency and the errors.
 *
 * <pre>java -cp test-classes:predict.jar dev.fmnist.bench.LoadTest URL CLIENTS BATCH SECONDS MAX_REQUESTS</pre>
 */
public final class LoadTest {
    private LoadTest() {}

    /** One load level's figures. */
    record Result(int clients, int batch, long requests, long errors, double seconds, double p50Ms, double p99Ms) {
        double requestsPerSecond() {
            return requests / seconds;
        }

        double imagesPerSecond() {
            return (requests - errors) * batch / seconds;
        }

        String row() {
            return String.format(Locale.ROOT, "| %7d | %5d | %8d | %10.0f | %10.0f | %7.2f | %7.2f | %6d |", clients, batch,
                    requests, requestsPerSecond(), imagesPerSecond(), p50Ms, p99Ms, errors);
        }
    }

    static final String HEADER = "| clients | batch | requests | requests/s |   images/s | p50 ms  | p99 ms  | errors |\n"
            + "|---------|-------|----------|------------|------------|---------|---------|--------|";

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: LoadTest URL CLIENTS BATCH SECONDS MAX_REQUESTS");
            System.exit(2);
        }
        Dataset test = DataSource.load(DataLocator.forThisMachine(), null, true, System.err).test();
        Result r = run(URI.create(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Double.parseDouble(args[3]), Long.parseLong(args[4]), bodies(test, Integer.parseInt(args[2]), 64));
        System.out.println(r.row());
    }

    /** {@code count} row-format request bodies of {@code batch} consecutive test images each. */
    static List<String> bodies(Dataset test, int batch, int count) {
        int pixels = test.pixelsPerImage();
        List<String> bodies = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            StringBuilder s = new StringBuilder("{\"instances\": [");
            for (int i = 0; i < batch; i++) {
                int image = (b * batch + i) % test.count();
                s.append(i > 0 ? ", [" : "[");
                for (int y = 0; y < FashionMnist.IMAGE_SIZE; y++) {
                    s.append(y > 0 ? ", [" : "[");
                    for (int x = 0; x < FashionMnist.IMAGE_SIZE; x++) {
                        int v = test.images()[image * pixels + y * FashionMnist.IMAGE_SIZE + x] & 0xff;
                        s.append(x > 0 ? ", " : "").append(v == 0 ? "0" : Float.toString(v / 255f));
                    }
                    s.append(']');
                }
                s.append(']');
            }
            bodies.add(s.append("]}").toString());
        }
        return bodies;
    }

    static Result run(URI url, int clients, int batch, double seconds, long maxRequests, List<String> bodies)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong sent = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        Thread[] threads = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            int me = c;
            threads[c] = new Thread(() -> {
                long[] mine = new long[1024];
                int n = 0;
                for (int i = me; System.nanoTime() < end && sent.incrementAndGet() <= maxRequests; i++) {
                    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size()))).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200 || !response.body().startsWith("{\"predictions\"")) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = System.nanoTime() - t0;
                }
                latencies[me] = mine;
                counts[me] = n;
            });
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Result(clients, batch, total, errors.get(), elapsed, percentile(all, 0.50), percentile(all, 0.99));
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
