package dev.fmnist.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.predict.Fit;
import dev.fmnist.predict.ImageException;
import dev.fmnist.predict.ImageLoader;
import dev.fmnist.predict.Prediction;
import dev.fmnist.predict.Predictor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TensorFlow Serving's REST API for our model, as text in and text out: the predict request in
 * its row ({@code instances}) and columnar ({@code inputs}) formats, and the status, metadata and
 * predict responses in the JSON shapes TensorFlow Serving gives. Each image is a 28 x 28 (or
 * 28 x 28 x 1) array of numbers in [0, 1], or {@code {"b64": "..."}}, an encoded image file that is
 * read as {@code predict.jar} reads a file.
 */
final class RestApi {
    private RestApi() {}

    static final String SIGNATURE = "serving_default";
    private static final int SIZE = FashionMnist.IMAGE_SIZE;

    /** A parsed predict request: its images (784 floats each) and which format it came in. */
    record PredictRequest(float[][] images, boolean columnar) {}

    /** Parses a {@code :predict} body for a model whose one input is called {@code inputName}. */
    static PredictRequest parsePredict(String body, String inputName) throws ApiException {
        JsonObject request = object(body);
        JsonElement signature = request.get("signature_name");
        if (signature != null && !(signature.isJsonPrimitive() && List.of("", SIGNATURE).contains(signature.getAsString()))) {
            throw ApiException.badRequest("The model has no signature " + text(signature) + "; its one signature is "
                    + SIGNATURE + ".");
        }
        JsonElement instances = request.get("instances");
        JsonElement inputs = request.get("inputs");
        if (instances != null && inputs != null) {
            throw ApiException.badRequest("The request has both 'instances' and 'inputs'; give one of them.");
        }
        if (instances == null && inputs == null) {
            throw ApiException.badRequest("The request has neither 'instances' (the row format) nor 'inputs' (the"
                    + " columnar format).");
        }
        if (instances != null) {
            if (!instances.isJsonArray()) {
                throw ApiException.badRequest("'instances' must be a list of images, not " + kind(instances) + ".");
            }
            return new PredictRequest(images(instances.getAsJsonArray(), "Instance", inputName, true), false);
        }
        JsonElement batch = inputs;
        if (inputs.isJsonObject()) {
            JsonObject named = inputs.getAsJsonObject();
            batch = named.get(inputName);
            if (batch == null || named.size() != 1) {
                throw ApiException.badRequest("'inputs' names " + named.keySet() + "; the model's one input is '"
                        + inputName + "'.");
            }
        }
        if (!batch.isJsonArray()) {
            throw ApiException.badRequest("'inputs' must be a list of images, not " + kind(batch) + ".");
        }
        return new PredictRequest(images(batch.getAsJsonArray(), "Input", inputName, false), true);
    }

    private static JsonObject object(String body) throws ApiException {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(body);
        } catch (JsonParseException | IllegalStateException e) {
            throw ApiException.badRequest("The request body is not valid JSON" + where(e) + ".");
        }
        if (!parsed.isJsonObject()) {
            throw ApiException.badRequest("The request body must be a JSON object, not " + kind(parsed) + ".");
        }
        return parsed.getAsJsonObject();
    }

    private static final Pattern POSITION = Pattern.compile("line (\\d+) column (\\d+)");

    private static String where(Exception e) {
        Matcher m = POSITION.matcher(String.valueOf(e.getMessage()));
        return m.find() ? " (at line " + m.group(1) + ", column " + m.group(2) + ")" : "";
    }

    private static float[][] images(JsonArray list, String noun, String inputName, boolean rows) throws ApiException {
        if (list.isEmpty()) {
            throw ApiException.badRequest("The request holds no images; give at least one.");
        }
        float[][] images = new float[list.size()][];
        for (int i = 0; i < images.length; i++) {
            JsonElement item = list.get(i);
            if (rows && item.isJsonObject() && item.getAsJsonObject().has(inputName)) {
                JsonObject named = item.getAsJsonObject();
                if (named.size() != 1) {
                    throw ApiException.badRequest(noun + " " + i + " names " + named.keySet() + "; the model's one"
                            + " input is '" + inputName + "'.");
                }
                item = named.get(inputName);
            }
            images[i] = image(item, noun + " " + i);
        }
        return images;
    }

    /** One image: a 28 x 28 (x 1) array of numbers in [0, 1], or an encoded image file in b64. */
    static float[] image(JsonElement item, String name) throws ApiException {
        if (item.isJsonObject()) {
            JsonObject o = item.getAsJsonObject();
            JsonElement b64 = o.get("b64");
            if (b64 == null || o.size() != 1 || !b64.isJsonPrimitive() || !b64.getAsJsonPrimitive().isString()) {
                throw ApiException.badRequest(name + " is an object other than {\"b64\": \"...\"}; an image is a 28 x 28"
                        + " array of numbers in [0, 1] or an encoded image file in b64.");
            }
            return fit(base64(b64.getAsString(), name), name).input();
        }
        if (!item.isJsonArray()) {
            throw ApiException.badRequest(name + " is " + kind(item) + ", not a 28 x 28 image.");
        }
        JsonArray rows = item.getAsJsonArray();
        if (rows.size() != SIZE) {
            throw ApiException.badRequest(name + " has " + rows.size() + (rows.size() == 1 ? " row" : " rows")
                    + "; an image is 28 x 28 (or 28 x 28 x 1).");
        }
        float[] pixels = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            JsonElement row = rows.get(y);
            if (!row.isJsonArray() || row.getAsJsonArray().size() != SIZE) {
                throw ApiException.badRequest(name + ", row " + y + " is " + (row.isJsonArray()
                        ? "a list of " + row.getAsJsonArray().size() + " values" : kind(row))
                        + "; each row of an image holds 28 values.");
            }
            JsonArray values = row.getAsJsonArray();
            for (int x = 0; x < SIZE; x++) {
                JsonElement v = values.get(x);
                if (v.isJsonArray() && v.getAsJsonArray().size() == 1) {
                    v = v.getAsJsonArray().get(0);
                }
                pixels[y * SIZE + x] = pixel(v, name, y, x);
            }
        }
        return pixels;
    }

    private static float pixel(JsonElement v, String name, int y, int x) throws ApiException {
        String at = name + " at row " + y + ", column " + x;
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
            String shown = v.isJsonPrimitive() && v.getAsJsonPrimitive().isString() ? v.getAsString() : "";
            if (shown.equalsIgnoreCase("nan") || shown.toLowerCase(Locale.ROOT).contains("infinity")) {
                throw ApiException.badRequest(at + " holds " + shown + ", not a number in [0, 1].");
            }
            throw ApiException.badRequest(at + " holds " + kind(v) + ", not a number in [0, 1].");
        }
        double d = v.getAsDouble();
        if (!(d >= 0 && d <= 1)) {
            throw ApiException.badRequest(at + " holds " + v.getAsString() + ", outside [0, 1].");
        }
        return (float) d;
    }

    private static byte[] base64(String text, String name) throws ApiException {
        String compact = text.replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            try {
                // TensorFlow Serving also takes the URL-safe alphabet.
                return Base64.getUrlDecoder().decode(compact);
            } catch (IllegalArgumentException e2) {
                throw ApiException.badRequest(name + "'s b64 is not valid base64.");
            }
        }
    }

    /**
     * The most pixels an uploaded image may have: an 8000 x 6000 phone photo passes; a small file
     * that would decode to gigabytes (a 100-megapixel PNG of one colour is a few kilobytes) does not.
     */
    static final long MAX_UPLOAD_PIXELS = 50_000_000;

    /** An encoded image file, called {@code name} in messages, fitted as predict.jar fits a file. */
    static Fit.Fitted fit(byte[] bytes, String name) throws ApiException {
        try {
            return Fit.AUTO.load(ImageLoader.read(bytes, name, MAX_UPLOAD_PIXELS), name, null);
        } catch (ImageException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static String kind(JsonElement e) {
        if (e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonArray()) {
            return "a list";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isNumber() ? "the number " + p.getAsString() : p.isBoolean() ? p.getAsString() : "a string";
    }

    private static String text(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? "'" + e.getAsString() + "'" : kind(e);
    }

    /** The predict response: {@code predictions} (row format) or {@code outputs} (columnar), one row per image. */
    static String predictResponse(float[][] probabilities, boolean columnar) {
        StringBuilder s = new StringBuilder(32 + probabilities.length * 160);
        s.append(columnar ? "{\"outputs\": [" : "{\"predictions\": [");
        for (int i = 0; i < probabilities.length; i++) {
            s.append(i > 0 ? ", [" : "[");
            float[] row = probabilities[i];
            for (int k = 0; k < row.length; k++) {
                s.append(k > 0 ? ", " : "").append(row[k]);
            }
            s.append(']');
        }
        return s.append("]}").toString();
    }

    /** The model status response: the current version AVAILABLE, replaced ones END. */
    static String statusResponse(long current, List<Long> retired, Long only) {
        List<String> entries = new ArrayList<>();
        if (only == null || only == current) {
            entries.add(versionStatus(current, "AVAILABLE"));
        }
        for (int i = retired.size() - 1; i >= 0; i--) {
            if (only == null || only.equals(retired.get(i))) {
                entries.add(versionStatus(retired.get(i), "END"));
            }
        }
        return "{\"model_version_status\": [" + String.join(", ", entries) + "]}";
    }

    private static String versionStatus(long version, String state) {
        return "{\"version\": \"" + version + "\", \"state\": \"" + state
                + "\", \"status\": {\"error_code\": \"OK\", \"error_message\": \"\"}}";
    }

    /** The metadata response: the {@code serving_default} signature with its tensors' dtypes and shapes. */
    static String metadataResponse(String model, long version, Predictor.TensorNames signature) {
        return "{\"model_spec\": {\"name\": " + Prediction.quote(model) + ", \"signature_name\": \"\", \"version\": \""
                + version + "\"}, \"metadata\": {\"signature_def\": {\"signature_def\": {\"" + SIGNATURE + "\": {"
                + "\"inputs\": {" + Prediction.quote(signature.input()) + ": "
                + tensorInfo(signature.inputTensor(), -1, SIZE, SIZE, 1) + "}, "
                + "\"outputs\": {" + Prediction.quote(signature.output()) + ": "
                + tensorInfo(signature.outputTensor(), -1, FashionMnist.NUM_CLASSES) + "}, "
                + "\"method_name\": \"tensorflow/serving/predict\"}}}}}";
    }

    private static String tensorInfo(String tensor, long... dims) {
        StringBuilder s = new StringBuilder("{\"dtype\": \"DT_FLOAT\", \"tensor_shape\": {\"dim\": [");
        for (int i = 0; i < dims.length; i++) {
            s.append(i > 0 ? ", " : "").append("{\"size\": \"").append(dims[i]).append("\", \"name\": \"\"}");
        }
        return s.append("], \"unknown_rank\": false}, \"name\": ").append(Prediction.quote(tensor)).append('}').toString();
    }

    /** The body of every error response. */
    static String error(String message) {
        return "{\"error\": " + Prediction.quote(message) + "}";
    }

    /** Query parameters of a URI's raw query, decoded. */
    static Map<String, String> query(String raw) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            params.putIfAbsent(key, value);
        }
        return params;
    }
}
