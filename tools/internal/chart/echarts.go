package chart

import (
	"encoding/json"
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
)

// This file is the project's only seam with go-echarts. Its quirks, measured on v2.7.2:
//   - JSON() without Validate() drops the x-axis categories, and Validate() changes the
//     chart, so it is called exactly once, in option().
//   - Render and RenderSnippet write the option unescaped into a page (a label
//     "</script><script>" breaks out), and FuncOpts turn functions into strings that mangle
//     any data containing "__f__". Neither is used: tooltips use ECharts string templates.
//   - The chart id defaults to a random one; it is set, so builds are byte-identical.
//   - The default palette and 900x500 px size are replaced by ours and the container's.

// plot is a chart reduced to what ECharts draws, independent of go-echarts.
type plot struct {
	id, kind        string
	takeaway        string
	categories      []string
	series          []series
	xName, yName    string
	xUnit, yUnit    string
	log, horizontal bool
	stack           bool
	legend          bool
	tooltipFmt      string
	// logMin is the power of ten at or below the smallest value, where a log axis starts:
	// ECharts otherwise starts log-scale bars at 1, so values under 1 point the wrong way.
	logMin float64
}

type series struct {
	name   string
	color  string
	values []any    // float64, "-" (missing), or a [x, y] / [start, label] pair
	colors []string // per value, when the spec colours bars by a column
	names  []string
}

// option builds the ECharts option for p as JSON.
func option(p plot) (json.RawMessage, error) {
	global := []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: "chart_" + p.id, Width: "100%", Height: "100%"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: types.FuncStr(p.tooltipFmt)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(p.legend), Type: "scroll", Top: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: gridTop(p.legend), Bottom: gridBottom(p), ContainLabel: opts.Bool(true)}),
		charts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true), Label: &opts.AriaLabel{Enabled: opts.Bool(true), Description: p.takeaway}}),
		charts.WithColorsOpts(palette),
	}
	catAxis := opts.XAxis{Type: "category", Name: p.xName, NameLocation: "middle", NameGap: 30,
		AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: rotation(p), HideOverlap: opts.Bool(true)}}
	valType := "value"
	if p.log {
		valType = "log"
	}
	valAxis := opts.YAxis{Type: valType, Name: axisName(p.yName, p.yUnit), NameLocation: "end"}

	var c interface {
		Validate()
		JSON() map[string]interface{}
	}
	switch p.kind {
	case KindBar, KindGroupedBar, KindStackedBar:
		bar := charts.NewBar()
		if p.horizontal {
			// Categories down the side: long names stay readable at 360 px.
			global = append(global,
				charts.WithXAxisOpts(opts.XAxis{Type: valType, Name: axisName(p.yName, p.yUnit), NameLocation: "middle", NameGap: 28}),
				charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Interval: "0"}}))
			bar.XYReversal()
		} else {
			global = append(global, charts.WithXAxisOpts(catAxis), charts.WithYAxisOpts(valAxis))
		}
		bar.SetGlobalOptions(global...)
		bar.SetXAxis(p.categories)
		for _, s := range p.series {
			data := make([]opts.BarData, len(s.values))
			for i, v := range s.values {
				data[i] = opts.BarData{Value: v}
				if s.colors != nil {
					data[i].ItemStyle = &opts.ItemStyle{Color: s.colors[i]}
				}
			}
			so := []charts.SeriesOpts{charts.WithItemStyleOpts(opts.ItemStyle{Color: s.color})}
			if p.stack {
				so = append(so, charts.WithBarChartOpts(opts.BarChart{Stack: "total"}))
			}
			bar.AddSeries(s.name, data, so...)
		}
		c = bar
	case KindLine:
		line := charts.NewLine()
		global = append(global, charts.WithXAxisOpts(catAxis), charts.WithYAxisOpts(valAxis))
		line.SetGlobalOptions(global...)
		line.SetXAxis(p.categories)
		for _, s := range p.series {
			data := make([]opts.LineData, len(s.values))
			for i, v := range s.values {
				data[i] = opts.LineData{Value: v}
			}
			line.AddSeries(s.name, data,
				charts.WithItemStyleOpts(opts.ItemStyle{Color: s.color}),
				charts.WithLineStyleOpts(opts.LineStyle{Color: s.color, Width: 2}))
		}
		c = line
	case KindScatter:
		sc := charts.NewScatter()
		global = append(global,
			charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: axisName(p.xName, p.xUnit), NameLocation: "middle", NameGap: 28, Scale: opts.Bool(true)}),
			charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: axisName(p.yName, p.yUnit), NameLocation: "end", Scale: opts.Bool(true)}))
		sc.SetGlobalOptions(global...)
		for _, s := range p.series {
			data := make([]opts.ScatterData, len(s.values))
			for i, v := range s.values {
				data[i] = opts.ScatterData{Value: v, Name: s.names[i], SymbolSize: 10}
			}
			// Points are named on the chart: a scatter of unlabelled dots says nothing.
			sc.AddSeries(s.name, data, charts.WithItemStyleOpts(opts.ItemStyle{Color: s.color}),
				charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: "{b}", Position: "right"}))
		}
		c = sc
	case KindTimeline:
		// One short line per row, from its start date to its end date, on a time axis:
		// ECharts' bars cannot start at a date, and custom series need JavaScript.
		line := charts.NewLine()
		global = append(global,
			charts.WithXAxisOpts(opts.XAxis{Type: "time", Name: p.xName, NameLocation: "middle", NameGap: 28}),
			charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: p.categories, Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Interval: "0"}}))
		line.SetGlobalOptions(global...)
		for _, s := range p.series {
			data := make([]opts.LineData, len(s.values))
			for i, v := range s.values {
				data[i] = opts.LineData{Value: v, Name: s.names[i]}
			}
			line.AddSeries(s.name, data,
				charts.WithItemStyleOpts(opts.ItemStyle{Color: s.color}),
				charts.WithLineStyleOpts(opts.LineStyle{Color: s.color, Width: 6}),
				charts.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 6}))
		}
		c = line
	default:
		return nil, fmt.Errorf("chart %s: unknown kind %q", p.id, p.kind)
	}
	c.Validate()
	m := c.JSON()
	// go-echarts always writes these, empty. The figure shows the title in HTML, and the
	// bundle has no toolbox: an empty one would only ask ECharts for a missing component.
	delete(m, "toolbox")
	delete(m, "title")
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	var opt map[string]any
	if err := json.Unmarshal(b, &opt); err != nil {
		return nil, err
	}
	// go-echarts writes every data point as {"value": v}; a bare v means the same to
	// ECharts and keeps the pages that carry the option small.
	if ss, ok := opt["series"].([]any); ok {
		for _, s := range ss {
			if sm, ok := s.(map[string]any); ok {
				if data, ok := sm["data"].([]any); ok {
					for i, item := range data {
						if im, ok := item.(map[string]any); ok && len(im) == 1 && im["value"] != nil {
							data[i] = im["value"]
						}
					}
				}
			}
		}
	}
	if p.log {
		// go-echarts has no startValue, so the log axis' start is set on the JSON itself.
		key := "yAxis"
		if p.horizontal {
			key = "xAxis"
		}
		if axes, ok := opt[key].([]any); ok && len(axes) > 0 {
			if ax, ok := axes[0].(map[string]any); ok {
				ax["min"], ax["startValue"] = p.logMin, p.logMin
			}
		}
	}
	return json.Marshal(opt)
}

func gridTop(legend bool) string {
	if legend {
		return "40"
	}
	return "32"
}

// gridBottom leaves room for the bottom axis' name when there is one.
func gridBottom(p plot) string {
	if p.horizontal || p.kind == KindScatter || p.kind == KindTimeline {
		return "30"
	}
	return "8"
}

func rotation(p plot) float64 {
	if len(p.categories) > 6 {
		return 30
	}
	return 0
}

func axisName(name, unit string) string {
	if unit == "" || unit == "count" {
		return name
	}
	return fmt.Sprintf("%s (%s)", name, unit)
}
