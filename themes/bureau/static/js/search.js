// 站内搜索: queries the index bulletin writes to search/ (see src/pages/search.rs,
// whose rules this file mirrors). No framework, nothing from other hosts.
// The index files are scripts that call bulletinSearch.…, loaded by
// <script> tags, so search works under any sub-path and from file://.
(() => {
  "use strict";
  const script = document.currentScript;
  const root = new URL("../", script.src); // the site root: js/ is below it
  const indexDir = new URL("search/", root);
  const PAGE = 10; // results shown at a time
  // Candidates checked against their texts at most before a count is shown
  // (each four cost one item file): see `check` below.
  const CHECK_AT_ONCE = 100;
  const form = document.querySelector(".search-page-form");
  const out = document.getElementById("search-results");
  if (!form || !out) return;

  // ---- loading the index -------------------------------------------------
  const waiting = new Map(); // file → resolve
  const loaded = new Map(); // file → promise
  function load(file) {
    if (!loaded.has(file)) {
      loaded.set(
        file,
        new Promise((resolve, reject) => {
          waiting.set(file, resolve);
          const s = document.createElement("script");
          s.src = new URL(file, indexDir).href;
          s.onerror = () => reject(new Error("cannot load " + file));
          document.head.append(s);
        }),
      );
    }
    return loaded.get(file);
  }
  window.bulletinSearch = {
    manifest: (m) => waiting.get("index.js")?.(m),
    shard: (n, terms) => waiting.get(`t/${n}.js`)?.(terms),
    docs: (n, list) => waiting.get(`d/${n}.js`)?.(list),
  };

  // ---- text as the index sees it (src/pages/search.rs: normal, terms; src/base/cjk.rs: is_han) ----
  function normal(text) {
    let s = "";
    for (const ch of text) {
      let c = ch.codePointAt(0);
      if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
      if (c >= 65 && c <= 90) c += 32;
      s += String.fromCodePoint(c);
    }
    return s;
  }
  const isCjk = (c) =>
    (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff) || c === 0x3007;
  const isWord = (c) => (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
  function terms(text) {
    const out = [];
    let han = [];
    let word = "";
    const flushHan = () => {
      if (han.length === 1) out.push(han[0]);
      for (let i = 0; i + 1 < han.length; i++) out.push(han[i] + han[i + 1]);
      han = [];
    };
    const flushWord = () => {
      if (word) out.push(word);
      word = "";
    };
    for (const ch of normal(text)) {
      const c = ch.codePointAt(0);
      if (isCjk(c)) {
        flushWord();
        han.push(ch);
      } else if (isWord(c)) {
        flushHan();
        word += ch;
      } else {
        flushHan();
        flushWord();
      }
    }
    flushHan();
    flushWord();
    return out;
  }
  // FNV-1a over UTF-8, as src/pages/search.rs shard_of.
  function shardOf(term, shards) {
    let h = 0x811c9dc5;
    for (const b of new TextEncoder().encode(term)) {
      h ^= b;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h & (shards - 1);
  }
  // Postings: gap, then tf << 1 | in_title, in base-32 digits.
  const LAST = "0123456789abcdefghijklmnopqrstuv";
  const MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&*";
  function postings(s) {
    const map = new Map(); // doc → packed
    let v = 0;
    let doc = 0;
    let gap = true;
    for (const ch of s) {
      const d = LAST.indexOf(ch);
      if (d < 0) {
        v = v * 32 + MORE.indexOf(ch);
        continue;
      }
      v = v * 32 + d;
      if (gap) doc += v;
      else map.set(doc, v);
      gap = !gap;
      v = 0;
    }
    return map;
  }

  // ---- searching -----------------------------------------------------------
  // Items holding every pair of every word; ranked by the words found in
  // the title, then by how often they occur, then newest first.
  async function search(query, column, year) {
    const m = await load("index.js");
    const words = query.split(/\s+/).filter((w) => terms(w).length);
    if (!words.length) return { m, words, docs: [] };
    const keys = [...new Set(words.flatMap(terms))];
    const shards = await Promise.all(
      keys.map((k) => load(`t/${shardOf(k, m.shards)}.js`).then((t) => postings(t[k] || ""))),
    );
    const byKey = new Map(keys.map((k, i) => [k, shards[i]]));
    let docs = null;
    for (const list of shards) {
      docs = docs ? docs.filter((d) => list.has(d)) : [...list.keys()];
    }
    const yearRange = m.years.find((y) => String(y[0]) === year);
    docs = docs.filter(
      (d) =>
        (column === "" || m.col.codePointAt(d) - 0x100 === Number(column)) &&
        (!yearRange || (d >= yearRange[1] && d <= yearRange[2])),
    );
    const score = new Map();
    for (const d of docs) {
      let inTitle = 0;
      let often = 0;
      for (const w of words) {
        const packed = terms(w).map((k) => byKey.get(k).get(d));
        if (packed.every((p) => p & 1)) inTitle++;
        often += Math.min(...packed.map((p) => p >> 1));
      }
      score.set(d, [inTitle, often]);
    }
    docs.sort((a, b) => {
      const [ta, oa] = score.get(a);
      const [tb, ob] = score.get(b);
      return tb - ta || ob - oa || a - b;
    });
    return { m, words, docs };
  }

  async function doc(m, d) {
    const list = await load(`d/${Math.floor(d / m.perFile)}.js`);
    const [title, path, date, column, text, tags] = list[d % m.perFile];
    return { title, path, date, column, text, tags };
  }

  // ---- checking ------------------------------------------------------------
  // The index holds pairs of characters, so an item holding 知识, 识产 and
  // 产权 apart is a candidate for 知识产权 without holding the word: each
  // candidate is checked against exactly what was indexed (title, tags,
  // text). A word that is one term (冷链, 12315, a single character) needs
  // no check: its candidates all hold it. The count shown is the number of
  // results listed; it is marked 约 only while candidates are left that
  // have not been checked (more than CHECK_AT_ONCE of a long word), and
  // becomes exact as the reader asks for more.
  function holds(d, words) {
    const all = normal([d.title, ...d.tags, d.text].join("\n"));
    return words.every((w) => all.includes(normal(w)));
  }
  function checker(m, words, docs) {
    const exact = words.every((w) => terms(w).length === 1);
    const found = []; // checked results, in rank order
    let checked = 0; // candidates looked at
    return {
      found,
      // Checks candidates until `n` results are found or the budget is spent.
      async fill(n) {
        let budget = exact ? Infinity : CHECK_AT_ONCE;
        while (found.length < n && checked < docs.length && budget > 0) {
          const batch = docs.slice(checked, checked + Math.min(PAGE, budget));
          for (const d of await Promise.all(batch.map((d) => doc(m, d)))) {
            if (holds(d, words)) found.push(d);
          }
          checked += batch.length;
          budget -= batch.length;
        }
      },
      // Results in all: those found, and the candidates not yet checked.
      total: () => found.length + (docs.length - checked),
      sure: () => exact || checked === docs.length,
    };
  }

  // ---- showing -------------------------------------------------------------
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // `text` with every word of `words` in <mark>, built as DOM nodes.
  function marked(text, words) {
    const frag = document.createDocumentFragment();
    const low = normal(text);
    const needles = words.map(normal);
    let i = 0;
    while (i < text.length) {
      let at = -1;
      let len = 0;
      for (const n of needles) {
        const j = low.indexOf(n, i);
        if (j >= 0 && (at < 0 || j < at)) {
          at = j;
          len = n.length;
        }
      }
      if (at < 0) break;
      frag.append(text.slice(i, at), el("mark", "", text.slice(at, at + len)));
      i = at + len;
    }
    frag.append(text.slice(i));
    return frag;
  }
  // Around the first word found in the text.
  function snippet(text, words) {
    const low = normal(text);
    const hits = words.map((w) => low.indexOf(normal(w))).filter((i) => i >= 0);
    const at = hits.length ? Math.min(...hits) : 0;
    const from = Math.max(0, at - 30);
    const cut = text.slice(from, from + 120).replace(/\s+/g, " ");
    return (from > 0 ? "…" : "") + cut + (from + 120 < text.length ? "…" : "");
  }
  function link(path) {
    const url = new URL(path, root);
    // Opened from the file system, a folder does not show its index.html.
    if (url.protocol === "file:" && url.pathname.endsWith("/")) url.pathname += "index.html";
    return url.href;
  }

  const params = new URLSearchParams(location.search);
  const input = form.querySelector("input[name=q]");
  const columnSelect = form.querySelector("select[name=column]");
  const yearSelect = form.querySelector("select[name=year]");
  input.value = params.get("q") || "";

  async function run() {
    const query = input.value.trim();
    const column = columnSelect ? columnSelect.value : "";
    const year = yearSelect ? yearSelect.value : "";
    const state = new URLSearchParams({ q: query });
    if (column) state.set("column", column);
    if (year) state.set("year", year);
    history.replaceState(null, "", "?" + state);
    out.replaceChildren();
    if (!query) return;
    out.append(el("p", "search-status", "正在搜索…"));
    let result;
    try {
      result = await search(query, column, year);
    } catch (e) {
      out.replaceChildren(el("p", "search-status", "搜索索引未能载入，请稍后再试，或通过信息归档浏览。"));
      return;
    }
    const { m, words, docs } = result;
    const status = el("p", "search-status");
    const results = checker(m, words, docs);
    const list = el("ol", "search-result-list");
    let shown = 0;
    const more = el("button", "search-more", "显示更多结果");
    more.type = "button";
    async function next() {
      more.remove();
      try {
        await results.fill(shown + PAGE);
      } catch (e) {
        status.textContent = "搜索索引未能载入，请稍后再试，或通过信息归档浏览。";
        return;
      }
      if (!results.total()) {
        status.textContent = `未找到与“${query}”相关的信息。请换用其他关键词，或减少关键词的数量。`;
        list.remove();
        return;
      }
      status.textContent = `找到${results.sure() ? "" : "约"} ${results.total()} 条与“${query}”相关的信息`;
      for (const d of results.found.slice(shown, shown + PAGE)) {
        const li = el("li", "search-result");
        const a = el("a", "search-result-title");
        a.href = link(d.path);
        a.append(marked(d.title, words));
        const meta = el("p", "search-result-meta");
        meta.append(el("span", "search-result-column", d.column), " ",
          el("time", "search-result-date", d.date));
        // A word found only in the tags: show them, or nothing would.
        const inTags = d.tags.filter((t) => words.some((w) => normal(t).includes(normal(w))));
        if (inTags.length) {
          meta.append(" ", el("span", "search-result-tags", "标签："));
          meta.lastChild.append(marked(inTags.join("、"), words));
        }
        const p = el("p", "search-result-snippet");
        p.append(marked(snippet(d.text, words), words));
        li.append(a, meta, p);
        list.append(li);
        shown++;
      }
      if (shown < results.total()) out.append(more);
    }
    out.replaceChildren(status, list);
    more.addEventListener("click", next);
    await next();
  }

  // The column and year filters, from the index.
  load("index.js").then((m) => {
    m.columns.forEach((title, i) => columnSelect?.append(new Option(title, String(i))));
    m.years.forEach(([y]) => yearSelect?.append(new Option(`${y}年`, String(y))));
    if (columnSelect) columnSelect.value = params.get("column") || "";
    if (yearSelect) yearSelect.value = params.get("year") || "";
    run();
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    run();
  });
  for (const s of [columnSelect, yearSelect]) s?.addEventListener("change", run);
})();
