package dev.fmnist.onnx;

import com.google.protobuf.ByteString;
import dev.fmnist.onnx.schema.OnnxSchema.AttributeProto;
import dev.fmnist.onnx.schema.OnnxSchema.GraphProto;
import dev.fmnist.onnx.schema.OnnxSchema.NodeProto;
import dev.fmnist.onnx.schema.OnnxSchema.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX graph as it is built: nodes in order, initializers, and the values between them. A value
 * keeps the shape Keras gives it (height, width, channels for a feature map, no batch axis) and
 * whether it is laid out that way or channels first, as ONNX's Conv and pooling take it; the
 * transposes between the two are added only where a layer needs the other layout.
 */
final class OnnxGraph {
    /**
     * A tensor of the graph.
     *
     * @param shape         Keras' shape of one image's tensor, without the batch axis
     * @param channelsFirst whether a feature map is stored [N, C, H, W] rather than Keras' [N, H, W, C]
     */
    record GraphValue(String name, long[] shape, boolean channelsFirst) {
        int rank() {
            return shape.length;
        }

        boolean featureMap() {
            return shape.length == 3;
        }
    }

    /** ONNX's Transpose permutations between Keras' layout and channels first. */
    private static final long[] TO_CHANNELS_FIRST = {0, 3, 1, 2};
    private static final long[] TO_CHANNELS_LAST = {0, 2, 3, 1};

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Integer> used = new HashMap<>();

    GraphProto.Builder proto() {
        return graph;
    }

    /** {@code base}, or {@code base_1}, {@code base_2}, ... when the graph already has that name. */
    String unique(String base) {
        int n = used.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "_" + (n - 1);
    }

    /** Adds the node {@code op} named {@code scope/op} and returns the name of its one output. */
    String node(String scope, String op, List<String> inputs, AttributeProto... attributes) {
        String name = unique(scope + "/" + op);
        graph.addNode(NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs).addOutput(name)
                .addAllAttribute(Arrays.asList(attributes)));
        return name;
    }

    /** Renames the output {@code from} of the last node to {@code to}: the graph's output name. */
    void renameLastOutput(String from, String to) {
        NodeProto.Builder last = graph.getNodeBuilder(graph.getNodeCount() - 1);
        if (!last.getOutput(0).equals(from)) {
            throw new IllegalStateException("the last node does not give " + from);
        }
        last.setOutput(0, to);
    }

    /** A float initializer of {@code dims} holding {@code values} in row-major order. */
    String floats(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        String unique = unique(name);
        graph.addInitializer(TensorProto.newBuilder().setName(unique).addAllDims(longs(dims))
                .setDataType(TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(raw.array())));
        return unique;
    }

    /** A float scalar initializer. */
    String scalar(String name, float value) {
        return floats(name, new long[0], new float[] {value});
    }

    /** A one-dimensional int64 initializer, as Reshape and Pad take their shapes. */
    String int64s(String name, long... values) {
        String unique = unique(name);
        graph.addInitializer(TensorProto.newBuilder().setName(unique).addDims(values.length)
                .setDataType(TensorProto.DataType.INT64_VALUE).addAllInt64Data(longs(values)));
        return unique;
    }

    /** {@code v} as ONNX's Conv and pooling take a feature map: [N, C, H, W]. */
    GraphValue channelsFirst(GraphValue v, String scope) {
        if (!v.featureMap()) {
            throw new IllegalArgumentException("not a feature map: " + Arrays.toString(v.shape()));
        }
        if (v.channelsFirst()) {
            return v;
        }
        return new GraphValue(node(scope, "Transpose", List.of(v.name()), ints("perm", TO_CHANNELS_FIRST)), v.shape(), true);
    }

    /** {@code v} in Keras' layout, as Flatten, Reshape and Dense need its values ordered. */
    GraphValue channelsLast(GraphValue v, String scope) {
        if (!v.channelsFirst()) {
            return v;
        }
        return new GraphValue(node(scope, "Transpose", List.of(v.name()), ints("perm", TO_CHANNELS_LAST)), v.shape(), false);
    }

    /** The axis of the last Keras axis in {@code v}'s layout, counting the batch axis. */
    static long channelAxis(GraphValue v) {
        return v.channelsFirst() ? 1 : v.rank();
    }

    static AttributeProto ints(String name, long... values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
                .addAllInts(longs(values)).build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    private static List<Long> longs(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
