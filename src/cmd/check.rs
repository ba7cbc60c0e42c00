//! `bulletin check`: loads the site as a build does, runs the inspector's
//! rules (src/check) and prints every finding, then the summary and the
//! verdict, as text, JSON or a report page (`check::report`). Writes
//! nothing.

use serde_json::json;

use crate::base::diagnostic::{Diagnostic, Diagnostics, Level};
use crate::base::store::Store;
use crate::check::report::{self, PageLinks};
use crate::check::Summary;
use crate::cli::{CheckArgs, Format};
use crate::pipeline::{check_site, model, StageTimer};
use crate::{config, content};

pub fn exec(args: &CheckArgs) -> i32 {
    if let Err(code) = super::require_site(&args.root) {
        return code;
    }
    let mut timer = StageTimer::new();
    let loaded = config::Site::load(&args.root, None)
        .map_err(Diagnostics::from)
        .and_then(|config| {
            // `check` writes nothing: its scratch file goes in the system's
            // temporary folder.
            let store = Store::scratch_in(&std::env::temp_dir())?;
            model(&args.root, config, false, store, &mut timer)
        });
    // A site that does not build is judged on what stops the build.
    let (findings, summary, site, today) = match loaded {
        Ok(site) => {
            let today = args
                .as_of
                .unwrap_or_else(|| content::dates::today(site.offset()));
            let findings = check_site(&args.root, &site, today, &mut timer);
            let summary = Summary::of(&site, &findings);
            (findings, summary, Some(site), Some(today))
        }
        Err(diags) => {
            let findings = diags.sorted();
            let summary = Summary::without_site(&findings);
            (findings, summary, None, args.as_of)
        }
    };
    match args.format {
        Format::Text => {
            for d in &findings {
                println!("{d}");
            }
            print!("{}", summary.text());
        }
        Format::Json => println!("{}", to_json(&findings, &summary)),
        Format::Html => print!(
            "{}",
            report::html(site.as_ref(), &findings, &summary, today, PageLinks::Files)
        ),
    }
    if findings.iter().any(|d| d.level == Level::Error) {
        super::CONTENT_ERROR
    } else {
        super::OK
    }
}

fn to_json(findings: &[Diagnostic], summary: &Summary) -> String {
    let findings: Vec<_> = findings
        .iter()
        .map(|d| {
            json!({
                "path": d.path.to_string_lossy().replace('\\', "/"),
                "line": d.line,
                "col": d.col,
                "level": d.level_name(),
                "rule": d.rule,
                "message": d.message,
            })
        })
        .collect();
    let counts: serde_json::Map<String, serde_json::Value> = summary
        .counts
        .values()
        .map(|(id, _, e, w)| (id.to_string(), json!(e + w)))
        .collect();
    let value = json!({
        "findings": findings,
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "counts": counts,
            "veto": summary.veto,
            "verdict": if summary.veto.is_empty() { "pass" } else { "veto" },
        },
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
