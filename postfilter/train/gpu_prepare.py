#!/usr/bin/python3
"""gpu_prepare.py: unpacks a gpu_bundle.py bundle into the pair cache (bpgr_train/gpu_prepare.py; --help)."""
from bpgr_train.gpu_prepare import main

if __name__ == "__main__":
    main()
