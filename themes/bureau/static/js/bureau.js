/* bureau — small enhancements; every page works without them.
   - 字体 大/中/小: sets data-font-size on <html>, remembered in localStorage
   - 打印: window.print()
   - links to other hosts ask 「您访问的链接即将离开…，是否继续？」 first */
(function () {
  "use strict";

  var KEY = "bulletin.fontSize";
  var SIZES = ["large", "medium", "small"];
  var root = document.documentElement;

  function readSize() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (e) {
      return null;
    }
  }

  function saveSize(size) {
    try {
      window.localStorage.setItem(KEY, size);
    } catch (e) {
      /* storage may be disabled: the choice then lasts for this page only */
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
    var buttons = document.querySelectorAll("button[data-font-size]");
    for (var i = 0; i < buttons.length; i++) {
      var pressed = buttons[i].getAttribute("data-font-size") === size;
      buttons[i].setAttribute("aria-pressed", pressed ? "true" : "false");
    }
  }

  applySize(readSize());

  // The tools are hidden in the markup, so that readers without JavaScript
  // never see buttons that do nothing.
  var tools = document.querySelectorAll("[data-article-tools]");
  for (var t = 0; t < tools.length; t++) {
    tools[t].hidden = false;
  }

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

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target || !target.closest) {
      return;
    }

    var sizeButton = target.closest("button[data-font-size]");
    if (sizeButton) {
      var size = sizeButton.getAttribute("data-font-size");
      applySize(size);
      saveSize(size);
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
  });
})();
