#!/usr/bin/python3
"""plot_log.py: learning curve PNG from a run's log.tsv (bpgr_train/plot_log.py; --help)."""
from bpgr_train.plot_log import main

if __name__ == "__main__":
    main()
