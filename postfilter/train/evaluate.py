#!/usr/bin/python3
"""evaluate.py: evaluates a model through bpgenc/bpgdec --restore (bpgr_train/evaluate.py; --help)."""
from bpgr_train.evaluate import main

if __name__ == "__main__":
    main()
