#!/usr/bin/python3
"""self_ensemble.py: gain of flip/rotation self-ensembling of a model file (bpgr_train/self_ensemble.py; --help)."""
from bpgr_train.self_ensemble import main

if __name__ == "__main__":
    main()
