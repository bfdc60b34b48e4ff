package chart

import (
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"pyevidence/tools/internal/dataset"
)

// TestSlugCollision: two specs whose ids read the same once slugged are both rejected.
func TestSlugCollision(t *testing.T) {
	a, _ := ParseSpec("a_b.toml", []byte("id = \"a_b\"\n"))
	b, _ := ParseSpec("A_B.toml", []byte("id = \"A_B\"\n"))
	var got []string
	for _, e := range Check([]*Spec{a, b}, nil) {
		got = append(got, e.Error())
	}
	want := `A_B.toml:1:1: chart id "A_B" collides with "a_b" (a_b.toml): both become "a-b" in URLs and anchors`
	if !strings.Contains(strings.Join(got, "\n"), want) {
		t.Errorf("got:\n%s\nwant a line:\n%s", strings.Join(got, "\n"), want)
	}
}

// TestSpecBadInput pins the message and position for each kind of bad spec.
func TestSpecBadInput(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/grouped_bar_log.txtar")
	if err != nil {
		t.Fatal(err)
	}
	base := string(section(ar, "spec.toml"))
	tests := []struct {
		name string
		spec string
		want []string
	}{
		{"valid", base, nil},
		{"missing dataset", strings.Replace(base, `dataset = "fixture"`, `dataset = "nope"`, 1),
			[]string{`fixture_cpu.toml:3:1: dataset "nope" not found in data/datasets`}},
		{"missing column", strings.Replace(base, `y = "cpu_s"`, `y = "cpu"`, 1),
			[]string{`fixture_cpu.toml:9:1: column "cpu" not found in dataset "fixture" (it has task, lang, cpu_s)`}},
		{"missing filter column", strings.Replace(base, `column = "lang"`, `column = "language"`, 1),
			[]string{`fixture_cpu.toml:15:1: filter column "language" not found in dataset "fixture"`}},
		{"text as a value", strings.Replace(base, `y = "cpu_s"`, `y = "lang"`, 1),
			[]string{`fixture_cpu.toml:9:1: column "lang" is of type string, which a grouped_bar chart cannot use as y`}},
		{"unknown kind", strings.Replace(base, `kind = "grouped_bar"`, `kind = "pie"`, 1),
			[]string{`fixture_cpu.toml:2:1: unknown kind "pie" (want one of bar, grouped_bar, stacked_bar, line, scatter, timeline)`}},
		{"id not the file name", strings.Replace(base, `id = "fixture_cpu"`, `id = "other"`, 1),
			[]string{`fixture_cpu.toml:1:1: id "other" does not match the file name "fixture_cpu.toml"`}},
		{"missing takeaway", strings.Replace(base, `takeaway = "Python used more CPU time than Go."`, ``, 1),
			[]string{`fixture_cpu.toml:1:1: missing takeaway`}},
		{"unknown key", strings.Replace(base, "id = \"fixture_cpu\"\n", "id = \"fixture_cpu\"\ncolour = \"red\"\n", 1),
			[]string{`fixture_cpu.toml:2:1: unknown key "colour"`}},
		{"unknown filter key", base + "colour = \"red\"\n",
			[]string{`fixture_cpu.toml:18:1: unknown key "filter.colour"`}},
		{"filters leave nothing", strings.Replace(base, `in = ["go", "python3"]`, `in = ["cobol"]`, 1),
			[]string{`fixture_cpu.toml:3:1: the filters leave no rows of dataset "fixture"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ar2 := &txtar.Archive{Files: append([]txtar.File(nil), ar.Files...)}
			setSection(ar2, "spec.toml", []byte("-"))
			d := loadFixture(t, ar2)
			var errs dataset.Errors
			spec, err := ParseSpec("fixture_cpu.toml", []byte(tt.spec))
			if err != nil {
				errs = dataset.AsErrors(err)
			} else {
				errs = Check([]*Spec{spec}, map[string]*dataset.Dataset{"fixture": d})
			}
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}
