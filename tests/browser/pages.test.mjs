// Every page of the demo site and of the fixture written the way bureau
// writers write (tests/fixtures/writers: pictures beside plain items,
// covers, raw HTML images, words only in tags, a sub-path base_url), opened
// in Debian's headless chromium as a reader opens it: no request may be
// answered 4xx or fail, nothing may be asked of another host, and the
// console must stay free of errors. Then the site search of the writers'
// fixture: a word found only in tags is listed, and the count shown is the
// number of results listed.
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
import { CHROMIUM_ARGS, TYPES } from "./chromium.mjs";

const BIN = process.env.BULLETIN_BIN;
const SITE = process.env.BULLETIN_SITE;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const WRITERS = path.join(SITE || "", "tests/fixtures/writers");


let dir;
let browser;
const sites = {};

// Serves `out` under the URL path `sub` as government hosting does:
// folders serve index.html, anything else is 404 with the site's 404 page.
async function serve(out, sub) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let rel = decodeURIComponent(url.pathname);
    const file = rel.startsWith(sub)
      ? path.join(out, path.normalize(rel.slice(sub.length) + (rel.endsWith("/") ? "index.html" : "")))
      : null;
    if (file && file.startsWith(out + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      res.end(fs.readFileSync(file));
    } else {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(fs.readFileSync(path.join(out, "404.html")));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

async function site(name, root, sub) {
  const out = path.join(dir, name);
  // The server's address is the site's URL: start it, then build.
  const { server, origin } = await serve(out, sub);
  const r = spawnSync(BIN, ["build", "--root", root, "--out", out, "--base-url", origin + sub], {
    encoding: "utf8",
  });
  assert.equal(r.status, 0, `bulletin build of ${name} failed:\n${r.stderr}`);
  // The output verifier found nothing either.
  assert.doesNotMatch(r.stderr, /站内链接失效|在本站不存在|找不到对应/, r.stderr);
  sites[name] = { out, server, origin, sub };
}

before(async () => {
  assert.ok(BIN && SITE, "run through `cargo test` (tests/testsuite/browser.rs)");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bulletin-pages-"));
  await site("demo", SITE, "/");
  await site("writers", WRITERS, "/scjg/");
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  for (const s of Object.values(sites)) s.server.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// Every HTML page of an output folder: its URL, and whether it is an
// alias page that moves on to another.
function pages(s) {
  const found = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".html") && e.name !== "404.html") {
        const rel = path.relative(s.out, p).split(path.sep).join("/");
        found.push({
          url: s.origin + s.sub + rel.replace(/(^|\/)index\.html$/, "$1"),
          moves: fs.readFileSync(p, "utf8").includes('http-equiv="refresh"'),
        });
      }
    }
  };
  walk(s.out);
  return found.sort((a, b) => a.url.localeCompare(b.url));
}

// Opens every page in turn and returns what went wrong, one line each.
async function visitAll(s) {
  const context = await browser.newContext({ locale: "zh-CN" });
  const problems = [];
  let current = "";
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.origin === s.origin || u.protocol === "data:") return route.continue();
    problems.push(`${current}: asked another host for ${u.href}`);
    return route.abort();
  });
  context.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${current}: ${r.status()} for ${r.url()}`);
  });
  context.on("requestfailed", (r) => {
    if (new URL(r.url()).origin === s.origin) {
      problems.push(`${current}: ${r.url()} failed (${r.failure()?.errorText})`);
    }
  });
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`${current}: console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`${current}: ${e}`));
  const list = pages(s);
  for (const { url, moves } of list) {
    current = url;
    await page.goto(url, { waitUntil: "load" });
    if (moves) {
      // An alias page (页面已迁移) moves on to its target by itself.
      await page.waitForURL((u) => u.href !== url);
      await page.waitForLoadState("load");
    }
    // Lazy images load when scrolled to: every image is asked for.
    await page.evaluate(() => {
      for (const img of document.images) img.loading = "eager";
    });
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  }
  await context.close();
  return { problems, count: list.length };
}

test("every page of the demo site loads with nothing missing and no error", async () => {
  const { problems, count } = await visitAll(sites.demo);
  assert.ok(count >= 80, `only ${count} pages`);
  assert.deepEqual(problems, []);
});

test("every page of a site written the way writers write loads with nothing missing", async () => {
  const { problems, count } = await visitAll(sites.writers);
  assert.ok(count >= 25, `only ${count} pages`);
  assert.deepEqual(problems, []);
});

test("the pictures beside a plain item show on its page, its cover on the home page", async () => {
  const s = sites.writers;
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(`${s.origin}/scjg/news/2021-04-02-chunlei-press/`, { waitUntil: "load" });
  const shown = await page.$$eval(".article-body img, article img", (imgs) =>
    imgs.map((i) => [i.getAttribute("alt"), i.complete && i.naturalWidth > 0]),
  );
  assert.deepEqual(shown.filter(([, ok]) => !ok), [], "every picture of the text drawn");
  assert.ok(shown.some(([alt]) => alt === "新闻发布会现场"), JSON.stringify(shown));
  assert.ok(shown.some(([alt]) => alt === "执法人员在农贸市场检查冷链食品"), JSON.stringify(shown));
  // The line breaks of the text are no spaces.
  const text = await page.textContent("main");
  assert.ok(text.includes("落下帷幕，4月2日"), "no space after the full-width comma");
  assert.ok(text.includes("执法人员1114人次"), "no space between Chinese and a number");
  assert.ok(!text.includes("统计脚本内容"));
  await page.goto(`${s.origin}/scjg/`, { waitUntil: "load" });
  const covers = await page.$$eval("img", (imgs) =>
    imgs.filter((i) => i.src.includes("cover.jpg")).map((i) => i.complete && i.naturalWidth > 0),
  );
  assert.ok(covers.length >= 1 && covers.every(Boolean), `cover shown: ${covers}`);
  await context.close();
});

// Searches the writers' site; returns the status line and the titles listed.
async function search(query) {
  const s = sites.writers;
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`${s.origin}/scjg/search/?q=${encodeURIComponent(query)}`);
  await page.waitForFunction(() => {
    const t = document.querySelector(".search-status")?.textContent || "";
    return t && !t.includes("正在搜索");
  });
  const status = await page.textContent(".search-status");
  const titles = await page.$$eval(".search-result-title", (as) => as.map((a) => a.textContent));
  await context.close();
  assert.deepEqual(errors, []);
  return { status, titles };
}

test("a word found only in tags is listed, and the count is the count listed", async () => {
  const tagged = await search("打假治劣");
  assert.deepEqual(tagged.titles, ["朝天区召开“春雷行动2021”新闻发布会"]);
  assert.match(tagged.status, /找到 1 条/);
  // 市场监督管理局 and 监管 hold every pair of 市场监管 apart: a candidate
  // the page checks away before it counts.
  const word = await search("市场监管");
  assert.deepEqual(word.titles, ["我区部署“春雷行动2021”"]);
  assert.match(word.status, /找到 1 条/);
  const none = await search("计量执法");
  assert.deepEqual(none.titles, []);
  assert.match(none.status, /未找到/);
});
