package dev.fmnist.onnx;

import dev.fmnist.util.FmnistException;

/** A model cannot be written as ONNX; the message is one sentence for the user. */
public final class OnnxException extends FmnistException {
    OnnxException(String message) {
        super(message);
    }

    OnnxException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
