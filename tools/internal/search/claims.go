package search

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
)

// ClaimsFile is the claims ledger, relative to the site root. It is optional.
const ClaimsFile = "data/claims.toml"

// Ledger is the part of data/claims.toml that search and the evidence packs show. The
// ledger's own package checks it; this reader only takes what it can use and ignores the
// rest, so that the ledger can grow without breaking search or the packs.
type Ledger struct {
	// Essay is the content file the claims quote ("content/essays/<slug>/index.md"); Slug
	// and EssayPage are derived from it (the file's content base name, and its Hugo path).
	Essay     string
	Slug      string
	EssayPage string
	Claims    []Claim
}

// Claim is one claim, as search and the packs show it.
type Claim struct {
	ID, Section, Quote, Summary, Verdict string
	Note                                 string // Markdown
	Charts                               []string
}

// ReadClaims reads root/data/claims.toml; it returns nil, nil when there is none.
func ReadClaims(root string) (*Ledger, error) {
	path := filepath.Join(root, ClaimsFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var raw map[string]any
	if _, err := toml.Decode(string(b), &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	l := &Ledger{Essay: str(raw, "essay")}
	if l.Essay != "" {
		l.Slug = ContentBaseName(l.Essay)
		rel := strings.TrimPrefix(filepath.ToSlash(l.Essay), "content/")
		rel = strings.TrimSuffix(rel, filepath.Ext(rel))
		rel = strings.TrimSuffix(strings.TrimSuffix(rel, "/_index"), "/index")
		l.EssayPage = "/" + rel
	}
	items, _ := raw["claim"].([]map[string]any)
	if items == nil {
		items, _ = raw["claims"].([]map[string]any)
	}
	for _, it := range items {
		c := Claim{
			ID: str(it, "id"), Section: str(it, "section"), Quote: str(it, "quote", "text"),
			Summary: str(it, "summary", "title", "claim"), Verdict: str(it, "verdict"),
			Note: str(it, "note", "notes"),
		}
		for _, key := range []string{"charts", "counter_charts"} {
			if list, ok := it[key].([]any); ok {
				for _, v := range list {
					if s, ok := v.(string); ok && s != "" {
						c.Charts = append(c.Charts, s)
					}
				}
			}
		}
		if c.ID == "" && c.Quote == "" && c.Summary == "" {
			continue
		}
		l.Claims = append(l.Claims, c)
	}
	return l, nil
}

// str is the first of keys that holds a string.
func str(m map[string]any, keys ...string) string {
	for _, k := range keys {
		if s, ok := m[k].(string); ok {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// ContentBaseName is Hugo's .File.ContentBaseName of a content path: the folder's name for
// a bundle's index.md, the file's name without its extension otherwise. Packs are named by
// it, so a content file and its pack always agree.
func ContentBaseName(path string) string {
	path = filepath.ToSlash(path)
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if base == "index" || base == "_index" {
		return filepath.Base(filepath.Dir(path))
	}
	return base
}
