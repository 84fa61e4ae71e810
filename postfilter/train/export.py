#!/usr/bin/python3
"""export.py: exports a training checkpoint to a .bpgrm model file (bpgr_train/export.py; --help)."""
from bpgr_train.export import main

if __name__ == "__main__":
    main()
