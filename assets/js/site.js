// The theme toggle. It remembers the choice and tells the charts, which listen for
// "themechange" on the document.
(function () {
  var d = document.documentElement;
  var btn = document.getElementById("theme-toggle");
  var media = window.matchMedia("(prefers-color-scheme: dark)");
  function current() {
    var t = d.getAttribute("data-theme");
    return t === "light" || t === "dark" ? t : (media.matches ? "dark" : "light");
  }
  function sync() {
    if (!btn) return;
    var dark = current() === "dark";
    btn.setAttribute("aria-pressed", dark ? "true" : "false");
  }
  function announce() {
    document.dispatchEvent(new CustomEvent("themechange", { detail: { theme: current() } }));
  }
  if (btn) {
    sync();
    btn.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      d.setAttribute("data-theme", next);
      try { localStorage.setItem("theme", next); } catch (e) { /* not remembered */ }
      sync();
      announce();
    });
  }
  media.addEventListener("change", function () {
    if (!d.getAttribute("data-theme")) { sync(); announce(); }
  });
})();
