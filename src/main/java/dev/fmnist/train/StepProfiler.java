package dev.fmnist.train;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Result;
import org.tensorflow.proto.RunOptions;

/** Where a training step's time goes: steps run with TensorFlow's full trace, timed op by op. */
public final class StepProfiler {
    private final Trainer trainer;

    public StepProfiler(Trainer trainer) {
        this.trainer = trainer;
    }

    /**
     * Runs {@code steps} training steps with the full trace and returns the microseconds spent per
     * op type, summed over the steps. The first call also traces where the ops ran
     * ({@link Trainer#placement}), in one more, untimed step.
     */
    public Map<String, Long> profile(int steps) {
        Map<String, Long> micros = new TreeMap<>();
        RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
        int batch = trainer.config().batchSize();
        int[] order = EpochOrder.shuffled(trainer.trainingExamples(), trainer.config().seed(), 0);
        for (int step = 0; step < steps; step++) {
            int from = (step * batch) % (order.length - batch + 1);
            int[] ids = Arrays.copyOfRange(order, from, from + batch);
            if (trainer.placement().isEmpty()) {
                trainer.tracedStep(ids);
            }
            try (Result r = trainer.step(ids, trace)) {
                for (var device : r.getMetadata().orElseThrow().getStepStats().getDevStatsList()) {
                    for (var node : device.getNodeStatsList()) {
                        String type = node.getTimelineLabel().contains(" = ")
                                ? node.getTimelineLabel().split(" = ")[1].split("\\(")[0] : node.getNodeName();
                        micros.merge(type, node.getAllEndRelMicros(), Long::sum);
                    }
                }
            }
        }
        return micros;
    }
}
