package pack

import (
	"strings"
	"testing"
)

// TestCheck: every way a pack could reach outside itself is reported; links a reader may
// follow, fragments, data: URLs and XML namespaces are not.
func TestCheck(t *testing.T) {
	const page = `<!doctype html><html><head><title>t</title>%s</head><body>%s</body></html>`
	ok := []string{
		`<a href="https://example.org/source">a source</a>`,
		`<a href="mailto:x@example.org">mail</a> <a href="#chart-x">a chart</a>`,
		`<img src="data:image/png;base64,AAAA" alt="">`,
		`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="#a"></use><rect clip-path="url(#c)"></rect></svg>`,
		`<p>See https://example.org/plain-text for more.</p>`,
		`<script type="application/json">{"label":"src=\"https://x.example/\""}</script>`,
		`<style>.a{background:url(data:image/png;base64,AAAA)}</style>`,
		`<script>var ns="http://www.w3.org/2000/svg";</script>`,
	}
	bad := map[string]string{
		`<img src="https://cdn.example/x.png" alt="">`:                        `<img src="https://cdn.example/x.png">`,
		`<img src="/charts/x/chart.svg" alt="">`:                              `<img src="/charts/x/chart.svg">`,
		`<script src="https://cdn.example/echarts.js"></script>`:              `<script src=`,
		`<link rel="stylesheet" href="https://cdn.example/x.css">`:            `<link>`,
		`<iframe src="https://example.org/"></iframe>`:                        `<iframe>`,
		`<style>@import "https://fonts.example/f.css";</style>`:               `@import`,
		`<style>body{background:url(https://img.example/b.png)}</style>`:      `url(https://img.example/b.png)`,
		`<p style="background:url('//img.example/b.png')">x</p>`:              `//img.example/b.png`,
		`<svg><image href="https://img.example/i.png"></image></svg>`:         `<image href=`,
		`<svg><use xlink:href="https://img.example/s.svg#a"></use></svg>`:     `xlink:href`,
		`<a href="/about/">a relative link</a>`:                               `<a href="/about/">`,
		`<meta http-equiv="refresh" content="0;url=https://example.org/">`:    `refresh`,
		`<script>var i=new Image();i.src="https://t.example/p.gif";</script>`: `a script writes`,
		`<video poster="https://img.example/p.jpg"></video>`:                  `<video>`,
	}
	for _, body := range ok {
		if err := Check([]byte(pageWith(page, body))); err != nil {
			t.Errorf("%s: unexpected problem: %v", body, err)
		}
	}
	for body, want := range bad {
		err := Check([]byte(pageWith(page, body)))
		if err == nil {
			t.Errorf("%s: not reported", body)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: the report %q does not name %q", body, err, want)
		}
	}
}

func pageWith(page, body string) string {
	head := ""
	if strings.HasPrefix(body, "<link") || strings.HasPrefix(body, "<meta") || strings.HasPrefix(body, "<style") {
		head, body = body, ""
	}
	return strings.Replace(strings.Replace(page, "%s", head, 1), "%s", body, 1)
}

// TestDraft: drafts get no pack, in either front matter format.
func TestDraft(t *testing.T) {
	for src, want := range map[string]bool{
		"---\ntitle: x\ndraft: true\n---\nbody":  true,
		"---\ntitle: x\ndraft: false\n---\nbody": false,
		"+++\ntitle = 'x'\ndraft = true\n+++\n":  true,
		"---\ntitle: x\n---\n":                   false,
		"no front matter":                        false,
	} {
		if got := draft([]byte(src)); got != want {
			t.Errorf("draft(%q) = %v, want %v", src, got, want)
		}
	}
}
