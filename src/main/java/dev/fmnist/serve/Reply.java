package dev.fmnist.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An answer: its status, headers and body, sent whole (a HEAD request gets the headers alone). */
record Reply(int status, Map<String, String> headers, byte[] body) {
    static Reply json(int status, String json) {
        return new Reply(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    /** This reply with one more header. */
    Reply with(String header, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(header, value);
        return new Reply(status, h, body);
    }

    /**
     * Sends the reply on {@code exchange}; for a HEAD request without the body, but with the
     * Content-Length a GET would have had.
     */
    void send(HttpExchange exchange, boolean head) throws IOException {
        headers.forEach(exchange.getResponseHeaders()::set);
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
