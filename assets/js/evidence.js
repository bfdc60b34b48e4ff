// The Evidence map's workload filter: show the claims that apply to any ticked workload.
// The choice is kept in the URL (?applies=web-api,io-bound) so a design review can link
// to the filtered map. Without JavaScript every claim is shown.
(function () {
  "use strict";
  var form = document.getElementById("claim-filter");
  if (!form) return;
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=applies]"));
  var cards = Array.prototype.slice.call(document.querySelectorAll(".claim-card"));
  var status = form.querySelector(".filter-status");

  function apply() {
    var on = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    var shown = 0;
    cards.forEach(function (c) {
      var tags = c.getAttribute("data-applies").split(" ");
      var show = on.length === 0 || on.some(function (t) { return tags.indexOf(t) >= 0; });
      c.hidden = !show;
      if (show) shown++;
    });
    status.textContent = on.length === 0
      ? "Showing all " + cards.length + " claims."
      : "Showing " + shown + " of " + cards.length + " claims that apply to " + on.join(" or ") + ".";
    var q = new URLSearchParams(location.search);
    if (on.length) q.set("applies", on.join(",")); else q.delete("applies");
    var s = q.toString();
    history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
  }

  var wanted = (new URLSearchParams(location.search).get("applies") || "").split(",");
  boxes.forEach(function (b) {
    b.checked = wanted.indexOf(b.value) >= 0;
    b.addEventListener("change", apply);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();
