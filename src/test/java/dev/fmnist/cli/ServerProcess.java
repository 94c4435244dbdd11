package dev.fmnist.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code java -jar target/predict.jar --serve --port 0 ...} as a user starts it, and an HTTP client for it. */
final class ServerProcess implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("at (http://[^/]+)/");

    final Process process;
    final String base;
    private final Path out;
    private final Path err;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private ServerProcess(Process process, String base, Path out, Path err) {
        this.process = process;
        this.base = base;
        this.out = out;
        this.err = err;
    }

    /** Starts the server and waits (up to a minute) for its "Serving ... at URL" line. */
    static ServerProcess start(Path workDir, String... flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JarRunner.TARGET.resolve("predict.jar").toString(), "--serve", "--port", "0"));
        command.addAll(List.of(flags));
        Path out = Files.createTempFile(workDir, "serve-out", ".txt");
        Path err = Files.createTempFile(workDir, "serve-err", ".txt");
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            Matcher m = URL.matcher(Files.readString(out));
            if (m.find()) {
                return new ServerProcess(p, m.group(1), out, err);
            }
            if (!p.isAlive()) {
                throw new AssertionError("the server exited with " + p.exitValue() + ": " + Files.readString(err));
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("the server did not start in a minute: " + Files.readString(out) + Files.readString(err));
    }

    String out() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    String err() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request of any method without a body (HEAD, DELETE...). */
    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** SIGTERM, then the exit code (the process is killed if it takes over a minute). */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not stop within a minute of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
    }

    /** The first line of the server's stdout that contains {@code text}, or null. */
    String outLine(String text) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(out), StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> l.contains(text)).findFirst().orElse(null);
        }
    }
}
