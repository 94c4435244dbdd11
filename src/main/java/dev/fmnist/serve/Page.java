package dev.fmnist.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The page at {@code /}: one HTML file from the jar, with the model's name filled in; no external scripts or fonts. */
final class Page {
    private Page() {}

    static byte[] render(String modelName) {
        try (InputStream in = Page.class.getResourceAsStream("/serve/index.html")) {
            if (in == null) {
                throw new IllegalStateException("the jar has no serve/index.html");
            }
            String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // Model names are checked to be letters, digits, '.', '_' and '-', safe in HTML and JavaScript.
            return html.replace("{{MODEL}}", modelName).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
