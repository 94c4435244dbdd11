package dev.fmnist.train;

/** Training stopped between two steps because the user asked it to (Ctrl-C, SIGTERM). */
public class TrainingInterruptedException extends Exception {
    private final transient TrainingState state;

    public TrainingInterruptedException(TrainingState state) {
        super("training interrupted in epoch " + (state.epoch() + 1) + " after step " + state.step());
        this.state = state;
    }

    /** Where the run stopped, with every variable's value: what a checkpoint needs. */
    public TrainingState state() {
        return state;
    }
}
