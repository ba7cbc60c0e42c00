//! `bulletin build`: load → model → render → write, then swap the new
//! output in.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::base::diagnostic::{Diagnostic, Diagnostics, Level};
use crate::base::store::Store;
use crate::charts::Charts;
use crate::cli::BuildArgs;
use crate::output::{self, Staging};
use crate::render::{self, theme::Theme, Templates};
use crate::verify::Verifier;
use crate::{check, config, content, site};

/// What a successful build produced.
pub struct Built {
    pub out: PathBuf,
    pub files: usize,
    pub items: usize,
    /// base_url as built (with `--base-url` applied).
    pub base_url: String,
    /// RFC 3339: `SOURCE_DATE_EPOCH`, else the newest item's date, so that
    /// the same input gives the same package.
    pub built: String,
}

pub fn exec(args: &BuildArgs) -> i32 {
    if let Err(code) = super::require_site(&args.root) {
        return code;
    }
    let started = Instant::now();
    let out = args.out.clone().unwrap_or_else(|| args.root.join("public"));
    // The package's options are checked before the output is touched.
    if let Some(zip) = &args.package {
        if let Err(m) = crate::package::check_destination(zip, &out) {
            eprintln!("error: {m}");
            return super::USAGE_ERROR;
        }
    }
    let since = match args.since.as_deref().map(crate::package::read_manifest) {
        None => None,
        Some(Ok(manifest)) => Some(manifest),
        Some(Err(d)) => {
            eprintln!("{d}");
            return super::CONTENT_ERROR;
        }
    };
    match build(
        &args.root,
        &out,
        args.base_url.as_deref(),
        args.drafts,
        args.strict,
    ) {
        Ok(b) => {
            eprintln!(
                "built {} items into {} ({} files) in {} ms",
                b.items,
                b.out.display(),
                b.files,
                started.elapsed().as_millis()
            );
            match &args.package {
                Some(zip) => package(&b, zip, since.as_ref()),
                None => super::OK,
            }
        }
        Err(diags) => {
            let n = diags
                .0
                .iter()
                .filter(|d| d.level == crate::base::diagnostic::Level::Error)
                .count();
            let partial = diags.0.iter().any(|d| d.message.ends_with(output::PARTIAL));
            for d in diags.sorted() {
                eprintln!("{d}");
            }
            if partial {
                eprintln!("build failed with {n} error(s) while putting the new site in place");
            } else {
                eprintln!(
                    "build failed with {n} error(s); the previous output in {} is unchanged",
                    out.display()
                );
            }
            super::CONTENT_ERROR
        }
    }
}

/// `--package`: the output as a zip with its manifest.
fn package(b: &Built, zip: &Path, since: Option<&crate::package::Manifest>) -> i32 {
    let meta = crate::package::Meta {
        version: env!("CARGO_PKG_VERSION"),
        base_url: b.base_url.clone(),
        built: b.built.clone(),
    };
    match crate::package::write(&b.out, zip, since, &meta) {
        Ok(p) => {
            eprintln!(
                "packaged {} files into {}{}; manifest: {}",
                p.files,
                zip.display(),
                if since.is_some() {
                    format!(" ({} removed files listed)", p.removed)
                } else {
                    String::new()
                },
                p.manifest.display()
            );
            super::OK
        }
        Err(d) => {
            eprintln!("{d}");
            eprintln!("the site was built, but the package was not written");
            super::CONTENT_ERROR
        }
    }
}

/// Builds the site at `root` into `out`. The `bulletin check` findings are
/// printed as warnings, or with `strict` fail the build when any is an error.
pub fn build(
    root: &Path,
    out: &Path,
    base_url: Option<&str>,
    drafts: bool,
    strict: bool,
) -> Result<Built, Diagnostics> {
    let mut timer = StageTimer::new();
    let config = config::Site::load(root, base_url)?;
    let theme = Theme::load(root, &config.config.theme)?;
    let templates = Templates::load(&theme)?;
    timer.done("config and templates");
    // The texts wait in a scratch file beside the output, on its disk.
    let store = Store::scratch_in(&output::parent_dir(out)?)?;
    let site = model(root, config, drafts, store, &mut timer)?;
    let mut findings = check::run(&site, content::dates::today(site.offset()));
    timer.done("check");
    let staging = Staging::new(out)?;
    // Every file passes the output verifier on its way to the staging
    // folder: links are judged on what was written.
    let verifier = Verifier::new(check::site_url(&site));
    let rendered = render::render_site(&site, &theme, &templates, &verifier.sink(&staging), None);
    timer.done("render and write");
    if rendered.is_ok() {
        let shown = out.strip_prefix(root).unwrap_or(out);
        findings.extend(check::output_findings(&site, &verifier.finish(), shown));
        findings.sort();
        findings.dedup();
        timer.done("verify output");
        if strict && findings.iter().any(|d| d.level == Level::Error) {
            staging.discard();
            return Err(Diagnostics(findings));
        }
    }
    // The build's own warnings are among the findings (as errors, for
    // `check`); here everything is a warning, each printed once.
    let mut warnings: Vec<Diagnostic> = site
        .warnings
        .iter()
        .chain(&findings)
        .map(|d| Diagnostic {
            level: Level::Warning,
            ..d.clone()
        })
        .collect();
    warnings.sort();
    warnings.dedup();
    for w in &warnings {
        eprintln!("{w}");
    }
    match rendered {
        Ok(rendered) => {
            let out = staging.commit().map_err(|mut d| {
                d.message.push_str(output::PARTIAL);
                d
            })?;
            timer.done("commit");
            let built = content::dates::source_date_epoch()
                .map(|t| content::dates::When::from_timestamp(t, site.offset()))
                .or_else(|| site.newest())
                .map(|w| w.rfc3339(site.offset()))
                .unwrap_or_default();
            Ok(Built {
                out,
                files: rendered.files,
                items: site.items.len(),
                base_url: site.config.config.base_url.clone(),
                built,
            })
        }
        Err(e) => {
            staging.discard();
            Err(e)
        }
    }
}

/// Loads the content and statistics of the site configured by `config`
/// and builds the model, its texts kept in `store`: everything but
/// rendering. `bulletin check` stops here.
pub fn model(
    root: &Path,
    config: config::Site,
    drafts: bool,
    store: Store,
    timer: &mut StageTimer,
) -> Result<site::Site, Diagnostics> {
    let content = content::load(root, config.offset, drafts, store)?;
    let charts = load_charts(root, &content.stats_files)?;
    timer.done("load content and statistics");
    let site = site::build(config, content, &charts, root)?;
    timer.done("model and Markdown");
    Ok(site)
}

/// Reads the statistics files (content-relative paths).
pub fn load_charts(root: &Path, files: &[String]) -> Result<Charts, Diagnostics> {
    Charts::load(&root.join("content"), files).map_err(|errors| {
        Diagnostics(
            errors
                .into_iter()
                .map(|e| Diagnostic::error(content::rel_path(&e.file), e.line, e.message))
                .collect(),
        )
    })
}

/// Prints how long each stage took, in wall and CPU time, when
/// `BULLETIN_TIMINGS` is set: the first thing to look at when a build is
/// slow. The CPU time shows bulletin's own work (user) apart from the
/// system's (system: reading and writing files), which grows with the
/// size of the output's folders and sets the wall time of a large build.
pub struct StageTimer {
    on: bool,
    last: Instant,
    last_cpu: (u64, u64),
}

impl Default for StageTimer {
    fn default() -> Self {
        StageTimer::new()
    }
}

impl StageTimer {
    pub fn new() -> StageTimer {
        let on = std::env::var_os("BULLETIN_TIMINGS").is_some();
        StageTimer {
            on,
            last: Instant::now(),
            // Read from /proc only when asked for.
            last_cpu: if on { cpu_ms() } else { (0, 0) },
        }
    }

    pub fn done(&mut self, stage: &str) {
        if self.on {
            let (user, system) = cpu_ms();
            eprintln!(
                "{:>6} ms {:>6} ms user {:>6} ms system {:>6} MiB peak  {stage}",
                self.last.elapsed().as_millis(),
                user.saturating_sub(self.last_cpu.0),
                system.saturating_sub(self.last_cpu.1),
                peak_mib()
            );
            self.last_cpu = (user, system);
        }
        self.last = Instant::now();
    }
}

/// The process's peak resident memory so far (Linux; 0 elsewhere).
fn peak_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kib| kib / 1024)
}

/// The process's user and system CPU time so far, in ms (Linux; 0
/// elsewhere). `/proc` counts in ticks of 1/100 s on Linux.
fn cpu_ms() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses and may
    // hold spaces: utime and stime are the 12th and 13th of them.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let mut ticks = after
        .split_whitespace()
        .skip(11)
        .map(|t| t.parse::<u64>().unwrap_or(0) * 10);
    (ticks.next().unwrap_or(0), ticks.next().unwrap_or(0))
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}
