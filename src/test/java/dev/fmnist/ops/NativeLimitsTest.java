package dev.fmnist.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each kernel limit is defined once in C and once in Java: here the two are held to agree. */
class NativeLimitsTest {
    private static Map<String, Long> defines(Path header) throws IOException {
        Map<String, Long> found = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^#define (\\w+) (\\d+)\\s*$").matcher(Files.readString(header));
        while (m.find()) {
            found.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return found;
    }

    @Test
    void theConvKernelsLimitsAreCrpHs() throws IOException {
        Map<String, Long> c = defines(Path.of("native/src/crp.h"));
        assertEquals(c.get("CRP_KERNEL_SMALL"), (long) NativeOps.KERNEL_SMALL);
        assertEquals(c.get("CRP_KERNEL_LARGE"), (long) NativeOps.KERNEL_LARGE);
        assertEquals(c.get("CRP_KERNEL_LARGEST"), (long) NativeOps.KERNEL_LARGEST);
        assertEquals(c.get("CRP_MAX_FILTERS"), (long) NativeOps.MAX_FILTERS);
        assertEquals(c.get("CRP_MAX_PADDED_PIXELS"), NativeOps.MAX_PADDED_PIXELS);
    }

    /** What the Java side asks the kernels to take stops where they stop. */
    @Test
    void supportsStopsAtTheLimits() {
        assertTrue(NativeOps.supports(28, 28, 1, NativeOps.KERNEL_SMALL, NativeOps.MAX_FILTERS, false));
        assertTrue(NativeOps.supports(28, 28, 1, NativeOps.KERNEL_LARGE, 1, true));
        assertFalse(NativeOps.supports(28, 28, 1, NativeOps.KERNEL_SMALL, NativeOps.MAX_FILTERS + 1, false));
        assertTrue(NativeOps.supports(28, 28, 1, NativeOps.KERNEL_LARGEST, 128, true));
        assertFalse(NativeOps.supports(28, 28, 1, 4, 32, false));
        assertFalse(NativeOps.supports(28, 28, 1, 9, 32, false));
        assertFalse(NativeOps.supports(28, 28, 3, NativeOps.KERNEL_SMALL, 32, false));
        assertTrue(NativeOps.supports(254, 254, 1, NativeOps.KERNEL_SMALL, 32, false), "256 x 256 padded pixels");
        assertFalse(NativeOps.supports(254, 254, 1, NativeOps.KERNEL_SMALL, 32, true), "one pixel of padding more");
    }

    /** The docs state the limits the code has. */
    @Test
    void theDocsSayTheSame() throws IOException {
        String doc = Files.readString(Path.of("docs/native-kernels.md")).replaceAll("\\s+", " ");
        String claim = "kernel sizes " + NativeOps.KERNEL_SMALL + ", " + NativeOps.KERNEL_LARGE + " and "
                + NativeOps.KERNEL_LARGEST + ", up to "
                + NativeOps.MAX_FILTERS + " filters";
        assertTrue(doc.contains(claim), "docs/native-kernels.md should say '" + claim + "'");
    }
}
