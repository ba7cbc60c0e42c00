// `bulletin serve` in a real browser: a page left open follows the
// writer's edits by itself. The test only changes files; it never reloads
// the page.
//
// Run through `cargo test` (tests/testsuite/browser.rs), which passes
// BULLETIN_BIN, BULLETIN_SITE and CHROMIUM (see theme.test.mjs).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "./chromium.mjs";

const BIN = process.env.BULLETIN_BIN;
const SITE = process.env.BULLETIN_SITE;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

const ITEM = "content/news/2020-03-06-mask-supply.md";
const ITEM_URL = "/news/2020-03-06-mask-supply/";
// A rebuild of the demo takes well under a second; be patient on CI.
const PATIENCE = 20000;

let dir;
let serve;
let origin;
let browser;
let log = "";

before(async () => {
  assert.ok(BIN && SITE, "run through `cargo test` (tests/testsuite/browser.rs)");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bulletin-serve-browser-"));
  for (const part of ["site.toml", "content", "static", "themes"]) {
    if (fs.existsSync(path.join(SITE, part))) {
      fs.cpSync(path.join(SITE, part), path.join(dir, part), { recursive: true });
    }
  }
  serve = spawn(BIN, ["serve", "--root", dir, "--port", "0"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  // "serving http://127.0.0.1:PORT/ from …"
  origin = await new Promise((resolve, reject) => {
    serve.stderr.on("data", (chunk) => {
      log += chunk;
      const m = /serving (http:\/\/[^/\s]+)\//.exec(log);
      if (m) resolve(m[1]);
    });
    serve.on("exit", (code) => reject(new Error(`serve exited (${code}):\n${log}`)));
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
});

after(async () => {
  await browser?.close();
  serve?.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
});

function edit(rel, from, to) {
  const file = path.join(dir, rel);
  const text = fs.readFileSync(file, "utf8");
  assert.ok(text.includes(from), `${rel} has ${from}`);
  fs.writeFileSync(file, text.replace(from, to));
}

/// Opens a page and waits until its live-reload stream is open.
async function open(url) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // The theme's favicon.ico answers the browser's own request for it.
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${m.text()} ${m.location().url}`);
  });
  const opened = page.waitForResponse((r) => r.url().endsWith("/__bulletin/events"));
  await page.goto(origin + url);
  await opened;
  // A mark on the document the test opened: a reload makes a new document
  // without it. (Counting "load" events raced: the new page's heading can
  // be read before its load event reaches the test.)
  await page.evaluate(() => {
    window.openedByTest = true;
  });
  const reloaded = async () => !(await page.evaluate(() => window.openedByTest === true));
  return { page, errors, reloaded };
}

test("an edit shows in the open page", async () => {
  const { page, errors, reloaded } = await open(ITEM_URL);
  assert.match(await page.title(), /多措并举保障防疫物资供应/);
  edit(ITEM, "多措并举保障防疫物资供应", "多措并举保障口罩供应");
  await page.waitForFunction(
    () => document.querySelector("h1")?.textContent.includes("多措并举保障口罩供应"),
    null,
    { timeout: PATIENCE },
  );
  assert.ok(await reloaded(), "the page reloaded itself");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a broken file shows its error over the page until it is fixed", async () => {
  const { page, errors } = await open("/");
  edit(ITEM, "date: 2020-03-06 10:20", "date: 2020-13-45");
  const overlay = page.locator("#bulletin-error");
  await overlay.waitFor({ state: "visible", timeout: PATIENCE });
  const text = await overlay.innerText();
  assert.match(text, /content\/news\/2020-03-06-mask-supply\.md:3/);
  assert.match(text, /2020-13-45/);
  // The last good site is still there beneath.
  assert.ok(await page.locator("main, #main, .main").count());
  edit(ITEM, "date: 2020-13-45", "date: 2020-03-06 10:20");
  await overlay.waitFor({ state: "detached", timeout: PATIENCE });
  assert.deepEqual(errors, []);
  await page.close();
});

test("a stylesheet change applies without reloading the page", async () => {
  const { page, reloaded } = await open("/");
  const css = "themes/bureau/static/css/bureau.css";
  const file = path.join(dir, css);
  fs.appendFileSync(file, "\nbody { outline: 7px solid rgb(1, 2, 3); }\n");
  await page.waitForFunction(
    () => getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)",
    null,
    { timeout: PATIENCE },
  );
  assert.equal(await reloaded(), false, "swapped, not reloaded");
  await page.close();
});
