package dev.fmnist.train.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fmnist.train.EpochLogs;
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
