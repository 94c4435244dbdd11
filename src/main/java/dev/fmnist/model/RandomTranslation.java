package dev.fmnist.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ImageProjectiveTransformV3;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras' {@code RandomTranslation(height_factor, width_factor, fill_mode, interpolation)}: in
 * training each image moves by a random offset drawn uniformly from [-factor * side, factor * side]
 * in each direction, through the same TensorFlow op Keras uses ({@code ImageProjectiveTransformV3});
 * in inference the layer is the identity. With nearest interpolation the shifts are whole pixels
 * and the images stay as sharp as the test images; bilinear blurs them by fractional shifts.
 */
public final class RandomTranslation extends ElementwiseLayer {
    private final double heightFactor;
    private final double widthFactor;
    private final String fillMode;
    private final String interpolation;
    private final long stream;

    /**
     * @param fillMode how pixels moved in from outside are filled: constant (zeros, the black
     *                 background of Fashion-MNIST), reflect, wrap or nearest
     * @param interpolation nearest or bilinear
     * @param stream   keeps this layer's random draws apart from other random layers' in the same step
     */
    public RandomTranslation(String name, double heightFactor, double widthFactor, String fillMode,
                             String interpolation, long stream) {
        super(name);
        if (!List.of("constant", "reflect", "wrap", "nearest").contains(fillMode)) {
            throw new IllegalArgumentException("fill mode must be constant, reflect, wrap or nearest, not " + fillMode);
        }
        if (!List.of("nearest", "bilinear").contains(interpolation)) {
            throw new IllegalArgumentException("interpolation must be nearest or bilinear, not " + interpolation);
        }
        this.interpolation = interpolation;
        this.heightFactor = heightFactor;
        this.widthFactor = widthFactor;
        this.fillMode = fillMode;
        this.stream = stream;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("height_factor", heightFactor);
        c.put("width_factor", widthFactor);
        c.put("fill_mode", fillMode);
        c.put("interpolation", interpolation);
        c.put("seed", null);
        c.put("fill_value", 0.0);
        return c;
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        if (!context.training()) {
            return x;
        }
        Operand<TInt64> perImage = perImage(tf, x, 1);
        Operand<TFloat32> dy = shift(tf, tf.random.statelessRandomUniform(perImage, context.seed(tf, stream)),
                heightFactor * shape[0]);
        Operand<TFloat32> dx = shift(tf, tf.random.statelessRandomUniform(perImage, context.seed(tf, stream + 1)),
                widthFactor * shape[1]);
        // Output pixel (x, y) samples the input at (x - dx, y - dy): rows [1, 0, -dx, 0, 1, -dy, 0, 0].
        Operand<TFloat32> one = tf.onesLike(dx);
        Operand<TFloat32> zero = tf.zerosLike(dx);
        Operand<TFloat32> transforms = tf.concat(List.of(one, zero, tf.math.neg(dx), zero, one, tf.math.neg(dy), zero, zero),
                tf.constant(1));
        return tf.image.imageProjectiveTransformV3(x, transforms,
                tf.constant(new int[] {(int) shape[0], (int) shape[1]}), tf.constant(0f),
                interpolation.toUpperCase(Locale.ROOT),
                ImageProjectiveTransformV3.fillMode(fillMode.toUpperCase(Locale.ROOT)));
    }

    /** U[0, 1) mapped onto U[-limit, limit). */
    private static Operand<TFloat32> shift(Ops tf, Operand<TFloat32> unit, double limit) {
        return tf.math.mul(tf.math.sub(tf.math.mul(unit, tf.constant(2f)), tf.constant(1f)), tf.constant((float) limit));
    }
}
