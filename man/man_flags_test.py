#!/usr/bin/env python3
"""man suite: every option a program's -h lists has an entry in its man page.

man_flags_test.py PROGRAM MANPAGE

Runs PROGRAM -h (bpgdec exits 1 there, as the reference does), collects the
options the help text starts its lines with, and checks that the man page's
OPTIONS section has a tagged paragraph (.TP) for each; then renders the page
with `man -l` when man-db is installed and checks it gives no warnings.
"""
import re
import shutil
import subprocess
import sys


def help_options(program):
    r = subprocess.run([program, "-h"], capture_output=True, text=True, timeout=30)
    options = set()
    for line in (r.stdout + r.stderr).splitlines():
        m = re.match(r"^(-[-\w]+)(?:, (--[-\w]+))?", line)
        if m:
            options.update(o for o in m.groups() if o)
    return options


def man_options(path):
    text = open(path, encoding="utf-8").read()
    section = text.split(".SH OPTIONS", 1)[1].split("\n.SH ", 1)[0]
    tagged = set()
    lines = section.splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.strip() == ".TP":
            tag = lines[i + 1].replace("\\-", "-")
            tagged.update(re.findall(r"(?<![\w-])(-[-\w]+)", tag))
    return tagged


def main():
    program, page = sys.argv[1:3]
    listed = help_options(program)
    documented = man_options(page)
    missing = sorted(listed - documented)
    if not listed:
        print(f"no options found in {program} -h", file=sys.stderr)
        return 1
    for option in missing:
        print(f"FAIL {page}: {option} (in -h) has no entry under OPTIONS", file=sys.stderr)
    if shutil.which("man"):
        r = subprocess.run(["man", "--warnings", "-l", page], capture_output=True, text=True,
                           env={"MANWIDTH": "80", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}, timeout=60)
        if r.returncode != 0 or r.stderr.strip():
            print(f"FAIL {page}: man --warnings: {r.stderr.strip()}", file=sys.stderr)
            missing.append("render")
    print(f"{page}: {len(listed)} options in -h, {len(documented)} documented, {len(missing)} problems")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
