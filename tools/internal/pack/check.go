package pack

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Check reports every reference in a pack that would reach outside the file: an element
// that loads something (link, iframe, object, embed, base, media), an attribute that
// fetches (src, srcset, poster, data, xlink:href, …) unless it points inside the file or is
// a data: URL, a CSS url() or @import that leaves the file, and an executable script that
// writes an http(s) URL into src= or href=. A link a reader may follow, <a href="https://…">,
// is text, not a reference: it stays.
func Check(doc []byte) error {
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	var problems []string
	add := func(format string, args ...any) {
		if len(problems) < 20 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	for _, n := range findAll(root, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
		tag := n.Data
		switch n.DataAtom {
		case atom.Link, atom.Iframe, atom.Frame, atom.Object, atom.Embed, atom.Base, atom.Applet,
			atom.Audio, atom.Video, atom.Source, atom.Track:
			if n.Namespace == "" {
				add("<%s> loads from outside the file", tag)
			}
		case atom.Meta:
			if v, _ := attr(n, "http-equiv"); strings.EqualFold(v, "refresh") {
				add(`<meta http-equiv="refresh"> leaves the file`)
			}
		case atom.Style:
			if msg := checkCSS(textOf(n)); msg != "" {
				add("<style>: %s", msg)
			}
		case atom.Script:
			typ, _ := attr(n, "type")
			if typ == "" || strings.Contains(typ, "javascript") || typ == "module" {
				if m := scriptRefRe.FindString(textOf(n)); m != "" {
					add("a script writes an external reference: %q", m)
				}
			}
		}
		for _, a := range n.Attr {
			key := a.Key
			if a.Namespace != "" {
				key = a.Namespace + ":" + a.Key
			}
			switch {
			case key == "style":
				if msg := checkCSS(a.Val); msg != "" {
					add("<%s style>: %s", tag, msg)
				}
			case key == "href" && n.DataAtom == atom.A && n.Namespace == "":
				if !followable(a.Val) {
					add("<a href=%q> does not resolve from a file (want #…, http(s): or mailto:)", a.Val)
				}
			case fetchAttrs[strings.ToLower(key)] || (a.Namespace == "xlink" && a.Key == "href"):
				if !inside(a.Val) {
					add("<%s %s=%q> loads from outside the file", tag, key, a.Val)
				}
			}
		}
	}
	if m := urlHTTPRe.Find(doc); m != nil {
		add("%q loads from outside the file", m)
	}
	if len(problems) > 0 {
		return fmt.Errorf("the pack would reach outside itself:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

// fetchAttrs are the attributes through which a browser loads something by itself.
var fetchAttrs = map[string]bool{
	"src": true, "srcset": true, "href": true, "poster": true, "data": true, "action": true,
	"formaction": true, "background": true, "ping": true, "manifest": true, "longdesc": true,
	"lowsrc": true, "dynsrc": true, "imagesrcset": true, "icon": true, "codebase": true,
}

var (
	urlHTTPRe   = regexp.MustCompile(`(?i)url\(\s*['"]?\s*(?:https?:)?//[^)'"\s]*`)
	scriptRefRe = regexp.MustCompile(`(?i)\b(?:src|href|srcset)\s*=\s*\\?['"]?\s*(?:https?:)?//[^'"\s>]*`)
	cssURLRe    = regexp.MustCompile(`(?i)url\(\s*['"]?([^)'"]*)`)
)

// inside: a reference that stays in the file.
func inside(v string) bool {
	v = strings.TrimSpace(v)
	return v == "" || strings.HasPrefix(v, "#") || strings.HasPrefix(strings.ToLower(v), "data:")
}

// followable: a link a reader can follow from a file.
func followable(v string) bool {
	if inside(v) {
		return true
	}
	u, err := url.Parse(strings.TrimSpace(v))
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return true
	}
	return false
}

func checkCSS(css string) string {
	if strings.Contains(strings.ToLower(css), "@import") {
		return "@import loads another stylesheet"
	}
	for _, m := range cssURLRe.FindAllStringSubmatch(css, -1) {
		if !inside(m[1]) {
			return fmt.Sprintf("url(%s) loads from outside the file", m[1])
		}
	}
	return ""
}
