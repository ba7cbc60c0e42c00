//! The pipeline every command runs, one stage after the other:
//! load (`content`, `charts`) → model (`model`) → check rules (`check`) →
//! render (`pages`, through the output verifier of `output::verify`) →
//! write (`output`), with a timer per stage. `bulletin build` runs it whole,
//! `bulletin check` renders into nothing, and `bulletin serve` runs the
//! same stages with the caches of `serve::rebuild`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::base::diagnostic::{Diagnostic, Diagnostics, Level};
use crate::base::sink::Discard;
use crate::base::store::Store;
use crate::charts::Charts;
use crate::output::verify::Verifier;
use crate::output::{self, Staging};
use crate::pages::{self, theme::Theme, Templates};
use crate::{check, config, content, model};

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
    /// The build's warnings and the `check` findings, all as warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Builds the site at `root` into `out`. The `bulletin check` findings come
/// back as warnings, or with `strict` fail the build when any is an error
/// (the previous output untouched).
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
    let rendered = pages::render_site(&site, &theme, &templates, &verifier.sink(&staging), None);
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
    // `check`); here everything is a warning, each given once.
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
                warnings,
            })
        }
        Err(mut e) => {
            staging.discard();
            e.extend(warnings);
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
) -> Result<model::Site, Diagnostics> {
    let content = content::load(root, config.offset, drafts, store)?;
    let charts = load_charts(root, &content.stats_files)?;
    timer.done("load content and statistics");
    let site = model::build(config, content, &charts, root)?;
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

/// What `bulletin check` found, for its report in any form.
pub struct Checked {
    /// Sorted, each once.
    pub findings: Vec<Diagnostic>,
    pub summary: check::Summary,
    /// None when the site did not load: the findings are what stops it.
    pub site: Option<model::Site>,
    /// The day freshness was judged by.
    pub today: Option<jiff::civil::Date>,
}

/// `bulletin check` on the site at `root` (`base_url` overriding
/// site.toml's, as `bulletin serve` does; `as_of` the day to judge by,
/// else today): the rules, then the output verifier's findings on what
/// `pages::render_for_check` renders. A site that does not load is judged
/// on what stops it. Writes nothing (its scratch file goes in the
/// system's temporary folder).
pub fn check(
    root: &Path,
    base_url: Option<&str>,
    as_of: Option<jiff::civil::Date>,
    timer: &mut StageTimer,
) -> Checked {
    let loaded = config::Site::load(root, base_url)
        .map_err(Diagnostics::from)
        .and_then(|config| {
            let store = Store::scratch_in(&std::env::temp_dir())?;
            model(root, config, false, store, timer)
        });
    match loaded {
        Ok(site) => {
            let today = as_of.unwrap_or_else(|| content::dates::today(site.offset()));
            // Both are parallel inside, and each has parts that are not:
            // side by side they keep both cores busy.
            let (mut findings, output) =
                rayon::join(|| check::run(&site, today), || verify_output(root, &site));
            findings.extend(output);
            findings.sort();
            findings.dedup();
            timer.done("check rules, render and verify output");
            let summary = check::Summary::of(&site, &findings);
            Checked {
                findings,
                summary,
                site: Some(site),
                today: Some(today),
            }
        }
        Err(diags) => {
            let findings = diags.sorted();
            let summary = check::Summary::without_site(&findings);
            Checked {
                findings,
                summary,
                site: None,
                today: as_of,
            }
        }
    }
}

/// Renders the site into nothing, through the output verifier: the links
/// that would lead nowhere in the output (see `crate::output::verify`), or what
/// stops the render. Renders as `bulletin check` does
/// (`pages::render_for_check`): the item pages' texts, and their template
/// on a few of them.
pub fn verify_output(root: &Path, site: &model::Site) -> Vec<Diagnostic> {
    let rendered = Theme::load(root, &site.config.config.theme).and_then(|theme| {
        let templates = Templates::load(&theme)?;
        let verifier = Verifier::new(check::site_url(site));
        pages::render_for_check(site, &theme, &templates, &verifier.sink(&Discard))?;
        Ok(verifier.finish())
    });
    match rendered {
        // Shown where `bulletin build` would write them.
        Ok(misses) => check::output_findings(site, &misses, Path::new("public")),
        Err(diags) => diags.0,
    }
}
