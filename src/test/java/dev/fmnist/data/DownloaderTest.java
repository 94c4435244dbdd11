package dev.fmnist.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.fmnist.util.FmnistException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against a server on 127.0.0.1 that serves whatever bytes a test puts in {@link #files}. */
class DownloaderTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring(1);
            byte[] body = files.get(name);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Downloader downloader() {
        URI mirror = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        return new Downloader(mirror, new PrintStream(progress, true));
    }

    private long filesIn(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void downloadsVerifiesAndKeepsTheRealFiles() throws Exception {
        assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR), "needs dataset-fashion-mnist installed");
        for (DatasetFile f : DatasetFile.values()) {
            files.put(f.gzipName(), Files.readAllBytes(FashionMnist.pathIn(DataLocator.SYSTEM_DIR, f)));
        }
        Path cache = dir.resolve("cache");
        downloader().downloadAll(cache);
        assertTrue(FashionMnist.isComplete(cache));
        assertEquals(4, filesIn(cache));
        FashionMnist.Split split = FashionMnist.load(cache);
        assertEquals(60000, split.train().count());
        assertTrue(progress.toString().contains("Downloading t10k-labels-idx1-ubyte.gz: 100%"), progress.toString());
    }

    @Test
    void dataSourceDownloadsIntoTheKerasCacheOnlyWhenAllowed() throws Exception {
        assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR), "needs dataset-fashion-mnist installed");
        for (DatasetFile f : DatasetFile.values()) {
            files.put(f.gzipName(), Files.readAllBytes(FashionMnist.pathIn(DataLocator.SYSTEM_DIR, f)));
        }
        Path home = Files.createDirectories(dir.resolve("home"));
        DataLocator empty = new DataLocator(home, Map.of(), dir.resolve("no-system-copy"));
        URI mirror = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        PrintStream out = new PrintStream(progress, true);

        DataException offline = assertThrows(DataException.class,
                () -> DataSource.load(empty, null, true, out, mirror));
        assertTrue(offline.getMessage().contains("may not download"), offline.getMessage());
        assertEquals(FmnistException.Remedy.DATA_OFFLINE, offline.remedy().orElseThrow());
        assertFalse(Files.exists(empty.kerasCache()));

        FashionMnist.Split split = DataSource.load(empty, null, false, out, mirror);
        assertEquals(10000, split.test().count());
        assertTrue(FashionMnist.isComplete(empty.kerasCache()));
        assertEquals(empty.kerasCache(), empty.locate(null).orElseThrow(), "the next run finds the download");
    }

    @Test
    void corruptPayloadLeavesNothingBehind() throws Exception {
        byte[] wrong = IdxFileTest.gzip(IdxFile.encode(2049, new int[] {10000}, new byte[10000]));
        files.put(DatasetFile.TEST_LABELS.gzipName(), wrong);
        DataException e = assertThrows(DataException.class,
                () -> downloader().download(DatasetFile.TEST_LABELS, dir));
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("SHA-256"), e.getMessage());
        assertEquals(0, filesIn(dir));
    }

    @Test
    void truncatedPayloadLeavesNothingBehind() throws Exception {
        byte[] gz = IdxFileTest.gzip(IdxFile.encode(2049, new int[] {10000}, new byte[10000]));
        files.put(DatasetFile.TEST_LABELS.gzipName(), java.util.Arrays.copyOf(gz, gz.length / 2));
        assertThrows(DataException.class, () -> downloader().download(DatasetFile.TEST_LABELS, dir));
        assertEquals(0, filesIn(dir));
    }

    @Test
    void httpErrorIsOneSentenceAndLeavesNothing() throws Exception {
        DataException e = assertThrows(DataException.class,
                () -> downloader().download(DatasetFile.TRAIN_LABELS, dir));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(DatasetFile.TRAIN_LABELS.gzipName())));
        assertEquals(0, filesIn(dir));
    }
}
