#!/usr/bin/env python3
"""Builds a private shared-mime-info database holding the BPG type, for the
gdk-pixbuf tests (gdk-pixbuf finds a file's loader through its MIME type).

make_mime_db.py UPDATE_MIME_DATABASE MIME_XML XDG_DATA_HOME STAMP
"""
import os
import shutil
import subprocess
import sys


def main():
    update, xml, data_home, stamp = sys.argv[1:5]
    packages = os.path.join(data_home, "mime", "packages")
    os.makedirs(packages, exist_ok=True)
    shutil.copyfile(xml, os.path.join(packages, "bpgr-bpg.xml"))
    # It warns that the folder is not on the XDG search path: the tests put it there.
    subprocess.run([update, os.path.join(data_home, "mime")], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    if not os.path.exists(os.path.join(data_home, "mime", "mime.cache")):
        sys.exit("update-mime-database wrote no mime.cache")
    with open(stamp, "w") as f:
        f.write("ok\n")


if __name__ == "__main__":
    main()
