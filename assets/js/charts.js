// Turns each chart figure into an interactive ECharts chart when it comes near the
// viewport. Until then (and without JavaScript) the figure shows its static SVG, title,
// takeaway, source and data table, in a box of the chart's final size, so the page does
// not shift when the chart replaces the image. The option is read from JSON, never
// evaluated. A reader's choices (log scale, hidden series) are kept in the URL's query,
// so a copied link reproduces the view.
(function () {
  "use strict";
  var me = document.currentScript;
  var src = me.getAttribute("data-echarts");
  var integrity = me.getAttribute("data-echarts-integrity");
  var loading = null;
  var live = [];
  var root = document.documentElement;
  var dark = window.matchMedia("(prefers-color-scheme: dark)");
  var still = window.matchMedia("(prefers-reduced-motion: reduce)");

  function theme() {
    var t = root.getAttribute("data-theme");
    if (t === "dark" || t === "light") return t;
    return dark.matches ? "dark" : "light";
  }

  // URL state: ?bg_cpu_time.log=0&bg_cpu_time.hide=Go,Java
  function param(name) { return new URLSearchParams(location.search).get(name); }
  function setParam(name, value) {
    var q = new URLSearchParams(location.search);
    if (value === null || value === "") q.delete(name); else q.set(name, value);
    var s = q.toString();
    history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
  }

  function loadLibrary() {
    if (window.echarts) return Promise.resolve(window.echarts);
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      if (integrity) { s.integrity = integrity; s.crossOrigin = "anonymous"; }
      s.onload = function () { resolve(window.echarts); };
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
    return loading;
  }

  // The option is inline (a chart's own page) or a same-origin JSON file (an article).
  function baseOption(entry) {
    var inline = entry.fig.querySelector("script.chart-option");
    if (inline) return Promise.resolve(inline.textContent);
    return fetch(entry.el.getAttribute("data-option-src")).then(function (r) {
      if (!r.ok) throw new Error("could not load " + r.url + ": HTTP " + r.status);
      return r.text();
    });
  }

  function optionFor(entry) {
    var fig = entry.fig;
    var opt = JSON.parse(entry.base);
    opt.backgroundColor = "transparent"; // the page's own background, light or dark
    opt.animation = !still.matches;
    var box = fig.querySelector("[data-log-switch]");
    if (box) {
      var canvas = entry.el;
      var axis = canvas.getAttribute("data-value-axis") === "x" ? "xAxis" : "yAxis";
      var ax = Array.isArray(opt[axis]) ? opt[axis][0] : opt[axis];
      if (ax && box.checked) {
        // A log axis starts at a power of ten below the data, or bars under 1 point backwards.
        var lo = parseFloat(canvas.getAttribute("data-log-min")) || 1;
        ax.type = "log"; ax.min = lo; ax.startValue = lo;
      } else if (ax) {
        ax.type = "value"; delete ax.min; delete ax.startValue;
      }
    }
    var hide = param(entry.id + ".hide");
    if (hide && opt.legend) {
      var selected = {};
      hide.split(",").forEach(function (name) { selected[name] = false; });
      (Array.isArray(opt.legend) ? opt.legend[0] : opt.legend).selected = selected;
    }
    return opt;
  }

  function draw(entry) {
    if (entry.chart) entry.chart.dispose();
    var img = entry.el.querySelector(".chart-static");
    if (img) img.remove();
    entry.chart = window.echarts.init(entry.el, theme() === "dark" ? "dark" : null, { renderer: "canvas" });
    entry.chart.setOption(optionFor(entry));
    entry.chart.on("legendselectchanged", function (ev) {
      var off = Object.keys(ev.selected).filter(function (k) { return !ev.selected[k]; });
      setParam(entry.id + ".hide", off.join(","));
    });
    entry.el.classList.add("ready");
    entry.fig.setAttribute("data-chart-ready", "true");
  }

  function start(fig) {
    var el = fig.querySelector(".chart-canvas");
    var entry = { fig: fig, el: el, chart: null, id: fig.getAttribute("data-chart") };
    var box = fig.querySelector("[data-log-switch]");
    var log = param(entry.id + ".log");
    if (box && (log === "0" || log === "1")) box.checked = log === "1";
    return Promise.all([loadLibrary(), baseOption(entry)]).then(function (got) {
      entry.base = got[1];
      draw(entry);
      live.push(entry);
      if (window.ResizeObserver) {
        new ResizeObserver(function () { if (entry.chart) entry.chart.resize(); }).observe(el);
      }
      var controls = fig.querySelector(".chart-controls");
      if (controls) {
        box.addEventListener("change", function () {
          setParam(entry.id + ".log", box.checked ? "1" : "0");
          entry.chart.setOption(optionFor(entry), true); // replace, so a linear axis drops min
        });
      }
    }).catch(function (err) {
      fig.setAttribute("data-chart-error", String(err && err.message || err));
    });
  }

  var figures = Array.prototype.slice.call(document.querySelectorAll("figure[data-chart]"));
  if (!("IntersectionObserver" in window)) {
    figures.forEach(start);
  } else {
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { io.unobserve(e.target); start(e.target); }
      });
    }, { rootMargin: "300px 0px" });
    figures.forEach(function (f) { io.observe(f); });
  }
  document.addEventListener("themechange", function () { live.forEach(draw); });

  // Citations carry the reader's access date.
  var today = new Date().toISOString().slice(0, 10);
  document.querySelectorAll(".access-date").forEach(function (s) { s.textContent = today; });

  // Copy buttons: a chart's permalink, or the text of the element before the button.
  function copied(btn, ok) {
    var label = btn.textContent;
    btn.textContent = ok ? "Copied" : "Copy failed: select and copy by hand";
    setTimeout(function () { btn.textContent = label; }, 2000);
  }
  document.querySelectorAll("[data-copy-link], [data-copy-from]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var text;
      if (btn.hasAttribute("data-copy-link")) {
        text = location.origin + location.pathname + location.search + btn.getAttribute("data-copy-link");
      } else {
        var el = btn.previousElementSibling;
        text = el.value !== undefined && el.tagName === "TEXTAREA" ? el.value : el.textContent;
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { copied(btn, true); }, function () { copied(btn, false); });
      } else {
        copied(btn, false);
      }
    });
  });
})();
