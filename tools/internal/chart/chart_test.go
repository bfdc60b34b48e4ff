package chart

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"pyevidence/tools/internal/dataset"
)

var update = flag.Bool("update", false, "rewrite the golden envelopes in testdata/*.txtar")

// TestGolden builds each testdata/*.txtar case (meta.toml, data.csv, spec.toml) and
// compares the envelope with the archive's want.json. On a mismatch it writes the output
// beside the archive as NAME.got; -update rewrites want.json.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden cases in testdata")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			env := buildArchive(t, ar)
			got, err := json.MarshalIndent(env, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			want := section(ar, "want.json")
			if *update {
				setSection(ar, "want.json", got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !bytes.Equal(got, want) {
				_ = os.WriteFile(strings.TrimSuffix(file, ".txtar")+".got", got, 0o644)
				t.Errorf("envelope differs from want.json; wrote %s.got (rerun with -update if the change is intended)", strings.TrimSuffix(file, ".txtar"))
			}
		})
	}
}

// buildArchive loads the archive's dataset and spec, then checks and builds the chart
// exactly as the site does.
func buildArchive(t *testing.T, ar *txtar.Archive) *Envelope {
	t.Helper()
	d := loadFixture(t, ar)
	spec, err := ParseSpec("spec.toml", section(ar, "spec.toml"))
	if err != nil {
		t.Fatal(err)
	}
	spec.Path = spec.ID + ".toml"
	if errs := Check([]*Spec{spec}, map[string]*dataset.Dataset{"fixture": d}); len(errs) > 0 {
		t.Fatalf("spec: %v", errs)
	}
	env, err := Build(spec, d)
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// loadFixture writes the archive's dataset (its meta's "SUM" becomes the real checksum)
// and loads and checks it.
func loadFixture(t *testing.T, ar *txtar.Archive) *dataset.Dataset {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "fixture")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	csv := section(ar, "data.csv")
	meta := strings.Replace(string(section(ar, "meta.toml")), "SUM", dataset.SumBytes(csv), 1)
	write(t, filepath.Join(dir, "data.csv"), csv)
	write(t, filepath.Join(dir, "meta.toml"), []byte(meta))
	d, err := dataset.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if errs := dataset.Check(d); len(errs) > 0 {
		t.Fatalf("fixture dataset: %v", errs)
	}
	return d
}

func section(ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

func setSection(ar *txtar.Archive, name string, data []byte) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = data
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: data})
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestHostileLabel: a label that closes a script element must stay data in the JSON;
// json.Marshal escapes <, > and & so the option cannot break out of its script element.
func TestHostileLabel(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/grouped_bar_log.txtar")
	if err != nil {
		t.Fatal(err)
	}
	hostile := `</script><script>alert(1)</script> "quoted"`
	setSection(ar, "data.csv", []byte("task,lang,cpu_s\n\""+strings.ReplaceAll(hostile, `"`, `""`)+"\",go,1.5\nnbody,python3,2\n"))
	meta := strings.Replace(string(section(ar, "meta.toml")), `categories = ["nbody", "spectralnorm"]`, ``, 1)
	setSection(ar, "meta.toml", []byte(meta))
	env := buildArchive(t, ar)
	if bytes.Contains(env.Option, []byte("</script>")) {
		t.Fatalf("option holds a raw </script>: %s", env.Option)
	}
	var opt struct {
		XAxis []struct{ Data []string } `json:"xAxis"`
	}
	if err := json.Unmarshal(env.Option, &opt); err != nil {
		t.Fatal(err)
	}
	if len(opt.XAxis) == 0 || opt.XAxis[0].Data[0] != hostile {
		t.Fatalf("label did not survive as text: %+v", opt.XAxis)
	}
}

func FuzzParseSpec(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.txtar")
	for _, s := range seeds {
		if ar, err := txtar.ParseFile(s); err == nil {
			f.Add(section(ar, "spec.toml"))
		}
	}
	f.Add([]byte("id = \"x\"\n[[filter]]\ncolumn = 1\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := ParseSpec("spec.toml", src)
		if err != nil {
			for _, e := range dataset.AsErrors(err) {
				if !strings.HasPrefix(e.Error(), "spec.toml:") {
					t.Fatalf("error without a position: %v", e)
				}
			}
			return
		}
		_ = Check([]*Spec{s}, map[string]*dataset.Dataset{}) // must not panic
	})
}
