package dev.fmnist.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FashionMnistTest {

    private static IdxFile labels(int n, int value) throws DataException {
        byte[] data = new byte[n];
        java.util.Arrays.fill(data, (byte) value);
        return IdxFile.parse("labels", IdxFile.encode(2049, new int[] {n}, data));
    }

    @Test
    void wrongShapeIsReportedWithBothShapes() throws Exception {
        DataException e = assertThrows(DataException.class,
                () -> FashionMnist.verify("t10k-labels", labels(9999, 1), DatasetFile.TEST_LABELS));
        assertTrue(e.getMessage().contains("9999") && e.getMessage().contains("10000"), e.getMessage());
    }

    @Test
    void labelOutOfRangeIsReported() throws Exception {
        DataException e = assertThrows(DataException.class,
                () -> FashionMnist.verify("t10k-labels", labels(10000, 10), DatasetFile.TEST_LABELS));
        assertTrue(e.getMessage().contains("label 10"), e.getMessage());
    }

    @Test
    void wrongContentFailsTheHash() throws Exception {
        DataException e = assertThrows(DataException.class,
                () -> FashionMnist.verify("t10k-labels", labels(10000, 3), DatasetFile.TEST_LABELS));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void imagesFileGivenForLabelsIsRejectedByMagic() throws Exception {
        IdxFile images = IdxFile.parse("x", IdxFile.encode(2051, new int[] {1, 1, 1}, new byte[1]));
        DataException e = assertThrows(DataException.class,
                () -> FashionMnist.verify("x", images, DatasetFile.TRAIN_LABELS));
        assertTrue(e.getMessage().contains("magic 2051"), e.getMessage());
    }

    @Test
    void sha256MatchesAKnownDigest() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                FashionMnist.sha256("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }
}
