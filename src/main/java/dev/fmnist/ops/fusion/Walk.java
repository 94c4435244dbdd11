package dev.fmnist.ops.fusion;

import dev.fmnist.model.CallContext;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.op.Ops;

/**
 * One forward pass being built: what its rules may use, and the cuts they leave for the backward pass.
 */
public final class Walk {
    private final Fusion fusion;
    private final Ops tf;
    private final CallContext context;
    private final Fusion.Momentum momentum;
    private final List<Cut> cuts = new ArrayList<>();

    Walk(Fusion fusion, Ops tf, CallContext context, Fusion.Momentum momentum) {
        this.fusion = fusion;
        this.tf = tf;
        this.context = context;
        this.momentum = momentum;
    }

    public Ops tf() {
        return tf;
    }

    public CallContext context() {
        return context;
    }

    /** Whether our ops may run (they have CPU and GPU kernels). */
    public boolean ourOps() {
        return fusion.ourOps();
    }

    /** Whether our CPU-only ops may run: our kernels, on the CPU. */
    public boolean ourCpuOps() {
        return fusion.ourCpuOps();
    }

    /**
     * The optimizer's momentum update, where a rule may fuse it into the backward pass: in a
     * training pass with our CPU ops and an optimizer that offers it; null elsewhere.
     */
    public Fusion.Momentum momentum() {
        return ourCpuOps() && context.training() ? momentum : null;
    }

    /** Records where a rule cut backpropagation; cuts come in forward order. */
    public void cut(Cut cut) {
        cuts.add(cut);
    }

    List<Cut> cuts() {
        return List.copyOf(cuts);
    }
}
