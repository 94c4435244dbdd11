package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fmnist.data.FashionMnist;
import dev.fmnist.export.ModelDirectory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example of README.md and docs/ that shows its output is run as written, in a directory
 * laid out as the project's root (target/ and samples/), and must print what the page shows
 * (see {@link DocExamples} for what may vary). The README's first example trains the default model
 * the other examples then predict with and serve.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DocExamplesIT {
    /** Examples another test runs as written and holds to its page, by command. */
    static final Set<String> RUN_ELSEWHERE = Set.of("java -jar target/kfold.jar"); // KfoldJarIT.defaultRunIsTheLabsApplication2
    static final String TRAIN = "java -jar target/train.jar";
    private static final int DOCS_PORT = 8501;

    @TempDir
    static Path home;
    private static Process server;
    private static Path serverOut;
    /** The port the examples' server listens on: theirs, 8501, unless something here holds it. */
    private static int port;

    @BeforeAll
    static void layOutAsTheProjectsRoot() throws IOException {
        assumeTrue(FashionMnist.isComplete(TrainJarIT.DATA), "needs dataset-fashion-mnist (scripts/setup.sh installs it)");
        Files.createSymbolicLink(home.resolve("target"), JarRunner.TARGET);
        Files.createSymbolicLink(home.resolve("samples"), Path.of("samples").toAbsolutePath());
        port = DOCS_PORT;
        try (ServerSocket probe = new ServerSocket(DOCS_PORT)) {
            probe.close();
        } catch (IOException busy) {
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
        }
    }

    @AfterAll
    static void stopTheServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The command as run here: the docs' port where 8501 is taken. */
    private static String local(String command) {
        String c = command.replace(String.valueOf(DOCS_PORT), String.valueOf(port));
        return port != DOCS_PORT && c.contains("--serve") ? c.replace("--serve", "--serve --port " + port) : c;
    }

    private static DocExamples.Example local(DocExamples.Example e) {
        return new DocExamples.Example(e.page(), e.line(), e.command(),
                e.shown().stream().map(l -> l.replace(":" + DOCS_PORT, ":" + port)).toList());
    }

    private static String run(DocExamples.Example e) throws Exception {
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = new ProcessBuilder("bash", "-c", local(e.command())).directory(home.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(e + " did not finish in 10 minutes");
        }
        assertEquals(0, p.exitValue(), e + ": " + Files.readString(err));
        assertEquals("", Files.readString(err), e + " writes nothing on stderr");
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Starts the example's server and returns its first line once it is there. */
    private static String startServer(DocExamples.Example e) throws Exception {
        serverOut = Files.createTempFile(home, "serve", ".txt");
        server = new ProcessBuilder("bash", "-c", "exec " + local(e.command())).directory(home.toFile())
                .redirectOutput(serverOut.toFile()).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            String printed = Files.readString(serverOut);
            if (printed.contains("\n")) {
                return printed;
            }
            assertTrue(server.isAlive(), e + " exited: " + printed);
            Thread.sleep(50);
        }
        throw new AssertionError(e + " printed nothing in a minute");
    }

    /** The README's first example: the lab's Application 1, as printed there, and a model that scores it. */
    @Test
    @Order(1)
    void theReadmesFirstExampleTrainsTheDefaultModel() throws Exception {
        DocExamples.Example train = DocExamples.all().stream().filter(e -> e.command().equals(TRAIN)).findFirst()
                .orElseThrow();
        String printed = run(train);
        DocExamples.assertShows(train, printed, home);
        Matcher error = TrainJarIT.ERROR_LINE.matcher(printed);
        assertTrue(error.find(), printed);
        Path model = home.resolve(TrainCli.DEFAULT_MODEL_DIR);
        assertTrue(ModelDirectory.isSavedModel(model));
        assertEquals(String.format(Locale.ROOT, "%.2f", 100 * (1 - TrainJarIT.savedModelTestAccuracy(model))),
                error.group(1), "the SavedModel, loaded in a fresh session, scores what train.jar printed");
        assertTrue(Files.size(home.resolve(TrainCli.DEFAULT_CONFUSION)) > 10_000, "the heat map");
    }

    /** Every other example, in page order, with the default model in place. */
    @Test
    @Order(2)
    void everyOtherExamplePrintsWhatItsPageShows() throws Exception {
        assumeTrue(ModelDirectory.isSavedModel(home.resolve(TrainCli.DEFAULT_MODEL_DIR)), "the first example's model");
        List<String> ran = new ArrayList<>();
        for (DocExamples.Example e : DocExamples.all()) {
            if (e.command().equals(TRAIN) || RUN_ELSEWHERE.contains(e.command())) {
                continue;
            }
            String printed = e.command().contains("--serve") ? startServer(e) : run(e);
            DocExamples.assertShows(local(e), printed, home);
            ran.add(e.toString());
        }
        assertTrue(ran.size() >= 6, "the examples found: " + ran);
    }
}
