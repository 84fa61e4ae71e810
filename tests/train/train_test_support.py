"""Shared by the `train` suite's scripts: the package on sys.path, the repository's
paths, and a clean skip (exit 77, which meson reports as SKIP) when a module the
script needs (numpy, torch) is not importable by this interpreter."""
import importlib
import os
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TRAIN_DIR = os.path.join(REPO, "postfilter", "train")
MODELS_DIR = os.path.join(REPO, "postfilter", "models")
sys.path.insert(0, TRAIN_DIR)


def require(*modules):
    for m in modules:
        try:
            importlib.import_module(m)
        except ImportError as e:
            print(f"SKIP: {sys.executable} cannot import {m} ({e})")
            sys.exit(77)
