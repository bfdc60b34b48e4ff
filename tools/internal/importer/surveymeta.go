package importer

import (
	"bytes"
	"strings"
	"text/template"
)

// The stackoverflow_survey sidecar depends on which importer filled the dataset: the
// second-hand 2023 transcription, or an official results file. Both importers write the
// whole meta.toml from these templates, so that switching between them never leaves a
// first-hand label on second-hand numbers, or the reverse.

// surveyColumnsTOML describes surveyColumns. admired_pct may be blank only in first-hand data
// (a language nobody in the group has used).
const surveyColumnsTOML = `
[[columns]]
name = "survey_year"
type = "string"
description = "Survey year (a label, not a quantity)"

[[columns]]
name = "category"
type = "string"
description = "Survey question group"
categories = ["Programming Languages", "Web Frameworks and technologies"]

[[columns]]
name = "technology"
type = "string"
description = "Language or technology, as the survey names it"

[[columns]]
name = "group"
type = "string"
description = "Respondents counted: all, or professional developers only"
categories = ["all", "professional"]

[[columns]]
name = "used_pct"
type = "number"
unit = "%"
description = "Share of the group's respondents who have worked with it in the past year"
optional = true

[[columns]]
name = "desired_pct"
type = "number"
unit = "%"
description = "Share of the group's respondents who want to work with it in the next year"

[[columns]]
name = "admired_pct"
type = "number"
unit = "%"
description = "Share of those who have worked with it who want to keep working with it"
optional = {{.AdmiredOptional}}

[[columns]]
name = "respondents"
type = "integer"
unit = "count"
description = "Respondents in the group who answered the have-worked-with or want-to-work-with question"
optional = true
`

var so2023MetaTmpl = template.Must(template.New("so2023").Parse(`title = "Stack Overflow Developer Survey 2023: admired and desired languages and web frameworks (second-hand transcription)"
producer = "Stack Overflow; values transcribed by a third party (MarioVieilledent/stackoverflow-better-stats)"
url_main = "https://survey.stackoverflow.co/2023/"
url_download = "https://github.com/MarioVieilledent/stackoverflow-better-stats/blob/416645f4ba407facefeafd11bf1867f7e2fdbc97/public/stats.json"
date_published = "2023-06-13"
date_accessed = "2026-11-26"
second_hand = true
citation = """
Stack Overflow (2023). 2023 Developer Survey, Technology: "Admired and Desired". https://survey.stackoverflow.co/2023/ .
Second-hand: values as transcribed in MarioVieilledent/stackoverflow-better-stats, public/stats.json,
commit 416645f4ba407facefeafd11bf1867f7e2fdbc97.
"""
description = """
**Second-hand.** Stack Overflow's 2023 "Admired and Desired" figures for 51 programming languages and 34 web
frameworks and technologies, as a third party transcribed them from the official charts. desired_pct is the share
of all respondents who want to work with the technology next year; admired_pct is the share of those who used it
who want to keep using it.
"""
caveats = """
- **Not the official file.** This is a third party's transcription of the official chart values. The
  [desired, admired] order agrees with press reports of the official figures (e.g. Rust 30.56 / 84.66, JavaScript
  40.15 / 57.83), but one press report (cnews.ru) gives Python admired as **66.52**, while this transcription has
  **65.52**. Check against https://survey.stackoverflow.co/2023/ before quoting it.
- The survey's respondents are self-selected Stack Overflow users, not a sample of all developers.
- Usage shares (used_pct) and respondent counts are not in the transcription, so those columns are blank. No
  2024/2025 tables or official raw CSV could be obtained when this was assembled.
- Licence: Stack Overflow releases its survey results under the ODbL; this was not re-verified, and the
  transcribing repository states no licence.
"""
derivation = """
The two arrays [desired, admired] for "Programming Languages" and "Web Frameworks and technologies" in the
third party's stats.json were transcribed by hand into so2023_admired_desired_transcribed.csv (evidence folder,
2026-11-26); the other categories were left out. ` + "`go run ./tools/site import so2023-transcription <file>`" + ` checks
that file and writes it in this dataset's shape: group is "all" (the official chart counts all respondents), and
used_pct and respondents are blank because the transcription does not have them. Values are unchanged. Rows are
sorted by category, group and technology.

date_published is 2023-06-13, the date of Stack Overflow's announcement "2023 Developer Survey results are in" as
shown on a republished copy of that post; it was not checked against the official blog, and the transcription
commit's own date was not recorded.
"""
key = ["survey_year", "category", "technology", "group"]
sha256 = "{{.SHA256}}"

[license]
name = "ODbL 1.0 (Stack Overflow's stated licence for survey results; not re-verified; the transcription states none)"
url = "https://opendatacommons.org/licenses/odbl/1-0/"

[copy]
repo = "MarioVieilledent/stackoverflow-better-stats"
commit = "416645f4ba407facefeafd11bf1867f7e2fdbc97"
path = "public/stats.json"
` + surveyColumnsTOML))

func so2023Meta(sum string) ([]byte, error) {
	return execMeta(so2023MetaTmpl, map[string]any{"SHA256": sum, "AdmiredOptional": false})
}

type surveyMetaArgs struct {
	Year, Published, Accessed string
	SHA256                    string // of data.csv
	SourceName                string // the results file's name
	SourceSHA256              string // of the results file
	SourceRows                int
	Respondents               [2]int
	AdmiredColumn             bool
	AdmiredOptional           bool
}

var surveyMetaTmpl = template.Must(template.New("survey").Parse(`title = "Stack Overflow Developer Survey {{.Year}}: programming languages used, desired and admired"
producer = "Stack Overflow"
url_main = "https://survey.stackoverflow.co/{{.Year}}/"
url_download = "https://survey.stackoverflow.co/"
date_published = "{{.Published}}"
date_accessed = "{{.Accessed}}"
second_hand = false
citation = """
Stack Overflow ({{.Year}}). Stack Overflow Developer Survey {{.Year}}, public results file survey_results_public.csv.
https://survey.stackoverflow.co/{{.Year}}/
"""
description = """
Per programming language, computed from Stack Overflow's official {{.Year}} results file (one row per respondent):
the share of respondents who have worked with it (used_pct), who want to work with it (desired_pct), and, of
those who have worked with it, who want to keep doing so (admired_pct). Each language has a row for all
respondents and a row for professional developers.
"""
caveats = """
- The survey's respondents are self-selected Stack Overflow users, not a sample of all developers.
- Shares are of the respondents who answered the have-worked-with or want-to-work-with question (respondents
  column), so they can differ slightly from the published charts if Stack Overflow used another base.
- {{if .AdmiredColumn}}admired_pct uses the file's LanguageAdmired answers.{{else}}The file has no LanguageAdmired column, so admired_pct is computed as in 2023: respondents who both have worked with and want to work with the language, over those who have worked with it.{{end}}
"""
derivation = """
` + "`go run ./tools/site import so-survey -year {{.Year}} -published {{.Published}} -accessed {{.Accessed}} {{.SourceName}}`" + `
read {{.SourceName}} (sha256 {{.SourceSHA256}}, {{.SourceRows}} data rows) as a stream.
A respondent counts if LanguageHaveWorkedWith or LanguageWantToWorkWith is answered (not "NA"): {{index .Respondents 0}}
respondents, of whom {{index .Respondents 1}} answered MainBranch "I am a developer by profession" (group "professional").
The answers are ";"-separated lists; a language named twice in one answer counts once.
used_pct = 100 × (respondents who have worked with it) / respondents; desired_pct = 100 × (respondents who want
to work with it) / respondents; admired_pct = 100 × {{if .AdmiredColumn}}(respondents whose LanguageAdmired names it){{else}}(respondents who have worked with it and want to work with it){{end}}
/ (respondents who have worked with it), blank where nobody in the group has worked with it.
Percentages are rounded to 2 decimals. Rows are sorted by category, group and technology.
"""
key = ["survey_year", "category", "technology", "group"]
sha256 = "{{.SHA256}}"

[license]
name = "Open Database License (ODbL) 1.0"
url = "https://opendatacommons.org/licenses/odbl/1-0/"
` + surveyColumnsTOML))

func surveyMeta(a surveyMetaArgs) ([]byte, error) {
	a.AdmiredOptional = true
	return execMeta(surveyMetaTmpl, a)
}

func execMeta(t *template.Template, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, err
	}
	return []byte(strings.TrimLeft(b.String(), "\n")), nil
}
