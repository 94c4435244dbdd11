package dev.fmnist.ops.fusion;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A faster form of some steps of a forward pass: what it matches (steps, and what the walk allows:
 * our kernels, the CPU, training, the optimizer) and what it builds in their place, forward and,
 * through a {@link Cut} or a gradient registered for its op, backward. Every rule builds the same
 * function as the stock steps it replaces, up to the order of float additions. Adding a fused op
 * is a new rule (and its kernel), listed in {@link Fusion#RULES}.
 */
public interface Rule {
    /** How many steps from {@code steps.get(at)} on this rule builds as one; 0 where it does not apply. */
    int matches(Walk walk, List<Step> steps, int at);

    /** Builds {@code matched} (what {@link #matches} took) on {@code x}. */
    Operand<TFloat32> build(Walk walk, List<Step> matched, Operand<TFloat32> x);
}
