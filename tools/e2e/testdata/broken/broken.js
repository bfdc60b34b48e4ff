// Each part is one of the problems tools/e2e must report (see TestChecksSeeProblems).
console.error("broken on purpose");
// An image from another host on the loopback range, where nothing listens: a request to
// another host that fails, and never leaves the machine.
var img = new Image();
img.src = "http://127.0.0.2:9/elsewhere.png";
document.querySelector("main").appendChild(img);
// A box inserted above the text once the page has painted: a layout shift.
window.addEventListener("load", function () {
  requestAnimationFrame(function () {
    setTimeout(function () {
      var box = document.createElement("div");
      box.className = "late";
      document.querySelector("main").insertBefore(box, document.querySelector("h1"));
    }, 0);
  });
});
