#!/usr/bin/python3
"""train.py: trains a restoration model on cached pairs (resumable) (bpgr_train/train.py; --help)."""
from bpgr_train.train import main

if __name__ == "__main__":
    main()
