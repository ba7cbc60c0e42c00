//! `bulletin serve`: build, serve on loopback, rebuild on every change.
//!
//! Three parts run at once: the HTTP server (tokio, `serve::http`), the
//! file watcher and the rebuilds (one plain thread: a rebuild uses rayon
//! and must never block the server). The preview is built into a fresh
//! temporary folder with the preview's own address as base URL, so that
//! the live-reload script and localhost links never reach the `public/`
//! folder that is published; the folder is removed on Ctrl-C. The
//! `bulletin check` report at `/_check/` is made when asked for, in a
//! thread of its own, so that it never holds up a rebuild.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::base::diagnostic::Diagnostic;
use crate::check::report::{self, PageLinks};
use crate::cli::ServeArgs;
use crate::pipeline::{self, StageTimer};
use crate::serve::http::{self, Preview};
use crate::serve::rebuild::Session;
use crate::serve::watch::Watcher;

pub fn exec(args: &ServeArgs) -> i32 {
    if let Err(code) = super::require_site(&args.root) {
        return code;
    }
    let addr = SocketAddr::new(args.bind, args.port);
    // Bound before building, so that a port in use is said at once.
    let listener = match std::net::TcpListener::bind(addr) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!(
                "error: port {} is in use on {} (is another bulletin serve running?); \
                 stop it, or choose another port: bulletin serve --port {}",
                args.port,
                args.bind,
                args.port.wrapping_add(1).max(1024)
            );
            return super::USAGE_ERROR;
        }
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}; choose another --bind or --port");
            return super::USAGE_ERROR;
        }
    };
    // With --port 0 the system picks the port: ask which.
    let addr = listener.local_addr().unwrap_or(addr);
    let base_url = format!("http://{addr}/");
    let out = match tempfile::Builder::new().prefix("bulletin-serve-").tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot create a folder for the preview: {e}");
            return super::CONTENT_ERROR;
        }
    };
    let root = std::path::absolute(&args.root).unwrap_or_else(|_| args.root.clone());
    let report = {
        let (root, base_url) = (root.clone(), base_url.clone());
        // The preview's pages are at the preview's address.
        Arc::new(move || {
            let checked = pipeline::check(&root, Some(&base_url), None, &mut StageTimer::new());
            report::html(
                checked.site.as_ref(),
                &checked.findings,
                &checked.summary,
                checked.today,
                PageLinks::Served,
            )
        })
    };
    let preview = Preview::with_report(out.path().to_path_buf(), Some(report));
    let mut session = Session::new(&root, out.path(), &base_url, args.drafts);
    let mut failed = rebuild(&mut session, &preview, &[], None);

    let mut watcher = match Watcher::start(&root) {
        Ok(w) => w,
        Err(m) => {
            eprintln!("error: {m}");
            return super::CONTENT_ERROR;
        }
    };
    let rebuilds = Arc::clone(&preview);
    std::thread::spawn(move || {
        while let Some(changed) = watcher.next_changes() {
            if changed.is_empty() {
                continue;
            }
            failed = rebuild(&mut session, &rebuilds, &changed, Some(failed));
        }
    });

    let served = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .and_then(|rt| {
            rt.block_on(async {
                // Ctrl-C must find its handler from the moment we say we
                // are serving: a stop then always cleans up.
                let stop = stop_signal()?;
                listener.set_nonblocking(true)?;
                let listener = tokio::net::TcpListener::from_std(listener)?;
                eprintln!(
                    "serving {base_url} from {} (press Ctrl-C to stop)",
                    out.path().display()
                );
                http::serve(listener, preview, stop).await
            })
        });
    match served {
        Ok(()) => {
            eprintln!("stopped; removed the preview folder");
            super::OK
        }
        Err(e) => {
            eprintln!("error: the preview server stopped: {e}");
            super::CONTENT_ERROR
        }
    }
}

/// Rebuilds after `changed`, tells the open pages, then makes what was
/// left for later (the search index) and prints what happened.
/// `failed_before`: whether the previous build failed (None for the first
/// build). Returns whether this one failed.
fn rebuild(
    session: &mut Session,
    preview: &Preview,
    changed: &[PathBuf],
    failed_before: Option<bool>,
) -> bool {
    let started = Instant::now();
    let result = session.rebuild(changed);
    let ms = started.elapsed().as_millis();
    let first = failed_before.is_none();
    match result {
        Ok(o) => {
            // Only stylesheets changed: the page swaps them and keeps its
            // scroll position.
            let css_only = !o.changed.is_empty()
                && o.removed.is_empty()
                && o.changed.iter().all(|p| p.ends_with(".css"));
            // A save that changed nothing needs no reload, unless the
            // pages show an error that is now gone.
            if first
                || failed_before == Some(true)
                || !o.changed.is_empty()
                || !o.removed.is_empty()
            {
                preview.succeeded(css_only);
            }
            let later = session.finish();
            let total = started.elapsed().as_millis();
            if first {
                for w in &o.warnings {
                    eprintln!("{w}");
                }
                eprintln!("built {} items ({} files) in {ms} ms", o.items, o.files);
            } else {
                let search = match &later {
                    Ok(files) if !files.is_empty() => {
                        format!("; search index updated ({total} ms in all)")
                    }
                    _ => String::new(),
                };
                let quick = match o.patched {
                    0 => String::new(),
                    1 => " (1 item patched)".to_string(),
                    n => format!(" ({n} items patched)"),
                };
                eprintln!(
                    "rebuilt in {ms} ms{quick}: {} changed, {} removed{}{search}",
                    o.changed.len(),
                    o.removed.len(),
                    list(&o.changed)
                );
            }
            if let Err(diags) = later {
                for d in diags.sorted() {
                    eprintln!("{d}");
                }
                eprintln!("the search index was not updated");
            }
            false
        }
        Err(diags) => {
            let messages: Vec<String> = diags.sorted().iter().map(Diagnostic::to_string).collect();
            for m in &messages {
                eprintln!("{m}");
            }
            eprintln!(
                "build failed in {ms} ms; the preview shows the last good site and the error until it is fixed"
            );
            preview.failed(messages);
            true
        }
    }
}

/// ` (a, b, c …)`: the first few changed files, for the terminal.
fn list(paths: &[String]) -> String {
    const SHOWN: usize = 3;
    if paths.is_empty() {
        return String::new();
    }
    let mut s = paths
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if paths.len() > SHOWN {
        s.push_str(" …");
    }
    format!(" ({s})")
}

/// A future that completes on Ctrl-C, or on SIGTERM where there is one.
/// The handlers are in place when this returns.
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
