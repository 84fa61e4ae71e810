#!/usr/bin/env python3
"""bpgdec on hostile files (suite 'robustness').

cli_hostile.py BPGDEC ROBUSTNESS_EXE FIXTURE_DIR SEED FIRST COUNT

Writes COUNT generated files (robustness_test --write), then for each runs
`bpgdec -o out.png FILE` under a timeout and checks: no signal, no hang;
exit 0 with a complete PNG, or non-zero with a message on stderr and no
output file left behind; the input is never modified. Also checks that a
failing decode leaves a pre-existing output file untouched and that
bpgdec refuses to write over its own input.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

TIMEOUT_S = 60
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return None


def main():
    bpgdec, gen, fixture_dir, seed, first, count = sys.argv[1:7]
    failures = []
    outcomes = {"decoded": 0, "rejected": 0}
    with tempfile.TemporaryDirectory(prefix="bpgr-hostile-") as tmp:
        files_dir = os.path.join(tmp, "in")
        os.mkdir(files_dir)
        subprocess.run([gen, fixture_dir, seed, first, count, "--write", files_dir], check=True)
        with open(os.path.join(files_dir, "index.tsv")) as f:
            index = [line.rstrip("\n").split("\t", 1) for line in f if line.strip()]
        for n, (name, what) in enumerate(index):
            src = os.path.join(files_dir, name)
            out = os.path.join(tmp, "out.png")
            before = digest(src)
            if n % 5 == 0:  # a pre-existing output must survive a failure
                with open(out, "wb") as f:
                    f.write(b"previous")
            r = run([bpgdec, "--threads", "1", "-o", out, src])
            label = f"{name} ({what})"
            if r is None:
                failures.append(f"{label}: no exit within {TIMEOUT_S} s")
                continue
            if r.returncode < 0:
                failures.append(f"{label}: killed by signal {-r.returncode}")
            elif r.returncode == 0:
                outcomes["decoded"] += 1
                ok = os.path.exists(out) and open(out, "rb").read(8) == PNG_MAGIC
                if not ok:
                    failures.append(f"{label}: exit 0 without a PNG")
            else:
                outcomes["rejected"] += 1
                if not r.stderr.strip():
                    failures.append(f"{label}: exit {r.returncode} without a message")
                if n % 5 == 0:
                    if not os.path.exists(out) or open(out, "rb").read() != b"previous":
                        failures.append(f"{label}: failed decode changed the existing output")
                elif os.path.exists(out):
                    failures.append(f"{label}: failed decode left an output file")
                if any(p.startswith("out.png") and p != "out.png" for p in os.listdir(tmp)):
                    failures.append(f"{label}: temporary output left behind")
            if digest(src) != before:
                failures.append(f"{label}: input modified")
            if os.path.exists(out):
                os.remove(out)

        # Output path == input path: refused (or at least never clobbers the input).
        for name, _ in index[:10] + [("valid", "")]:
            src = os.path.join(tmp, "self.bpg")
            shutil.copy(os.path.join(files_dir, name) if name != "valid"
                        else os.path.join(fixture_dir, "size-1x1-420-b8.bpg"), src)
            before = digest(src)
            r = run([bpgdec, "-o", src, src])
            if r is None or r.returncode < 0:
                failures.append(f"self-overwrite {name}: hang or signal")
            elif digest(src) != before:
                failures.append(f"self-overwrite {name}: input overwritten (exit {r.returncode})")

    print(f"{len(index)} hostile files through bpgdec: {outcomes['decoded']} decoded, "
          f"{outcomes['rejected']} rejected with a message")
    for f in failures:
        print("FAIL", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
