#!/usr/bin/python3
"""codec.py: runs bpgenc/bpgdec; --has-restore [MODEL] probes bpgdec --restore (bpgr_train/codec.py; --help)."""
from bpgr_train.codec import main

if __name__ == "__main__":
    main()
