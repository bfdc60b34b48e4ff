package chart

import "testing"

func TestMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"*caveat* <script>alert(1)</script>", "<p><em>caveat</em> <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --></p>\n"},
		{"[source](https://example.org/x)", `<p><a href="https://example.org/x" rel="external">source</a></p>` + "\n"},
		{"[bad](javascript:alert(1))", `<p><a href="">bad</a></p>` + "\n"},
		{"see https://example.org", `<p>see <a href="https://example.org" rel="external">https://example.org</a></p>` + "\n"},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := Markdown(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("Markdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
