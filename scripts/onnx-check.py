#!/usr/bin/env python3
"""Checks ONNX files of ours with ONNX's own tools and an independent reference: onnx.checker's full
check (the schema, every operator against its opset, shape inference), ONNX Runtime's accuracy on
the 10,000 test images, and, for a model that also has a Keras file, the accuracy Keras 3 gives and
the largest difference between Keras' probabilities and ONNX Runtime's.

    onnx-check.py MODEL.onnx[=MODEL.keras] ...

Needs onnx, onnxruntime and numpy (and keras with jax for the Keras reference); scripts/onnx-check.sh
makes a virtual environment with them. The data set is read from /usr/share/datasets/fashion-mnist."""
import gzip
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort

DATA = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")
x = np.frombuffer(gzip.open(os.path.join(DATA, "t10k-images-idx3-ubyte.gz")).read()[16:], dtype=np.uint8)
x = x.reshape(-1, 28, 28, 1).astype("float32") / 255
y = np.frombuffer(gzip.open(os.path.join(DATA, "t10k-labels-idx1-ubyte.gz")).read()[8:], dtype=np.uint8)

for arg in sys.argv[1:]:
    path, _, keras_file = arg.partition("=")
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    given = session.get_inputs()[0]
    p = session.run(["probabilities"], {given.name: x.reshape((-1,) + tuple(given.shape[1:]))})[0]
    accuracy = float((p.argmax(1) == y).mean())
    line = "%s: onnx.checker full check passed (opset %d, producer %s %s); ONNX Runtime %s: accuracy %.4f" % (
        path, model.opset_import[0].version, model.producer_name, model.producer_version, ort.__version__, accuracy)
    if keras_file:
        os.environ.setdefault("KERAS_BACKEND", "jax")
        import keras
        try:
            reference = keras.models.load_model(keras_file)
        except Exception as e:  # Keras 3 cannot read every older file; the check above still stands
            print(line + "; Keras %s cannot load %s (%s)" % (keras.__version__, keras_file, str(e).splitlines()[0]))
            continue
        k = np.asarray(reference.predict(x.reshape((-1,) + reference.input_shape[1:]), batch_size=500, verbose=0))
        if not np.allclose(k.sum(1), 1, atol=1e-3):  # logits out: our file ends in a softmax, as our predictions do
            k = np.exp(k - k.max(1, keepdims=True))
            k /= k.sum(1, keepdims=True)
        line += "; Keras %s on %s: accuracy %.4f, largest difference %.2g" % (
            keras.__version__, os.path.basename(keras_file), float((k.argmax(1) == y).mean()), float(np.abs(k - p).max()))
    print(line)
