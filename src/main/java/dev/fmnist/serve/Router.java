package dev.fmnist.serve;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a request goes, from its method and path alone: TensorFlow Serving's paths under
 * {@code /v1/models/NAME}, and the page at {@code /}. HEAD is answered as GET, without the body.
 */
final class Router {
    /** What the server answers with. */
    enum Endpoint { PAGE, STATUS, METADATA, PREDICT, CLASSIFY_IMAGE }

    /**
     * A resolved request.
     *
     * @param version the version the path names, or null for the current one
     * @param head    a HEAD request: the answer's headers without its body
     */
    record Route(Endpoint endpoint, Long version, boolean head) {}

    private static final Pattern MODEL_PATH = Pattern.compile(
            "/v1/models/([^/:]+)(?:/versions/([^/:]+)|/labels/([^/:]+))?(/metadata|:[A-Za-z-]+)?");

    private final String name;

    /** @param name the name the model is served under */
    Router(String name) {
        this.name = name;
    }

    /** The route of {@code method} on {@code rawPath} (still URL-encoded), or the refusal a client gets. */
    Route resolve(String method, String rawPath) throws ApiException {
        if (rawPath.equals("/") || rawPath.equals("/index.html")) {
            return new Route(Endpoint.PAGE, null, require(method, "GET"));
        }
        Matcher m = MODEL_PATH.matcher(rawPath);
        if (!m.matches()) {
            throw new ApiException(404, "There is nothing at " + rawPath + "; the API is under /v1/models/" + name
                    + ", the page at /.");
        }
        String asked = decode(m.group(1));
        String versionText = m.group(2);
        if (!asked.equals(name)) {
            throw new ApiException(404, "Servable not found for request: " + (versionText == null
                    ? "Latest(" + asked + ")" : "Specific(" + asked + ", " + versionText + ")")
                    + "; this server serves '" + name + "'.");
        }
        if (m.group(3) != null) {
            throw new ApiException(404, "No version of " + asked + " has the label '" + decode(m.group(3))
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
        String verb = m.group(4) == null ? "" : m.group(4);
        return switch (verb) {
            case "" -> new Route(Endpoint.STATUS, version, require(method, "GET"));
            case "/metadata" -> new Route(Endpoint.METADATA, version, require(method, "GET"));
            case ":predict" -> new Route(Endpoint.PREDICT, version, require(method, "POST"));
            case ":classify-image" -> new Route(Endpoint.CLASSIFY_IMAGE, version, require(method, "POST"));
            case ":classify", ":regress" -> throw ApiException.badRequest("The model's signature is a predict"
                    + " signature (tensorflow/serving/predict); use :predict, or :classify-image with an image file.");
            default -> throw new ApiException(404, "There is no " + verb + " for a model; use :predict,"
                    + " :classify-image or /metadata.");
        };
    }

    /** Refuses any method but {@code allowed} (HEAD counting as GET); returns whether it was HEAD. */
    private static boolean require(String method, String allowed) throws ApiException {
        boolean head = method.equals("HEAD") && allowed.equals("GET");
        if (!method.equals(allowed) && !head) {
            throw ApiException.methodNotAllowed(method, allowed.equals("GET") ? "GET, HEAD" : allowed);
        }
        return head;
    }

    static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
