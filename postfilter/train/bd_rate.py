#!/usr/bin/python3
"""bd_rate.py: Bjontegaard delta rate of an evaluate.py results.tsv (bpgr_train/bd_rate.py; --help)."""
from bpgr_train.bd_rate import main

if __name__ == "__main__":
    main()
