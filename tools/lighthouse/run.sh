#!/usr/bin/env bash
# Lighthouse audits of the built site, as a reader's browser sees it when deployed: a copy of
# the site is built for a loopback address, served with exactly the headers of
# static/_headers (tools/lighthouse/serve), and audited with Lighthouse 12.2.3 (npm, pinned in
# package-lock.json) in Debian's Chromium, with the mobile and the desktop presets.
#
#   bash tools/lighthouse/run.sh                 # home, essay, About, a follow-up, a chart page
#   bash tools/lighthouse/run.sh / /about/       # any pages, by path
#
# It prints a table of the four category scores per page and preset, and the audits that
# cost points, and writes the same to tools/lighthouse/summary.md; the JSON reports go to
# tools/lighthouse/reports/. Goals: performance >= 0.95 on mobile, everything else 1.
# Not part of `go test`: it needs npm, and Lighthouse's scores move with the machine's load.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROME_PATH" ]; then
  echo "lighthouse: no Chromium at $CHROME_PATH: apt-get install -y chromium (or set CHROME_PATH)" >&2
  exit 1
fi
chrome_flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"

if [ "$#" -gt 0 ]; then
  pages=("$@")
else
  # About is the article template without charts; what-the-benchmarks-say is a follow-up.
  pages=(/ /essays/python-dont-over-use-it/ /about/ /essays/what-the-benchmarks-say/ /charts/bg_cpu_time/)
fi

# Lighthouse from the lock file, once.
lh="$here/node_modules/.bin/lighthouse"
if [ ! -x "$lh" ] || [ "$("$lh" --version)" != "12.2.3" ]; then
  echo "lighthouse: installing lighthouse@12.2.3 (npm ci)" >&2
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# A free loopback port, so the site can be built for the address it is served from: its
# canonical links and absolute URLs then point at the page Lighthouse audits.
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
base="http://127.0.0.1:$port/"

echo "lighthouse: building a copy of the site for $base" >&2
mkdir -p "$work/src"
for f in config.toml content layouts assets static data archetypes; do cp -R "$f" "$work/src/"; done
go run ./tools/site build -root "$work/src" -out "$work/public" -baseURL "$base" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; exit 1; }

go build -o "$work/serve" ./tools/lighthouse/serve
"$work/serve" -dir "$work/public" -addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server_pid=$!
# Wait (5 s at most) until the server answers.
node -e '
const url = process.argv[1], end = Date.now() + 5000;
(async () => {
  while (Date.now() < end) {
    try { if ((await fetch(url)).ok) return; } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  process.exit(1);
})();' "$base" || { echo "lighthouse: the server did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }

reports="$here/reports"
rm -rf "$reports"
mkdir -p "$reports"
for p in "${pages[@]}"; do
  name="$(echo "$p" | sed -e 's|^/||' -e 's|/$||' -e 's|/|_|g')"
  name="${name:-home}"
  for preset in mobile desktop; do
    args=()
    if [ "$preset" = desktop ]; then args+=(--preset=desktop); fi
    echo "lighthouse: $p ($preset)" >&2
    # A run that hangs is stopped: Lighthouse's own page timeouts are 45 s per page.
    timeout 180 "$lh" "${base%/}$p" "${args[@]}" \
      --chrome-flags="$chrome_flags" \
      --only-categories=performance,accessibility,best-practices,seo \
      --output=json --output-path="$reports/$name.$preset.json" \
      --quiet
  done
done

node "$here/summary.mjs" "$reports" "${pages[@]}" | tee "$here/summary.md"
