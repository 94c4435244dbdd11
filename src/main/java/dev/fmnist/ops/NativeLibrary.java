package dev.fmnist.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Where our native libraries (built from {@code native/}, packaged in the jars under
 * {@code native/PLATFORM/}) are, as files.
 */
final class NativeLibrary {
    private NativeLibrary() {}

    /**
     * The platform this JVM runs on, named as TensorFlow Java's native jars are
     * ({@code linux-x86_64}, {@code linux-arm64}, {@code macosx-arm64}, {@code windows-x86_64}),
     * or null for one it ships nothing for.
     */
    static String platform() {
        return platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    static String platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        boolean x86 = osArch.matches("amd64|x86_64");
        boolean arm = osArch.matches("aarch64|arm64");
        if (os.contains("linux")) {
            return x86 ? "linux-x86_64" : arm ? "linux-arm64" : null;
        }
        if (os.contains("mac")) {
            return arm ? "macosx-arm64" : null;
        }
        if (os.startsWith("windows")) {
            return x86 ? "windows-x86_64" : null;
        }
        return null;
    }

    /**
     * The library {@code name} (e.g. {@code fmnist_ops}, found as {@code libfmnist_ops.so},
     * {@code .dylib} or {@code .dll}) as a file: beside our classes when they are a directory, else
     * unpacked from the jar to a temporary file; null on a platform the build did not make it for.
     */
    static Path locate(String name) throws IOException, URISyntaxException {
        String platform = platform();
        if (platform == null) {
            return null;
        }
        String file = System.mapLibraryName(name);
        URL url = NativeLibrary.class.getResource("/native/" + platform + "/" + file);
        if (url == null) {
            return null;
        }
        if (url.getProtocol().equals("file")) {
            return Path.of(url.toURI());
        }
        int dot = file.lastIndexOf('.');
        Path copy = Files.createTempFile(file.substring(0, dot), file.substring(dot));
        copy.toFile().deleteOnExit();
        try (InputStream in = url.openStream()) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }
}
