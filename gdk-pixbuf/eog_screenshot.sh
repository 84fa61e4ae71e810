#!/bin/sh
# Manual check (issue 16): Eye of GNOME opens a .bpg through the loader in the
# build tree, in a real window on a virtual X server; the screen is saved.
#
#   gdk-pixbuf/eog_screenshot.sh BUILD_DIR IMAGE.bpg OUT.png
#
# Needs eog, xvfb (xvfb-run), imagemagick (import, convert) and
# shared-mime-info. Nothing is installed: the loader cache (our module plus
# the system's loaders, for eog's icons) and the MIME database live in a
# temporary folder. Not a meson test: it takes seconds of sleeping and a
# full GTK application, so it is run by hand and its picture is kept in
# gdk-pixbuf/eog-screenshot.png.
set -eu
build=$(cd "$1" && pwd)
image=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
out=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

query=$(pkg-config --variable=gdk_pixbuf_query_loaders gdk-pixbuf-2.0)
moduledir=$(pkg-config --variable=gdk_pixbuf_moduledir gdk-pixbuf-2.0)
"$query" "$build/gdk-pixbuf/libpixbufloader-bpg.so" "$moduledir"/*.so > "$tmp/loaders.cache"
mkdir -p "$tmp/xdg/mime/packages"
cp "$(dirname "$0")/bpg-mime.xml" "$tmp/xdg/mime/packages/bpgr-bpg.xml"
update-mime-database "$tmp/xdg/mime" > /dev/null 2>&1

export GDK_PIXBUF_MODULE_FILE="$tmp/loaders.cache" XDG_DATA_HOME="$tmp/xdg" HOME="$tmp"
xvfb-run -a -s "-screen 0 800x600x24" sh -c '
    eog --new-instance "$1" > "$2/eog.log" 2>&1 &
    sleep 8
    import -window root "$2/screen.png"
    kill $! 2>/dev/null || true' sh "$image" "$tmp"
convert "$tmp/screen.png" -resize 75% -colors 128 "$out"
echo "eog's screen (scaled 75%) in $out; eog said:"
cat "$tmp/eog.log"
