package dev.fmnist.data;

import dev.fmnist.util.FmnistException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Downloads the four gzip files from a mirror into a directory. Each file is written to a
 * temporary sibling, verified (IDX header, labels, SHA-256) and only then renamed into place,
 * so a failed or corrupt download leaves nothing behind.
 */
public final class Downloader {

    /** The mirror Keras itself downloads Fashion-MNIST from. */
    public static final String DEFAULT_MIRROR = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

    private final URI mirror;
    private final PrintStream progress;
    private final HttpClient client;

    /**
     * @param mirror   base address; each file is fetched from {@code mirror + name.gz}
     * @param progress where the progress line goes (stderr for the CLI)
     */
    public Downloader(URI mirror, PrintStream progress) {
        String base = mirror.toString();
        this.mirror = URI.create(base.endsWith("/") ? base : base + "/");
        this.progress = progress;
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Downloads every file that {@code dir} lacks; files already there are left alone. */
    public void downloadAll(Path dir) throws DataException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DataException("Cannot create the download directory " + dir + ": "
                    + IdxFile.describe(e) + ".", e);
        }
        for (DatasetFile file : DatasetFile.values()) {
            if (!Files.isRegularFile(FashionMnist.pathIn(dir, file))) {
                download(file, dir);
            }
        }
    }

    /** Downloads and verifies one file into {@code dir}. */
    public void download(DatasetFile file, Path dir) throws DataException {
        URI uri = mirror.resolve(file.gzipName());
        Path target = dir.resolve(file.gzipName());
        Path partial = dir.resolve(file.gzipName() + ".part");
        try {
            fetch(uri, partial);
            FashionMnist.readVerified(partial, file);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (DataException e) {
            throw new DataException("The download of " + uri + " is corrupt: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataException("Cannot download " + uri + ": " + IdxFile.describe(e) + ".",
                    FmnistException.Remedy.DATA_DOWNLOAD, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("The download of " + uri + " was interrupted.", e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // Nothing more to do: the partial file is named .part and never loaded.
            }
        }
    }

    private void fetch(URI uri, Path out) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("the server answered HTTP " + response.statusCode());
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            String name = uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
            try (OutputStream file = Files.newOutputStream(out)) {
                byte[] buffer = new byte[1 << 16];
                long done = 0;
                int lastPercent = -1;
                for (int n; (n = body.read(buffer)) > 0; ) {
                    file.write(buffer, 0, n);
                    done += n;
                    int percent = total > 0 ? (int) (100 * done / total) : -1;
                    if (percent != lastPercent) {
                        lastPercent = percent;
                        progress.printf("\rDownloading %s: %s", name,
                                total > 0 ? percent + "% of " + total / 1024 + " KiB" : done / 1024 + " KiB");
                        progress.flush();
                    }
                }
                if (total > 0 && done != total) {
                    throw new IOException("the connection closed after " + done + " of " + total + " bytes");
                }
            }
            progress.println();
        }
    }
}
