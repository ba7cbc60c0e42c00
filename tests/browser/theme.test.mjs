// Browser tests of the bureau theme on the demo site, in Debian's headless
// chromium driven by playwright-core (no browser download), with axe-core
// injected into each page.
//
// Run through `cargo test` (tests/testsuite/browser.rs), which passes:
//   BULLETIN_BIN          the bulletin binary to build the demo with
//   BULLETIN_SITE         the demo site's root (the repository)
//   BULLETIN_SCREENSHOTS  where to write the screenshots (kept after the run)
//   CHROMIUM              the browser (default /usr/bin/chromium)
//
// The site is built with --base-url pointing at a local static server, so
// every permalink, QR code and canonical link names the page as served.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, TYPES } from "./chromium.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

const BIN = process.env.BULLETIN_BIN;
const SITE = process.env.BULLETIN_SITE;
const SHOTS = process.env.BULLETIN_SCREENSHOTS;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

const WIDTHS = [1280, 390];
// The pages issue 4 names, and the pages the theme adds.
const PAGES = {
  home: "/",
  column: "/news/",
  item: "/policies/2026-06-18-no-penalty-list/", // attachments + disclosure
  campaign: "/campaigns/chunlei-2021/",
  archive: "/archive/2021/",
  notfound: "/404.html",
  sitemap: "/sitemap/",
  statement: "/statement/",
  search: "/search/",
};

let server;
let origin;
let browser;
let out;


// A plain static server over the output folder: folders serve index.html,
// unknown paths the site's 404.html with status 404, as hosting does.
function serve(site) {
  return createServer((req, res) => {
    const root = site();
    const url = new URL(req.url, "http://localhost");
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(root, path.normalize(rel));
    const inside = file.startsWith(root + path.sep);
    if (inside && fs.existsSync(file) && fs.statSync(file).isFile()) {
      const type = TYPES[path.extname(file)] || "application/octet-stream";
      res.writeHead(200, { "content-type": type });
      res.end(fs.readFileSync(file));
    } else {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(fs.readFileSync(path.join(root, "404.html")));
    }
  });
}


before(async () => {
  assert.ok(BIN && SITE && SHOTS, "run through `cargo test` (tests/testsuite/browser.rs)");
  out = fs.mkdtempSync(path.join(os.tmpdir(), "bulletin-browser-"));
  fs.mkdirSync(SHOTS, { recursive: true });
  const siteDir = path.join(out, "site");
  server = serve(() => siteDir);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  const build = spawnSync(
    BIN,
    ["build", "--root", SITE, "--out", siteDir, "--base-url", origin + "/"],
    { encoding: "utf8" },
  );
  assert.equal(build.status, 0, `bulletin build failed:\n${build.stderr}`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

// Opens `url` in a fresh context and records what a reader's browser would
// see go wrong: requests to other hosts, console errors, uncaught errors.
async function open(url, { width = 1280, javaScriptEnabled = true, storage } = {}) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    javaScriptEnabled,
    locale: "zh-CN",
    storageState: storage,
  });
  const page = await context.newPage();
  const foreign = [];
  const errors = [];
  // Nothing may leave the local server: record and block any such request.
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.origin === origin || u.protocol === "data:") return route.continue();
    foreign.push(route.request().url());
    return route.abort();
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(String(err)));
  const response = await page.goto(origin + url, { waitUntil: "load" });
  return { context, page, response, foreign, errors };
}

async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
  });
  return result.filter((v) => v.impact === "serious" || v.impact === "critical");
}

// Interactive controls outside running text must be at least 44×44 px
// (WCAG 2.5.5; links inside sentences are exempt, as WCAG exempts them).
async function smallTargets(page) {
  return page.evaluate(() => {
    const selector = [
      "button",
      "input",
      "select",
      "summary",
      ".brand",
      ".sitemap a",
      ".breadcrumb a",
      ".main-nav a",
      ".item-list a",
      ".paginator a",
      ".site-footer a",
      ".tag-list a",
      ".prev-next a",
      ".more-link",
      ".article-actions a",
      ".attachments a",
    ].join(",");
    const small = [];
    for (const el of document.querySelectorAll(selector)) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || style.visibility === "hidden") continue;
      if (r.height < 44 || r.width < 44) {
        small.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return small;
  });
}

for (const [name, url] of Object.entries(PAGES)) {
  for (const width of WIDTHS) {
    test(`${name} at ${width}px: loads, stays local, fits, passes axe`, async () => {
      const { context, page, response, foreign, errors } = await open(url, { width });
      try {
        assert.equal(response.status(), 200, `${url} status`);
        assert.deepEqual(foreign, [], "requests to other hosts");
        assert.deepEqual(errors, [], "console errors");
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.ok(overflow <= 0, `${url} scrolls sideways by ${overflow}px at ${width}px`);
        assert.deepEqual(await axeViolations(page), [], "serious or critical axe violations");
        assert.deepEqual(await smallTargets(page), [], "tap targets under 44px");
        await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
      } finally {
        await context.close();
      }
    });
  }
}

test("an unknown path is answered with the site's 404 page", async () => {
  const { context, page, response } = await open("/no/such/page/");
  try {
    assert.equal(response.status(), 404);
    assert.match(await page.locator("h1").innerText(), /页面不存在/);
  } finally {
    await context.close();
  }
});

test("with JavaScript off every page shows its text, and no dead buttons", async () => {
  for (const [name, url] of Object.entries(PAGES)) {
    const { context, page, response, errors } = await open(url, { javaScriptEnabled: false });
    try {
      assert.equal(response.status(), 200, name);
      assert.deepEqual(errors, [], name);
      const main = page.locator("main");
      assert.ok(await main.isVisible(), `${name}: main is visible`);
      const text = (await main.innerText()).trim();
      assert.ok(text.length > 20, `${name}: main text is shown (${text.length} chars)`);
      // Buttons that need the script are not shown without it.
      for (const button of await page.locator("button[data-font-size], button[data-action]").all()) {
        assert.equal(await button.isVisible(), false, `${name}: a script-only button is visible`);
      }
      await page.screenshot({ path: path.join(SHOTS, `${name}-nojs.png`), fullPage: true });
    } finally {
      await context.close();
    }
  }
});

async function fontSize(page, selector) {
  return page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
}

test("字体 大 中 小 changes the text size and is remembered", async () => {
  const { context, page } = await open(PAGES.item);
  try {
    const body = ".article-body p";
    const medium = await fontSize(page, body);
    assert.ok(medium >= 16, `body text ${medium}px is at least 16px`);
    await page.getByRole("button", { name: "大", exact: true }).click();
    const large = await fontSize(page, body);
    assert.ok(large > medium, `大: ${large}px > ${medium}px`);
    await page.reload();
    assert.equal(await fontSize(page, body), large, "大 is remembered after a reload");
    await page.getByRole("button", { name: "小", exact: true }).click();
    const small = await fontSize(page, body);
    assert.ok(small < medium && small >= 16, `小: 16px ≤ ${small}px < ${medium}px`);
    assert.equal(
      await page.getByRole("button", { name: "小", exact: true }).getAttribute("aria-pressed"),
      "true",
    );
  } finally {
    await context.close();
  }
});

test("长者模式 enlarges text, raises contrast, persists across pages, passes axe", async () => {
  const { context, page } = await open(PAGES.item);
  try {
    const toggle = page.getByRole("button", { name: "长者模式" });
    assert.equal(await toggle.getAttribute("aria-pressed"), "false");
    const before = await fontSize(page, "main");
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-pressed"), "true");
    const after = await fontSize(page, "main");
    assert.ok(after >= 18 && after > before, `长者模式 text ${after}px ≥ 18px (was ${before}px)`);
    assert.ok((await fontSize(page, ".article-body p")) >= 18);
    // Another page of the site opens in 长者模式 too.
    await page.goto(origin + PAGES.column);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.mode), "elder");
    assert.ok((await fontSize(page, "main")) >= 18);
    assert.deepEqual(await axeViolations(page), [], "axe in 长者模式");
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `长者模式 scrolls sideways by ${overflow}px at ${width}px`);
      await page.screenshot({ path: path.join(SHOTS, `elder-column-${width}.png`), fullPage: true });
    }
    await page.getByRole("button", { name: "长者模式" }).click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.mode), undefined);
  } finally {
    await context.close();
  }
});

test("a link to another host asks before leaving, and stays when declined", async () => {
  const { context, page } = await open(PAGES.item);
  try {
    const link = page.locator(".site-footer a[href^='https://beian.miit.gov.cn']").first();
    const dialogs = [];
    page.once("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await link.click();
    assert.deepEqual(dialogs, ["您访问的链接即将离开「示例区市场监督管理局」，是否继续？"]);
    assert.equal(page.url(), origin + PAGES.item, "declining stays on the page");
    // Links within the site never ask.
    page.once("dialog", () => assert.fail("a link within the site asked"));
    await page.locator(".main-nav a").nth(1).click();
    await page.waitForLoadState("load");
    assert.notEqual(page.url(), origin + PAGES.item);
  } finally {
    await context.close();
  }
});

test("打印 uses the print stylesheet: no navigation, the text stays", async () => {
  const { context, page } = await open(PAGES.item);
  try {
    await page.emulateMedia({ media: "print" });
    for (const selector of [".main-nav", ".search-form", ".article-tools", ".site-footer .footer-nav"]) {
      const visible = await page.locator(selector).first().isVisible();
      assert.equal(visible, false, `${selector} is not printed`);
    }
    assert.ok(await page.locator(".article-body").isVisible());
    await page.pdf({ path: path.join(SHOTS, "item-print.pdf") });
  } finally {
    await context.close();
  }
});

test("the QR code is drawn and screenshotted for decoding", async () => {
  // tests/testsuite/browser.rs decodes this screenshot with rqrr and compares
  // it with the canonical URL written beside it.
  const { context, page } = await open(PAGES.item);
  try {
    const qr = page.locator("svg.qr-code");
    assert.ok(await qr.isVisible(), "the QR code is visible");
    const box = await qr.boundingBox();
    assert.ok(box.width >= 100 && box.height >= 100, `QR code is ${box.width}×${box.height}px`);
    await qr.screenshot({ path: path.join(SHOTS, "qr.png") });
    const canonical = await page.locator("link[rel=canonical]").getAttribute("href");
    fs.writeFileSync(path.join(SHOTS, "qr.txt"), canonical);
    assert.equal(canonical, origin + PAGES.item);
  } finally {
    await context.close();
  }
});

test("keyboard: the skip link comes first and focus is visible", async () => {
  const { context, page } = await open(PAGES.item);
  try {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return { text: el.textContent, outline: s.outlineStyle, width: s.outlineWidth, top: r.top };
    });
    assert.equal(focused.text, "跳到主要内容");
    assert.notEqual(focused.outline, "none", "focus is drawn");
    assert.ok(focused.top >= 0, "the focused skip link is on screen");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.id), "main");
  } finally {
    await context.close();
  }
});

test("Chinese typesetting: indent, strict line breaks, line height, system fonts", async () => {
  const { context, page } = await open(PAGES.item);
  const fonts = [];
  page.on("request", (r) => {
    if (r.resourceType() === "font") fonts.push(r.url());
  });
  try {
    assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
    const p = await page.locator(".article-body > p").first().evaluate((el) => {
      const s = getComputedStyle(el);
      return {
        size: parseFloat(s.fontSize),
        indent: parseFloat(s.textIndent),
        lineHeight: parseFloat(s.lineHeight),
        lineBreak: s.lineBreak,
        family: s.fontFamily,
      };
    });
    assert.equal(p.indent, 2 * p.size, "paragraphs are indented 2em");
    assert.equal(p.lineBreak, "strict", "。，、》」 never start a line");
    assert.ok(p.lineHeight / p.size >= 1.5, `line height ${p.lineHeight / p.size} ≥ 1.5`);
    assert.match(p.family, /Microsoft YaHei/, "a CJK system font stack");
    await page.reload();
    const faces = await page.evaluate(() => document.fonts.size);
    assert.equal(faces, 0, "no @font-face is declared");
    assert.deepEqual(fonts, [], "no font is downloaded");
  } finally {
    await context.close();
  }
});
