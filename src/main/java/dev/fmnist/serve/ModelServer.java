package dev.fmnist.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.export.ModelException;
import dev.fmnist.predict.Predictor;
import dev.fmnist.util.FmnistException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

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

    /** Enough threads that every waiting client's request can sit in one batch. */
    private static final int HANDLER_THREADS = 64;
    /**
     * The JDK server's own logger, switched off: it would write WARNING lines on stderr for a client
     * that goes away, which the server's answers already cover. Held here, since the logging system
     * keeps only weak references.
     */
    private static final Logger JDK_SERVER_LOG = Logger.getLogger("com.sun.net.httpserver");

    private final Settings settings;
    private final ServedModel served;
    private final Batcher batcher;
    private final HttpServer http;
    private final ExecutorService handlers;
    private final ModelWatcher watcher;
    private final Router router;
    private final Endpoints endpoints;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();

    private ModelServer(Settings settings, ServedModel served, HttpServer http, ExecutorService handlers,
                        PrintStream out, PrintStream err) {
        this.settings = settings;
        this.served = served;
        this.batcher = new Batcher(served, settings.maxBatch(), settings.batchWaitMicros(), settings.maxQueue());
        this.http = http;
        this.handlers = handlers;
        this.router = new Router(settings.name());
        this.endpoints = new Endpoints(settings.name(), served, batcher, new RequestBody(settings.maxBodyBytes()));
        this.watcher = settings.pollSeconds() > 0
                ? new ModelWatcher(settings.model(), settings.pollSeconds(), served, ModelServer::load, out, err) : null;
    }

    /**
     * Loads the model, answers one warm-up request with it, then listens. Until this returns
     * nothing listens on the port, so a health check sees the server only once it can answer.
     */
    public static ModelServer start(Settings settings, PrintStream out, PrintStream err) throws ModelException {
        Predictor first = load(settings.model());
        ServedModel served = new ServedModel(first);
        JDK_SERVER_LOG.setLevel(Level.OFF);
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

    static ThreadFactory daemon(String name) {
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

    /** One request: routed, answered, and every refusal turned into its status and one sentence. */
    private void handle(HttpExchange exchange) {
        requests.incrementAndGet();
        inFlight.incrementAndGet();
        boolean head = exchange.getRequestMethod().equals("HEAD");
        try (exchange) {
            Reply reply;
            try {
                Router.Route route = router.resolve(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
                reply = endpoints.answer(route, exchange);
            } catch (ApiException e) {
                RequestBody.drain(exchange);
                reply = Reply.json(e.status, RestApi.error(e.getMessage()));
                reply = e.allow == null ? reply : reply.with("Allow", e.allow);
            } catch (Batcher.Busy e) {
                reply = Reply.json(503, RestApi.error(e.getMessage())).with("Retry-After", "1");
            } catch (RuntimeException e) {
                RequestBody.drain(exchange);
                reply = Reply.json(500, RestApi.error("The server failed on this request: " + e + "."));
            }
            reply.send(exchange, head);
        } catch (IOException | UncheckedIOException e) {
            // The client went away, or took too long; there is nobody left to answer.
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
