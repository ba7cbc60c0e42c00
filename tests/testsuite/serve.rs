//! `bulletin serve`: the real binary on a copy of the demo site, on a port
//! the system picks, spoken to over plain HTTP. Every rebuild is checked
//! by the server itself against a full look at every page
//! (`BULLETIN_VERIFY_REBUILDS`), and the preview is compared with a full
//! build at the end.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::{self, Site};

/// The day the demo is built on: campaign status depends on it.
const EPOCH: &str = "1795435200"; // 2026-11-23T12:00:00Z

/// How long a rebuild may take before a test gives up on it.
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `bulletin serve`, stopped (SIGTERM) when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
    /// The folder it serves.
    preview: PathBuf,
    /// Everything it printed so far.
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(site: &Site) -> Server {
        Server::start_with(site, &["--port", "0"]).expect("serve starts")
    }

    /// Starts serve and waits for its `serving` line; Err(stderr) when it
    /// exits first.
    fn start_with(site: &Site, args: &[&str]) -> Result<Server, (i32, String)> {
        let bin = assert_cmd::cargo::cargo_bin("bulletin");
        let mut child = Command::new(bin)
            .args(["serve", "--root", site.root().to_str().unwrap()])
            .args(args)
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .env("BULLETIN_VERIFY_REBUILDS", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bulletin runs");
        let log = Arc::new(Mutex::new(String::new()));
        let lines = read_lines(child.stderr.take().unwrap(), Arc::clone(&log));
        let deadline = Instant::now() + PATIENCE;
        loop {
            match lines.recv_timeout(Duration::from_millis(100)) {
                Ok(line) => {
                    // serving http://127.0.0.1:PORT/ from DIR (press Ctrl-C to stop)
                    if let Some(rest) = line.strip_prefix("serving http://") {
                        let (addr, rest) = rest.split_once("/ from ").unwrap();
                        let dir = rest.rsplit_once(" (").unwrap().0;
                        return Ok(Server {
                            child,
                            addr: addr.to_string(),
                            preview: PathBuf::from(dir),
                            log,
                        });
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let code = child.wait().unwrap().code().unwrap_or(-1);
                    return Err((code, log.lock().unwrap().clone()));
                }
                Err(RecvTimeoutError::Timeout) => {
                    assert!(Instant::now() < deadline, "serve did not start");
                }
            }
        }
    }

    fn get(&self, path: &str) -> Response {
        get(&self.addr, path)
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until a rebuild after `since` (a log length) has been
    /// reported, and returns its line.
    fn rebuilt_after(&self, since: usize) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let log = self.log();
            if let Some(line) = log[since..]
                .lines()
                .find(|l| l.starts_with("rebuilt in ") || l.starts_with("build failed in "))
            {
                return line.to_string();
            }
            assert!(Instant::now() < deadline, "no rebuild reported:\n{log}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the server as Ctrl-C would and returns its exit code.
    fn stop(&mut self) -> i32 {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "serve did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            self.stop();
        }
        // A rebuild that missed a page is a failure of every test.
        let log = self.log();
        if std::thread::panicking() {
            eprintln!("bulletin serve said:\n{log}");
        } else {
            assert!(
                !log.contains("missed"),
                "an incremental rebuild was wrong:\n{log}"
            );
        }
    }
}

/// Lines of a child's stderr, as they come, also kept in `log`.
fn read_lines(stderr: ChildStderr, log: Arc<Mutex<String>>) -> Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            {
                let mut l = log.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
            let _ = tx.send(line);
        }
    });
    rx
}

struct Response {
    status: u16,
    headers: String,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// One HTTP/1.1 GET, the path sent exactly as given.
fn get(addr: &str, path: &str) -> Response {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Response {
        status,
        headers: head.to_string(),
        body: body.to_string(),
    }
}

/// The server-sent events of `/__bulletin/events`, as (event, data).
fn events(addr: &str) -> Receiver<(String, String)> {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET /__bulletin/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut event = String::new();
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { break };
            if let Some(e) = line.strip_prefix("event:") {
                event = e.trim().to_string();
            } else if let Some(d) = line.strip_prefix("data:") {
                if tx.send((event.clone(), d.trim().to_string())).is_err() {
                    break;
                }
            }
        }
    });
    rx
}

/// The next event named `name`, skipping others.
fn next_event(rx: &Receiver<(String, String)>, name: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok((e, data)) if e == name => return data,
            Ok(_) => {}
            Err(_) => panic!("no `{name}` event"),
        }
    }
}

const ITEM: &str = "content/news/2020-03-06-mask-supply.md";
const ITEM_URL: &str = "/news/2020-03-06-mask-supply/";

#[test]
fn edits_additions_deletions_and_errors_reach_the_open_page() {
    let site = Site::demo();
    let server = Server::start(&site);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains("/__bulletin/live.js"),
        "live script injected"
    );
    assert!(
        !std::fs::read_to_string(server.preview.join("index.html"))
            .unwrap()
            .contains("__bulletin"),
        "the built file itself has no live script"
    );
    let ev = events(&server.addr);
    next_event(&ev, "ok");

    // An edit: the item, its column and the home page follow.
    let mark = server.log().len();
    site.edit(ITEM, "多措并举保障防疫物资供应", "多措并举保障口罩供应");
    next_event(&ev, "reload");
    let line = server.rebuilt_after(mark);
    assert!(
        line.contains(&format!("{}index.html", &ITEM_URL[1..])),
        "{line}"
    );
    assert!(server.get(ITEM_URL).body.contains("多措并举保障口罩供应"));
    assert!(server
        .get("/archive/2020/03/")
        .body
        .contains("多措并举保障口罩供应"));
    assert!(server
        .get("/tags/yi-qing-fang-kong/")
        .body
        .contains("多措并举保障口罩供应"));

    // A new item, in a new folder, then deleted with its folder.
    site.write(
        "content/news/2026-11-20-new/index.md",
        "---\ntitle: 新增的稿件\ndate: 2026-11-20\n---\n\n正文。\n",
    );
    next_event(&ev, "reload");
    let page = server.get("/news/2026-11-20-new/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("新增的稿件"));
    std::fs::remove_dir_all(site.root().join("content/news/2026-11-20-new")).unwrap();
    next_event(&ev, "reload");
    assert_eq!(server.get("/news/2026-11-20-new/").status, 404);
    assert!(!server.get("/archive/2026/11/").body.contains("新增的稿件"));

    // A broken file: the last good site stays, with the error over it.
    site.edit(ITEM, "date: 2020-03-06 10:20", "date: 2020-13-45");
    let failed = next_event(&ev, "failed");
    assert!(
        failed.contains("content/news/2020-03-06-mask-supply.md:3"),
        "{failed}"
    );
    for path in ["/", ITEM_URL, "/archive/"] {
        let page = server.get(path);
        assert_eq!(page.status, 200, "{path}");
        assert!(
            page.body.contains("bulletin-error"),
            "{path} shows the error"
        );
        assert!(
            page.body.contains("2020-13-45"),
            "{path} says what is wrong"
        );
    }
    assert!(server.get(ITEM_URL).body.contains("多措并举保障口罩供应"));
    // Fixed: the error goes away by itself.
    let mark = server.log().len();
    site.edit(ITEM, "date: 2020-13-45", "date: 2020-03-06 10:20");
    next_event(&ev, "reload");
    assert!(!server.get("/").body.contains("bulletin-error"));
    server.rebuilt_after(mark);

    // Editors' swap and backup files change nothing.
    let mark = server.log().len();
    site.write("content/news/.2020-03-06-mask-supply.md.swp", "x");
    site.write("content/news/2020-03-06-mask-supply.md~", "x");
    site.write("content/news/4913", "");
    std::thread::sleep(Duration::from_millis(800));
    assert!(
        !server.log()[mark..].contains("rebuilt"),
        "swap files rebuilt the site:\n{}",
        server.log()
    );
}

#[test]
fn an_editor_save_by_rename_is_seen() {
    let site = Site::demo();
    let server = Server::start(&site);
    let ev = events(&server.addr);
    next_event(&ev, "ok");
    // As vim and VS Code save: a new file, renamed over the old one.
    let text = site.read_source(ITEM).replace("头等大事", "头等要事");
    let tmp = site.root().join("content/news/.mask.md.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, site.root().join(ITEM)).unwrap();
    next_event(&ev, "reload");
    assert!(server.get(ITEM_URL).body.contains("头等要事"));
}

#[test]
fn a_stylesheet_change_swaps_the_stylesheet() {
    let site = Site::demo();
    let server = Server::start(&site);
    let ev = events(&server.addr);
    next_event(&ev, "ok");
    let css = "themes/bureau/static/css/bureau.css";
    let text = site.read_source(css);
    site.write(css, format!("{text}\n.preview-test {{ color: red; }}\n"));
    assert_eq!(next_event(&ev, "reload"), "css");
    assert!(server.get("/css/bureau.css").body.contains(".preview-test"));
}

/// The preview after many kinds of change equals a full build of the
/// sources, file for file and byte for byte: after the edits that take the
/// quick path (an item patched into the last model), and at the end.
#[test]
fn incremental_rebuilds_equal_a_full_build() {
    let site = Site::demo();
    let server = Server::start(&site);
    let ev = events(&server.addr);
    next_event(&ev, "ok");
    // Each change's "rebuilt" line, which comes once the search index is
    // made too.
    let step = |what: &str, change: &dyn Fn()| -> String {
        let mark = server.log().len();
        change();
        let data = next_event(&ev, "reload");
        assert!(!data.is_empty(), "{what}");
        server.rebuilt_after(mark)
    };
    let quick = |what: &str, change: &dyn Fn()| {
        let line = step(what, change);
        assert!(line.contains("(1 item patched)"), "{what}: {line}");
    };
    let full = |what: &str, change: &dyn Fn()| {
        let line = step(what, change);
        assert!(!line.contains("patched"), "{what}: {line}");
    };
    quick("a sentence", &|| site.edit(ITEM, "头等大事", "首要任务"));
    quick("a title", &|| {
        site.edit(ITEM, "title: 多措并举", "title: 多方联动 多措并举");
    });
    quick("a summary", &|| {
        site.edit(
            ITEM,
            "计量服务]\n---",
            "计量服务]\nsummary: 口罩供应有保障。\n---",
        );
    });
    quick("a link to another item", &|| {
        site.edit(
            ITEM,
            "首要任务",
            "首要任务（见[热线](../notices/2021-01-06-chunlei-hotline.md)）",
        );
    });
    assert_equals_full_build(&server, &site);
    full("a date, which moves the item, and the title", &|| {
        let text = site.read_source(ITEM);
        let text = text.replace("date: 2020-03-06 10:20", "date: 2021-05-06 10:20");
        site.write(ITEM, text.replace("title: 多方联动", "title: 多部门联动"));
    });
    // Neither moves the item, but sitemap.xml shows both (as lastmod),
    // and a text-only render does not look at it.
    full("the time of its date", &|| {
        site.edit(ITEM, "date: 2021-05-06 10:20", "date: 2021-05-06 10:40");
    });
    assert_equals_full_build(&server, &site);
    full("an `updated` date", &|| {
        site.edit(ITEM, "---\ntitle:", "---\nupdated: 2021-06-01\ntitle:");
    });
    assert_equals_full_build(&server, &site);
    full("tags", &|| {
        site.edit(
            ITEM,
            "tags: [疫情防控, 复工复产, 计量服务]",
            "tags: [疫情防控, 新标签]",
        );
    });
    full("a new item", &|| {
        site.write(
            "content/notices/2026-11-01-added.md",
            "---\ntitle: 新增通知\ndate: 2026-11-01\ntags: [新标签]\n---\n\n见[口罩](../news/2020-03-06-mask-supply.md)。\n",
        );
    });
    quick("the new item's text", &|| {
        site.edit("content/notices/2026-11-01-added.md", "见", "详见");
    });
    full("a statistics file", &|| {
        site.edit(
            "content/reports/2020-stats.yaml",
            "values: [5809, 23703]",
            "values: [5810, 23703]",
        );
    });
    full("a column's text", &|| {
        let col = "content/news/_index.md";
        let text = site.read_source(col);
        site.write(col, format!("{text}\n本栏目补充说明。\n"));
    });
    full("a template", &|| {
        site.edit("themes/bureau/templates/item.html", "扫码浏览", "扫码阅读");
    });
    full("site.toml", &|| {
        site.edit("site.toml", "paginate = 20", "paginate = 4");
    });
    full("a static file added", &|| {
        site.write("static/verify-token.txt", "token");
    });
    full("a static file deleted", &|| {
        std::fs::remove_file(site.root().join("static/verify-token.txt")).unwrap();
    });
    full("an item deleted", &|| {
        std::fs::remove_file(site.root().join("content/notices/2026-11-01-added.md")).unwrap();
    });
    assert_equals_full_build(&server, &site);
}

/// The preview holds exactly what `bulletin build` makes of the site now.
fn assert_equals_full_build(server: &Server, site: &Site) {
    let full = tempfile::tempdir().unwrap();
    let out = full.path().join("public");
    let built = common::command(&[
        "build",
        "--root",
        site.root().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--base-url",
        &format!("http://{}/", server.addr),
    ])
    .env("SOURCE_DATE_EPOCH", EPOCH)
    .output()
    .unwrap();
    assert!(built.status.success(), "{}", common::stderr(&built));
    let listed = |dir: &Path| -> Vec<String> {
        common::files(dir)
            .into_iter()
            .filter(|f| f != ".bulletin-manifest")
            .collect()
    };
    assert_eq!(listed(&server.preview), listed(&out), "the same files");
    for f in listed(&out) {
        let a = std::fs::read(server.preview.join(&f)).unwrap();
        let b = std::fs::read(out.join(&f)).unwrap();
        assert!(a == b, "{f} differs from a full build");
    }
}

#[test]
fn nothing_outside_the_preview_is_served() {
    let site = Site::demo();
    site.write("secret.txt", "TOP-SECRET");
    let server = Server::start(&site);
    // The preview folder sits in the temp folder: try to climb out to
    // the site (whose path we know) and to /etc.
    let up = "../".repeat(12);
    let secret = site.root().join("secret.txt");
    let secret = secret.to_str().unwrap();
    for path in [
        format!("/{up}{}", secret.trim_start_matches('/')),
        format!(
            "/{}{}",
            "%2e%2e/".repeat(12),
            secret.trim_start_matches('/')
        ),
        format!("/{}{}", "..%2f".repeat(12), secret.trim_start_matches('/')),
        format!("/{}etc/passwd", "%2E%2E%2F".repeat(12)),
        "/..\\..\\etc\\passwd".to_string(),
        "/%252e%252e/%252e%252e/etc/passwd".to_string(),
    ] {
        let r = server.get(&path);
        assert!(r.status == 400 || r.status == 404, "{path}: {}", r.status);
        assert!(
            !r.body.contains("TOP-SECRET") && !r.body.contains("root:"),
            "{path}"
        );
    }
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("页面不存在"), "the site's 404 page");
}

#[test]
fn content_types_say_utf_8() {
    let site = Site::demo();
    let server = Server::start(&site);
    let mut cases = vec![
        ("/".to_string(), "text/html; charset=utf-8"),
        ("/css/bureau.css".to_string(), "text/css; charset=utf-8"),
        (
            "/js/bureau.js".to_string(),
            "text/javascript; charset=utf-8",
        ),
        ("/rss.xml".to_string(), "application/xml; charset=utf-8"),
        ("/sitemap.xml".to_string(), "application/xml; charset=utf-8"),
    ];
    let report = server.get("/reports/2020-summary/");
    let chart = report
        .body
        .split('"')
        .find(|s| s.ends_with(".svg"))
        .map(|s| format!("/reports/2020-summary/{s}"))
        .expect("the report page shows a chart");
    cases.push((chart, "image/svg+xml; charset=utf-8"));
    for (path, want) in cases {
        let r = server.get(&path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type").as_deref(), Some(want), "{path}");
    }
    // A folder without its slash is redirected, as hosting servers do.
    let r = server.get("/news");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location").as_deref(), Some("/news/"));
}

#[test]
fn a_port_in_use_is_a_usage_error() {
    let site = Site::demo();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let Err((code, log)) = Server::start_with(&site, &["--port", &port]) else {
        panic!("serve started on a port in use")
    };
    assert_eq!(code, 2, "{log}");
    assert!(log.contains("in use") && log.contains("--port"), "{log}");
}

#[test]
fn stopping_removes_the_preview_folder() {
    let site = Site::demo();
    let mut server = Server::start(&site);
    assert!(
        server.preview.join("index.html").is_file(),
        "{}",
        server.log()
    );
    assert_eq!(server.stop(), 0, "{}", server.log());
    assert!(!server.preview.exists(), "the preview folder is removed");
    assert!(
        !site.root().join("public").exists(),
        "serve never writes the site's own output folder"
    );
}

/// The report at `/_check/` once it is of the last build (made when
/// asked for, in a thread of its own; until then the last one is shown
/// with a notice, or a page saying it is being made).
fn current_report(server: &Server) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let page = server.get("/_check/");
        assert_eq!(page.status, 200);
        if page.body.contains("id=\"verdict\"") && !page.body.contains("bulletin-report-updating") {
            return page.body;
        }
        assert!(Instant::now() < deadline, "no report:\n{}", page.body);
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The `bulletin check` report at `/_check/`: made again after every
/// build when asked for, listing a wrong word as soon as it is saved with
/// a link to its page, and the errors of a failed build, which the
/// overlay links to; a rebuild never waits for it.
#[test]
fn the_check_report_follows_every_rebuild() {
    let site = Site::demo();
    let server = Server::start(&site);
    let ev = events(&server.addr);
    next_event(&ev, "ok");
    let report = current_report(&server);
    assert!(report.contains("/__bulletin/live.js"), "the report is live");
    assert!(!report.contains("扫黑险恶"));
    let moved = server.get("/_check");
    assert_eq!(moved.status, 301);
    assert!(
        moved.headers.contains("location: /_check/"),
        "{}",
        moved.headers
    );

    // A wrong word saved: the next report names it, and links to the page.
    site.edit(
        ITEM,
        "多措并举保障防疫物资供应",
        "多措并举保障防疫物资供应，扫黑险恶",
    );
    next_event(&ev, "reload");
    let doc = scraper::Html::parse_document(&current_report(&server));
    let file = doc
        .select(&common::sel(".file"))
        .find(|f| f.text().collect::<String>().contains(ITEM))
        .expect("the item's findings");
    assert!(file.text().collect::<String>().contains("应为“扫黑除恶”"));
    let href = file
        .select(&common::sel("a.page"))
        .next()
        .and_then(|a| a.value().attr("href"))
        .unwrap();
    assert_eq!(href, ITEM_URL);
    assert!(server.get(href).body.contains("扫黑险恶"));

    // A failed build: the overlay links to the report, which lists the error.
    site.edit(ITEM, "date: 2020-03-06 10:20", "date: 2020-13-45");
    next_event(&ev, "failed");
    let page = server.get(ITEM_URL);
    assert!(
        page.body.contains("href=\"/_check/\""),
        "the overlay links the report"
    );
    let report = current_report(&server);
    assert!(report.contains("2020-13-45"), "{report}");
    assert!(
        !report.contains("bulletin-error"),
        "no overlay on the report"
    );
    next_event(&ev, "report");
}
