// Site search, in the reader's browser. The search page embeds its index as JSON (Hugo
// builds it from the pages and data/search.json); this script matches the words typed
// against it and lists the results. Nothing is fetched and nothing is evaluated: the index
// is read with JSON.parse, and every string from it reaches the page as text, never as
// markup. The query is kept in the URL (?q=...), so a search can be linked to.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var source = document.getElementById("search-index");
  if (!form || !input || !status || !list || !source) return;

  var index;
  try {
    index = JSON.parse(source.textContent);
  } catch (e) {
    status.textContent = "Search is unavailable: its index could not be read.";
    return;
  }
  var KINDS = { article: "Article", chart: "Chart", claim: "Claim", page: "Page" };
  var ORDER = { article: 0, chart: 1, claim: 2, page: 3 };
  var LIMIT = 50;
  var wordChar = /[\p{L}\p{N}]/u;

  // fold lower-cases and drops accents, so "Pypy" finds "PyPy" and "etude" finds "étude".
  function fold(s) {
    return String(s || "").normalize("NFC").toLowerCase().normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").replace(/[\u2018\u2019]/g, "'");
  }

  var docs = index.map(function (e) {
    return { e: e, t: fold(e.t), s: fold(e.s), b: fold(e.b) };
  });

  // terms splits a query into words; "C#", "C++" and ".NET" keep their signs.
  function terms(q) {
    var out = [];
    fold(q).split(/[^\p{L}\p{N}'+#.]+/u).forEach(function (w) {
      w = w.replace(/^[.']+|[.']+$/g, "");
      if (w && out.indexOf(w) < 0) out.push(w);
    });
    return out;
  }

  // hits counts the places where a word of text starts with w, and gives the first.
  function hits(text, w) {
    var n = 0, first = -1, i = text.indexOf(w);
    while (i !== -1 && n < 20) {
      if (i === 0 || !wordChar.test(text.charAt(i - 1))) {
        n++;
        if (first < 0) first = i;
      }
      i = text.indexOf(w, i + 1);
    }
    return { n: n, first: first };
  }

  // search keeps the entries that hold every word, best first: a word in the title counts
  // most, then in the takeaway, quote or description, then in the text.
  function search(q) {
    var ws = terms(q);
    if (!ws.length) return [];
    var phrase = fold(q).trim();
    var found = [];
    docs.forEach(function (d) {
      var score = 0, at = -1;
      for (var i = 0; i < ws.length; i++) {
        var t = hits(d.t, ws[i]), s = hits(d.s, ws[i]), b = hits(d.b, ws[i]);
        if (!t.n && !s.n && !b.n) return;
        score += (t.n ? 10 : 0) + (s.n ? 4 : 0) + Math.min(b.n, 5);
        if (!t.n && !s.n && at < 0) at = b.first;
      }
      if (ws.length > 1 && (d.t.indexOf(phrase) >= 0 || d.s.indexOf(phrase) >= 0)) score += 8;
      found.push({ d: d, score: score, at: at });
    });
    found.sort(function (a, b) {
      return b.score - a.score || ORDER[a.d.e.k] - ORDER[b.d.e.k] || a.d.t.localeCompare(b.d.t);
    });
    return found;
  }

  // snippet is the text around a match in the body, cut at word boundaries.
  function snippet(text, at) {
    if (at < 0 || fold(text).length !== text.length) return text.slice(0, 200);
    var from = Math.max(0, at - 80), to = Math.min(text.length, at + 160);
    while (from > 0 && wordChar.test(text.charAt(from - 1))) from--;
    while (to < text.length && wordChar.test(text.charAt(to))) to++;
    return (from > 0 ? "… " : "") + text.slice(from, to).trim() + (to < text.length ? " …" : "");
  }

  // mark appends text to el, each word that starts with a search word in <mark>.
  function mark(el, text, ws) {
    var low = fold(text);
    if (low.length !== text.length) { el.appendChild(document.createTextNode(text)); return; }
    var spans = [];
    ws.forEach(function (w) {
      for (var i = low.indexOf(w); i !== -1; i = low.indexOf(w, i + 1)) {
        if (i === 0 || !wordChar.test(low.charAt(i - 1))) spans.push([i, i + w.length]);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    spans.forEach(function (s) {
      if (s[0] < pos) return;
      el.appendChild(document.createTextNode(text.slice(pos, s[0])));
      var m = document.createElement("mark");
      m.textContent = text.slice(s[0], s[1]);
      el.appendChild(m);
      pos = s[1];
    });
    el.appendChild(document.createTextNode(text.slice(pos)));
  }

  function render(q) {
    var ws = terms(q);
    var found = search(q);
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!ws.length) {
      status.textContent = "Type a word: a language, a framework, a dataset, a claim.";
      return;
    }
    if (!found.length) {
      status.textContent = "Nothing found for “" + q.trim() + "”. Try fewer or shorter words.";
      return;
    }
    status.textContent = (found.length === 1 ? "1 result" : found.length + " results") + " for “" + q.trim() + "”" +
      (found.length > LIMIT ? "; the first " + LIMIT + " are shown." : ".");
    found.slice(0, LIMIT).forEach(function (f) {
      var e = f.d.e;
      var li = document.createElement("li");
      li.className = "search-result search-" + e.k;
      li.setAttribute("data-kind", e.k);
      var kind = document.createElement("span");
      kind.className = "kicker";
      kind.textContent = (KINDS[e.k] || e.k) + (e.v ? " · " + e.v : "") + " ";
      li.appendChild(kind);
      var a = document.createElement("a");
      a.href = e.u; // a path the build made from the base URL, never from the query
      mark(a, e.t, ws);
      li.appendChild(a);
      var text = f.at >= 0 ? snippet(e.b, f.at) : (e.s || snippet(e.b, -1));
      if (text) {
        var p = document.createElement("p");
        mark(p, text, ws);
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  function run(push) {
    var q = input.value;
    render(q);
    if (push) {
      var url = q.trim() ? "?q=" + encodeURIComponent(q.trim()) : location.pathname;
      history.replaceState(null, "", url);
    }
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(true); }, 150);
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    run(true);
  });
  var q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  run(false);
  if (!q) input.focus();
})();
