package dev.fmnist.cli;

import dev.fmnist.util.FmnistException;

/**
 * What the user can do about a failure, in the command line's words: the flag to give or change.
 * The code that found the failure says what is wrong and names the remedy; this is the one place
 * that words remedies.
 */
final class Advice {
    private Advice() {}

    /** The failure's message, followed by its remedy's sentence, if it has one. */
    static String sentences(FmnistException e) {
        return e.remedy().map(r -> e.getMessage() + " " + sentence(r)).orElse(e.getMessage());
    }

    static String sentence(FmnistException.Remedy remedy) {
        return switch (remedy) {
            case DATA_OFFLINE -> "Install it with 'apt-get install dataset-fashion-mnist', pass --data-dir, or run"
                    + " without --offline to download it.";
            case DATA_DOWNLOAD -> "Check the network, or pass --data-dir with the data set's four files.";
            case MODEL_OUTPUT -> "Choose another --model-dir.";
            case MODEL_INPUT -> "Train a model first (java -jar train.jar) or pass --model.";
            case CHECKPOINT_OF_ANOTHER_RUN -> "Use another --checkpoint-dir, or the same flags as that run.";
            case CHECKPOINT_UNUSABLE -> "Run without --resume to start afresh.";
            case LEARNING_RATE -> "Try a smaller --learning-rate.";
            case ADDRESS -> "Choose another --port or --host.";
            case ARCHITECTURE -> "Use --architecture " + StartingModel.FROM_FILE + " to train the file's own layers.";
            case LAYERS_UNRECORDED -> "Save it again with train.jar --epochs 0 --initial-weights DIR and the flags of"
                    + " its architecture (add --save-onnx FILE there to convert it at once).";
        };
    }
}
