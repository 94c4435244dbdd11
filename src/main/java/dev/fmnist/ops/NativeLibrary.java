package dev.fmnist.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/** Where our native libraries (built from {@code native/}, packaged in the jars) are, as files. */
final class NativeLibrary {
    private NativeLibrary() {}

    /**
     * {@code name} (e.g. {@code libfmnist_ops.so}) as a file: beside our classes when they are a
     * directory, else unpacked from the jar to a temporary file; null on a platform we do not build
     * for, or when the build left it out.
     */
    static Path locate(String name) throws IOException, URISyntaxException {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                || !System.getProperty("os.arch", "").matches("amd64|x86_64")) {
            return null;
        }
        URL url = NativeLibrary.class.getResource("/native/linux-x86_64/" + name);
        if (url == null) {
            return null;
        }
        if (url.getProtocol().equals("file")) {
            return Path.of(url.toURI());
        }
        Path copy = Files.createTempFile(name.replace(".so", ""), ".so");
        copy.toFile().deleteOnExit();
        try (InputStream in = url.openStream()) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }
}
