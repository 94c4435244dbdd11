#!/usr/bin/env bash
# ONNX's own checker, ONNX Runtime in Python and Keras 3 as the reference, on ONNX files of ours
# (scripts/onnx-check.py says what is checked), in a virtual environment made for it under
# target/onnx-venv with pip (onnx, onnxruntime, keras, jax).
#
#   scripts/onnx-check.sh MODEL.onnx[=MODEL.keras] ...
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/onnx-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --retries 0 onnx onnxruntime keras jax scipy h5py
fi
exec "$venv/bin/python" scripts/onnx-check.py "$@"
