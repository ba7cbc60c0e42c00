//! The preview's HTTP side: serves the built site from the output folder,
//! injects the live-reload script into every page, shows the last build's
//! errors over them, and tells open pages about rebuilds over Server-Sent
//! Events (`/__bulletin/events`).
//!
//! Only GET and HEAD are served, and only files inside the output folder:
//! a request path is decoded once and refused when it could climb out
//! (`..`, backslashes, NUL), and the file it names is canonicalized and must
//! still lie inside the canonical output folder, so a symlink pointing
//! elsewhere is never followed out.

use std::convert::Infallible;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode, Uri};
use axum::response::sse::{self, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::{broadcast, watch};

use crate::base::sync::lock;
use crate::model::urls;

/// The script every served page loads.
const LIVE_JS: &str = include_str!("live.js");
const LIVE_JS_PATH: &str = "/__bulletin/live.js";
const EVENTS_PATH: &str = "/__bulletin/events";
/// The `bulletin check` report of the last build (`check::report`).
pub const REPORT_PATH: &str = "/_check/";

/// Inline styles of the error overlay. live.js builds the same overlay when
/// a build fails while a page is open; a test keeps the two in sync.
const BOX_STYLE: &str = "position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:70vh;overflow:auto;margin:0;padding:12px 16px;box-sizing:border-box;background:#fff5f5;color:#1a1a1a;border:3px solid #c00;box-shadow:0 4px 16px rgba(0,0,0,.35);font:14px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left";
const TITLE_STYLE: &str = "margin:0 0 8px;font-weight:bold;color:#c00";
const LIST_STYLE: &str = "margin:0;padding-left:1.5em;white-space:pre-wrap;overflow-wrap:anywhere";
const TITLE: &str = "构建失败：修正下列问题后页面会自动刷新";
const REPORT_LINK: &str = "查看检查报告";
const MAKING: &str = "正在生成检查报告，完成后本页自动刷新";
const UPDATING: &str = "检查报告正在按最新修改更新，完成后本页自动刷新";
const UPDATING_STYLE: &str =
    "margin:0 0 12px;padding:8px 12px;background:#fff8e1;border:1px solid #9a6700";
const LINK_STYLE: &str = "margin-left:1em;color:#0b57d0;font-weight:normal";

/// What the preview server shows, shared with the rebuild thread.
pub struct Preview {
    out: PathBuf,
    state: Mutex<BuildState>,
    events: broadcast::Sender<Event>,
    /// The check report at [`REPORT_PATH`], made when asked for.
    report: Mutex<Report>,
    maker: Option<ReportMaker>,
}

/// Makes the `bulletin check` report of the site as it is now (a whole
/// check: a second or so at 10,000 items), for `/_check/`.
pub type ReportMaker = Arc<dyn Fn() -> String + Send + Sync>;

/// The last check report made, and of which build.
#[derive(Default)]
struct Report {
    html: Option<Arc<str>>,
    /// The [`BuildState::tries`] it was made after.
    made_after: u64,
    making: bool,
}

/// The outcome of the last build.
struct BuildState {
    /// How many builds have succeeded. Pages carry the number they were
    /// served under, so a page fetched just before a rebuild finished
    /// notices, when its event stream connects, that it is out of date.
    build: u64,
    /// The diagnostics of the last build, if it failed.
    errors: Option<Vec<String>>,
    /// How many builds have ended, failed or not: a report made after
    /// fewer is out of date.
    tries: u64,
}

/// A change the open pages must follow.
#[derive(Clone, Debug)]
pub enum Event {
    /// The site was rebuilt: reload the page, or only swap the stylesheets when `css_only`.
    Reload { css_only: bool },
    /// The build failed: show these messages (one diagnostic each, e.g.
    /// "content/news/a.md:3:1: error: date: …") over every page.
    Failed(Vec<String>),
    /// The check report is new: the report page reloads.
    Report,
}

impl Preview {
    /// `out`: the folder holding the built site (may be empty at first).
    pub fn new(out: PathBuf) -> Arc<Preview> {
        Preview::with_report(out, None)
    }

    /// A preview whose `/_check/` shows what `maker` makes.
    pub fn with_report(out: PathBuf, maker: Option<ReportMaker>) -> Arc<Preview> {
        // Events are small and pages read them at once; a page that still
        // falls behind gets a full reload (see `event_stream`).
        let (events, _) = broadcast::channel(16);
        Arc::new(Preview {
            out,
            state: Mutex::new(BuildState {
                build: 0,
                errors: None,
                tries: 0,
            }),
            events,
            report: Mutex::new(Report::default()),
            maker,
        })
    }

    /// The last report made, and whether it is of the last build. When it
    /// is not, a new one is being made, in a thread of its own: a check
    /// takes about as long as a build, and rebuilds must not wait for it.
    /// When it is ready the open report page reloads.
    fn report(self: &Arc<Self>) -> (Option<Arc<str>>, bool) {
        let tries = self.state().tries;
        let mut report = lock(&self.report);
        let current = report.html.is_some() && report.made_after == tries;
        if !current && !report.making {
            if let Some(maker) = self.maker.clone() {
                report.making = true;
                let preview = Arc::clone(self);
                std::thread::spawn(move || {
                    let html = maker();
                    {
                        let mut report = lock(&preview.report);
                        report.html = Some(html.into());
                        report.made_after = tries;
                        report.making = false;
                    }
                    let _ = preview.events.send(Event::Report);
                });
            }
        }
        (report.html.clone(), current)
    }

    /// Called (from a plain std thread, not async) after a successful build:
    /// clears any error, broadcasts `Event::Reload`.
    pub fn succeeded(&self, css_only: bool) {
        {
            let mut state = self.state();
            state.build += 1;
            state.tries += 1;
            state.errors = None;
        }
        // An error only means that no page is listening.
        let _ = self.events.send(Event::Reload { css_only });
    }

    /// Called after a failed build: remembers the messages (served pages
    /// show them) and broadcasts `Event::Failed`.
    pub fn failed(&self, messages: Vec<String>) {
        {
            let mut state = self.state();
            state.errors = Some(messages.clone());
            state.tries += 1;
        }
        let _ = self.events.send(Event::Failed(messages));
    }

    fn state(&self) -> MutexGuard<'_, BuildState> {
        // The state is replaced whole, so a panic elsewhere cannot leave it
        // half-written: keep serving.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The build number and errors to render a page with.
    fn snapshot(&self) -> (u64, Option<Vec<String>>) {
        let state = self.state();
        (state.build, state.errors.clone())
    }
}

/// Serves `preview` on `listener` until `shutdown` completes; then open
/// event streams end so that the server stops promptly (an SSE stream must
/// not keep graceful shutdown waiting).
pub async fn serve(
    listener: tokio::net::TcpListener,
    preview: Arc<Preview>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    // Graceful shutdown waits for every response to finish, and an event
    // stream never finishes by itself: `stop` ends them all.
    let (stop_tx, stop) = watch::channel(false);
    let app = Router::new()
        .fallback(handle)
        .with_state(App { preview, stop });
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            let _ = stop_tx.send(true);
        })
        .await
}

#[derive(Clone)]
struct App {
    preview: Arc<Preview>,
    stop: watch::Receiver<bool>,
}

/// Every request comes here: the router has no routes of its own, so the
/// method, the path checks and the common headers live in one place.
async fn handle(State(app): State<App>, method: Method, uri: Uri) -> Response {
    let mut response = if method == Method::GET || method == Method::HEAD {
        route(&app, &uri).await
    } else {
        let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        response
    };

    let headers = response.headers_mut();
    // A preview must always show the latest build.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if method == Method::HEAD {
        // Same headers as GET, Content-Length included (`with_type` sets
        // it), but no body.
        *response.body_mut() = Body::empty();
    }
    response
}

async fn route(app: &App, uri: &Uri) -> Response {
    match uri.path() {
        LIVE_JS_PATH => with_type(StatusCode::OK, "js", LIVE_JS.as_bytes().to_vec()),
        EVENTS_PATH => event_stream(app).into_response(),
        REPORT_PATH => report_page(&app.preview),
        "/_check" => {
            let mut response = text(StatusCode::MOVED_PERMANENTLY, "301 Moved Permanently\n");
            response
                .headers_mut()
                .insert(header::LOCATION, HeaderValue::from_static(REPORT_PATH));
            response
        }
        path => match request_path(path) {
            Some(segments) => serve_file(&app.preview, path, &segments, uri.query()).await,
            None => text(StatusCode::BAD_REQUEST, "400 Bad Request\n"),
        },
    }
}

/// The segments of a request path, decoded; `None` when the path is not
/// valid UTF-8 once decoded or could step outside the output folder.
/// An empty last segment stands for a trailing slash.
fn request_path(path: &str) -> Option<Vec<String>> {
    let decoded = crate::base::percent::decode_strict(path)?;
    // Checked after decoding, so that `%2e%2e` and `%2f` are caught too.
    // Decoding happens once only: `%252e` becomes a file named `%2e`.
    if decoded.contains(['\0', '\\']) {
        return None;
    }
    let segments: Vec<String> = decoded.split('/').skip(1).map(str::to_owned).collect();
    if !decoded.starts_with('/') || segments.iter().any(|s| s == "." || s == "..") {
        return None;
    }
    Some(segments)
}

/// What a request path names inside the output folder.
enum Found {
    File(PathBuf),
    Folder,
    Missing,
}

/// Resolves `segments` inside `out`: the canonical file, a folder, or
/// missing — which includes anything whose canonical path lies outside the
/// output folder (a symlink out of it), so its content is never served.
async fn resolve(out: &Path, segments: &[String]) -> Found {
    let mut path = out.to_path_buf();
    // Empty segments (`//`) add nothing; the last one is the trailing slash.
    path.extend(segments.iter().filter(|s| !s.is_empty()));
    if segments.last().is_some_and(std::string::String::is_empty) {
        path.push("index.html");
    }
    // Canonicalized on every request: the output folder may not exist yet,
    // and the first build moves it into place.
    let (Ok(root), Ok(real)) = (
        tokio::fs::canonicalize(out).await,
        tokio::fs::canonicalize(&path).await,
    ) else {
        return Found::Missing;
    };
    if !real.starts_with(&root) {
        return Found::Missing;
    }
    match tokio::fs::metadata(&real).await {
        Ok(meta) if meta.is_dir() => Found::Folder,
        Ok(_) => Found::File(real),
        Err(_) => Found::Missing,
    }
}

async fn serve_file(
    preview: &Preview,
    raw_path: &str,
    segments: &[String],
    query: Option<&str>,
) -> Response {
    // Read the build number before the file: if a build lands in between,
    // the page is newer than its number says and reloads once more, never
    // the reverse (a stale page that believes it is current).
    let (build, errors) = preview.snapshot();
    let errors = errors.as_deref();
    match resolve(&preview.out, segments).await {
        Found::File(real) => {
            // The type follows the name asked for (`/` → `index.html`), not
            // the target of a symlink inside the output.
            let name = match segments.last() {
                Some(last) if !last.is_empty() => last.as_str(),
                _ => "index.html",
            };
            match tokio::fs::read(&real).await {
                Ok(bytes) => page(StatusCode::OK, extension(name), bytes, build, errors),
                // Removed by a rebuild since it was found.
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    not_found(preview, build, errors).await
                }
                Err(e) => text(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &format!("500 cannot read {}: {e}\n", real.display()),
                ),
            }
        }
        // `/news` → `/news/`, so that the page's relative links resolve
        // inside the folder. Leading slashes are collapsed: `//host/`
        // would send the browser to another site.
        Found::Folder => {
            let mut location = format!("/{}/", raw_path.trim_start_matches('/'));
            if let Some(query) = query {
                location.push('?');
                location.push_str(query);
            }
            let mut response = text(StatusCode::MOVED_PERMANENTLY, "301 Moved Permanently\n");
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Found::Missing => not_found(preview, build, errors).await,
    }
}

/// The check report, live: it reloads when a new one is ready. No overlay
/// on it: after a failed build the report lists the errors.
fn report_page(preview: &Arc<Preview>) -> Response {
    let (build, _) = preview.snapshot();
    let html = match preview.report() {
        (Some(html), true) => html.to_string(),
        // The last one, saying that a newer one is coming.
        (Some(html), false) => html.replacen(
            "<main>",
            &format!("<main><p id=\"bulletin-report-updating\" style=\"{UPDATING_STYLE}\">{UPDATING}</p>"),
            1,
        ),
        (None, _) => format!(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>检查报告</title></head>\n<body>\n<h1>{MAKING}</h1>\n</body>\n</html>\n"
        ),
    };
    page(StatusCode::OK, "html", html.into_bytes(), build, None)
}

/// The site's own 404 page when it has one. Otherwise a short page, still
/// live: while no build has produced a site yet (the first one failed)
/// it shows the errors, and reloads once the site is there.
async fn not_found(preview: &Preview, build: u64, errors: Option<&[String]>) -> Response {
    if let Found::File(real) = resolve(&preview.out, &[urls::NOT_FOUND.to_owned()]).await {
        if let Ok(bytes) = tokio::fs::read(real).await {
            return page(StatusCode::NOT_FOUND, "html", bytes, build, errors);
        }
    }
    let no_site = !matches!(
        resolve(&preview.out, &["index.html".to_owned()]).await,
        Found::File(_)
    );
    let (status, title) = if errors.is_some() && no_site {
        (StatusCode::SERVICE_UNAVAILABLE, "构建失败")
    } else {
        (StatusCode::NOT_FOUND, "404 页面不存在")
    };
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n</body>\n</html>\n"
    );
    page(status, "html", html.into_bytes(), build, errors)
}

/// A response with the content type of `ext`; HTML gets the live script
/// and, after a failed build, the error overlay. Other files are sent as
/// they are.
fn page(
    status: StatusCode,
    ext: &str,
    mut bytes: Vec<u8>,
    build: u64,
    errors: Option<&[String]>,
) -> Response {
    if content_type(ext).starts_with("text/html") {
        bytes = inject(bytes, build, errors);
    }
    with_type(status, ext, bytes)
}

/// Inserts the overlay (while the build is failing) and the live script
/// before the last `</body>`, or at the end when there is none. Works on
/// bytes, so a page that is not valid UTF-8 is still served unchanged
/// otherwise.
fn inject(mut html: Vec<u8>, build: u64, errors: Option<&[String]>) -> Vec<u8> {
    let mut snippet = String::new();
    if let Some(messages) = errors {
        snippet.push_str(&overlay(messages));
    }
    snippet.push_str(&format!(
        "<script src=\"{LIVE_JS_PATH}\" data-build=\"{build}\"></script>"
    ));
    let at = html
        .windows(b"</body>".len())
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, snippet.into_bytes());
    html
}

/// The error overlay as live.js would build it, so that the page does not
/// change when the state sent on connect repeats the same messages.
fn overlay(messages: &[String]) -> String {
    let mut html = format!(
        "<div id=\"bulletin-error\" role=\"alert\" style=\"{BOX_STYLE}\"><p style=\"{TITLE_STYLE}\">{TITLE}<a href=\"{REPORT_PATH}\" style=\"{LINK_STYLE}\">{REPORT_LINK}</a></p><ol style=\"{LIST_STYLE}\">"
    );
    for message in messages {
        html.push_str("<li>");
        html.push_str(&crate::base::escape::html_text(message));
        html.push_str("</li>");
    }
    html.push_str("</ol></div>");
    html
}

/// The extension of a file name, `""` when it has none.
fn extension(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((_, ext)) => ext,
        None => "",
    }
}

/// The Content-Type for a file extension, as `mime_guess` knows it (and
/// OFD, China's format for official documents, which it does not); text
/// types say their charset, since the site is written in UTF-8 and browsers
/// may guess otherwise.
fn content_type(ext: &str) -> String {
    let ext = ext.to_ascii_lowercase();
    let mime = match mime_guess::from_ext(&ext).first_raw() {
        _ if ext == "ofd" => "application/ofd",
        // RFC 7303 prefers application/xml to text/xml (feeds, sitemaps).
        Some("text/xml") => "application/xml",
        // RFC 9239: JavaScript is text/javascript, whatever older tables say.
        Some("application/javascript") => "text/javascript",
        Some(m) => m,
        None => "application/octet-stream",
    };
    let text = mime.starts_with("text/")
        || matches!(
            mime,
            "image/svg+xml" | "application/xml" | "application/json"
        );
    if text {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// A whole-body response. Content-Length is set here rather than left to
/// hyper, so that HEAD, which drops the body, still reports it.
fn with_type(status: StatusCode, ext: &str, bytes: Vec<u8>) -> Response {
    let len = bytes.len();
    let mut response = (status, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type(ext))
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    response
}

fn text(status: StatusCode, message: &str) -> Response {
    with_type(status, "txt", message.as_bytes().to_vec())
}

/// The event stream of one page: first the current state, then every
/// `Event` until the server stops.
fn event_stream(app: &App) -> impl IntoResponse {
    // Subscribe before reading the state, so that no event falls between
    // the two (at worst one arrives twice, which the page ignores).
    let events = app.preview.events.subscribe();
    let (build, errors) = app.preview.snapshot();
    let first = match errors {
        Some(messages) => to_sse(&Event::Failed(messages)),
        None => sse::Event::default().event("ok").data(build.to_string()),
    }
    // Reconnect soon after the server restarts (the default is 3 s).
    .retry(Duration::from_secs(1));

    struct Listener {
        first: Option<sse::Event>,
        events: broadcast::Receiver<Event>,
        stop: watch::Receiver<bool>,
    }
    let listener = Listener {
        first: Some(first),
        events,
        stop: app.stop.clone(),
    };
    let stream = futures_util::stream::unfold(listener, |mut l| async move {
        if let Some(first) = l.first.take() {
            return Some((Ok::<_, Infallible>(first), l));
        }
        let event = tokio::select! {
            // Ends the stream, and with it the response, on shutdown.
            // An error means the server is gone: stop too.
            _ = l.stop.wait_for(|stop| *stop) => return None,
            received = l.events.recv() => match received {
                Ok(event) => to_sse(&event),
                // Missed some builds: whatever they were, a reload catches up.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    to_sse(&Event::Reload { css_only: false })
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            },
        };
        Some((Ok(event), l))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn to_sse(event: &Event) -> sse::Event {
    match event {
        Event::Reload { css_only } => {
            sse::Event::default()
                .event("reload")
                .data(if *css_only { "css" } else { "page" })
        }
        Event::Failed(messages) => sse::Event::default()
            .event("failed")
            // A list of strings always serializes; one line of JSON.
            .data(serde_json::to_string(messages).unwrap_or_else(|_| "[]".into())),
        Event::Report => sse::Event::default().event("report").data(REPORT_PATH),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    use tokio::net::TcpStream;
    use tokio::sync::oneshot;
    use tokio::task::JoinHandle;
    use tokio::time::timeout;

    const INDEX: &str = "<!DOCTYPE html><html><head><title>首页</title>\
        <link rel=\"stylesheet\" href=\"/style.css\"></head><body><p>欢迎</p></body></html>";
    const NOT_FOUND: &str = "<html><body><h1>页面不存在</h1></body></html>";
    const SECRET: &str = "TOP SECRET, outside the output";

    /// A preview server on a free port, serving `<root>/out`; `<root>/outside`
    /// holds a file no request may reach.
    struct Server {
        addr: SocketAddr,
        preview: Arc<Preview>,
        shutdown: Option<oneshot::Sender<()>>,
        task: JoinHandle<io::Result<()>>,
        root: tempfile::TempDir,
    }

    impl Server {
        async fn start(files: &[(&str, &[u8])]) -> Server {
            let root = tempfile::tempdir().unwrap();
            let out = root.path().join("out");
            std::fs::create_dir_all(&out).unwrap();
            for (path, bytes) in files {
                let path = out.join(path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
            std::fs::create_dir_all(root.path().join("outside")).unwrap();
            std::fs::write(root.path().join("outside/secret.txt"), SECRET).unwrap();

            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let preview = Preview::new(out);
            let (tx, rx) = oneshot::channel::<()>();
            let task = tokio::spawn(serve(listener, preview.clone(), async move {
                let _ = rx.await;
            }));
            Server {
                addr,
                preview,
                shutdown: Some(tx),
                task,
                root,
            }
        }

        /// The usual site: a page, a folder with its own page, a 404 page.
        async fn site() -> Server {
            Server::start(&[
                ("index.html", INDEX.as_bytes()),
                ("news/index.html", b"<html><body>news</body></html>"),
                ("404.html", NOT_FOUND.as_bytes()),
                ("style.css", b"body{color:#333}"),
            ])
            .await
        }

        fn out(&self) -> PathBuf {
            self.root.path().join("out")
        }

        async fn get(&self, target: &str) -> Reply {
            request(self.addr, "GET", target).await
        }
    }

    struct Reply {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    }

    impl Reply {
        fn header(&self, name: &str) -> Option<&str> {
            self.headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        }

        fn text(&self) -> String {
            String::from_utf8_lossy(&self.body).into_owned()
        }
    }

    /// One raw HTTP/1.1 request; the connection closes after the reply.
    async fn request(addr: SocketAddr, method: &str, target: &str) -> Reply {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let head =
            format!("{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        stream.write_all(head.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        timeout(Duration::from_secs(5), stream.read_to_end(&mut raw))
            .await
            .expect("reply within 5 s")
            .unwrap();
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete head");
        let head = String::from_utf8(raw[..end].to_vec()).unwrap();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .map(|line| {
                let (name, value) = line.split_once(':').unwrap();
                (name.to_owned(), value.trim().to_owned())
            })
            .collect();
        Reply {
            status,
            headers,
            body: raw[end + 4..].to_vec(),
        }
    }

    /// A connected event stream, read line by line.
    struct Events {
        reader: BufReader<TcpStream>,
    }

    impl Events {
        async fn open(addr: SocketAddr) -> Events {
            let mut stream = TcpStream::connect(addr).await.unwrap();
            stream
                .write_all(b"GET /__bulletin/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .await
                .unwrap();
            let mut events = Events {
                reader: BufReader::new(stream),
            };
            let status = events.line().await;
            assert!(status.starts_with("HTTP/1.1 200"), "{status}");
            let mut content_type = String::new();
            loop {
                let line = events.line().await;
                if line.is_empty() {
                    break;
                }
                if line.to_ascii_lowercase().starts_with("content-type:") {
                    content_type = line;
                }
            }
            assert!(content_type.contains("text/event-stream"), "{content_type}");
            events
        }

        /// The next line, without its line break; "" at the end of the stream.
        async fn line(&mut self) -> String {
            let mut line = String::new();
            timeout(Duration::from_secs(5), self.reader.read_line(&mut line))
                .await
                .expect("a line within 5 s")
                .unwrap();
            line.trim_end_matches(['\r', '\n']).to_owned()
        }

        /// The next event's name and data. The response is chunked: chunk
        /// sizes, comments (keep-alive) and `retry:` lines are skipped.
        async fn next(&mut self) -> (String, String) {
            let mut name = String::new();
            loop {
                let line = self.line().await;
                if let Some(value) = line.strip_prefix("event: ") {
                    name = value.to_owned();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    // Each of our events has one data line, after its name.
                    return (name, data.to_owned());
                }
            }
        }
    }

    #[tokio::test]
    async fn content_types_and_common_headers() {
        let files: &[(&str, &[u8], &str)] = &[
            ("style.css", b"body{}", "text/css; charset=utf-8"),
            ("app.js", b"1", "text/javascript; charset=utf-8"),
            ("mod.mjs", b"1", "text/javascript; charset=utf-8"),
            ("logo.svg", b"<svg/>", "image/svg+xml; charset=utf-8"),
            ("feed.xml", b"<rss/>", "application/xml; charset=utf-8"),
            ("data.json", b"{}", "application/json; charset=utf-8"),
            ("robots.txt", b"User-agent: *", "text/plain; charset=utf-8"),
            ("a.pdf", b"%PDF-1.7 \x00\xff", "application/pdf"),
            ("a.png", b"\x89PNG\r\n\x1a\n\x00", "image/png"),
            ("a.JPG", b"\xff\xd8\xff", "image/jpeg"),
            ("a.webp", b"RIFF", "image/webp"),
            ("f.woff2", b"wOF2", "font/woff2"),
            ("a.docx", b"PK\x03\x04", DOCX),
            ("a.xlsx", b"PK\x03\x04", XLSX),
            ("a.ofd", b"PK\x03\x04", "application/ofd"),
            ("a.zip", b"PK\x03\x04", "application/zip"),
            ("v.mp4", b"\x00\x00\x00\x18ftyp", "video/mp4"),
            ("blob", b"\x00\x01", "application/octet-stream"),
            ("a.exe", b"MZ", "application/octet-stream"),
        ];
        const DOCX: &str =
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        let server =
            Server::start(&files.iter().map(|(p, b, _)| (*p, *b)).collect::<Vec<_>>()).await;
        for (path, bytes, ty) in files {
            let reply = server.get(&format!("/{path}")).await;
            assert_eq!(reply.status, 200, "{path}");
            assert_eq!(reply.header("content-type"), Some(*ty), "{path}");
            // Not HTML: byte for byte, nothing injected.
            assert_eq!(&reply.body, bytes, "{path}");
            assert_eq!(
                reply.header("content-length"),
                Some(bytes.len().to_string().as_str()),
                "{path}"
            );
            assert_eq!(reply.header("cache-control"), Some("no-store"), "{path}");
            assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        }

        let script = server.get("/__bulletin/live.js").await;
        assert_eq!(script.status, 200);
        assert_eq!(
            script.header("content-type"),
            Some("text/javascript; charset=utf-8")
        );
        assert_eq!(script.text(), LIVE_JS);
        assert_eq!(script.header("cache-control"), Some("no-store"));
    }

    #[tokio::test]
    async fn html_gets_the_live_script_before_the_last_body_end() {
        let server = Server::start(&[
            ("index.html", INDEX.as_bytes()),
            // A `</body>` inside a script: the tag goes before the last one.
            (
                "search/index.html",
                "<body><script>let s = '</body>';</script>冷链</BODY></html>".as_bytes(),
            ),
            ("fragment.htm", b"<p>no body end"),
        ])
        .await;

        let reply = server.get("/").await;
        assert_eq!(reply.status, 200);
        assert_eq!(
            reply.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        let tag = "<script src=\"/__bulletin/live.js\" data-build=\"0\"></script>";
        assert_eq!(
            reply.text(),
            INDEX.replace("</body>", &format!("{tag}</body>"))
        );
        assert_eq!(
            reply.header("content-length"),
            Some(reply.body.len().to_string().as_str())
        );
        assert!(!reply.text().contains("bulletin-error"));

        // The query is not part of the path.
        let reply = server.get("/search/?q=%E5%86%B7%E9%93%BE").await;
        assert_eq!(reply.status, 200);
        assert_eq!(
            reply.text(),
            format!("<body><script>let s = '</body>';</script>冷链{tag}</BODY></html>")
        );

        let reply = server.get("/fragment.htm").await;
        assert_eq!(reply.text(), format!("<p>no body end{tag}"));
    }

    #[tokio::test]
    async fn unknown_paths_get_404_with_the_sites_page() {
        let server = Server::site().await;
        for path in [
            "/nope.html",
            "/news/nope/",
            "/%252e%252e/outside/secret.txt",
        ] {
            let reply = server.get(path).await;
            assert_eq!(reply.status, 404, "{path}");
            assert_eq!(
                reply.header("content-type"),
                Some("text/html; charset=utf-8")
            );
            let body = reply.text();
            assert!(
                body.starts_with("<html><body><h1>页面不存在</h1>"),
                "{body}"
            );
            assert!(body.contains("/__bulletin/live.js"), "{body}");
        }

        // Without a 404.html: a short page of our own, still live.
        std::fs::remove_file(server.out().join("404.html")).unwrap();
        let reply = server.get("/nope.html").await;
        assert_eq!(reply.status, 404);
        assert!(reply.text().contains("404"));
        assert!(reply.text().contains("/__bulletin/live.js"));
    }

    #[tokio::test]
    async fn paths_that_climb_out_are_refused() {
        let server = Server::site().await;
        for path in [
            "/../outside/secret.txt",
            "/%2e%2e/outside/secret.txt",
            "/%2E%2E%2Foutside%2Fsecret.txt",
            "/..%2f..%2fetc/passwd",
            "/a/%2E%2E/%2E%2E/x",
            "/news/..",
            "/./index.html",
            "/%5C..%5Coutside%5Csecret.txt",
            "/..\\outside\\secret.txt",
            "/index.html%00.txt",
            "/%ff.html",
            "/%zz",
            "/%e5%86",
        ] {
            let reply = server.get(path).await;
            assert_eq!(reply.status, 400, "{path}");
            assert!(!reply.text().contains(SECRET), "{path}");
        }
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn symlinks_out_of_the_output_are_not_followed() {
        use std::os::unix::fs::symlink;
        let server = Server::site().await;
        let outside = server.root.path().join("outside");
        symlink(outside.join("secret.txt"), server.out().join("leak.txt")).unwrap();
        symlink(&outside, server.out().join("linked")).unwrap();
        // A link that stays inside is fine.
        symlink(
            server.out().join("style.css"),
            server.out().join("alias.css"),
        )
        .unwrap();

        for path in ["/leak.txt", "/linked/secret.txt", "/linked", "/linked/"] {
            let reply = server.get(path).await;
            assert_eq!(reply.status, 404, "{path}");
            assert!(!reply.text().contains(SECRET), "{path}");
            assert_eq!(reply.header("location"), None, "{path}");
        }
        let reply = server.get("/alias.css").await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.text(), "body{color:#333}");
    }

    #[tokio::test]
    async fn folders_redirect_to_their_slash() {
        let server = Server::site().await;
        let reply = server.get("/news").await;
        assert_eq!(reply.status, 301);
        assert_eq!(reply.header("location"), Some("/news/"));

        let reply = server.get("/news?page=2&q=%E5%86%B7").await;
        assert_eq!(reply.status, 301);
        assert_eq!(reply.header("location"), Some("/news/?page=2&q=%E5%86%B7"));

        // Never to another host (`//news/` would be one).
        let reply = server.get("//news").await;
        assert_eq!(reply.header("location"), Some("/news/"));

        let reply = server.get("/news/").await;
        assert_eq!(reply.status, 200);
        assert!(reply.text().starts_with("<html><body>news<script"));
    }

    #[tokio::test]
    async fn head_sends_headers_only_and_other_methods_are_refused() {
        let server = Server::site().await;
        for path in ["/style.css", "/", "/nope"] {
            let get = server.get(path).await;
            let head = request(server.addr, "HEAD", path).await;
            assert_eq!(head.status, get.status, "{path}");
            assert!(head.body.is_empty(), "{path}");
            assert_eq!(head.header("content-type"), get.header("content-type"));
            assert_eq!(
                head.header("content-length"),
                Some(get.body.len().to_string().as_str()),
                "{path}"
            );
            assert_eq!(head.header("cache-control"), Some("no-store"));
        }

        for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
            let reply = request(server.addr, method, "/").await;
            assert_eq!(reply.status, 405, "{method}");
            assert_eq!(reply.header("allow"), Some("GET, HEAD"));
            assert_eq!(reply.header("cache-control"), Some("no-store"));
        }
    }

    #[tokio::test]
    async fn events_follow_the_builds() {
        let server = Server::site().await;
        let mut events = Events::open(server.addr).await;
        // The current state first: the site is good, as of build 0.
        assert_eq!(events.next().await, ("ok".into(), "0".into()));

        let message = "content/news/a.md:3:1: error: date: \"2024-13-01\" <无效>";
        server.preview.failed(vec![message.to_owned()]);
        let (name, data) = events.next().await;
        assert_eq!(name, "failed");
        let messages: Vec<String> = serde_json::from_str(&data).unwrap();
        assert_eq!(messages, [message]);

        // A page connecting now learns of the failure at once.
        let mut late = Events::open(server.addr).await;
        assert_eq!(late.next().await.0, "failed");

        server.preview.succeeded(false);
        assert_eq!(events.next().await, ("reload".into(), "page".into()));
        server.preview.succeeded(true);
        assert_eq!(events.next().await, ("reload".into(), "css".into()));
        assert_eq!(late.next().await, ("reload".into(), "page".into()));
    }

    #[tokio::test]
    async fn a_page_that_falls_behind_reloads() {
        let preview = Preview::new(PathBuf::from("unused"));
        let (_stop_tx, stop) = watch::channel(false);
        let app = App {
            preview: preview.clone(),
            stop,
        };
        let body = event_stream(&app).into_response().into_body();
        let mut frames = body.into_data_stream();
        use futures_util::StreamExt;
        let first = frames.next().await.unwrap().unwrap();
        assert!(first.starts_with(b"event: ok\n"), "{first:?}");
        // More events than the channel holds, none read meanwhile.
        for i in 0..20 {
            preview.failed(vec![format!("error {i}")]);
        }
        let next = frames.next().await.unwrap().unwrap();
        assert_eq!(&next[..], b"event: reload\ndata: page\n\n");
    }

    #[tokio::test]
    async fn pages_show_the_errors_of_a_failed_build() {
        let server = Server::site().await;
        server.preview.failed(vec![
            "content/news/a.md:3:1: error: <script>alert(1)</script> & 冷链".to_owned(),
            "content/b.md:1:1: error: second".to_owned(),
        ]);
        for path in ["/", "/nope.html"] {
            let body = server.get(path).await.text();
            assert!(
                body.contains("<div id=\"bulletin-error\" role=\"alert\""),
                "{body}"
            );
            assert!(body.contains(TITLE));
            assert!(body.contains(
                "<li>content/news/a.md:3:1: error: &lt;script&gt;alert(1)&lt;/script&gt; &amp; 冷链</li>\
                 <li>content/b.md:1:1: error: second</li>"
            ));
            assert!(!body.contains("<script>alert(1)"));
            // The overlay comes before the script, both before `</body>`.
            let overlay = body.find("bulletin-error").unwrap();
            let script = body.find("/__bulletin/live.js").unwrap();
            assert!(overlay < script && script < body.rfind("</body>").unwrap());
        }
        // Other files are never touched.
        assert_eq!(server.get("/style.css").await.text(), "body{color:#333}");

        server.preview.succeeded(false);
        let body = server.get("/").await.text();
        assert!(!body.contains("bulletin-error"), "{body}");
        assert!(body.contains("data-build=\"1\""), "{body}");
    }

    #[tokio::test]
    async fn a_failed_first_build_still_shows_a_live_page() {
        let server = Server::start(&[]).await;
        // Before any build: nothing to show, but the page stays live.
        let reply = server.get("/").await;
        assert_eq!(reply.status, 404);
        assert!(reply.text().contains("/__bulletin/live.js"));

        server
            .preview
            .failed(vec!["site.toml:2:1: error: title: missing".to_owned()]);
        let reply = server.get("/").await;
        assert_eq!(reply.status, 503);
        assert_eq!(
            reply.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        let body = reply.text();
        assert!(body.contains("bulletin-error"), "{body}");
        assert!(
            body.contains("site.toml:2:1: error: title: missing"),
            "{body}"
        );
        assert!(body.contains("/__bulletin/live.js"), "{body}");

        // Also when the output folder does not exist at all.
        std::fs::remove_dir(server.out()).unwrap();
        assert_eq!(server.get("/news/").await.status, 503);

        // The fix lands: the real page is served.
        std::fs::create_dir(server.out()).unwrap();
        std::fs::write(server.out().join("index.html"), INDEX).unwrap();
        server.preview.succeeded(false);
        let reply = server.get("/").await;
        assert_eq!(reply.status, 200);
        assert!(!reply.text().contains("bulletin-error"));
    }

    #[tokio::test]
    async fn shutdown_ends_open_event_streams() {
        let mut server = Server::site().await;
        let mut events = Events::open(server.addr).await;
        assert_eq!(events.next().await.0, "ok");

        server.shutdown.take().unwrap().send(()).unwrap();
        let stopped = timeout(Duration::from_secs(2), &mut server.task).await;
        assert!(
            matches!(stopped, Ok(Ok(Ok(())))),
            "the server did not stop in 2 s"
        );
        // The page sees its stream end properly (and will reconnect):
        // the last chunk, then the connection closes.
        let mut rest = Vec::new();
        timeout(Duration::from_secs(2), events.reader.read_to_end(&mut rest))
            .await
            .expect("the stream ends")
            .unwrap();
        assert!(
            rest.ends_with(b"0\r\n\r\n"),
            "{:?}",
            String::from_utf8_lossy(&rest)
        );
    }

    #[test]
    fn live_js_builds_the_same_overlay() {
        for part in [
            BOX_STYLE,
            TITLE_STYLE,
            LIST_STYLE,
            TITLE,
            REPORT_LINK,
            LINK_STYLE,
            REPORT_PATH,
        ] {
            assert!(LIVE_JS.contains(&format!("'{part}'")), "{part}");
        }
    }

    #[test]
    fn request_paths_are_decoded_once() {
        assert_eq!(request_path("/"), Some(vec![String::new()]));
        assert_eq!(
            request_path("/news/%E5%86%B7%E9%93%BE.html"),
            Some(vec!["news".to_owned(), "冷链.html".to_owned()])
        );
        assert_eq!(
            request_path("/%252e%252e/a"),
            Some(vec!["%2e%2e".to_owned(), "a".to_owned()])
        );
        assert_eq!(request_path("/a+b"), Some(vec!["a+b".to_owned()]));
        assert_eq!(request_path("/%2e%2E/a"), None);
        assert_eq!(request_path("/%+1"), None);
        assert_eq!(request_path("/%4"), None);
    }
}
