#!/usr/bin/python3
"""choose_precision.py: measures bf16/int8 loss against fp32 and records auto's precision (bpgr_train/choose_precision.py; --help)."""
from bpgr_train.choose_precision import main

if __name__ == "__main__":
    main()
