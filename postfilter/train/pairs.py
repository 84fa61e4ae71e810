#!/usr/bin/python3
"""pairs.py: makes training/validation pairs with our bpgenc/bpgdec (bpgr_train/pairs.py; --help)."""
from bpgr_train.pairs import main

if __name__ == "__main__":
    main()
