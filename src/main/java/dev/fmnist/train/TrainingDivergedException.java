package dev.fmnist.train;

import dev.fmnist.util.FmnistException;
import java.util.Locale;

/** The loss became NaN or infinite, so training stopped; nothing should be saved. */
public class TrainingDivergedException extends FmnistException {
    private final double learningRate;

    /**
     * @param loss         the running loss that was not finite
     * @param epoch        the 0-based epoch
     * @param step         the steps of that epoch done when the loss was read
     * @param learningRate the learning rate the run started with
     */
    public TrainingDivergedException(double loss, int epoch, int step, double learningRate) {
        super(String.format(Locale.ROOT, "The loss became %s in epoch %d by step %d at a learning rate of %s;"
                + " training stopped.", Double.isNaN(loss) ? "NaN" : "infinite", epoch + 1, step, learningRate),
                Remedy.LEARNING_RATE, null);
        this.learningRate = learningRate;
    }

    /** The learning rate the run started with: a smaller one may not diverge. */
    public double learningRate() {
        return learningRate;
    }
}
