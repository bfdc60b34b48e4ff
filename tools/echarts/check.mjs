// Smoke test for the vendored ECharts bundle, in Node, without a browser.
//   node tools/echarts/check.mjs [path/to/echarts.min.js]
// Loads the IIFE into a sandbox with a fake `window` (as a <script> tag
// would), then renders charts in ECharts' SSR mode to SVG strings.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const file = process.argv[2] ??
  fileURLToPath(new URL('../../assets/vendor/echarts/echarts.min.js', import.meta.url));
const code = readFileSync(file, 'utf8');

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ' - ' + detail : ''}`);
}

// A browser-like global: `window` is the global object itself. zrender's
// environment sniffing reads navigator.userAgent when `window` exists; a
// userAgent containing "Node.js" makes it take its server-side path.
const sandbox = {
  console, setTimeout, clearTimeout, setInterval, clearInterval,
  navigator: { userAgent: 'Node.js' },
};
sandbox.window = sandbox;
vm.createContext(sandbox);
try {
  vm.runInContext(code, sandbox, { filename: 'echarts.min.js' });
} catch (e) {
  console.log(`FAIL loading ${file}: ${String(e).slice(0, 300)}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const echarts = sandbox.window.echarts;

check('window.echarts is defined', !!echarts);
for (const fn of ['init', 'use', 'getInstanceByDom', 'registerTheme', 'dispose', 'connect']) {
  check(`echarts.${fn} is a function`, typeof echarts?.[fn] === 'function');
}

function option() {
  return {
    title: { text: 'Log bars' },
    aria: { enabled: true, decal: { show: true } },
    tooltip: { trigger: 'axis' },
    legend: { data: ['Runs', 'Trend', 'Points'] },
    dataset: {
      source: [
        ['k', 'runs', 'trend', 'pts'],
        ['a', 10, 12, 9],
        ['b', 1000, 900, 1100],
        ['c', 100000, 90000, 80000],
      ],
    },
    xAxis: { type: 'category' },
    yAxis: { type: 'log' },
    series: [
      { type: 'bar', name: 'Runs', itemStyle: { color: '#123456' },
        markLine: { data: [{ yAxis: 500, name: 'limit' }] } },
      { type: 'line', name: 'Trend' },
      { type: 'scatter', name: 'Points' },
    ],
  };
}

function render(theme, opts = {}) {
  const chart = echarts.init(null, theme, { renderer: 'svg', ssr: true, width: 600, height: 400, ...opts });
  chart.setOption(option());
  return chart;
}

// Default theme.
let chart = render(null);
let svg = chart.renderToSVGString();
check('renderToSVGString returns an <svg>', /^<svg[\s>]/.test(svg), `${svg.length} chars`);
// Bars are rect paths "M x y l w 0 l 0 -h l -w 0 Z" tagged with their series.
const bars = [...svg.matchAll(/<path d="M[\d.]+ [\d.]+l[\d.]+ 0l0 -([\d.]+)l-[\d.]+ 0Z" fill="#123456" ecmeta_series_index="0" ecmeta_data_index="(\d+)"/g)]
  .map((m) => +m[1]);
check('SVG contains the 3 bars of the bar series', bars.length === 3, `heights ${bars.join(', ')}`);
// On a log axis starting at 1, values 10, 1000, 100000 give heights 1:3:5.
check('bar heights follow the log scale (1:3:5)', bars.length === 3 &&
  Math.abs(bars[1] / bars[0] - 3) < 0.05 && Math.abs(bars[2] / bars[0] - 5) < 0.05);
check('log y-axis labels (1,000 / 100,000)', svg.includes('1,000') && svg.includes('100,000'));
check('title text rendered', svg.includes('Log bars'));
check('legend items rendered', svg.includes('Runs') && svg.includes('Trend') && svg.includes('Points'));
// AriaComponent is a preprocessor + visual, not a component model. Its
// aria-label goes on the DOM container (not in SSR output), but its decal
// visual does show up in the SVG as <pattern> fills.
check('aria decal patterns rendered (AriaComponent active)', svg.includes('<pattern'));
const model = chart.getModel();
for (const c of ['title', 'tooltip', 'legend', 'dataset', 'grid', 'xAxis', 'yAxis', 'markLine']) {
  check(`component '${c}' is registered`, !!model.getComponent(c));
}
check('line and scatter series present', svg.includes('<path') && model.getSeriesByType('scatter').length === 1 && model.getSeriesByType('line').length === 1);
check('yAxis is log', model.getComponent('yAxis').axis.type === 'log');
check('dataZoom is not bundled', (() => {
  const c = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 100, height: 100 });
  c.setOption({ dataZoom: [{ type: 'inside' }], xAxis: {}, yAxis: {}, series: [] });
  const none = !c.getModel().getComponent('dataZoom');
  c.dispose();
  return none;
})());
const bgRect = (s) => (s.match(/<rect [^>]*fill="([^"]*)"/) || [])[1];
const bgDefault = bgRect(svg);
chart.dispose();

// Built-in 'dark' theme via init.
chart = render('dark');
svg = chart.renderToSVGString();
const bgDark = bgRect(svg);
check("init(null, 'dark') renders", /^<svg[\s>]/.test(svg) && (svg.match(/fill="#123456"/g) || []).length >= 3);
check("'dark' theme paints a dark background", bgDefault === 'none' && !!bgDark && bgDark !== 'none',
  `default=${bgDefault} dark=${bgDark}`);
chart.dispose();

// ECharts 6 instance setTheme: default -> dark -> default.
chart = render(null);
const before = chart.renderToSVGString();
chart.setTheme('dark');
const darkSvg = chart.renderToSVGString();
check("chart.setTheme('dark') changes rendering", darkSvg !== before && bgRect(darkSvg) === bgDark);
chart.setTheme('default');
check("chart.setTheme('default') restores it", bgRect(chart.renderToSVGString()) === bgDefault);
chart.dispose();

// registerTheme with a custom theme.
echarts.registerTheme('site-test', { backgroundColor: '#abcdef' });
chart = render('site-test');
check('registerTheme + init with custom theme', chart.renderToSVGString().includes('#abcdef'));
chart.dispose();

// Canvas renderer is registered.
let canvasErr = null;
try {
  const c = echarts.init(null, null, { renderer: 'canvas', ssr: true, width: 10, height: 10 });
  c.dispose();
} catch (e) { canvasErr = e; }
// zrender throws "Renderer 'canvas' is not imported" when it is missing; with
// it registered, the canvas painter itself fails later on the null dom.
check("renderer 'canvas' is registered", !/is not imported/.test(String(canvasErr)),
  canvasErr ? `painter error on null dom, as expected: ${String(canvasErr).slice(0, 80)}` : '');

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
