#!/usr/bin/python3
"""rd_plot.py: rate-distortion plot of several evaluate.py results (bpgr_train/rd_plot.py; --help)."""
from bpgr_train.rd_plot import main

if __name__ == "__main__":
    main()
