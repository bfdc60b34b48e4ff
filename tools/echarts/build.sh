#!/usr/bin/env bash
# Rebuilds the vendored, tree-shaken Apache ECharts browser bundle.
#
#   bash tools/echarts/build.sh
#
# Needs Node and npm (only for this script; building the site does not).
# Installs the exact versions pinned in package-lock.json with `npm ci`,
# bundles entry.js with esbuild into assets/vendor/echarts/echarts.min.js,
# copies the package's LICENSE, NOTICE and licenses/, and regenerates
# assets/vendor/echarts/README.md. The output is deterministic: running it
# twice gives identical bytes. Fails if the gzipped bundle is over
# GZIP_BUDGET bytes (230 KiB unless set in the environment).
# Smoke test afterwards: node tools/echarts/check.mjs
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT_DIR="$ROOT/assets/vendor/echarts"
OUT="$OUT_DIR/echarts.min.js"
GZIP_BUDGET="${GZIP_BUDGET:-235520}"

# Keep in step with the use([...]) list in entry.js.
COMPONENTS=(
  "charts: BarChart, LineChart, ScatterChart"
  "components: GridComponent, TooltipComponent, LegendComponent, DatasetComponent, AriaComponent, TitleComponent, MarkLineComponent"
  "renderers: CanvasRenderer, SVGRenderer"
  "themes: 'default' and 'dark' (built into echarts/core in ECharts 6)"
)

cd "$HERE"
npm ci --no-audit --no-fund --loglevel=error

ECHARTS_VERSION="$(node -p "require('./node_modules/echarts/package.json').version")"
ESBUILD_VERSION="$(node -p "require('./node_modules/esbuild/package.json').version")"

mkdir -p "$OUT_DIR"

# Relative paths only, so nothing machine-specific ends up in the output.
./node_modules/.bin/esbuild entry.js \
  --bundle \
  --minify \
  --format=iife \
  --target=es2018 \
  --platform=browser \
  --legal-comments=inline \
  --charset=utf8 \
  --define:process.env.NODE_ENV='"production"' \
  --banner:js="/*! Apache ECharts ${ECHARTS_VERSION} | Apache-2.0 | https://echarts.apache.org | tree-shaken build: bash tools/echarts/build.sh */" \
  --log-level=warning \
  --outfile="$OUT"

cp node_modules/echarts/LICENSE "$OUT_DIR/LICENSE"
if [ -f node_modules/echarts/NOTICE ]; then
  cp node_modules/echarts/NOTICE "$OUT_DIR/NOTICE"
fi
# LICENSE points to licenses/LICENSE-d3 (BSD-3-Clause): code from d3 is embedded
# in src/util/number.ts, which every build includes. Keep the same layout.
rm -rf "$OUT_DIR/licenses"
if [ -d node_modules/echarts/licenses ]; then
  mkdir -p "$OUT_DIR/licenses"
  cp node_modules/echarts/licenses/* "$OUT_DIR/licenses/"
fi

RAW_BYTES="$(wc -c < "$OUT" | tr -d ' ')"
GZIP_BYTES="$(gzip -9 -n -c "$OUT" | wc -c | tr -d ' ')"
SHA256="$(sha256sum "$OUT" | cut -d' ' -f1)"
# Dynamic code evaluation would force a CSP with 'unsafe-eval'; count it.
EVAL_COUNT="$( (grep -o -E 'eval\(|new Function\(|[^A-Za-z0-9_$.]Function\(' "$OUT" || true) | wc -l | tr -d ' ')"
if [ "$EVAL_COUNT" = 0 ]; then
  CSP_NOTE="no \`eval(\`, \`new Function(\` or \`Function(\` call in the bundle: \`script-src\` needs no \`'unsafe-eval'\`"
else
  CSP_NOTE="${EVAL_COUNT} occurrence(s) of \`eval(\` / \`Function(\` in the bundle: check before relying on a CSP without \`'unsafe-eval'\`"
fi

{
  echo "# Vendored Apache ECharts"
  echo
  echo "\`echarts.min.js\` is a tree-shaken browser bundle of the npm package"
  echo "\`echarts\` ${ECHARTS_VERSION}, built with esbuild ${ESBUILD_VERSION} from"
  echo "\`tools/echarts/entry.js\`. It is committed so that building the site never"
  echo "needs npm. Do not edit it by hand."
  echo
  echo "| | |"
  echo "| --- | --- |"
  echo "| package | \`echarts\` ${ECHARTS_VERSION} (npm) |"
  echo "| bundler | \`esbuild\` ${ESBUILD_VERSION} (npm), \`--bundle --minify --format=iife --target=es2018 --legal-comments=inline\` |"
  echo "| file | \`echarts.min.js\` |"
  echo "| sha256 | \`${SHA256}\` |"
  echo "| size | ${RAW_BYTES} bytes raw, ${GZIP_BYTES} bytes gzipped (\`gzip -9 -n\`) |"
  echo "| licence | Apache-2.0: see \`LICENSE\` and \`NOTICE\` beside this file (copied from the package); the d3-derived parts it lists are BSD-3-Clause, see \`licenses/LICENSE-d3\` |"
  echo "| global | \`window.echarts\`: the whole \`echarts/core\` namespace (\`init\`, \`use\`, \`getInstanceByDom\`, \`registerTheme\`, \`dispose\`, ...) |"
  echo "| CSP | ${CSP_NOTE} |"
  echo
  echo "## Registered"
  echo
  for c in "${COMPONENTS[@]}"; do
    echo "- ${c}"
  done
  echo
  echo "Not included: DataZoom, Toolbox, VisualMap, other chart types."
  echo "Anything not listed is silently unavailable; add it in"
  echo "\`tools/echarts/entry.js\` and rebuild."
  echo
  echo "## Rebuild"
  echo
  echo "From any directory:"
  echo
  echo '```sh'
  echo "bash tools/echarts/build.sh"
  echo '```'
  echo
  echo "It runs \`npm ci\` in \`tools/echarts/\` (versions pinned in \`package.json\` and"
  echo "\`package-lock.json\`), bundles with esbuild, copies \`LICENSE\`, \`NOTICE\` and"
  echo "\`licenses/\`, and rewrites this README. The build is deterministic: the same"
  echo "inputs give the same sha256. It fails if the gzipped bundle grows past"
  echo "${GZIP_BUDGET} bytes. \`node tools/echarts/check.mjs\` smoke-tests the bundle"
  echo "in Node (SSR SVG rendering of bar/line/scatter on a log axis, default and"
  echo "dark themes, \`setTheme\`)."
} > "$OUT_DIR/README.md"

echo "echarts ${ECHARTS_VERSION}, esbuild ${ESBUILD_VERSION}"
echo "wrote ${OUT#"$ROOT"/}"
echo "raw:    ${RAW_BYTES} bytes"
echo "gzip:   ${GZIP_BYTES} bytes (gzip -9 -n)"
echo "sha256: ${SHA256}"
echo "eval/Function( occurrences: ${EVAL_COUNT}"
if [ "$GZIP_BYTES" -gt "$GZIP_BUDGET" ]; then
  echo "ERROR: gzipped bundle is ${GZIP_BYTES} bytes, over the ${GZIP_BUDGET}-byte budget" >&2
  exit 1
fi
