#!/usr/bin/python3
"""check_engine.py: compares the C++ engine with the PyTorch reference (bpgr_train/check_engine.py; --help)."""
from bpgr_train.check_engine import main

if __name__ == "__main__":
    main()
