/* bureau — small enhancements; every page works without them.
   - 字体 大/中/小: sets data-font-size on <html>
   - 长者模式: sets data-mode="elder" on <html> (larger text, higher contrast)
   - both choices are remembered in localStorage, the only thing stored
   - 打印: window.print()
   - links to other hosts ask 「您访问的链接即将离开…，是否继续？」 first
   The script is loaded in <head> without defer, so the reader's choices are
   on <html> before the first paint; everything touching the body waits for
   DOMContentLoaded. */
(function () {
  "use strict";

  var SIZE_KEY = "bulletin.fontSize";
  var MODE_KEY = "bulletin.mode";
  var SIZES = ["large", "medium", "small"];
  var root = document.documentElement;

  function read(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function save(key, value) {
    try {
      if (value === null) {
        window.localStorage.removeItem(key);
      } else {
        window.localStorage.setItem(key, value);
      }
    } catch (e) {
      /* storage may be disabled: the choice then lasts for this page only */
    }
  }

  function setPressed(selector, isPressed) {
    var buttons = document.querySelectorAll(selector);
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", isPressed(buttons[i]) ? "true" : "false");
    }
  }

  function applySize(size) {
    if (SIZES.indexOf(size) < 0) {
      size = "medium";
    }
    if (size === "medium") {
      root.removeAttribute("data-font-size");
    } else {
      root.setAttribute("data-font-size", size);
    }
    setPressed("button[data-font-size]", function (b) {
      return b.getAttribute("data-font-size") === size;
    });
  }

  function applyElder(on) {
    if (on) {
      root.setAttribute("data-mode", "elder");
    } else {
      root.removeAttribute("data-mode");
    }
    setPressed("button[data-action='elder']", function () {
      return on;
    });
  }

  // Before the first paint: only <html> exists yet.
  applySize(read(SIZE_KEY));
  applyElder(read(MODE_KEY) === "elder");

  function siteName() {
    return document.body.getAttribute("data-site-name") || document.title;
  }

  function isExternal(link) {
    var url;
    try {
      url = new URL(link.href, window.location.href);
    } catch (e) {
      return false;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return false;
    }
    if (url.host === window.location.host) {
      return false;
    }
    // the site's own absolute links (permalinks) are not "leaving"
    var domain = document.body.getAttribute("data-site-domain");
    return !(domain && url.hostname === domain);
  }

  function onClick(event) {
    var target = event.target;
    if (!target || !target.closest) {
      return;
    }

    var sizeButton = target.closest("button[data-font-size]");
    if (sizeButton) {
      var size = sizeButton.getAttribute("data-font-size");
      applySize(size);
      save(SIZE_KEY, size);
      return;
    }

    if (target.closest("button[data-action='elder']")) {
      var on = root.getAttribute("data-mode") !== "elder";
      applyElder(on);
      save(MODE_KEY, on ? "elder" : null);
      return;
    }

    if (target.closest("button[data-action='print']")) {
      window.print();
      return;
    }

    var link = target.closest("a[href]");
    if (!link || event.defaultPrevented || !isExternal(link)) {
      return;
    }
    var message = "您访问的链接即将离开「" + siteName() + "」，是否继续？";
    if (!window.confirm(message)) {
      event.preventDefault();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    // The buttons are hidden in the markup, so that readers without
    // JavaScript never see buttons that do nothing.
    var needs = document.querySelectorAll("[data-needs-script]");
    for (var i = 0; i < needs.length; i++) {
      needs[i].hidden = false;
    }
    // The buttons exist now: mark the current choices on them.
    applySize(read(SIZE_KEY));
    applyElder(root.getAttribute("data-mode") === "elder");
    document.addEventListener("click", onClick);
  });
})();
