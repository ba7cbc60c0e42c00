// Live reload for `bulletin serve`, injected into every preview page.
// It follows the build over Server-Sent Events (see src/serve/http.rs):
//   ok      (only on connect) data: the number of the last good build
//   reload  data: "page" or "css"
//   failed  data: JSON array of diagnostics, one string each
//   report  data: the path of the check report, which is new
(() => {
  // The build this page was served from; the server writes it on our tag.
  const build = document.currentScript && document.currentScript.dataset.build;
  // Same styles as the overlay the server renders (http.rs keeps them in sync).
  const BOX_STYLE = 'position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:70vh;overflow:auto;margin:0;padding:12px 16px;box-sizing:border-box;background:#fff5f5;color:#1a1a1a;border:3px solid #c00;box-shadow:0 4px 16px rgba(0,0,0,.35);font:14px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left';
  const TITLE_STYLE = 'margin:0 0 8px;font-weight:bold;color:#c00';
  const LIST_STYLE = 'margin:0;padding-left:1.5em;white-space:pre-wrap;overflow-wrap:anywhere';
  const TITLE = '构建失败：修正下列问题后页面会自动刷新';
  const REPORT_LINK = '查看检查报告';
  const LINK_STYLE = 'margin-left:1em;color:#0b57d0;font-weight:normal';
  const REPORT_PATH = '/_check/';

  const overlay = () => document.getElementById('bulletin-error');

  // Shows the messages, reusing the overlay the server may have rendered.
  // Leaves it alone when it already says the same, so the state the server
  // sends on every connect does not redraw it.
  function showErrors(messages) {
    let box = overlay();
    if (box) {
      const shown = Array.from(box.querySelectorAll('li'), (li) => li.textContent);
      if (shown.length === messages.length && shown.every((m, i) => m === messages[i])) return;
    } else {
      box = document.createElement('div');
      box.id = 'bulletin-error';
      box.setAttribute('role', 'alert');
      box.style.cssText = BOX_STYLE;
      document.body.append(box);
    }
    const title = document.createElement('p');
    title.style.cssText = TITLE_STYLE;
    title.textContent = TITLE;
    const link = document.createElement('a');
    link.href = REPORT_PATH;
    link.style.cssText = LINK_STYLE;
    link.textContent = REPORT_LINK;
    title.append(link);
    const list = document.createElement('ol');
    list.style.cssText = LIST_STYLE;
    for (const message of messages) {
      const item = document.createElement('li');
      item.textContent = message; // text, never markup
      list.append(item);
    }
    box.replaceChildren(title, list);
  }

  // Loads each stylesheet again under a new URL; the old one is removed only
  // once the new one has loaded, so the page never shows unstyled.
  function reloadStylesheets() {
    for (const link of document.querySelectorAll('link[rel=stylesheet]')) {
      const url = new URL(link.href);
      url.searchParams.set('v', Date.now());
      const fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.onload = fresh.onerror = () => link.remove();
      link.after(fresh);
    }
  }

  // Set when the connection drops (the server stopped or restarted): the
  // next successful open reloads once, since builds may have been missed.
  // Never set on the first open, so a fresh page does not reload in a loop.
  let dropped = false;

  function connect() {
    const events = new EventSource('/__bulletin/events');
    events.addEventListener('open', () => {
      if (dropped) location.reload();
    });
    events.addEventListener('error', () => {
      dropped = true;
      // The browser retries by itself unless it gave up on this source.
      if (events.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
    });
    // The build is good: reload if this page is older, or still shows errors.
    events.addEventListener('ok', (event) => {
      if ((build !== undefined && event.data !== build) || overlay()) location.reload();
    });
    events.addEventListener('reload', (event) => {
      // A page showing errors may also hold stale content: reload it whole.
      if (event.data === 'css' && !overlay()) reloadStylesheets();
      else location.reload();
    });
    // The report lists the errors itself, and reloads when it is new.
    const onReport = location.pathname === REPORT_PATH;
    events.addEventListener('failed', (event) => {
      if (!onReport) showErrors(JSON.parse(event.data));
    });
    events.addEventListener('report', () => {
      if (onReport) location.reload();
    });
  }

  connect();
})();
