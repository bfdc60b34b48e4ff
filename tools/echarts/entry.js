// Entry point for the vendored, tree-shaken Apache ECharts bundle.
// Built by tools/echarts/build.sh into assets/vendor/echarts/echarts.min.js.
//
// Only the pieces registered below are included. To add a chart type or
// component, import it here, add it to the use([...]) list and to the
// COMPONENTS list in build.sh (which documents it in the vendor README), then
// rerun: bash tools/echarts/build.sh
//
// Themes: ECharts 6 registers 'default' and 'dark' inside echarts/core itself
// (lib/core/echarts.js calls registerTheme('dark', ...)), so
// echarts.init(el, 'dark') and chart.setTheme('dark') work without importing
// anything else. Do NOT import 'echarts/theme/dark': that file is a UMD
// wrapper that requires the full 'echarts/lib/echarts' build.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DatasetComponent,
  AriaComponent,
  TitleComponent,
  MarkLineComponent,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DatasetComponent,
  AriaComponent,
  TitleComponent,
  MarkLineComponent,
  CanvasRenderer,
  SVGRenderer,
]);

// Expose the whole echarts/core namespace (init, use, getInstanceByDom,
// registerTheme, dispose, graphic, ...) as the global `echarts`, like the
// official dist/echarts.js does.
// (Falls back to globalThis so the bundle can be smoke-tested in Node.)
var root = typeof window !== 'undefined' ? window : globalThis;
root.echarts = echarts;
