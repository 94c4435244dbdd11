package dev.fmnist.train;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to continue a run exactly where it stopped: where in the run it is, the
 * epochs logged so far, and the raw value of every variable that training changes (weights,
 * momentum slots, the running metric sums, the step counter that seeds dropout). The epoch's
 * shuffle needs no state: it is a function of the seed and the epoch.
 *
 * @param epoch          the epoch in progress (0-based); equals the epoch count when the run is done
 * @param step           steps already done in that epoch
 * @param elapsedSeconds wall time already spent in that epoch
 * @param history        the logs of the epochs completed
 * @param variables      variable name to its value
 */
public record TrainingState(int epoch, int step, double elapsedSeconds, List<EpochLogs> history,
                            Map<String, Value> variables) {

    /** The value of one variable: its TensorFlow type code, shape and raw little-endian bytes. */
    public record Value(int dataType, long[] shape, byte[] bytes) {}

    /** The state of a run that has not started. */
    public static final TrainingState START = new TrainingState(0, 0, 0, List.of(), Map.of());

    public boolean isStart() {
        return variables.isEmpty();
    }
}
