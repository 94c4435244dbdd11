package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fmnist.data.DataLocator;
import dev.fmnist.data.FashionMnist;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict.jar --serve as a user runs it: TensorFlow Serving's REST API, bad input, load, reload and SIGTERM. */
class ServeJarIT {
    static final Path SAMPLES = Path.of("samples").toAbsolutePath();
    static final String API = "/v1/models/fashion_mnist";

    @TempDir
    static Path work;
    static Path model;
    static ServerProcess server;

    @BeforeAll
    static void trainAModelAndServeIt() throws Exception {
        assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR), "needs dataset-fashion-mnist");
        JarRunner.Run run = JarRunner.run("train.jar", work, "--epochs", "1", "--verbose", "0", "--model-dir", "model");
        assertEquals(0, run.exitCode(), run.err());
        model = work.resolve("model");
        server = ServerProcess.start(work, "--model", model.toString());
    }

    @AfterAll
    static void stopTheServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /** The rows of a predict response ({@code predictions} or {@code outputs}). */
    static float[][] rows(String body) {
        JsonObject answer = JsonParser.parseString(body).getAsJsonObject();
        JsonArray rows = answer.getAsJsonArray(answer.has("predictions") ? "predictions" : "outputs");
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new float[rows.get(i).getAsJsonArray().size()];
            for (int k = 0; k < out[i].length; k++) {
                out[i][k] = rows.get(i).getAsJsonArray().get(k).getAsFloat();
            }
        }
        return out;
    }

    /**
     * Whether two answers are the same probabilities. A request batched with others runs through
     * the model's matrix products in a batch of another size, which sums in another order: the
     * answers then differ from a lone request's in the fifth significant digit or beyond, never
     * more. Rows of different images differ by far more than this.
     */
    static boolean same(float[][] a, float[][] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[i].length; k++) {
                if (Math.abs(a[i][k] - b[i][k]) > 1e-4 * Math.max(Math.abs(a[i][k]), Math.abs(b[i][k])) + 1e-7) {
                    return false;
                }
            }
        }
        return true;
    }

    static String b64(Path file) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }

    /** A data-set image file (28 x 28 grey) as the JSON array of its pixels / 255. */
    static String pixels(Path file) throws Exception {
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(file.toFile());
        StringBuilder s = new StringBuilder("[");
        for (int y = 0; y < 28; y++) {
            s.append(y > 0 ? ", [" : "[");
            for (int x = 0; x < 28; x++) {
                s.append(x > 0 ? ", " : "").append(img.getRaster().getSample(x, y, 0) / 255f);
            }
            s.append(']');
        }
        return s.append(']').toString();
    }

    @Test
    void statusAndMetadataAsTensorFlowServingGivesThem() throws Exception {
        HttpResponse<String> status = server.get(API);
        assertEquals(200, status.statusCode());
        assertEquals("application/json", status.headers().firstValue("Content-Type").orElse(""));
        JsonObject v = json(status).getAsJsonArray("model_version_status").get(0).getAsJsonObject();
        assertEquals("1", v.get("version").getAsString());
        assertEquals("AVAILABLE", v.get("state").getAsString());
        assertEquals(200, server.get(API + "/versions/1").statusCode());

        JsonObject meta = json(server.get(API + "/metadata"));
        assertEquals("fashion_mnist", meta.getAsJsonObject("model_spec").get("name").getAsString());
        JsonObject sig = meta.getAsJsonObject("metadata").getAsJsonObject("signature_def")
                .getAsJsonObject("signature_def").getAsJsonObject("serving_default");
        JsonObject input = sig.getAsJsonObject("inputs").getAsJsonObject("images");
        assertEquals("DT_FLOAT", input.get("dtype").getAsString());
        assertEquals(4, input.getAsJsonObject("tensor_shape").getAsJsonArray("dim").size());
        assertTrue(sig.getAsJsonObject("outputs").has("probabilities"));
        assertEquals("", server.err(), "nothing on stderr");
    }

    /** HEAD is GET without its body, wherever GET is answered; a refused HEAD logs nothing either. */
    @Test
    void headIsAnsweredAsGetWithoutTheBody() throws Exception {
        for (String path : new String[] {"/", API, API + "/metadata"}) {
            HttpResponse<String> get = server.get(path);
            HttpResponse<String> head = server.send("HEAD", path);
            assertEquals(200, head.statusCode(), path);
            assertEquals("", head.body(), path);
            assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"), path);
            assertEquals(String.valueOf(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                    head.headers().firstValue("Content-Length").orElse(""), path);
        }
        HttpResponse<String> refused = server.send("HEAD", API + ":predict");
        assertEquals(405, refused.statusCode());
        assertEquals("POST", refused.headers().firstValue("Allow").orElse(""));
        assertEquals(405, server.send("DELETE", "/").statusCode());
        assertEquals("GET, HEAD", server.send("DELETE", "/").headers().firstValue("Allow").orElse(""));
        assertEquals("", server.err(), "nothing of the JDK's server on stderr");
    }

    @Test
    void predictionsInEveryFormatAreWhatPredictJarGives() throws Exception {
        Path pullover = SAMPLES.resolve("pullover.png");
        JarRunner.Run cli = JarRunner.run("predict.jar", work, "--model", model.toString(), "--json", "--top", "3",
                pullover.toString());
        assertEquals(0, cli.exitCode(), cli.err());
        String expected = cli.out().strip();

        HttpResponse<String> image = server.post(API + ":classify-image?top=3&name="
                + java.net.URLEncoder.encode(pullover.toString(), StandardCharsets.UTF_8), "image/png", Files.readAllBytes(pullover));
        assertEquals(200, image.statusCode(), image.body());
        assertEquals(expected, image.body(), "what predict.jar --json prints for the file");

        JsonObject probabilities = JsonParser.parseString(expected).getAsJsonObject().getAsJsonObject("probabilities");
        float[] fromCli = new float[FashionMnist.NUM_CLASSES];
        for (int k = 0; k < fromCli.length; k++) {
            fromCli[k] = probabilities.get(FashionMnist.CLASS_NAMES.get(k)).getAsFloat();
        }
        String b64 = "{\"b64\": \"" + b64(pullover) + "\"}";
        String arrays = pixels(pullover);
        for (String body : List.of("{\"instances\": [" + b64 + ", " + arrays + "]}",
                "{\"signature_name\": \"serving_default\", \"inputs\": {\"images\": [" + arrays + ", " + b64 + "]}}")) {
            HttpResponse<String> r = server.postJson(API + ":predict", body);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(json(r).has(body.startsWith("{\"inst") ? "predictions" : "outputs"), r.body());
            assertTrue(same(new float[][] {fromCli, fromCli}, rows(r.body())), body.startsWith("{\"inst")
                    ? "row format: " + r.body() : "columnar format: " + r.body());
        }
        assertTrue(server.postJson(API + "/versions/1:predict", "{\"instances\": [" + arrays + "]}").statusCode() == 200);
    }

    /** A PNG whose header says 10,000 x 10,000 pixels (and whose data stops there). */
    static byte[] hugePng() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeBytes("IHDR");
        h.writeInt(10_000);
        h.writeInt(10_000);
        h.write(new byte[] {8, 0, 0, 0, 0});
        byte[] chunk = ihdr.toByteArray();
        out.writeInt(chunk.length - 4);
        out.write(chunk);
        CRC32 crc = new CRC32();
        crc.update(chunk);
        out.writeInt((int) crc.getValue());
        return bytes.toByteArray();
    }

    record Bad(String what, String method, String path, String type, byte[] body, int status, String says) {}

    @Test
    void badInputGetsItsStatusAndOneSentenceAndTheServerKeepsAnswering() throws Exception {
        byte[] jpeg = Files.readAllBytes(SAMPLES.resolve("pullover_colour.jpg"));
        byte[] cutJpeg = Arrays.copyOf(jpeg, jpeg.length / 2);
        String row = pixels(SAMPLES.resolve("bag.png"));
        byte[] twentyMb = new byte[20_000_000];
        Arrays.fill(twentyMb, (byte) ' ');
        List<Bad> cases = List.of(
                new Bad("malformed JSON", "POST", API + ":predict", "application/json", "{\"instances\": [[".getBytes(), 400, "not valid JSON"),
                new Bad("wrong nesting", "POST", API + ":predict", "application/json", ("{\"instances\": [[" + row + "]]}").getBytes(), 400, "Instance 0"),
                new Bad("NaN", "POST", API + ":predict", "application/json", ("{\"instances\": [" + row.replaceFirst("0\\.0", "NaN") + "]}").getBytes(), 400, "NaN"),
                new Bad("100-megapixel PNG", "POST", API + ":classify-image", "image/png", hugePng(), 400, "pixels"),
                new Bad("100-megapixel PNG in b64", "POST", API + ":predict", "application/json",
                        ("{\"instances\": [{\"b64\": \"" + Base64.getEncoder().encodeToString(hugePng()) + "\"}]}").getBytes(), 400, "pixels"),
                new Bad("truncated JPEG", "POST", API + ":classify-image", "image/jpeg", cutJpeg, 400, "truncated or corrupt"),
                new Bad("20 MB body", "POST", API + ":predict", "application/json", twentyMb, 413, "over the 10 MB limit"),
                new Bad("unknown path", "GET", "/v2/elsewhere", null, null, 404, "nothing at /v2/elsewhere"),
                new Bad("unknown model", "GET", "/v1/models/mnist", null, null, 404, "Servable not found for request: Latest(mnist)"),
                new Bad("unknown version", "POST", API + "/versions/7:predict", "application/json", ("{\"instances\": [" + row + "]}").getBytes(), 404, "Specific(fashion_mnist, 7)"),
                new Bad("GET on predict", "GET", API + ":predict", null, null, 405, "use POST"),
                new Bad("not an image type", "POST", API + ":classify-image", "text/plain", "hello".getBytes(), 415, "Content-Type is text/plain"));
        String good = "{\"instances\": [" + row + "]}";
        for (Bad bad : cases) {
            HttpResponse<String> r = bad.method().equals("GET") ? server.get(bad.path())
                    : server.post(bad.path(), bad.type(), bad.body());
            assertEquals(bad.status(), r.statusCode(), bad.what() + ": " + r.body());
            if (bad.status() == 405) {
                assertEquals("POST", r.headers().firstValue("Allow").orElse(""), "the method to use");
            }
            String error = json(r).get("error").getAsString();
            assertTrue(error.contains(bad.says()), bad.what() + ": " + error);
            assertFalse(error.contains("Exception") || error.contains("\n"), bad.what() + ": " + error);
            HttpResponse<String> next = server.postJson(API + ":predict", good);
            assertEquals(200, next.statusCode(), "after " + bad.what() + ": " + next.body());
            assertTrue(next.body().startsWith("{\"predictions\": [["), next.body());
        }
    }

    interface Client {
        void run(int index) throws Exception;
    }

    /** Runs {@code n} clients released together, and fails with the first client's failure, if any. */
    static void atOnce(int n, Client client) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int me = i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    client.run(me);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), failures.isEmpty() ? "" : failures.peek().toString());
    }

    @Test
    void thirtyTwoClientsAtOnceGetWhatOneAtATimeGets() throws Exception {
        List<String> bodies = new ArrayList<>();
        List<Path> files;
        try (var list = Files.list(SAMPLES)) {
            files = list.sorted().toList();
        }
        for (int i = 0; i < 32; i++) {
            Path f = files.get(i % files.size());
            bodies.add("{\"instances\": [{\"b64\": \"" + b64(f) + "\"}" + (i % 2 == 0 ? "" : ", {\"b64\": \"" + b64(files.get((i + 3) % files.size())) + "\"}") + "]}");
        }
        List<String> alone = new ArrayList<>();
        for (String body : bodies) {
            HttpResponse<String> r = server.postJson(API + ":predict", body);
            assertEquals(200, r.statusCode(), r.body());
            alone.add(r.body());
        }
        String[] together = new String[32];
        atOnce(32, me -> {
            for (int round = 0; round < 5; round++) {
                HttpResponse<String> r = server.postJson(API + ":predict", bodies.get((me + round) % 32));
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(same(rows(alone.get((me + round) % 32)), rows(r.body())), "client " + me + ", round "
                        + round + ": " + r.body() + " alone: " + alone.get((me + round) % 32));
                together[me] = r.body();
            }
        });
        assertTrue(Arrays.stream(together).allMatch(b -> b != null));
        // The comparison would see a mix-up: the bodies' images answer differently from one another.
        assertFalse(same(rows(alone.get(0)), rows(alone.get(2))), alone.get(0) + " " + alone.get(2));
    }

    @Test
    void aFullQueueAnswers503AndEveryOtherRequestSucceeds() throws Exception {
        try (ServerProcess small = ServerProcess.start(work, "--model", model.toString(), "--max-queue", "1", "--max-batch", "1")) {
            String row = pixels(SAMPLES.resolve("bag.png"));
            String body = "{\"instances\": [" + String.join(", ", java.util.Collections.nCopies(64, row)) + "]}";
            ConcurrentLinkedQueue<HttpResponse<String>> answers = new ConcurrentLinkedQueue<>();
            atOnce(32, me -> answers.add(small.postJson(API + ":predict", body)));
            long ok = answers.stream().filter(r -> r.statusCode() == 200).count();
            List<HttpResponse<String>> busy = answers.stream().filter(r -> r.statusCode() == 503).toList();
            assertEquals(32, ok + busy.size(), "only 200 and 503");
            assertTrue(ok >= 2 && !busy.isEmpty(), ok + " answered, " + busy.size() + " busy");
            for (HttpResponse<String> r : busy) {
                assertTrue(json(r).get("error").getAsString().contains("busy"), r.body());
                assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
            }
        }
    }

    @Test
    void slowClientsAreCutOffAndOthersStillServed() throws Exception {
        try (ServerProcess quick = ServerProcess.start(work, "--model", model.toString(), "--client-timeout", "2");
             Socket slow = new Socket("127.0.0.1", URI.create(quick.base).getPort())) {
            slow.getOutputStream().write(("POST " + API + ":predict HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{\"inst")
                    .getBytes(StandardCharsets.US_ASCII));
            slow.setSoTimeout(20_000);
            long start = System.nanoTime();
            InputStream in = slow.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (java.net.SocketException e) {
                read = -1; // reset: cut off as well
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(-1, read, "the connection was closed");
            assertTrue(seconds < 15, "cut off after " + seconds + " s");
            assertEquals(200, quick.get(API).statusCode());
        }
    }

    @Test
    void aModelSavedInPlaceIsServedWithoutARestartOrAFailedRequest() throws Exception {
        Path dir = Files.createDirectories(work.resolve("reload"));
        JarRunner.Run first = JarRunner.run("train.jar", dir, "--epochs", "1", "--verbose", "0", "--model-dir", "served");
        assertEquals(0, first.exitCode(), first.err());
        try (ServerProcess s = ServerProcess.start(dir, "--model", "served", "--poll-seconds", "0.2")) {
            String body = "{\"instances\": [{\"b64\": \"" + b64(SAMPLES.resolve("shirt.png")) + "\"}]}";
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String[]> seen = new ConcurrentLinkedQueue<>();
            List<Thread> load = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                Thread t = new Thread(() -> {
                    long last = 0;
                    while (!stop.get()) {
                        try {
                            HttpResponse<String> r = s.postJson(API + ":predict", body);
                            long v = Long.parseLong(r.headers().firstValue("X-Model-Version").orElse("0"));
                            if (r.statusCode() != 200 || v < last) {
                                problems.add(r.statusCode() + " version " + v + " after " + last + ": " + r.body());
                            }
                            last = v;
                            seen.add(new String[] {String.valueOf(v), r.body()});
                        } catch (Exception e) {
                            problems.add(e.toString());
                        }
                    }
                });
                t.start();
                load.add(t);
            }
            Thread.sleep(500);
            JarRunner.Run second = JarRunner.run("train.jar", dir, "--epochs", "1", "--seed", "7", "--verbose", "0",
                    "--model-dir", "served");
            assertEquals(0, second.exitCode(), second.err());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen.stream().noneMatch(x -> x[0].equals("2")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            stop.set(true);
            for (Thread t : load) {
                t.join();
            }
            assertTrue(problems.isEmpty(), problems.size() + " failed requests, e.g. " + problems.peek());
            List<float[][]> v1 = seen.stream().filter(x -> x[0].equals("1")).map(x -> rows(x[1])).toList();
            List<float[][]> v2 = seen.stream().filter(x -> x[0].equals("2")).map(x -> rows(x[1])).toList();
            assertFalse(v1.isEmpty() || v2.isEmpty(), v1.size() + " answers of version 1, " + v2.size() + " of version 2");
            assertTrue(v1.stream().allMatch(r -> same(r, v1.get(0))), "version 1 answered one way");
            assertTrue(v2.stream().allMatch(r -> same(r, v2.get(0))), "version 2 answered one way");
            assertFalse(same(v1.get(0), v2.get(0)), "the new model answers differently");
            assertNotNull(s.outLine("Loaded the new model in served as version 2."), s.out());
            JsonArray versions = json(s.get(API)).getAsJsonArray("model_version_status");
            assertEquals("2", versions.get(0).getAsJsonObject().get("version").getAsString());
            assertEquals("END", versions.get(1).getAsJsonObject().get("state").getAsString());
            assertEquals(404, s.postJson(API + "/versions/1:predict", body).statusCode());
            assertEquals("", s.err());
        }
    }

    @Test
    void sigtermFinishesTheRequestInFlightAndExitsZero() throws Exception {
        try (ServerProcess s = ServerProcess.start(work, "--model", model.toString(), "--max-body-mb", "100")) {
            String row = pixels(SAMPLES.resolve("coat.png"));
            int n = 6000;
            String body = "{\"instances\": [" + String.join(", ", java.util.Collections.nCopies(n, row)) + "]}";
            long[] answeredAt = new long[1];
            @SuppressWarnings("unchecked")
            HttpResponse<String>[] answer = new HttpResponse[1];
            Thread client = new Thread(() -> {
                try {
                    answer[0] = s.postJson(API + ":predict", body);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    answeredAt[0] = System.nanoTime();
                }
            });
            client.start();
            Thread.sleep(300);
            long killedAt = System.nanoTime();
            assertTrue(client.isAlive(), "the request is still in flight when SIGTERM is sent");
            assertEquals(0, s.terminate(), s.err());
            client.join();
            assertNotNull(answer[0], "the request in flight was answered");
            assertEquals(200, answer[0].statusCode(), answer[0].body());
            assertEquals(n, json(answer[0]).getAsJsonArray("predictions").size());
            assertTrue(answeredAt[0] > killedAt);
            assertTrue(s.out().contains("Stopped after"), s.out());
            assertEquals("", s.err());
            try {
                s.get(API);
                throw new AssertionError("the server still answers after exiting");
            } catch (ConnectException expected) {
                // Nothing listens any more.
            }
        }
    }

    @Test
    void startupMistakesAreOneSentence() throws Exception {
        JarRunner.Run files = JarRunner.run("predict.jar", work, "--serve", "--model", model.toString(), "x.png");
        assertEquals(2, files.exitCode());
        assertTrue(files.err().startsWith("Error: --serve takes no image files"), files.err());
        JarRunner.Run port = JarRunner.run("predict.jar", work, "--serve", "--port", "70000");
        assertEquals(2, port.exitCode());
        assertTrue(port.err().contains("--port must be between 0 and 65535"), port.err());
        JarRunner.Run alone = JarRunner.run("predict.jar", work, "--port", "8000", "x.png");
        assertEquals(2, alone.exitCode());
        assertTrue(alone.err().contains("--port goes with --serve; classifying files does nothing with it."), alone.err());
        JarRunner.Run missing = JarRunner.run("predict.jar", work, "--serve", "--port", "0", "--model", "nowhere");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().startsWith("Error: The model directory nowhere does not exist"), missing.err());
        int busyPort = URI.create(server.base).getPort();
        JarRunner.Run taken = JarRunner.run("predict.jar", work, "--serve", "--port", String.valueOf(busyPort),
                "--model", model.toString());
        assertEquals(1, taken.exitCode());
        assertTrue(taken.err().startsWith("Error: Cannot listen on 127.0.0.1:" + busyPort), taken.err());
        for (JarRunner.Run r : List.of(files, port, alone, missing, taken)) {
            assertEquals(1, r.err().lines().filter(l -> l.startsWith("Error: ")).count(), r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        }
    }
}
