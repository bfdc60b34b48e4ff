// Package e2e holds the site's end-to-end tests. They build a copy of the site, serve it
// with exactly the security headers of static/_headers, and check every page in headless
// Chromium, in both themes, on a phone and a laptop: charts, accessibility (axe-core and
// the keyboard), the Content-Security-Policy, layout. They also hold the built files to
// their byte budgets. Its one piece of non-test code reads the _headers file and serves a
// folder with those headers; tools/lighthouse uses it too.
package e2e
