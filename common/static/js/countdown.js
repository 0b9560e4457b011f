/* A quiz's countdown: the element with data-deadline (ISO, UTC) shows the time left, once a second.
   Without JavaScript the page still states the deadline in words; this only adds the clock. */
(function () {
  "use strict";
  var box = document.getElementById("quiz-countdown");
  if (!box) { return; }
  var deadline = Date.parse(box.getAttribute("data-deadline"));
  var out = box.querySelector("[data-left]");
  if (isNaN(deadline) || !out) { return; }
  var over = box.getAttribute("data-over");
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    out.textContent = left > 0 ? (h ? h + ":" + pad(m) : String(m)) + ":" + pad(s) : over;
    if (left > 0) { window.setTimeout(tick, 1000 - (Date.now() % 1000)); }
  }
  box.hidden = false;
  tick();
})();
