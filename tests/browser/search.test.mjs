// 站内搜索 in Debian's headless chromium, on the demo site: built under a
// sub-path and served by a local server, and built with relative_urls and
// opened from the file system. The queries are those of issue 7.
//
// Run through `cargo test` (tests/testsuite/browser.rs), which passes
// BULLETIN_BIN, BULLETIN_SITE and CHROMIUM (see theme.test.mjs).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "./chromium.mjs";

const BIN = process.env.BULLETIN_BIN;
const SITE = process.env.BULLETIN_SITE;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SUB = "/sub/";

let dir;
let server;
let origin;
let browser;

function build(root, out, extra) {
  const r = spawnSync(BIN, ["build", "--root", root, "--out", out, ...extra], {
    encoding: "utf8",
  });
  assert.equal(r.status, 0, `bulletin build failed:\n${r.stderr}`);
}

before(async () => {
  assert.ok(BIN && SITE, "run through `cargo test` (tests/testsuite/browser.rs)");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bulletin-search-"));
  const served = path.join(dir, "served");
  server = createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(SUB)) {
      res.writeHead(404).end();
      return;
    }
    rel = rel.slice(SUB.length);
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = path.join(served, path.normalize(rel));
    if (file.startsWith(served + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      const type = file.endsWith(".html") ? "text/html; charset=utf-8"
        : file.endsWith(".js") ? "text/javascript; charset=utf-8"
        : file.endsWith(".css") ? "text/css; charset=utf-8" : "application/octet-stream";
      res.writeHead(200, { "content-type": type });
      res.end(fs.readFileSync(file));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  build(SITE, served, ["--base-url", origin + SUB]);

  // The same site with relative links, to open from the file system.
  const copy = path.join(dir, "copy");
  for (const part of ["site.toml", "content", "static", "themes"]) {
    if (fs.existsSync(path.join(SITE, part))) {
      fs.cpSync(path.join(SITE, part), path.join(copy, part), { recursive: true });
    }
  }
  const toml = path.join(copy, "site.toml");
  const text = fs.readFileSync(toml, "utf8");
  assert.ok(text.includes("relative_urls = false"));
  fs.writeFileSync(toml, text.replace("relative_urls = false", "relative_urls = true"));
  build(copy, path.join(dir, "file"), []);

  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// Opens a page; records requests to other hosts, errors, and the bytes the
// search index cost.
async function open(url, { javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ javaScriptEnabled, locale: "zh-CN" });
  const page = await context.newPage();
  const foreign = [];
  const errors = [];
  let indexBytes = 0;
  await context.route("**/*", async (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === "file:" || u.origin === origin) {
      if (u.pathname.includes("/search/") && u.pathname.endsWith(".js")) {
        const file = u.protocol === "file:" ? decodeURIComponent(u.pathname)
          : path.join(dir, "served", decodeURIComponent(u.pathname.slice(SUB.length)));
        indexBytes += fs.statSync(file).size;
      }
      return route.continue();
    }
    foreign.push(u.href);
    return route.abort();
  });
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  return { context, page, foreign, errors, bytes: () => indexBytes };
}

// Searches and returns the results shown: [{title, href, meta, marks}].
async function search(query, params = "") {
  const q = encodeURIComponent(query);
  const r = await open(`${origin}${SUB}search/?q=${q}${params}`);
  await r.page.waitForSelector(".search-status:not(:empty)");
  await r.page.waitForFunction(() => !document.querySelector(".search-status")?.textContent.includes("正在搜索"));
  const results = await r.page.$$eval(".search-result", (lis) =>
    lis.map((li) => ({
      title: li.querySelector(".search-result-title").textContent,
      href: li.querySelector(".search-result-title").href,
      meta: li.querySelector(".search-result-meta").textContent,
      marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
    })),
  );
  const status = await r.page.textContent(".search-status");
  assert.deepEqual(r.foreign, [], "nothing from other hosts");
  assert.deepEqual(r.errors, [], "no errors");
  assert.ok(r.bytes() < 1024 * 1024, `the index cost ${r.bytes()} bytes`);
  await r.context.close();
  return { results, status };
}

test("Chinese words are found without spaces, and only where they are", async () => {
  for (const [query, expected] of [
    ["冷链", "农贸市场疫情防控专班织密进口冷链食品防护网"],
    ["春雷行动", "我区召开“春雷行动2021”新闻发布会"],
    ["知识产权", "《中国市场监管报》关注我区知识产权维权援助工作站建设"],
  ]) {
    const { results } = await search(query);
    assert.ok(results.some((r) => r.title === expected), `${query}: ${expected}`);
    for (const r of results) {
      assert.ok(r.marks.some((m) => m.includes(query) || query.includes(m)), `${query} marked in ${r.title}`);
      assert.ok(r.href.startsWith(`${origin}${SUB}`), r.href);
    }
    assert.ok(!results.some((r) => r.title === "企业开办时间压缩至0.36个工作日"), `${query}: not others`);
  }
});

test("titles come first", async () => {
  const { results } = await search("春雷行动");
  assert.ok(results.length >= 3);
  assert.ok(results[0].title.includes("春雷行动"), results[0].title);
  const firstWithout = results.findIndex((r) => !r.title.includes("春雷行动"));
  if (firstWithout >= 0) {
    assert.ok(results.slice(firstWithout).every((r) => !r.title.includes("春雷行动")), "title hits first");
  }
});

test("Latin words and numbers: 12315, KN95, GB/T", async () => {
  const hotline = await search("12315");
  assert.ok(hotline.results.some((r) => r.title === "2020年全区消费投诉成功调解率达96.9%"));
  for (const q of ["KN95", "kn95", "ＫＮ95", "GB/T"]) {
    const { results } = await search(q);
    assert.deepEqual(results.map((r) => r.title), ["多措并举保障防疫物资供应 助力企业复工复产"], q);
  }
});

test("several words mean all of them", async () => {
  const both = await search("冷链 春雷行动");
  const one = await search("冷链");
  assert.ok(both.results.length > 0 && both.results.length < one.results.length);
  // Each result's page holds both words.
  for (const r of both.results) {
    const rel = decodeURIComponent(new URL(r.href).pathname.slice(SUB.length));
    const html = fs.readFileSync(path.join(dir, "served", rel, "index.html"), "utf8");
    assert.ok(html.includes("冷链") && html.includes("春雷行动"), r.title);
  }
});

test("a query with no match says so", async () => {
  const { results, status } = await search("量子计算机");
  assert.equal(results.length, 0);
  assert.match(status, /未找到与“量子计算机”相关的信息/);
});

test("filters by year and by column", async () => {
  const all = await search("冷链");
  const y2021 = await search("冷链", "&year=2021");
  assert.ok(y2021.results.length > 0 && y2021.results.length < all.results.length);
  for (const r of y2021.results) assert.match(r.meta, /2021-/);
  const r = await open(`${origin}${SUB}search/?q=${encodeURIComponent("冷链")}`);
  const options = await r.page.$$eval("#search-column option", (os) => os.map((o) => [o.value, o.textContent]));
  const news = options.find(([, t]) => t === "工作动态");
  assert.ok(news, JSON.stringify(options));
  await r.context.close();
  const inNews = await search("冷链", `&column=${news[0]}`);
  assert.ok(inNews.results.length > 0 && inNews.results.length < all.results.length);
  for (const x of inNews.results) assert.ok(new URL(x.href).pathname.startsWith(`${SUB}news/`), x.href);
});

test("the header search box leads to the results", async () => {
  const r = await open(`${origin}${SUB}`);
  await r.page.fill("#site-search-q", "冷链");
  await Promise.all([r.page.waitForURL(/search\/\?q=/), r.page.press("#site-search-q", "Enter")]);
  await r.page.waitForSelector(".search-result");
  assert.ok((await r.page.$$(".search-result")).length > 0);
  await r.context.close();
});

test("with JavaScript off the page explains itself and links to the archives", async () => {
  const r = await open(`${origin}${SUB}search/?q=${encodeURIComponent("冷链")}`, { javaScriptEnabled: false });
  const text = await r.page.textContent("main");
  assert.match(text, /需要在浏览器中启用 JavaScript/);
  assert.ok(await r.page.$(`main a[href="${SUB}archive/"]`), "a link to the archives");
  assert.equal(await r.page.isVisible(".search-filters"), false, "no filters that cannot work");
  await r.context.close();
});

test("from the file system, with relative links", async () => {
  const file = path.join(dir, "file", "search", "index.html");
  const r = await open(`file://${file}?q=${encodeURIComponent("冷链")}`);
  await r.page.waitForSelector(".search-result");
  const hrefs = await r.page.$$eval(".search-result-title", (as) => as.map((a) => a.href));
  assert.ok(hrefs.length > 0);
  for (const h of hrefs) {
    assert.ok(h.startsWith("file://") && h.endsWith("/index.html"), h);
    assert.ok(fs.existsSync(decodeURIComponent(new URL(h).pathname)), h);
  }
  assert.deepEqual(r.errors, []);
  await r.context.close();
});
