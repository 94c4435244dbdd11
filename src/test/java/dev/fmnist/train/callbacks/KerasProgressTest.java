package dev.fmnist.train.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fmnist.train.EpochLogs;
import dev.fmnist.train.History;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class KerasProgressTest {
    private static String print(int verbose, EpochLogs logs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        KerasProgress p = new KerasProgress(verbose, false, new PrintStream(bytes, true));
        p.onEpochBegin(0, 5, logs.steps());
        p.onProgress(100, logs.steps(), 0.9, 0.5);
        p.onEpochEnd(0, 5, logs);
        return bytes.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void verbose2IsKerasLine() {
        EpochLogs logs = new EpochLogs(0.44504, 0.83941, 0.35112, 0.87836, 7.6, 1875);
        assertEquals("Epoch 1/5\n1875/1875 - 8s - loss: 0.4450 - accuracy: 0.8394 - val_loss: 0.3511"
                + " - val_accuracy: 0.8784 - 8s/epoch - 4ms/step\n", print(2, logs));
    }

    @Test
    void verbose1PrintsTheFinishedBar() {
        EpochLogs logs = new EpochLogs(0.44504, 0.83941, Double.NaN, Double.NaN, 0.9, 1875);
        assertEquals("Epoch 1/5\n1875/1875 [==============================] - 1s 480us/step - loss: 0.4450"
                + " - accuracy: 0.8394\n", print(1, logs));
    }

    /** A finished fit replayed (a merge of array tasks) prints what it printed as it ran. */
    @Test
    void aReplayPrintsWhatTheRunPrinted() {
        EpochLogs first = new EpochLogs(0.5, 0.75, 0.4, 0.8, 2, 10);
        EpochLogs second = new EpochLogs(0.25, 0.875, 0.3, 0.85, 1, 10);
        ByteArrayOutputStream live = new ByteArrayOutputStream();
        KerasProgress run = new KerasProgress(2, false, new PrintStream(live, true));
        for (int e = 0; e < 2; e++) {
            run.onEpochBegin(e, 2, 10);
            run.onEpochEnd(e, 2, e == 0 ? first : second);
        }
        ByteArrayOutputStream replayed = new ByteArrayOutputStream();
        new KerasProgress(2, false, new PrintStream(replayed, true)).replay(History.of(java.util.List.of(first, second)));
        assertEquals(live.toString(), replayed.toString());
        assertEquals(4, replayed.toString().lines().count());
        ByteArrayOutputStream silent = new ByteArrayOutputStream();
        new KerasProgress(0, false, new PrintStream(silent, true)).replay(History.of(java.util.List.of(first)));
        assertEquals("", silent.toString(), "verbose 0 replays nothing, as it printed nothing");
    }

    /** Keras prints the "Epoch i/n" header only when fit runs more than one epoch. */
    @Test
    void aOneEpochFitHasNoHeader() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        KerasProgress p = new KerasProgress(2, false, new PrintStream(bytes, true));
        p.onEpochBegin(0, 1, 10);
        p.onEpochEnd(0, 1, new EpochLogs(0.5, 0.75, Double.NaN, Double.NaN, 2, 10));
        assertEquals("10/10 - 2s - loss: 0.5000 - accuracy: 0.7500 - 2s/epoch - 200ms/step",
                bytes.toString().strip());
    }

    /** Python rounds the exact binary value half to even: 0.90625 is 0.9062 there, 0.9063 in Java's %.4f. */
    @Test
    void metricsRoundAsPythonDoes() {
        assertEquals(" - accuracy: 0.9062", KerasProgress.metric("accuracy", 0.90625));
        assertEquals(" - loss: 0.1250", KerasProgress.metric("loss", 0.125));
        assertEquals(" 2s/epoch", KerasProgress.rate(2.5, "epoch"));
    }

    @Test
    void verbose0PrintsNothing() {
        assertEquals("", print(0, new EpochLogs(1, 1, 1, 1, 1, 10)));
    }

    @Test
    void tinyValuesUseScientificNotationAsKerasDoes() {
        assertEquals(" - loss: 1.2346e-04", KerasProgress.metric("loss", 1.23456e-4));
        assertEquals(" - loss: 0.0012", KerasProgress.metric("loss", 0.0012));
    }

    @Test
    void barAndCounters() {
        assertEquals("  7/100 [=>............................]", KerasProgress.bar(7, 100));
        assertEquals(" 12s/epoch", KerasProgress.rate(12.4, "epoch"));
        assertEquals("1:05", KerasProgress.eta(65));
    }
}
