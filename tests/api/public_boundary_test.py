#!/usr/bin/env python3
"""Suite 'api': the public boundary of what `meson install` installs.

public_boundary_test.py BUILD_ROOT INCLUDEDIR LIBDIR MODE [--cc=CMD --cc-id=ID --cxx=CMD --nm=NM]

The installed files come from Meson's own install plan
(BUILD_ROOT/meson-info/intro-installed.json): the headers under
INCLUDEDIR/bpgr and the shared libraries in LIBDIR. The headers are copied
into a scratch include directory laid out as installed, so nothing from the
source tree can stand in for a header that is not installed.

MODE symbols    every installed shared library exports exactly the
                functions its installed headers declare (nm -D): nothing
                internal (C++ or C), nothing missing; every header belongs to
                an installed library (no header without its implementation).
MODE headers-c  every installed header compiles on its own as C11
MODE headers-cxx  ... and as C++17 (-Wall -Wextra -Wpedantic -Werror).
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

# Which installed libraries implement the functions an installed header
# declares. A new public header must be listed here (the test fails until
# it is), and a header whose library is not installed must not be.
HEADER_OWNERS = {
    "bpgr/export.h": [],            # macros only
    "bpgr/format.h": [],            # enums only
    "bpgr/status.h": ["bpgdec", "bpgenc"],
    "bpgr/version.h": ["bpgdec", "bpgenc"],
    "bpgr/decoder.h": ["bpgdec"],
    "bpgr/libbpg.h": ["bpgdec"],
    "bpgr/encoder.h": ["bpgenc"],
}

LIBRARY_NAME = re.compile(r"^lib(\w+)\.so(\.\d+)*$")


def installed_files(build_root, includedir, libdir):
    with open(os.path.join(build_root, "meson-info", "intro-installed.json")) as f:
        plan = json.load(f)
    headers, libraries = {}, {}
    for source, dest in plan.items():
        if os.path.dirname(os.path.dirname(dest)) == includedir and dest.endswith(".h"):
            headers[os.path.relpath(dest, includedir)] = source
        elif os.path.dirname(dest) == libdir and os.path.isabs(source):  # not the symlinks
            m = LIBRARY_NAME.match(os.path.basename(dest))
            if m:
                libraries[m.group(1)] = source
    return headers, libraries


def stage_headers(headers, scratch):
    include = os.path.join(scratch, "include")
    for rel, source in headers.items():
        os.makedirs(os.path.join(include, os.path.dirname(rel)), exist_ok=True)
        shutil.copyfile(source, os.path.join(include, rel))
    return include


def compile_alone(compiler, language, include, rel, scratch, extra=()):
    std = ["-std=c11", "-x", "c"] if language == "c" else ["-std=c++17", "-x", "c++"]
    unit = os.path.join(scratch, "only_" + rel.replace("/", "_") + (".c" if language == "c" else ".cpp"))
    with open(unit, "w") as f:
        f.write(f"#include <{rel}>\ntypedef int translation_unit_is_not_empty;\n")
    cmd = compiler + std + ["-Wall", "-Wextra", "-Wpedantic", "-Werror", "-fsyntax-only", "-I", include,
                            *extra, unit]
    return subprocess.run(cmd, capture_output=True, text=True)


def declared_functions(cc, include, rel, scratch):
    """The functions `rel` itself declares, from GCC's -aux-info."""
    aux = os.path.join(scratch, "aux_" + rel.replace("/", "_") + ".txt")
    r = compile_alone(cc, "c", include, rel, scratch, ["-aux-info", aux])
    if r.returncode != 0:
        raise RuntimeError(f"{rel} does not compile as C:\n{r.stderr}")
    own = os.path.join(include, rel)
    names = set()
    with open(aux) as f:
        for line in f:
            m = re.match(r"^/\* (.+?):\d+:\w+ \*/ .*?(\w+) \(", line)
            if m and os.path.samefile(m.group(1), own):
                names.add(m.group(2))
    return names


def exported_functions(nm, library):
    out = subprocess.run([nm, "-D", "--defined-only", library], capture_output=True, text=True, check=True)
    names = set()
    for line in out.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            names.add(fields[2])
    return names


def check_symbols(headers, libraries, cc, include, scratch, nm):
    failures = []
    expected = {lib: set() for lib in libraries}
    for rel in sorted(headers):
        if rel not in HEADER_OWNERS:
            failures.append(f"{rel}: installed, but no library is listed for it in HEADER_OWNERS")
            continue
        names = declared_functions(cc, include, rel, scratch)
        owners = HEADER_OWNERS[rel]
        if names and not owners:
            failures.append(f"{rel}: declares {sorted(names)} but no library implements it")
        for owner in owners:
            if owner not in libraries:
                failures.append(f"{rel}: installed, but its library lib{owner} is not")
            else:
                expected[owner] |= names
    for lib, path in sorted(libraries.items()):
        exported = exported_functions(nm, path)
        for name in sorted(exported - expected[lib]):
            failures.append(f"lib{lib}: exports {name}, which no installed header of it declares")
        for name in sorted(expected[lib] - exported):
            failures.append(f"lib{lib}: does not export {name}, declared in its installed headers")
        print(f"lib{lib}: {len(exported)} exported symbols, {len(expected[lib])} public functions")
    return failures


def main():
    build_root, includedir, libdir, mode = sys.argv[1:5]
    opts = dict(a[2:].split("=", 1) for a in sys.argv[5:])
    headers, libraries = installed_files(build_root, includedir, libdir)
    if not headers or not libraries:
        print(f"nothing installed under {includedir}/bpgr or {libdir}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        include = stage_headers(headers, scratch)
        if mode == "symbols":
            if opts.get("cc-id") != "gcc":
                print("symbols: needs GCC's -aux-info to list declarations; skipped")
                return 77
            failures = check_symbols(headers, libraries, shlex.split(opts["cc"]), include, scratch, opts["nm"])
        else:
            language = "c" if mode == "headers-c" else "cxx"
            compiler = shlex.split(opts["cc" if language == "c" else "cxx"])
            failures = []
            for rel in sorted(headers):
                r = compile_alone(compiler, language, include, rel, scratch)
                if r.returncode != 0:
                    failures.append(f"{rel} does not compile alone as {language}:\n{r.stderr}")
            print(f"{mode}: {len(headers)} installed headers: {', '.join(sorted(headers))}")
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
