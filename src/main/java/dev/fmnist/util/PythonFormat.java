package dev.fmnist.util;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers printed as Python prints them, so that our lines read like the lab's: Python rounds the
 * exact binary value half to even ({@code '%.4f' % 0.90625} is {@code 0.9062}, where Java's
 * {@code %.4f} gives 0.9063), and {@code repr} of a float is the shortest text that reads back as the
 * same double (Java 17's {@code Double.toString} is not always the shortest).
 */
public final class PythonFormat {
    private PythonFormat() {}

    /** Python's {@code '%.Nf' % v}. */
    public static String fixed(double v, int digits) {
        if (!Double.isFinite(v)) {
            return special(v);
        }
        String s = new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        return negativeZero(v, s);
    }

    /** Python's {@code '%.Ne' % v}, such as {@code 1.2346e-04}. */
    public static String scientific(double v, int digits) {
        if (!Double.isFinite(v)) {
            return special(v);
        }
        if (v == 0) {
            return negativeZero(v, "0" + (digits > 0 ? "." + "0".repeat(digits) : "") + "e+00");
        }
        BigDecimal b = new BigDecimal(v).round(new MathContext(digits + 1, RoundingMode.HALF_EVEN));
        return (v < 0 ? "-" : "") + mantissaAndExponent(b, digits + 1);
    }

    /** Python's {@code repr(v)} (and {@code str(v)}, {@code '{}'.format(v)}) of a float. */
    public static String repr(double v) {
        if (!Double.isFinite(v)) {
            return special(v);
        }
        if (v == 0) {
            return negativeZero(v, "0.0");
        }
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p <= 17; p++) {
            BigDecimal nearest = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            BigDecimal best = null;
            // Beside a power of two the interval that reads back is lopsided, so a p-digit
            // neighbour of the nearest may read back where the nearest does not.
            for (BigDecimal c : new BigDecimal[] {nearest, nearest.subtract(nearest.ulp()), nearest.add(nearest.ulp())}) {
                if (Double.parseDouble(c.toString()) == v
                        && (best == null || c.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                    best = c;
                }
            }
            if (best != null) {
                return reprOf(best.stripTrailingZeros(), v < 0);
            }
        }
        throw new AssertionError("17 digits always read back");
    }

    /** Python's repr layout: positional for exponents -4 to 15, else scientific, shortest digits. */
    private static String reprOf(BigDecimal b, boolean negative) {
        String digits = b.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - b.scale();
        String sign = negative ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + String.format("e%+03d", exponent);
        }
        String plain = b.abs().toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }

    private static String mantissaAndExponent(BigDecimal b, int significant) {
        String digits = b.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - b.scale();
        digits = (digits + "0".repeat(significant)).substring(0, significant);
        String mantissa = significant == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + String.format("e%+03d", exponent);
    }

    private static String negativeZero(double v, String s) {
        return Math.copySign(1.0, v) < 0 && !s.startsWith("-") ? "-" + s : s;
    }

    private static String special(double v) {
        return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }
}
