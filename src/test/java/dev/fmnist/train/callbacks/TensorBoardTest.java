package dev.fmnist.train.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.ops.Kernels;
import dev.fmnist.train.EpochLogs;
import dev.fmnist.train.Execution;
import dev.fmnist.train.Preset;
import dev.fmnist.train.Synthetic;
import dev.fmnist.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;

class TensorBoardTest {
    @TempDir
    Path dir;

    @Test
    void writesKerasLayoutScalarsAndTheGraph() throws Exception {
        byte[] graph;
        try (Trainer t = new Trainer(Preset.APP1.recipe().withModel(m -> m.withFilters(4)), Execution.cpu(1, Kernels.STOCK), Synthetic.squares(32, 1))) {
            graph = t.graphDef();
        }
        try (TensorBoard board = new TensorBoard(dir)) {
            board.writeGraph(graph);
            board.onEpochEnd(0, 2, new EpochLogs(0.5f, 0.75f, 0.25f, 0.875f, 1, 10));
            board.onEpochEnd(1, 2, new EpochLogs(0.375f, 0.8125f, 0.125f, 0.9375f, 1, 10));
        }
        List<Event> train = EventFiles.events(dir.resolve("train"));
        assertTrue(train.get(0).getFileVersion().startsWith("brain.Event:"), train.get(0).toString());
        assertEquals(List.of("epoch_loss@0=0.5", "epoch_accuracy@0=0.75", "epoch_loss@1=0.375", "epoch_accuracy@1=0.8125"),
                EventFiles.scalars(train));
        Event graphEvent = train.stream().filter(e -> !e.getGraphDef().isEmpty()).findFirst().orElseThrow();
        GraphDef g = GraphDef.parseFrom(graphEvent.getGraphDef());
        assertTrue(g.getNodeList().stream().anyMatch(n -> n.getName().equals("conv2d/kernel")), "the training graph");
        assertEquals(List.of("epoch_loss@0=0.25", "epoch_accuracy@0=0.875", "epoch_loss@1=0.125", "epoch_accuracy@1=0.9375"),
                EventFiles.scalars(EventFiles.events(dir.resolve("validation"))));
    }
}
