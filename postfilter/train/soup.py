#!/usr/bin/python3
"""soup.py: averages the weights of checkpoints of one architecture (bpgr_train/soup.py; --help)."""
from bpgr_train.soup import main

if __name__ == "__main__":
    main()
