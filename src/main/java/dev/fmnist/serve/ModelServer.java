package dev.fmnist.serve;

import dev.fmnist.util.FmnistException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.export.ModelException;
import dev.fmnist.predict.Fit;
import dev.fmnist.predict.Prediction;
import dev.fmnist.predict.Predictor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code predict.jar --serve}: TensorFlow Serving's REST API for one model, on the JDK's own HTTP
 * server, with concurrent requests batched into one model call ({@link Batcher}), a page to try
 * the model in a browser, and the model reloaded when a new one is saved where it was loaded from
 * ({@link ModelWatcher}).
 */
public final class ModelServer implements AutoCloseable {
    /** What the server is told on the command line. */
    public record Settings(String host, int port, Path model, String name, int maxBatch, long batchWaitMicros,
                           int maxQueue, long maxBodyBytes, int clientTimeoutSeconds, double pollSeconds,
                           int graceSeconds) {}

    private static final Pattern MODEL_PATH = Pattern.compile(
            "/v1/models/([^/:]+)(?:/versions/([^/:]+)|/labels/([^/:]+))?(/metadata|:[A-Za-z-]+)?");
    /**
     * The body types :classify-image takes; the file's own bytes tell its format. curl sends
     * application/x-www-form-urlencoded for {@code --data-binary @photo.jpg} unless told otherwise.
     */
    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/jpg", "image/pjpeg",
            "image/bmp", "image/x-ms-bmp", "image/x-bmp", "image/gif", "application/octet-stream",
            "application/x-www-form-urlencoded");
    /** How long a request waits for its batch before the server gives up on it. */
    private static final long ANSWER_SECONDS = 60;
    /** Bodies over the limit are still read, up to this much, so that the client hears the 413. */
    private static final long DRAIN_BYTES = 64L << 20;

    private final Settings settings;
    private final ServedModel served;
    private final Batcher batcher;
    private final HttpServer http;
    private final ExecutorService handlers;
    private final ModelWatcher watcher;
    private final byte[] page;
    private final AtomicLong requests = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    private ModelServer(Settings settings, ServedModel served, HttpServer http, ExecutorService handlers,
                        PrintStream out, PrintStream err) {
        this.settings = settings;
        this.served = served;
        this.batcher = new Batcher(served, settings.maxBatch(), settings.batchWaitMicros(), settings.maxQueue());
        this.http = http;
        this.handlers = handlers;
        this.page = Page.render(settings.name());
        this.watcher = settings.pollSeconds() > 0
                ? new ModelWatcher(settings.model(), settings.pollSeconds(), served, out, err) : null;
    }

    /**
     * Loads the model, answers one warm-up request with it, then listens. Until this returns
     * nothing listens on the port, so a health check sees the server only once it can answer.
     */
    public static ModelServer start(Settings settings, PrintStream out, PrintStream err) throws ModelException {
        Predictor first = load(settings.model());
        ServedModel served = new ServedModel(first);
        // The JDK server reads these once, when it is first used: a client that takes longer than
        // this to send its request, or to read the answer, is disconnected.
        System.setProperty("sun.net.httpserver.maxReqTime", String.valueOf(settings.clientTimeoutSeconds()));
        System.setProperty("sun.net.httpserver.maxRspTime", String.valueOf(settings.clientTimeoutSeconds()));
        // Headers and body go out in separate writes; with Nagle's algorithm the body would wait
        // for the client's delayed acknowledgement (40 ms on Linux) on every keep-alive request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 256);
        } catch (BindException e) {
            served.close();
            throw new ModelException("Cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT) + ".", FmnistException.Remedy.ADDRESS, e);
        } catch (IOException | RuntimeException e) {
            served.close();
            throw new ModelException("Cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage() + ".", e);
        }
        ExecutorService handlers = Executors.newFixedThreadPool(HANDLER_THREADS, daemon("http"));
        ModelServer server = new ModelServer(settings, served, http, handlers, out, err);
        http.createContext("/", server::handle);
        http.setExecutor(handlers);
        http.start();
        return server;
    }

    /** Enough threads that every waiting client's request can sit in one batch. */
    private static final int HANDLER_THREADS = 64;

    /** Loads {@code model} without touching the directory, and runs it once on a blank image. */
    static Predictor load(Path model) throws ModelException {
        Predictor p = Predictor.loadAsIs(model);
        try {
            float[][] rows = p.predict(new float[1][FashionMnist.IMAGE_SIZE * FashionMnist.IMAGE_SIZE]);
            if (rows.length != 1 || rows[0].length != FashionMnist.NUM_CLASSES) {
                throw new IllegalStateException("it gave " + rows.length + " rows for one image");
            }
        } catch (RuntimeException e) {
            p.close();
            throw new ModelException("The model " + model + " failed its warm-up prediction: " + e.getMessage() + ".", e);
        }
        return p;
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public long version() {
        return served.version();
    }

    public long requests() {
        return requests.get();
    }

    /**
     * Stops accepting connections, lets the requests in flight finish (up to the grace period),
     * answers what is queued, and closes the model.
     */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        // HttpServer.stop closes the listening socket at once, then waits out its whole delay unless
        // an exchange ends meanwhile (even when none is running); so it runs on its own thread, and
        // this one waits for the requests in flight by its own count.
        Thread stopper = new Thread(() -> http.stop(settings.graceSeconds()), "http-stop");
        stopper.setDaemon(true);
        stopper.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.graceSeconds());
        try {
            Thread.sleep(20);
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        batcher.close();
        handlers.shutdown();
        try {
            handlers.awaitTermination(settings.graceSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        served.close();
    }

    private void handle(HttpExchange exchange) {
        requests.incrementAndGet();
        inFlight.incrementAndGet();
        try (exchange) {
            try {
                route(exchange);
            } catch (ApiException e) {
                drain(exchange);
                send(exchange, e.status, RestApi.error(e.getMessage()));
            } catch (Batcher.Busy e) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                send(exchange, 503, RestApi.error(e.getMessage()));
            } catch (RuntimeException e) {
                drain(exchange);
                send(exchange, 500, RestApi.error("The server failed on this request: " + e + "."));
            }
        } catch (IOException | UncheckedIOException e) {
            // The client went away, or took too long; there is nobody left to answer.
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void route(HttpExchange exchange) throws ApiException, Batcher.Busy, IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals("/") || path.equals("/index.html")) {
            requireMethod(exchange, "GET");
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            return;
        }
        Matcher m = MODEL_PATH.matcher(path);
        if (!m.matches()) {
            throw new ApiException(404, "There is nothing at " + path + "; the API is under /v1/models/"
                    + settings.name() + ", the page at /.");
        }
        String name = decode(m.group(1));
        String versionText = m.group(2);
        String label = m.group(3);
        String verb = m.group(4) == null ? "" : m.group(4);
        if (!name.equals(settings.name())) {
            throw new ApiException(404, "Servable not found for request: " + (versionText == null
                    ? "Latest(" + name + ")" : "Specific(" + name + ", " + versionText + ")")
                    + "; this server serves '" + settings.name() + "'.");
        }
        if (label != null) {
            throw new ApiException(404, "No version of " + name + " has the label '" + decode(label)
                    + "'; this server labels no versions.");
        }
        Long version = null;
        if (versionText != null) {
            try {
                version = Long.parseLong(versionText);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("The version '" + decode(versionText) + "' is not a number.");
            }
        }
        switch (verb) {
            case "" -> {
                requireMethod(exchange, "GET");
                long current = served.version();
                List<Long> retired = served.retired();
                if (version != null && version != current && !retired.contains(version)) {
                    throw notFound(name, version);
                }
                send(exchange, 200, RestApi.statusResponse(current, retired, version));
            }
            case "/metadata" -> {
                requireMethod(exchange, "GET");
                long current = requireCurrent(name, version);
                send(exchange, 200, RestApi.metadataResponse(name, current, served.signature()));
            }
            case ":predict" -> {
                requireMethod(exchange, "POST");
                requireCurrent(name, version);
                String body = new String(body(exchange), StandardCharsets.UTF_8);
                RestApi.PredictRequest request = RestApi.parsePredict(body, served.signature().input());
                Batcher.Answer answer = answer(batcher.submit(request.images()));
                exchange.getResponseHeaders().set("X-Model-Version", String.valueOf(answer.version()));
                send(exchange, 200, RestApi.predictResponse(answer.probabilities(), request.columnar()));
            }
            case ":classify-image" -> {
                requireMethod(exchange, "POST");
                requireCurrent(name, version);
                classifyImage(exchange);
            }
            case ":classify", ":regress" -> throw ApiException.badRequest("The model's signature is a predict"
                    + " signature (tensorflow/serving/predict); use :predict, or :classify-image with an image file.");
            default -> throw new ApiException(404, "There is no " + verb + " for a model; use :predict,"
                    + " :classify-image or /metadata.");
        }
    }

    private void classifyImage(HttpExchange exchange) throws ApiException, Batcher.Busy, IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String bare = type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (!bare.isEmpty() && !IMAGE_TYPES.contains(bare)) {
            throw new ApiException(415, "The body's Content-Type is " + bare + "; send the bytes of a PNG, JPEG,"
                    + " BMP or GIF image with its own type (image/png, ...).");
        }
        Map<String, String> query = RestApi.query(exchange.getRequestURI().getRawQuery());
        String file = query.getOrDefault("name", "upload");
        int top;
        try {
            top = Integer.parseInt(query.getOrDefault("top", "0"));
        } catch (NumberFormatException e) {
            top = -1;
        }
        if (top < 0 || top > FashionMnist.NUM_CLASSES) {
            throw ApiException.badRequest("top must be a whole number from 0 to " + FashionMnist.NUM_CLASSES + ".");
        }
        byte[] bytes = body(exchange);
        if (bytes.length == 0) {
            throw ApiException.badRequest("The request has no body; send the bytes of an image file.");
        }
        Fit.Fitted fitted = RestApi.fit(bytes, "The image " + file);
        Batcher.Answer answer = answer(batcher.submit(new float[][] {fitted.input()}));
        exchange.getResponseHeaders().set("X-Model-Version", String.valueOf(answer.version()));
        send(exchange, 200, Prediction.json(file, fitted, answer.probabilities()[0], top));
    }

    private long requireCurrent(String name, Long version) throws ApiException {
        long current = served.version();
        if (version != null && version != current) {
            throw notFound(name, version);
        }
        return current;
    }

    private static ApiException notFound(String name, long version) {
        return new ApiException(404, "Servable not found for request: Specific(" + name + ", " + version + ").");
    }

    private static void requireMethod(HttpExchange exchange, String allowed) throws ApiException {
        String method = exchange.getRequestMethod();
        if (!method.equals(allowed)) {
            exchange.getResponseHeaders().set("Allow", allowed);
            throw new ApiException(405, method + " is not allowed here; use " + allowed + ".");
        }
    }

    private static Batcher.Answer answer(java.util.concurrent.CompletableFuture<Batcher.Answer> pending)
            throws ApiException {
        try {
            return pending.get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(504, "The model did not answer within " + ANSWER_SECONDS + " s.");
        } catch (ExecutionException e) {
            throw new ApiException(503, "The model could not answer: " + e.getCause().getMessage() + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "The server is shutting down.");
        }
    }

    /** The request body, refused with 413 when over the limit (after reading it, so that the client hears why). */
    private byte[] body(HttpExchange exchange) throws ApiException, IOException {
        long limit = settings.maxBodyBytes();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long length = -1;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("The Content-Length '" + declared + "' is not a number.");
        }
        InputStream in = exchange.getRequestBody();
        if (length > DRAIN_BYTES) {
            throw tooLarge(length);
        }
        byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > limit) {
            throw tooLarge(Math.max(bytes.length + drain(exchange), length));
        }
        return bytes;
    }

    /**
     * Reads what is left of the request body (up to {@link #DRAIN_BYTES}) before an error is sent:
     * a client still sending a body that nobody reads would see the connection reset instead of the
     * answer. Returns the number of bytes read.
     */
    private static long drain(HttpExchange exchange) {
        byte[] buffer = new byte[64 << 10];
        long total = 0;
        try {
            InputStream in = exchange.getRequestBody();
            for (int n; total < DRAIN_BYTES && (n = in.read(buffer)) > 0; ) {
                total += n;
            }
        } catch (IOException e) {
            // The client stopped sending; the answer may still reach it.
        }
        return total;
    }

    private ApiException tooLarge(long bytes) {
        return new ApiException(413, String.format(Locale.ROOT, "The request body (%s) is over the %s limit.",
                megabytes(bytes), megabytes(settings.maxBodyBytes())));
    }

    private static String megabytes(long bytes) {
        double mb = bytes / 1e6;
        return mb == Math.rint(mb) ? String.format(Locale.ROOT, "%.0f MB", mb) : String.format(Locale.ROOT, "%.1f MB", mb);
    }

    private static String decode(String raw) {
        return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
