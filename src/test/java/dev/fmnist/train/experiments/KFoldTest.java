package dev.fmnist.train.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Folds against scikit-learn 1.2.1's own output (src/test/resources/golden/kfold_sklearn.txt). */
class KFoldTest {

    static List<String> golden() throws IOException {
        try (InputStream in = KFoldTest.class.getResourceAsStream("/golden/kfold_sklearn.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        }
    }

    static String sha256(int[] indices) throws Exception {
        String text = Arrays.stream(indices).mapToObj(Integer::toString).collect(Collectors.joining("\n"));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void everyGoldenFoldMatchesScikitLearn() throws Exception {
        int checked = 0;
        for (String line : golden()) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split(" ");
            int n = Integer.parseInt(f[0]);
            int k = Integer.parseInt(f[1]);
            KFold.Fold fold = new KFold(5, 1).split(n).get(k);
            assertEquals(Integer.parseInt(f[2]), fold.train().length, line);
            assertEquals(Integer.parseInt(f[3]), fold.heldOut().length, line);
            int[] first = Arrays.stream(f[4].split(",")).mapToInt(Integer::parseInt).toArray();
            assertArrayEquals(first, Arrays.copyOf(fold.heldOut(), first.length), line);
            assertEquals(f[5], sha256(fold.train()), "train indices of " + line);
            assertEquals(f[6], sha256(fold.heldOut()), "held-out indices of " + line);
            checked++;
        }
        assertEquals(15, checked);
    }

    @Test
    void generatorAndShuffleMatchNumpy() throws Exception {
        MersenneTwister mt = new MersenneTwister(1);
        assertEquals(List.of(1791095845L, 4282876139L, 3093770124L),
                List.of(mt.nextUnsignedInt(), mt.nextUnsignedInt(), mt.nextUnsignedInt()));
        int[] order = java.util.stream.IntStream.range(0, 60000).toArray();
        new MersenneTwister(1).shuffle(order);
        assertArrayEquals(new int[] {15281, 21435, 44536, 13518, 47529, 53560, 41094, 6060, 9358, 49039},
                Arrays.copyOf(order, 10));
        String goldenShuffle = golden().stream().filter(l -> l.contains(".shuffle(")).findFirst().orElseThrow();
        assertTrue(goldenShuffle.endsWith("15281,21435,44536,13518,47529,53560,41094,6060,9358,49039"));
    }

    @Test
    void foldsPartitionAnySizeAndSeed() {
        for (int n : new int[] {5, 6, 17, 101, 1234}) {
            for (int splits : new int[] {2, 3, 5}) {
                List<KFold.Fold> folds = new KFold(splits, 42).split(n);
                int[] all = folds.stream().flatMapToInt(f -> Arrays.stream(f.heldOut())).sorted().toArray();
                assertArrayEquals(java.util.stream.IntStream.range(0, n).toArray(), all, "held-out parts cover every index once");
                for (KFold.Fold f : folds) {
                    assertEquals(n, f.train().length + f.heldOut().length);
                    assertTrue(Arrays.stream(f.train()).noneMatch(i -> Arrays.binarySearch(f.heldOut(), i) >= 0));
                    int[] sorted = f.train().clone();
                    Arrays.sort(sorted);
                    assertArrayEquals(sorted, f.train());
                }
                assertEquals(n / splits + (n % splits > 0 ? 1 : 0), folds.get(0).heldOut().length);
            }
        }
    }

    @Test
    void impossibleSplitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KFold(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new KFold(6, 1).split(5));
        assertThrows(IllegalArgumentException.class, () -> new MersenneTwister(-1));
    }
}
