package dev.fmnist.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Where each request goes, and every refusal of the routing itself, as TensorFlow Serving words them. */
class RouterTest {
    private final Router router = new Router("fashion_mnist");

    private Router.Route route(String method, String path) throws ApiException {
        return router.resolve(method, path);
    }

    private ApiException refused(String method, String path) {
        return assertThrows(ApiException.class, () -> router.resolve(method, path));
    }

    @Test
    void eachPathReachesItsEndpoint() throws ApiException {
        assertEquals(new Router.Route(Router.Endpoint.PAGE, null, false), route("GET", "/"));
        assertEquals(new Router.Route(Router.Endpoint.PAGE, null, false), route("GET", "/index.html"));
        assertEquals(new Router.Route(Router.Endpoint.STATUS, null, false), route("GET", "/v1/models/fashion_mnist"));
        assertEquals(new Router.Route(Router.Endpoint.STATUS, 3L, false),
                route("GET", "/v1/models/fashion_mnist/versions/3"));
        assertEquals(new Router.Route(Router.Endpoint.METADATA, null, false),
                route("GET", "/v1/models/fashion_mnist/metadata"));
        assertEquals(new Router.Route(Router.Endpoint.METADATA, 2L, false),
                route("GET", "/v1/models/fashion_mnist/versions/2/metadata"));
        assertEquals(new Router.Route(Router.Endpoint.PREDICT, null, false),
                route("POST", "/v1/models/fashion_mnist:predict"));
        assertEquals(new Router.Route(Router.Endpoint.CLASSIFY_IMAGE, 1L, false),
                route("POST", "/v1/models/fashion_mnist/versions/1:classify-image"));
    }

    /** HEAD is GET without the body, wherever GET is answered. */
    @Test
    void headIsAnsweredAsGet() throws ApiException {
        assertEquals(new Router.Route(Router.Endpoint.PAGE, null, true), route("HEAD", "/"));
        assertEquals(new Router.Route(Router.Endpoint.STATUS, null, true), route("HEAD", "/v1/models/fashion_mnist"));
        ApiException e = refused("HEAD", "/v1/models/fashion_mnist:predict");
        assertEquals(405, e.status);
        assertEquals("POST", e.allow);
    }

    @Test
    void theWrongMethodIs405NamingTheRightOnes() {
        ApiException get = refused("GET", "/v1/models/fashion_mnist:predict");
        assertEquals(405, get.status);
        assertEquals("POST", get.allow);
        assertEquals("GET is not allowed here; use POST.", get.getMessage());
        ApiException post = refused("POST", "/");
        assertEquals(405, post.status);
        assertEquals("GET, HEAD", post.allow);
        assertEquals(405, refused("DELETE", "/v1/models/fashion_mnist").status);
    }

    @Test
    void unknownPathsModelsLabelsAndVerbsAre404Or400() {
        ApiException nothing = refused("GET", "/favicon.ico");
        assertEquals(404, nothing.status);
        assertTrue(nothing.getMessage().contains("/v1/models/fashion_mnist"), nothing.getMessage());
        ApiException other = refused("GET", "/v1/models/mnist");
        assertEquals(404, other.status);
        assertEquals("Servable not found for request: Latest(mnist); this server serves 'fashion_mnist'.",
                other.getMessage());
        assertTrue(refused("GET", "/v1/models/mnist/versions/2").getMessage().contains("Specific(mnist, 2)"));
        assertEquals(404, refused("GET", "/v1/models/fashion_mnist/labels/stable").status);
        assertEquals(400, refused("GET", "/v1/models/fashion_mnist/versions/two").status);
        assertEquals(400, refused("POST", "/v1/models/fashion_mnist:classify").status);
        assertEquals(404, refused("POST", "/v1/models/fashion_mnist:explain").status);
        assertEquals("The version 'a b' is not a number.",
                refused("GET", "/v1/models/fashion_mnist/versions/a%20b").getMessage());
    }
}
