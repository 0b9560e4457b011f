/*
 * The lesson page's table of contents, kept up to date without a reload. When the player says a part finished
 * (the "scorm:finished" event, sent once the server acknowledged LMSFinish), the statuses and locks are read again
 * from contents.json; if the part is done and the next part is open, the page moves on to it, as a SCORM 1.2
 * package cannot navigate between its SCOs itself. Without JavaScript the contents are plain links.
 */
(function () {
  "use strict";

  var toc = document.querySelector(".scorm-toc[data-contents-url]");
  var statusNode = document.getElementById("scorm-status");
  var MOVE_DELAY = 1500;

  function say(text) {
    if (statusNode) {
      statusNode.textContent = text;
    }
  }

  function apply(data) {
    data.items.forEach(function (item) {
      var line = toc.querySelector('li[data-sco="' + item.sco + '"]');
      if (!line) {
        return;
      }
      var title = line.querySelector(".scorm-toc__title");
      if (!item.locked && title && title.tagName !== "A") {
        var link = document.createElement("a");
        link.className = "scorm-toc__title";
        link.href = item.url;
        link.textContent = title.textContent;
        title.replaceWith(link);
      }
      line.querySelector(".scorm-toc__status").textContent = item.locked ? "(" + toc.dataset.locked + ")"
        : (item.label ? "(" + item.label + ")" : "");
      line.querySelector(".scorm-toc__reason").textContent = item.reason;
    });
    var next = document.getElementById("scorm-next");
    if (next && data.next) {
      next.innerHTML = "";
      var link = document.createElement("a");
      link.rel = "next";
      link.href = data.next;
      link.textContent = toc.dataset.nextLabel + ": " + data.next_title + " \u203a";
      next.appendChild(link);
    }
    var done = document.getElementById("scorm-lesson-done");
    if (done && data.lesson_done) {
      done.hidden = false;
    }
  }

  function refresh() {
    return fetch(toc.dataset.contentsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      });
  }

  window.addEventListener("scorm:finished", function () {
    if (!toc) {
      return;
    }
    refresh().then(function (data) {
      apply(data);
      if (data.next) {
        say(toc.dataset.movingOn.replace("%(title)s", data.next_title));
        window.setTimeout(function () { window.location.assign(data.next); }, MOVE_DELAY);
      }
    }).catch(function () { /* the links still work; the next page load shows the statuses */ });
  });
})();
