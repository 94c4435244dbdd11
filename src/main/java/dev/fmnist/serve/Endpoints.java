package dev.fmnist.serve;

import com.sun.net.httpserver.HttpExchange;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.predict.Fit;
import dev.fmnist.predict.Prediction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What each route answers: the model's status and metadata, {@code :predict} in TensorFlow
 * Serving's row and columnar forms, our {@code :classify-image}, and the page.
 */
final class Endpoints {
    /**
     * The body types :classify-image takes; the file's own bytes tell its format. curl sends
     * application/x-www-form-urlencoded for {@code --data-binary @photo.jpg} unless told otherwise.
     */
    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/jpg", "image/pjpeg",
            "image/bmp", "image/x-ms-bmp", "image/x-bmp", "image/gif", "application/octet-stream",
            "application/x-www-form-urlencoded");
    /** How long a request waits for its batch before the server gives up on it. */
    private static final long ANSWER_SECONDS = 60;

    private final String name;
    private final ServedModel served;
    private final Batcher batcher;
    private final RequestBody body;
    private final byte[] page;

    Endpoints(String name, ServedModel served, Batcher batcher, RequestBody body) {
        this.name = name;
        this.served = served;
        this.batcher = batcher;
        this.body = body;
        this.page = Page.render(name);
    }

    /** The answer to {@code route}, whose request is {@code exchange}. */
    Reply answer(Router.Route route, HttpExchange exchange) throws ApiException, Batcher.Busy, IOException {
        return switch (route.endpoint()) {
            case PAGE -> new Reply(200, Map.of("Content-Type", "text/html; charset=utf-8", "Cache-Control", "no-cache"),
                    page);
            case STATUS -> {
                long current = served.version();
                List<Long> retired = served.retired();
                Long version = route.version();
                if (version != null && version != current && !retired.contains(version)) {
                    throw notFound(version);
                }
                yield Reply.json(200, RestApi.statusResponse(current, retired, version));
            }
            case METADATA -> Reply.json(200, RestApi.metadataResponse(name, requireCurrent(route), served.signature()));
            case PREDICT -> {
                requireCurrent(route);
                String text = new String(body.read(exchange), StandardCharsets.UTF_8);
                RestApi.PredictRequest request = RestApi.parsePredict(text, served.signature().input());
                Batcher.Answer answer = await(batcher.submit(request.images()));
                yield Reply.json(200, RestApi.predictResponse(answer.probabilities(), request.columnar()))
                        .with("X-Model-Version", String.valueOf(answer.version()));
            }
            case CLASSIFY_IMAGE -> {
                requireCurrent(route);
                yield classifyImage(exchange);
            }
        };
    }

    private Reply classifyImage(HttpExchange exchange) throws ApiException, Batcher.Busy, IOException {
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
        byte[] bytes = body.read(exchange);
        if (bytes.length == 0) {
            throw ApiException.badRequest("The request has no body; send the bytes of an image file.");
        }
        Fit.Fitted fitted = RestApi.fit(bytes, "The image " + file);
        Batcher.Answer answer = await(batcher.submit(new float[][] {fitted.input()}));
        return Reply.json(200, Prediction.json(file, fitted, answer.probabilities()[0], top))
                .with("X-Model-Version", String.valueOf(answer.version()));
    }

    /** The current version's number, when the route names no other. */
    private long requireCurrent(Router.Route route) throws ApiException {
        long current = served.version();
        if (route.version() != null && route.version() != current) {
            throw notFound(route.version());
        }
        return current;
    }

    private ApiException notFound(long version) {
        return new ApiException(404, "Servable not found for request: Specific(" + name + ", " + version + ").");
    }

    private static Batcher.Answer await(CompletableFuture<Batcher.Answer> pending) throws ApiException {
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
}
