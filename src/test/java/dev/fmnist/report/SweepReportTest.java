package dev.fmnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepReportTest {
    @Test
    void singleRunsGiveTheLabsTable() {
        SweepReport r = new SweepReport("filters", List.of("8", "16", "32", "64", "128"),
                List.of(new double[] {10.91}, new double[] {10.23}, new double[] {10.22}, new double[] {10.58},
                        new double[] {11.11}),
                List.of(new double[] {20}, new double[] {22.5}, new double[] {25}, new double[] {31}, new double[] {44}),
                new long[] {2});
        assertEquals("""
                | No of filters        | 8     | 16    | 32    | 64    | 128   |
                |----------------------|-------|-------|-------|-------|-------|
                | Classification Err % | 10.91 | 10.23 | 10.22 | 10.58 | 11.11 |
                | Training seconds     | 20.0  | 22.5  | 25.0  | 31.0  | 44.0  |
                """, r.table());
    }

    @Test
    void repeatsGiveMeanAndSampleStdAndOneCsvRowEach() {
        SweepReport r = new SweepReport("padding", List.of("valid", "same"),
                List.of(new double[] {10, 12}, new double[] {9, 9}), List.of(new double[] {1, 3}, new double[] {2, 2}),
                new long[] {2, 3});
        String table = r.table();
        assertEquals("| Classification Err % | 11.00 ± 1.41 | 9.00 ± 0.00 |", table.lines().toList().get(2));
        assertEquals(List.of("flag,value,repeat,seed,error_percent,seconds", "padding,valid,0,2,10.0,1.000",
                "padding,valid,1,3,12.0,3.000", "padding,same,0,2,9.0,2.000", "padding,same,1,3,9.0,2.000"),
                r.csv().lines().toList());
        System.setProperty("java.awt.headless", "true");
        assertEquals(800, r.plot().orElseThrow().getWidth());
    }

    /** A diverged run (NaN) is left out of the mean and said; a value whose runs all diverged says so. */
    @Test
    void divergedRunsAreNamedNotAveraged() {
        SweepReport r = new SweepReport("learning-rate", List.of("0.1", "0.01"),
                List.of(new double[] {Double.NaN, Double.NaN}, new double[] {10, Double.NaN}),
                List.of(new double[] {1, 1}, new double[] {2, 2}), new long[] {2, 3});
        assertEquals("| Classification Err % | diverged  | 10.00 (1 diverged) |", r.table().lines().toList().get(2));
        System.setProperty("java.awt.headless", "true");
        assertEquals(800, r.plot().orElseThrow().getWidth());
        SweepReport none = new SweepReport("learning-rate", List.of("1.0"), List.<double[]>of(new double[] {Double.NaN}),
                List.<double[]>of(new double[] {1}), new long[] {2});
        assertTrue(none.plot().isEmpty(), "nothing to draw when every run diverged");
    }
}
