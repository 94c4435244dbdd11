package dev.fmnist.train.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tensorflow.proto.RunMetadata;

/**
 * Where TensorFlow ran the ops of one step: op types by device, read from the graphs it split
 * the step into, one per device. What a GPU run logs, so that ops left on the CPU show.
 *
 * @param opTypes for each device (short name, such as {@code GPU:0}), the op types it ran and how
 *                many ops of each
 */
public record Placement(Map<String, Map<String, Integer>> opTypes) {

    /** From a step run with {@code output_partition_graphs}: the graph as TensorFlow split it over devices. */
    public static Placement of(RunMetadata metadata) {
        Map<String, Map<String, Integer>> byDevice = new TreeMap<>();
        for (var partition : metadata.getPartitionGraphsList()) {
            for (var node : partition.getNodeList()) {
                String device = node.getDevice();
                byDevice.computeIfAbsent(device.substring(device.lastIndexOf("device:") + 7), d -> new TreeMap<>())
                        .merge(node.getOp(), 1, Integer::sum);
            }
        }
        return new Placement(byDevice);
    }

    /** Ops run on {@code device}, or 0. */
    public int count(String device) {
        return opTypes.getOrDefault(device, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The op types {@code device} ran. */
    public Set<String> typesOn(String device) {
        return new TreeSet<>(opTypes.getOrDefault(device, Map.of()).keySet());
    }

    /**
     * One line: {@code GPU:0 ran 301 ops; CPU:0 ran 6 (_Recv, Gather...)}: the busiest device first,
     * and for every other device the op types it ran.
     */
    /** The line a run prints of it: {@code Placement of a training step: GPU:0 ran N ops; CPU:0 ran M (TYPE, ...).} */
    public String line() {
        return "Placement of a training step: " + summary() + ".";
    }

    public String summary() {
        List<String> devices = new ArrayList<>(opTypes.keySet());
        devices.sort((a, b) -> Integer.compare(count(b), count(a)));
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < devices.size(); i++) {
            String d = devices.get(i);
            s.append(i == 0 ? "" : "; ").append(d).append(" ran ").append(count(d)).append(i == 0 ? " ops" : "");
            if (i > 0) {
                s.append(" (").append(String.join(", ", typesOn(d))).append(')');
            }
        }
        return s.toString();
    }
}
