#!/usr/bin/env python3
"""Writes the Keras-made test fixtures in src/test/resources/keras: small models saved by Keras 3
itself as .keras and as legacy .h5, and the probabilities Keras gives for the first 20 test images.
KerasFixturesTest checks that we read each file to the same probabilities.

Needs Keras 3 with a backend (e.g. pip install keras jax jaxlib h5py) and the data set in
/usr/share/datasets/fashion-mnist. Not run by the build: the fixtures are committed."""
import gzip
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers as L  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/keras"
IMAGES = 20
raw = gzip.open("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz").read()[16:16 + IMAGES * 784]
x = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 28, 28, 1).astype("float32") / 255


def bn_cnn():
    """Batch normalisation with and without center/scale, same padding, strides, a rectangular
    kernel, Activation and ReLU layers, dropout, a softmax Activation at the end."""
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        L.Conv2D(8, 3, padding="same", use_bias=False), L.BatchNormalization(), L.Activation("relu"),
        L.MaxPooling2D(2, padding="same"),
        L.Conv2D(16, (3, 5), strides=(1, 2), activation="relu"), L.BatchNormalization(center=False, epsilon=0.01),
        L.ReLU(), L.MaxPooling2D((2, 2), strides=1), L.Dropout(0.3), L.Flatten(),
        L.Dense(8), L.BatchNormalization(scale=False), L.Activation("relu"),
        L.Dense(10), L.Activation("softmax")])


def functional():
    """A functional chain on [28, 28] inputs, through a Reshape."""
    i = keras.Input((28, 28))
    h = L.Reshape((28, 28, 1))(i)
    h = L.Conv2D(4, 5, activation="relu")(h)
    h = L.MaxPooling2D()(h)
    h = L.Flatten()(h)
    return keras.Model(i, L.Dense(10, activation="softmax")(h))


def flat():
    """[784] inputs, tanh, and logits out (we report them through a softmax)."""
    return keras.Sequential([keras.Input((784,)), L.Dense(8, activation="tanh"), L.Dense(10)])


def extras():
    """Rescaling, elu and swish, average pooling with same padding, LeakyReLU, global average pooling."""
    return keras.Sequential([
        keras.Input((28, 28, 1)), L.Rescaling(2.0, offset=-1.0),
        L.Conv2D(4, 3, padding="same", activation="elu"), L.AveragePooling2D(3, strides=2, padding="same"),
        L.LeakyReLU(0.2), L.Conv2D(6, 3, activation="swish"), L.GlobalAveragePooling2D(),
        L.Dense(10, activation="softmax")])


def global_max():
    """ZeroPadding2D, selu, global max pooling, softplus, a Softmax layer."""
    return keras.Sequential([
        keras.Input((28, 28, 1)), L.ZeroPadding2D(((1, 2), (3, 0))), L.Conv2D(4, 5, activation="selu"),
        L.GlobalMaxPooling2D(), L.Dense(6, activation="softplus"), L.Dense(10), L.Softmax()])


keras.utils.set_random_seed(1)
rng = np.random.default_rng(1)
for name, make in [("bn_cnn", bn_cnn), ("functional", functional), ("flat", flat), ("extras", extras),
                   ("global_max", global_max)]:
    m = make()
    for layer in m.layers:
        if isinstance(layer, L.BatchNormalization):
            # Statistics away from their initial values, as training leaves them: means around
            # 0, variances (the last weight) and any gamma positive.
            weights = layer.get_weights()
            layer.set_weights([rng.uniform(0.5, 2, w.shape).astype("float32") if k == len(weights) - 1
                               or (layer.scale and k == 0) else rng.normal(0, 0.3, w.shape).astype("float32")
                               for k, w in enumerate(weights)])
    m.save(os.path.join(OUT, name + ".keras"))
    m.save(os.path.join(OUT, name + ".h5"))
    p = m.predict(x.reshape((IMAGES,) + m.input_shape[1:]), verbose=0)
    if name == "flat":
        p = keras.ops.convert_to_numpy(keras.ops.softmax(p))
    np.savetxt(os.path.join(OUT, name + ".expected.txt"), p, fmt="%.9g",
               header="Keras %s: probabilities of the first %d test images" % (keras.__version__, IMAGES))
    print(name, p.shape)
