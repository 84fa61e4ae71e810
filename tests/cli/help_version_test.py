#!/usr/bin/env python3
"""-h of bpgdec and bpgenc, as scripts read it (issue 15).

help_version_test.py BPGR_VERSION PROGRAM...

Benchmark scripts take the version from the first line of `bpgenc -h`
("BPG Image Encoder version 0.9.8", exit status 1, as libbpg 0.9.8); bpgdec
likewise ("BPG Image Decoder version 0.9.8"). bpgr's own version follows on
a later line (from bpgr/version.h, here the project version).
"""
import os
import subprocess
import sys

FIRST_LINE = {
    "bpgdec": "BPG Image Decoder version 0.9.8",
    "bpgenc": "BPG Image Encoder version 0.9.8",
}


def main():
    version = sys.argv[1]
    failures = 0
    for program in sys.argv[2:]:
        name = os.path.basename(program)
        for args in (["-h"], ["--help"]):
            r = subprocess.run([program] + args, capture_output=True, text=True, timeout=30)
            lines = r.stdout.splitlines()
            checks = [
                (f"exit status 1 (got {r.returncode})", r.returncode == 1),
                (f"first line {FIRST_LINE[name]!r} (got {lines[:1]!r})", lines[:1] == [FIRST_LINE[name]]),
                (f"a line 'bpgr {version}...'", any(l.startswith(f"bpgr {version}") for l in lines[1:])),
                ("nothing on stderr", r.stderr == ""),
            ]
            for what, ok in checks:
                if not ok:
                    print(f"FAIL {name} {' '.join(args)}: {what}", file=sys.stderr)
                    failures += 1
        print(f"{name}: -h checked")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
