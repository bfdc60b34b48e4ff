// Applies the reader's remembered theme before the first paint. Without a stored choice the
// page follows prefers-color-scheme through CSS alone.
(function () {
  var d = document.documentElement;
  d.classList.add("js");
  try {
    var t = localStorage.getItem("theme");
    if (t === "light" || t === "dark") d.setAttribute("data-theme", t);
  } catch (e) { /* storage may be disabled; the system theme applies */ }
})();
