// Turns each chart figure into an interactive ECharts chart when it comes near the
// viewport. Until then (and without JavaScript) the figure shows its title, takeaway,
// source and data table, and the space the chart will take is already reserved, so the
// page does not shift. The option is read from JSON, never evaluated.
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

  function optionFor(fig) {
    var opt = JSON.parse(fig.querySelector("script.chart-option").textContent);
    opt.backgroundColor = "transparent"; // the page's own background, light or dark
    opt.animation = !still.matches;
    var box = fig.querySelector("[data-log-switch]");
    if (box) {
      var canvas = fig.querySelector(".chart-canvas");
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
    return opt;
  }

  function draw(entry) {
    if (entry.chart) entry.chart.dispose();
    entry.chart = window.echarts.init(entry.el, theme() === "dark" ? "dark" : null, { renderer: "canvas" });
    entry.chart.setOption(optionFor(entry.fig));
    entry.el.classList.add("ready");
    entry.fig.setAttribute("data-chart-ready", "true");
  }

  function start(fig) {
    var el = fig.querySelector(".chart-canvas");
    var entry = { fig: fig, el: el, chart: null };
    return loadLibrary().then(function () {
      draw(entry);
      live.push(entry);
      if (window.ResizeObserver) {
        new ResizeObserver(function () { if (entry.chart) entry.chart.resize(); }).observe(el);
      }
      var controls = fig.querySelector(".chart-controls");
      if (controls) {
        controls.hidden = false;
        controls.querySelector("[data-log-switch]").addEventListener("change", function () {
          entry.chart.setOption(optionFor(fig), true); // replace, so a linear axis drops min
        });
      }
    }).catch(function (err) {
      fig.setAttribute("data-chart-error", String(err && err.message || err));
      el.classList.remove("ready");
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

  function retheme() { live.forEach(draw); }
  document.addEventListener("themechange", retheme);
})();
