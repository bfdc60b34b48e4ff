// Package dataset loads the cited datasets under data/datasets/<id>/ (a data.csv and its
// provenance sidecar meta.toml) and checks each one against its sidecar. Loading parses and
// makes no judgement; Check is pure and reports every problem it finds.
package dataset

// Meta is a dataset's provenance sidecar, meta.toml. The field names follow Our World in
// Data's ETL metadata, so that a reader who knows one knows the other.
type Meta struct {
	Title         string `toml:"title"`
	Producer      string `toml:"producer"`
	URLMain       string `toml:"url_main"`
	URLDownload   string `toml:"url_download"`
	DatePublished string `toml:"date_published"`
	DateAccessed  string `toml:"date_accessed"`
	// SecondHand marks a copy made by a third party rather than the producer. The site
	// labels such data "second-hand" wherever it is shown.
	SecondHand  bool    `toml:"second_hand"`
	License     License `toml:"license"`
	Citation    string  `toml:"citation"`
	Description string  `toml:"description"` // Markdown
	Caveats     string  `toml:"caveats"`     // Markdown
	Derivation  string  `toml:"derivation"`  // Markdown: how data.csv was made from the upstream file
	// Copy names the exact bytes the data came from, where that is a repository snapshot.
	Copy Copy `toml:"copy"`
	// Key lists the columns whose values together identify a row.
	Key     []string `toml:"key"`
	Columns []Column `toml:"columns"`
	// SHA256 is the checksum of data.csv, so that an edit by hand is noticed.
	SHA256 string `toml:"sha256"`
}

// License is the licence of the upstream data.
type License struct {
	Name string `toml:"name"`
	URL  string `toml:"url"`
}

// Copy records where the upstream bytes were read.
type Copy struct {
	Repo   string `toml:"repo"`
	Commit string `toml:"commit"`
	Path   string `toml:"path"`
}

// Column types.
const (
	TypeString  = "string"
	TypeNumber  = "number"
	TypeInteger = "integer"
	TypeDate    = "date" // YYYY-MM-DD
)

// Column describes one column of data.csv.
type Column struct {
	Name        string `toml:"name"`
	Type        string `toml:"type"`
	Unit        string `toml:"unit"`
	Description string `toml:"description"`
	// Categories, when set, lists every value the column may hold. Upstream adding a
	// value is then a check failure rather than a silent new bar.
	Categories []string `toml:"categories"`
	// Optional allows an empty cell.
	Optional bool `toml:"optional"`
}
