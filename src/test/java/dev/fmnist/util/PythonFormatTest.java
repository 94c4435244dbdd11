package dev.fmnist.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Expected values are what CPython 3 prints for the same doubles. */
class PythonFormatTest {
    @Test
    void reprOfTheLabsFoldAccuracies() {
        // Keras' float32 accuracies, widened to doubles, as the lab's handout prints them.
        assertEquals("0.8788999915122986", PythonFormat.repr(0.8789f));
        assertEquals("0.8738999962806702", PythonFormat.repr(0.8739f));
        assertEquals("0.882099986076355", PythonFormat.repr(0.8821f));
        assertEquals("0.8863999843597412", PythonFormat.repr(0.8864f));
        assertEquals("0.8806999921798706", PythonFormat.repr(0.8807f));
    }

    @Test
    void reprIsPythonsShortestForm() {
        assertEquals("0.30000000000000004", PythonFormat.repr(0.1 + 0.2));
        assertEquals("1e+23", PythonFormat.repr(1e23));
        assertEquals("1e+16", PythonFormat.repr(1e16));
        assertEquals("1234567890123456.0", PythonFormat.repr(1234567890123456.0));
        assertEquals("9007199254740992.0", PythonFormat.repr(9007199254740993.0));
        assertEquals("0.0001", PythonFormat.repr(0.0001));
        assertEquals("1e-05", PythonFormat.repr(0.00001));
        assertEquals("5e-324", PythonFormat.repr(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e+308", PythonFormat.repr(Double.MAX_VALUE));
        assertEquals("-2.5", PythonFormat.repr(-2.5));
        assertEquals("-0.0", PythonFormat.repr(-0.0));
        assertEquals("1.0", PythonFormat.repr(1.0));
        assertEquals("100.0", PythonFormat.repr(100.0));
        assertEquals("nan", PythonFormat.repr(Double.NaN));
    }

    /** Java 17's Double.toString is sometimes longer than needed; ours reads back and is never longer. */
    @Test
    void reprReadsBackAndIsNeverLongerThanJavas() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20000; i++) {
            double v = Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL);
            String ours = PythonFormat.repr(v);
            assertEquals(v, Double.parseDouble(ours), ours);
            assertEquals(true, digits(ours) <= digits(Double.toString(v)), ours + " vs " + v);
        }
    }

    private static int digits(String s) {
        String mantissa = s.split("[eE]")[0].replace("-", "").replace(".", "").replaceFirst("^0+", "");
        return mantissa.replaceFirst("0+$", "").length();
    }

    @Test
    void fixedRoundsTheExactValueHalfToEven() {
        assertEquals("0.9062", PythonFormat.fixed(0.90625, 4));
        assertEquals("0.9063", PythonFormat.fixed(0.90635, 4)); // 0.90635 is stored just below the tie
        assertEquals("2", PythonFormat.fixed(2.5, 0));
        assertEquals("4", PythonFormat.fixed(3.5, 0));
        assertEquals("0.4450", PythonFormat.fixed(0.44504, 4));
        assertEquals("-0.0000", PythonFormat.fixed(-0.00001, 4));
    }

    @Test
    void scientificAsPython() {
        assertEquals("1.2346e-04", PythonFormat.scientific(1.23456e-4, 4));
        assertEquals("1.2500e-04", PythonFormat.scientific(1.25e-4, 4));
        assertEquals("0.0000e+00", PythonFormat.scientific(0.0, 4));
        assertEquals("5.0000e+02", PythonFormat.scientific(500, 4));
    }
}
