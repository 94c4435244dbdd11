package dev.fmnist.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fmnist.predict.Fit;
import dev.fmnist.predict.ImageLoader;
import dev.fmnist.predict.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TensorFlow Serving's request and response shapes, and one sentence with status 400 for each malformed request. */
class RestApiTest {
    private static final String INPUT = "images";

    /** A 28 x 28 image as JSON whose pixel (y, x) is ((y * 28 + x) % 256) / 255, optionally with a channel axis. */
    static String image(boolean channel) {
        StringBuilder s = new StringBuilder("[");
        for (int y = 0; y < 28; y++) {
            s.append(y > 0 ? ", [" : "[");
            for (int x = 0; x < 28; x++) {
                String v = Float.toString(((y * 28 + x) % 256) / 255f);
                s.append(x > 0 ? ", " : "").append(channel ? "[" + v + "]" : v);
            }
            s.append(']');
        }
        return s.append(']').toString();
    }

    static float[] expected() {
        float[] p = new float[784];
        for (int i = 0; i < 784; i++) {
            p[i] = (i % 256) / 255f;
        }
        return p;
    }

    @Test
    void rowFormatTakesImagesWithAndWithoutTheChannelAxisAndNamedInstances() throws Exception {
        RestApi.PredictRequest r = RestApi.parsePredict("{\"instances\": [" + image(false) + ", " + image(true)
                + ", {\"images\": " + image(false) + "}]}", INPUT);
        assertFalse(r.columnar());
        assertEquals(3, r.images().length);
        for (float[] img : r.images()) {
            assertArrayEquals(expected(), img);
        }
    }

    @Test
    void columnarFormatTakesAListOrTheNamedInput() throws Exception {
        RestApi.PredictRequest list = RestApi.parsePredict("{\"inputs\": [" + image(true) + ", " + image(false) + "]}", INPUT);
        assertTrue(list.columnar());
        assertEquals(2, list.images().length);
        assertArrayEquals(expected(), list.images()[1]);
        RestApi.PredictRequest named = RestApi.parsePredict("{\"signature_name\": \"serving_default\", \"inputs\": {\"images\": ["
                + image(false) + "]}}", INPUT);
        assertEquals(1, named.images().length);
        assertArrayEquals(expected(), named.images()[0]);
    }

    @Test
    void b64ImagesAreReadAsPredictJarReadsTheFile() throws Exception {
        Path file = Path.of("samples", "pullover_colour.jpg");
        String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        RestApi.PredictRequest r = RestApi.parsePredict("{\"instances\": [{\"b64\": \"" + b64 + "\"}]}", INPUT);
        float[] fromFile = ImageLoader.toInput(Fit.AUTO.load(file, null).gray(), false);
        assertArrayEquals(fromFile, r.images()[0]);
        String urlSafe = Base64.getUrlEncoder().encodeToString(Files.readAllBytes(file));
        assertArrayEquals(fromFile, RestApi.parsePredict("{\"inputs\": [{\"b64\": \"" + urlSafe + "\"}]}", INPUT).images()[0]);
    }

    private static String refused(String body) {
        ApiException e = assertThrows(ApiException.class, () -> RestApi.parsePredict(body, INPUT), body);
        assertEquals(400, e.status);
        String m = e.getMessage();
        assertTrue(m.endsWith(".") && m.indexOf(". ") < 0 && !m.contains("Exception"), "one sentence: " + m);
        return m;
    }

    @Test
    void malformedRequestsAreRefusedInOneSentence() {
        assertTrue(refused("{\"instances\": [").contains("not valid JSON"));
        assertTrue(refused("[1, 2]").contains("must be a JSON object"));
        assertTrue(refused("{}").contains("neither 'instances'"));
        assertTrue(refused("{\"instances\": [], \"inputs\": []}").contains("both"));
        assertTrue(refused("{\"instances\": []}").contains("no images"));
        assertTrue(refused("{\"instances\": 3}").contains("must be a list"));
        assertTrue(refused("{\"signature_name\": \"classify\", \"instances\": [" + image(false) + "]}").contains("'classify'"));
        assertTrue(refused("{\"inputs\": {\"x\": [" + image(false) + "]}}").contains("'images'"));
    }

    @Test
    void wrongShapesAndValuesAreRefusedWithWhereTheyAre() {
        assertTrue(refused("{\"instances\": [[[0.5]]]}").contains("has 1 row;"));
        String shortRow = image(false).replaceFirst("\\[0\\.0, ", "[");
        assertTrue(refused("{\"instances\": [" + shortRow + "]}").contains("row 0 is a list of 27 values"));
        String nested = "{\"instances\": [[" + image(false) + "]]}";
        assertTrue(refused(nested).contains("Instance 0"), refused(nested));
        String big = image(false).replaceFirst("0\\.0", "1.5");
        assertTrue(refused("{\"instances\": [" + big + "]}").contains("row 0, column 0 holds 1.5, outside [0, 1]"));
        String nan = image(false).replaceFirst("0\\.0", "NaN");
        assertTrue(refused("{\"instances\": [" + nan + "]}").contains("holds NaN"));
        String text = image(false).replaceFirst("0\\.0", "\"x\"");
        assertTrue(refused("{\"instances\": [" + text + "]}").contains("holds a string"));
        assertTrue(refused("{\"instances\": [{\"b64\": \"%%%\"}]}").contains("not valid base64"));
        assertTrue(refused("{\"instances\": [{\"b64\": \"aGVsbG8=\"}]}").contains("not an image"));
        assertTrue(refused("{\"instances\": [{\"bytes\": \"aGVsbG8=\"}]}").contains("b64"));
    }

    @Test
    void responsesHaveTensorFlowServingsShapes() {
        JsonObject predict = JsonParser.parseString(RestApi.predictResponse(new float[][] {{0.25f, 0.75f}}, false)).getAsJsonObject();
        assertEquals(0.75, predict.getAsJsonArray("predictions").get(0).getAsJsonArray().get(1).getAsDouble());
        JsonObject columnar = JsonParser.parseString(RestApi.predictResponse(new float[][] {{1e-7f}}, true)).getAsJsonObject();
        assertEquals(1e-7f, columnar.getAsJsonArray("outputs").get(0).getAsJsonArray().get(0).getAsFloat());

        JsonObject status = JsonParser.parseString(RestApi.statusResponse(3, List.of(1L, 2L), null)).getAsJsonObject();
        var versions = status.getAsJsonArray("model_version_status");
        assertEquals(3, versions.size());
        assertEquals("3", versions.get(0).getAsJsonObject().get("version").getAsString());
        assertEquals("AVAILABLE", versions.get(0).getAsJsonObject().get("state").getAsString());
        assertEquals("END", versions.get(1).getAsJsonObject().get("state").getAsString());
        assertEquals("OK", versions.get(0).getAsJsonObject().getAsJsonObject("status").get("error_code").getAsString());
        assertEquals(1, JsonParser.parseString(RestApi.statusResponse(3, List.of(1L, 2L), 2L)).getAsJsonObject()
                .getAsJsonArray("model_version_status").size());

        JsonObject meta = JsonParser.parseString(RestApi.metadataResponse("fashion_mnist", 2,
                new Predictor.TensorNames("images", "serving_default_images:0", "probabilities", "StatefulPartitionedCall:0")))
                .getAsJsonObject();
        assertEquals("2", meta.getAsJsonObject("model_spec").get("version").getAsString());
        JsonObject sig = meta.getAsJsonObject("metadata").getAsJsonObject("signature_def").getAsJsonObject("signature_def")
                .getAsJsonObject("serving_default");
        JsonObject in = sig.getAsJsonObject("inputs").getAsJsonObject("images");
        assertEquals("DT_FLOAT", in.get("dtype").getAsString());
        assertEquals("serving_default_images:0", in.get("name").getAsString());
        var dims = in.getAsJsonObject("tensor_shape").getAsJsonArray("dim");
        assertEquals(List.of("-1", "28", "28", "1"), dims.asList().stream().map(d -> d.getAsJsonObject().get("size").getAsString()).toList());
        assertEquals("tensorflow/serving/predict", sig.get("method_name").getAsString());
        assertEquals("{\"error\": \"a \\\"quoted\\\" word\"}", RestApi.error("a \"quoted\" word"));
    }
}
