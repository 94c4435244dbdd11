package dev.fmnist.train;

/** The loss became NaN or infinite, so training stopped; nothing should be saved. */
public class TrainingDivergedException extends Exception {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
