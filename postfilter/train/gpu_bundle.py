#!/usr/bin/python3
"""gpu_bundle.py: packs pairs small enough to carry to a GPU machine (bpgr_train/gpu_bundle.py; --help)."""
from bpgr_train.gpu_bundle import main

if __name__ == "__main__":
    main()
