package importer

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"hash"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// soSurvey aggregates the Stack Overflow Developer Survey's public results file
// (survey_results_public.csv, one row per respondent) into stackoverflow_survey: per
// programming language, the share of respondents who used it, want to use it, and (of its
// users) want to keep using it, for all respondents and for professional developers. The file
// has tens of thousands of rows and over 100 columns, so it is read as a stream with one
// reused record, and the memory used does not grow with the number of rows.
var soSurvey = &importer{
	name:  "so-survey",
	usage: "-year YYYY -published YYYY-MM-DD -accessed YYYY-MM-DD <survey_results_public.csv>",
	run: func(ctx context.Context, args []string, _ string) (*table, error) {
		fs := flag.NewFlagSet("import so-survey", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		year := fs.String("year", "", "the survey's year, e.g. 2024")
		published := fs.String("published", "", "the date Stack Overflow published the results, YYYY-MM-DD")
		accessed := fs.String("accessed", "", "the date the file was downloaded, YYYY-MM-DD")
		usage := errUsage("so-survey", "-year YYYY -published YYYY-MM-DD -accessed YYYY-MM-DD <survey_results_public.csv>")
		if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
			return nil, usage
		}
		if !yearRe.MatchString(*year) || !isDate(*published) || !isDate(*accessed) {
			return nil, fmt.Errorf("%w (-year, -published and -accessed are required; dates as YYYY-MM-DD)", usage)
		}
		return importSurvey(ctx, fs.Arg(0), *year, *published, *accessed)
	},
}

var yearRe = regexp.MustCompile(`^[0-9]{4}$`)

// Columns of survey_results_public.csv. 2026-11: the 2023 and 2024 files name them so (the
// 2023 file has no LanguageAdmired; 2024 added it). Answers are ";"-separated lists, and an
// unanswered question is "NA".
const (
	colMainBranch = "MainBranch"
	colHave       = "LanguageHaveWorkedWith"
	colWant       = "LanguageWantToWorkWith"
	colAdmired    = "LanguageAdmired"
	// professional is MainBranch's answer for professional developers (2023 and 2024 wording).
	professional = "I am a developer by profession"
)

var surveyColumns = []string{
	"survey_year", "category", "technology", "group", "used_pct", "desired_pct", "admired_pct", "respondents",
}

var surveyGroups = []string{"all", "professional"}

// surveyCounts is the aggregate of a survey file: per group (0 all, 1 professional) and
// language, the number of respondents who named it.
type surveyCounts struct {
	langs       []string       // by id
	ids         map[string]int // language -> id
	respondents [2]int
	have, want  [2][]int
	// admired counts LanguageAdmired when the file has it, else have ∩ want.
	admired [2][]int
	// hasAdmiredColumn records which definition of admired was used.
	hasAdmiredColumn bool
	rows             int    // data rows read
	sha256           string // of the file's bytes
}

func (c *surveyCounts) id(lang string) int {
	if id, ok := c.ids[lang]; ok {
		return id
	}
	id := len(c.langs)
	lang = strings.Clone(lang) // the record's memory is not kept
	c.ids[lang] = id
	c.langs = append(c.langs, lang)
	for g := range 2 {
		c.have[g] = append(c.have[g], 0)
		c.want[g] = append(c.want[g], 0)
		c.admired[g] = append(c.admired[g], 0)
	}
	return id
}

func answered(v string) bool { return v != "" && v != "NA" }

// eachItem calls f for every item of a ";"-separated answer without allocating.
func eachItem(list string, f func(string)) {
	for list != "" {
		item := list
		if i := strings.IndexByte(list, ';'); i >= 0 {
			item, list = list[:i], list[i+1:]
		} else {
			list = ""
		}
		if item = strings.TrimSpace(item); item != "" {
			f(item)
		}
	}
}

// countSurvey streams a survey_results_public.csv and counts its answers.
func countSurvey(ctx context.Context, path string) (*surveyCounts, error) {
	var h hash.Hash = sha256.New()
	s, err := openSource(path, func(r io.Reader) io.Reader { return io.TeeReader(r, h) }, ',', true)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	idx, err := s.index(colMainBranch, colHave, colWant)
	if err != nil {
		return nil, err
	}
	iMain, iHave, iWant := idx[0], idx[1], idx[2]
	iAdm := slices.Index(s.header, colAdmired)
	c := &surveyCounts{ids: map[string]int{}, hasAdmiredColumn: iAdm >= 0}
	// stamp[id] holds the last row that named the language in the have, want or admired
	// answer, so duplicates within one answer count once and have ∩ want needs no set.
	var haveStamp, wantStamp, admStamp []int
	grow := func() {
		for len(haveStamp) < len(c.langs) {
			haveStamp, wantStamp, admStamp = append(haveStamp, 0), append(wantStamp, 0), append(admStamp, 0)
		}
	}
	row := 0
	for {
		ok, err := s.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		row++
		if err := cancelled(ctx, row); err != nil {
			return nil, err
		}
		have, want := s.rec[iHave], s.rec[iWant]
		if !answered(have) && !answered(want) {
			continue
		}
		groups := 1
		if s.rec[iMain] == professional {
			groups = 2
		}
		for g := range groups {
			c.respondents[g]++
		}
		if answered(have) {
			eachItem(have, func(l string) {
				id := c.id(l)
				grow()
				if haveStamp[id] == row {
					return
				}
				haveStamp[id] = row
				for g := range groups {
					c.have[g][id]++
				}
			})
		}
		if answered(want) {
			eachItem(want, func(l string) {
				id := c.id(l)
				grow()
				if wantStamp[id] == row {
					return
				}
				wantStamp[id] = row
				for g := range groups {
					c.want[g][id]++
					if !c.hasAdmiredColumn && haveStamp[id] == row {
						c.admired[g][id]++
					}
				}
			})
		}
		if c.hasAdmiredColumn && answered(s.rec[iAdm]) {
			eachItem(s.rec[iAdm], func(l string) {
				id := c.id(l)
				grow()
				if admStamp[id] == row {
					return
				}
				admStamp[id] = row
				for g := range groups {
					c.admired[g][id]++
				}
			})
		}
	}
	if row == 0 {
		return nil, errors.New(s.path + ": no data rows")
	}
	c.rows = row
	c.sha256 = hex.EncodeToString(h.Sum(nil))
	return c, nil
}

// pct is 100·n/d to 2 decimals.
func pct(n, d int) string { return round(100*float64(n)/float64(d), 2) }

func importSurvey(ctx context.Context, path, year, published, accessed string) (*table, error) {
	c, err := countSurvey(ctx, path)
	if err != nil {
		return nil, err
	}
	order := slices.Clone(c.langs)
	slices.SortFunc(order, func(a, b string) int { return cmp.Compare(a, b) })
	var rows [][]string
	for g, group := range surveyGroups {
		n := c.respondents[g]
		if n == 0 {
			continue
		}
		for _, lang := range order {
			id := c.ids[lang]
			admired := ""
			if c.have[g][id] > 0 {
				admired = pct(c.admired[g][id], c.have[g][id])
			}
			rows = append(rows, []string{
				year, "Programming Languages", lang, group,
				pct(c.have[g][id], n), pct(c.want[g][id], n), admired, strconv.Itoa(n),
			})
		}
	}
	slices.SortFunc(rows, func(a, b []string) int {
		return cmp.Or(cmp.Compare(a[1], b[1]), cmp.Compare(a[3], b[3]), cmp.Compare(a[2], b[2]))
	})
	meta := func(sum string) ([]byte, error) {
		return surveyMeta(surveyMetaArgs{
			Year: year, Published: published, Accessed: accessed, SHA256: sum,
			SourceName: filepath.Base(path), SourceSHA256: c.sha256, SourceRows: c.rows, Respondents: c.respondents,
			AdmiredColumn: c.hasAdmiredColumn,
		})
	}
	return &table{id: "stackoverflow_survey", header: surveyColumns, rows: rows, meta: meta}, nil
}

// so2023Transcription imports the second-hand transcription of the 2023 survey's "Admired
// and Desired" charts (programming languages and web frameworks) into the same
// stackoverflow_survey shape, and writes that dataset's second-hand sidecar. It is what the
// site shows until an official results file is imported with so-survey.
var so2023Transcription = &importer{
	name:  "so2023-transcription",
	usage: "<so2023_admired_desired_transcribed.csv>",
	run: func(ctx context.Context, args []string, _ string) (*table, error) {
		if len(args) != 1 {
			return nil, errUsage("so2023-transcription", "<so2023_admired_desired_transcribed.csv>")
		}
		return importSO2023(ctx, args[0])
	},
}

// 2026-11: the transcription's header (evidence folder, SOURCES.md §4).
var so2023Header = []string{"survey_year", "category", "technology", "desired_pct", "admired_pct"}

var so2023Categories = []string{"Programming Languages", "Web Frameworks and technologies"}

func importSO2023(ctx context.Context, path string) (*table, error) {
	s, err := openCSV(path)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := s.wantHeader(so2023Header); err != nil {
		return nil, err
	}
	var rows [][]string
	for {
		ok, err := s.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if err := cancelled(ctx, s.rows); err != nil {
			return nil, err
		}
		if s.rec[0] != "2023" {
			return nil, s.errorf(0, "column \"survey_year\": want 2023, got %q", s.rec[0])
		}
		if !slices.Contains(so2023Categories, s.rec[1]) {
			return nil, s.errorf(1, "column \"category\": want one of %s, got %q", strings.Join(so2023Categories, ", "), s.rec[1])
		}
		tech, err := s.str(2, "technology")
		if err != nil {
			return nil, err
		}
		for i := 3; i <= 4; i++ {
			f, err := s.float(i, so2023Header[i])
			if err != nil {
				return nil, err
			}
			if f < 0 || f > 100 {
				return nil, s.errorf(i, "column %q: want a percentage from 0 to 100, got %q", so2023Header[i], s.rec[i])
			}
		}
		rows = append(rows, []string{"2023", s.rec[1], tech, "all", "", s.rec[3], s.rec[4], ""})
	}
	slices.SortFunc(rows, func(a, b []string) int {
		return cmp.Or(cmp.Compare(a[1], b[1]), cmp.Compare(a[3], b[3]), cmp.Compare(a[2], b[2]))
	})
	return &table{id: "stackoverflow_survey", header: surveyColumns, rows: rows, meta: so2023Meta}, nil
}
