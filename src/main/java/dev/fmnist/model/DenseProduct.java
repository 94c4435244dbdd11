package dev.fmnist.model;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A Dense layer's product {@code output = input kernel} in a training graph, before its bias and
 * activation: where a trainer may cut backpropagation to update the kernel in the same pass that
 * carries the gradient on to {@code input}.
 *
 * @param kernel the layer's kernel variable [I,J]
 * @param input  the layer's input [N,I]
 * @param output the product [N,J]
 */
public record DenseProduct(Operand<TFloat32> kernel, Operand<TFloat32> input, Operand<TFloat32> output) {}
