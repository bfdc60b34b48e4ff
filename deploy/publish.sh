#!/usr/bin/env bash
# Publish a built site: check that the build is complete, then, given a destination, copy it
# there in one swap.
#
#   bash deploy/publish.sh public                              # check only (CI, Dockerfile)
#   bash deploy/publish.sh public /srv/kb/eng/python-evidence  # check, then publish
#
# A missing or incomplete build stops here with what to run, rather than publishing an empty
# or half site. The swap means a reader sees the old site or the new one, never half of each.
set -euo pipefail

usage="usage: deploy/publish.sh BUILD_DIR [DEST_DIR]"
src=${1:?$usage}
dest=${2:-}
build="go run ./tools/site build -out $src"

fail() {
  echo "publish: $*" >&2
  exit 1
}

[ -d "$src" ] || fail "no build at $src: run \`$build\` first (add -baseURL for a sub-path)"
for f in index.html 404.html sitemap.xml; do
  [ -s "$src/$f" ] || fail "$src/$f is missing or empty, so $src is not a complete build: run \`$build\` first"
done
compgen -G "$src/packs/*.html" >/dev/null ||
  fail "$src/packs/ holds no evidence pack, so $src is not a complete build: run \`$build\` first"

files=$(find "$src" -type f | wc -l | tr -d ' ')
if [ -z "$dest" ]; then
  echo "publish: $src is a complete build ($files files)"
  exit 0
fi

src_abs=$(cd "$src" && pwd)
mkdir -p "$(dirname "$dest")"
dest_abs=$(cd "$(dirname "$dest")" && pwd)/$(basename "$dest")
case "$dest_abs/" in
  "$src_abs"/*) fail "$dest is inside $src" ;;
esac
new="$dest_abs.new.$$"
old="$dest_abs.old.$$"
trap 'rm -rf "$new"' EXIT
rm -rf "$new"
mkdir -p "$new"
cp -R "$src_abs/." "$new/"
chmod -R a+rX "$new"
if [ -e "$dest_abs" ]; then
  mv "$dest_abs" "$old"
fi
mv "$new" "$dest_abs"
rm -rf "$old"
echo "publish: $src ($files files) -> $dest"
