package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fmnist.data.DataLocator;
import dev.fmnist.data.FashionMnist;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The linux-arm64 package as a user of an Arm machine gets it. scripts/arm64-check.sh builds it
 * from a copy of this tree with {@code -Dplatform=linux-arm64} (our kernels cross-built by
 * aarch64-linux-gnu-gcc), runs the kernels' harnesses under qemu-user, then, on Debian's arm64 JDK
 * under qemu, trains one short epoch with {@code --kernels native} (which exits 2 where our library
 * cannot load) and classifies a sample with the model it saved.
 */
class Arm64IT {
    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path ARM_JAVA = Path.of("/usr/lib/jvm/java-17-openjdk-arm64/bin/java");
    static final Path LOADER = Path.of("/lib/ld-linux-aarch64.so.1");

    @Test
    void theArmPackageTrainsWithOurKernelsAndPredictsQuietly() throws Exception {
        assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR), "needs dataset-fashion-mnist");
        assumeTrue(onPath("qemu-aarch64-static") && onPath("aarch64-linux-gnu-gcc") && Files.isExecutable(ARM_JAVA)
                        && Files.exists(LOADER),
                "needs qemu-user-static, gcc-aarch64-linux-gnu and openjdk-17-jdk-headless:arm64 (scripts/setup.sh --tests installs them)");
        Path out = JarRunner.TARGET.resolve("arm64-check");
        Process p = new ProcessBuilder(PROJECT.resolve("scripts/arm64-check.sh").toString(), out.toString())
                .directory(PROJECT.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("scripts/arm64-check.sh did not finish in 20 minutes");
        }
        assertEquals(0, p.exitValue(), log);

        // The package: Arm's TensorFlow natives only, and our libraries built for Arm.
        Set<String> natives = new TreeSet<>();
        try (Stream<Path> lib = Files.list(out.resolve("src/target/lib"))) {
            lib.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("tensorflow-core-native-"))
                    .forEach(natives::add);
        }
        assertEquals(Set.of("tensorflow-core-native-1.1.0.jar", "tensorflow-core-native-1.1.0-linux-arm64.jar"), natives);
        try (ZipFile jar = new ZipFile(out.resolve("src/target/train.jar").toFile())) {
            List<String> ours = jar.stream().map(ZipEntry::getName).filter(n -> n.startsWith("native/") && n.endsWith(".so"))
                    .sorted().toList();
            assertEquals(List.of("native/linux-arm64/libfmnist_ops.so", "native/linux-arm64/libfmnist_quiet.so"), ours);
            for (String name : ours) {
                assertEquals(0xB7, elfMachine(jar, name), name + " is not an AArch64 library");
            }
        }

        String harness = Files.readString(out.resolve("harness.out"));
        assertTrue(harness.contains("harnesses for linux-arm64, under qemu-aarch64-static"), harness);
        assertFalse(harness.contains("FAIL") || harness.contains("exited with"), harness);
        assertTrue(harness.contains("all cases passed"), harness);
        assertTrue(Pattern.compile("dense harness: (\\d+) of \\1 cases passed").matcher(harness).find(), harness);
        assertTrue(Pattern.compile("dropout harness: (\\d+) of \\1 cases passed").matcher(harness).find(), harness);
        assertTrue(harness.contains("images harness: all cases passed"), harness);
        assertTrue(Pattern.compile("pool harness: (\\d+) of \\1 cases passed").matcher(harness).find(), harness);

        String train = Files.readString(out.resolve("train.out"));
        assertEquals("", Files.readString(out.resolve("train.err")));
        assertTrue(Pattern.compile("(?m)^100/100 - \\d+s - loss: [0-9.]+ - accuracy: ").matcher(train).find(), train);
        Matcher error = Pattern.compile("Classification Error Rate: ([0-9.]+)%").matcher(train);
        assertTrue(error.find(), train);
        assertTrue(Double.parseDouble(error.group(1)) < 40, "100 steps should leave under 40% error (28.81% on x86-64): " + train);

        String predicted = Files.readString(out.resolve("predict.out"));
        assertEquals("", Files.readString(out.resolve("predict.err")));
        assertTrue(predicted.startsWith("Predicted class: "), predicted);
        // The same model, read by this machine's predict.jar, gives the same answer.
        JarRunner.Run here = JarRunner.run("predict.jar", PROJECT, "--model", out.resolve("model").toString(),
                "samples/pullover.png");
        assertEquals(0, here.exitCode(), here.err());
        assertEquals(here.out(), predicted);
    }

    static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    }

    /** The e_machine field of an ELF file in the jar (0xB7: AArch64, 0x3E: x86-64). */
    static int elfMachine(ZipFile jar, String name) throws IOException {
        try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
            byte[] head = in.readNBytes(20);
            assertEquals(0x7F, head[0] & 0xFF, name + " is not an ELF file");
            return (head[18] & 0xFF) | (head[19] & 0xFF) << 8;
        }
    }
}
