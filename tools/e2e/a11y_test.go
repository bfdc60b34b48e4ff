package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

const axePath = "testdata/axe-core/axe.min.js"

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// TestAxeVendored: the vendored axe-core is the file its README names.
func TestAxeVendored(t *testing.T) {
	b, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("testdata/axe-core/README.md")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	m := regexp.MustCompile("sha256 \\| `([0-9a-f]{64})`").FindSubmatch(readme)
	if m == nil {
		t.Fatal("testdata/axe-core/README.md names no sha256")
	}
	if got := hex.EncodeToString(sum[:]); got != string(m[1]) {
		t.Errorf("axe.min.js has sha256 %s, its README says %s", got, m[1])
	}
	if !strings.HasPrefix(string(b), "/*! axe v4.14.1") {
		t.Errorf("axe.min.js is not axe 4.14.1, as its README says")
	}
}

// axeRunJS runs the WCAG 2.0 and 2.1 level A and AA rules, and one best-practice rule
// Lighthouse counts (heading-order); not WCAG 2.2. No rule is turned off.
const axeRunJS = `(async function () {
  const r = await axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    // Not a WCAG rule but one Lighthouse scores: a heading that skips a level.
    rules: { "heading-order": { enabled: true } },
    resultTypes: ["violations"]
  });
  return r.violations.map(v => v.id + " (" + v.impact + "): " + v.help + ": " +
    v.nodes.slice(0, 4).map(n => n.target.join(" ") + " [" + (n.failureSummary || "").replace(/\s+/g, " ").trim() + "]").join("; ") +
    (v.nodes.length > 4 ? "; and " + (v.nodes.length - 4) + " more" : ""));
})()`

// runAxe injects axe-core into the page (once per document) and returns its violations.
// Code evaluated through the DevTools protocol is not subject to the page's
// Content-Security-Policy, so the strict policy stays as it is.
func runAxe(tb *tab) ([]string, error) {
	axeOnce.Do(func() {
		b, err := os.ReadFile(axePath)
		axeSource, axeErr = string(b), err
	})
	if axeErr != nil {
		return nil, axeErr
	}
	has, err := run[bool](tb, 10*time.Second, "axe-core to be in the page", `typeof window.axe === "object"`)
	if err != nil {
		return nil, err
	}
	if !has {
		if _, err := run[bool](tb, 20*time.Second, "axe-core to load", axeSource+";true"); err != nil {
			return nil, err
		}
	}
	return run[[]string](tb, 60*time.Second, "axe-core's WCAG 2.1 A/AA audit", axeRunJS)
}
