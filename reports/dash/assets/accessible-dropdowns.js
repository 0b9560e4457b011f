/* Dash 4's dropdown sends keyboard focus to a hidden, unlabelled input (aria-hidden yet focusable), so a
   screen reader announces nothing. Give the focus to the dropdown's own button instead, labelled by the
   field's <label>: the button opens the list with Enter or Space like any menu button. */
(function () {
  function fix(root) {
    root.querySelectorAll(".dash-dropdown-wrapper").forEach(function (wrapper) {
      var proxy = wrapper.querySelector(".dash-dropdown-focus-target");
      var button = wrapper.querySelector("button.dash-dropdown");
      if (!proxy || !button) { return; }
      if (proxy.getAttribute("tabindex") !== "-1") { proxy.setAttribute("tabindex", "-1"); }
      if (button.getAttribute("tabindex") !== "0") { button.setAttribute("tabindex", "0"); }
      var label = document.querySelector('label[for="' + button.id + '"]');
      if (label) {
        if (!label.id) { label.id = button.id + "-label"; }
        var wanted = label.id + " " + button.id + "-value";
        if (button.getAttribute("aria-labelledby") !== wanted) { button.setAttribute("aria-labelledby", wanted); }
      }
    });
  }
  new MutationObserver(function () { fix(document); }).observe(document.documentElement,
    {childList: true, subtree: true, attributes: true, attributeFilter: ["tabindex", "aria-labelledby"]});
})();
