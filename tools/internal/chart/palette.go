package chart

import (
	"strconv"
	"strings"
)

// palette is the fallback colour order. The colours are mid-tones that keep a 3:1 contrast
// on both the light and the dark background.
var palette = []string{
	"#3b75c4", "#d9822b", "#2e9e6a", "#c44e52", "#8c6bc1",
	"#b5a000", "#1f9fb4", "#d660a8", "#7f7f7f", "#6b8e23",
}

// colors gives each language one colour on every chart, so a reader who learns that Python
// is blue in one chart can rely on it in the next.
var colors = map[string]string{
	"python": "#3b75c4", "go": "#1f9fb4", "java": "#d9822b", "c#": "#8c6bc1", "csharp": "#8c6bc1",
	"node.js": "#2e9e6a", "javascript": "#b5a000", "typescript": "#5b8fd6",
	"ruby": "#c44e52", "php": "#9a7d0a", "c": "#7f7f7f", "c++": "#a0522d",
	"rust": "#c8754a", ".net": "#8c6bc1", "microsoft .net": "#8c6bc1", "eclipse temurin": "#d9822b", "kotlin": "#d660a8",
}

// colorFor picks a series' colour: the language's own colour when the name starts with
// a known language ("Python 3.12", "C (gcc)", ".NET 8"), otherwise the i-th palette colour.
func colorFor(name string, i int) string {
	n := strings.ToLower(name)
	best := ""
	for lang := range colors {
		if (n == lang || strings.HasPrefix(n, lang+" ") || strings.HasPrefix(n, lang+"_")) && len(lang) > len(best) {
			best = lang
		}
	}
	if best != "" {
		return colors[best]
	}
	return palette[i%len(palette)]
}

func parse(v string) any {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return "-"
	}
	return f
}
