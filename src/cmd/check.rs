//! `bulletin check`: loads the site as a build does, runs the inspector's
//! rules (src/check) and prints every finding, then the summary and the
//! verdict, as text, JSON or a report page (`check::report`). Writes
//! nothing.

use serde_json::json;

use crate::base::diagnostic::{Diagnostic, Level};
use crate::check::report::{self, PageLinks};
use crate::check::Summary;
use crate::cli::{CheckArgs, Format};
use crate::pipeline::{check, StageTimer};

pub fn exec(args: &CheckArgs) -> i32 {
    if let Err(code) = super::require_site(&args.root) {
        return code;
    }
    let checked = check(&args.root, None, args.as_of, &mut StageTimer::new());
    let (findings, summary) = (&checked.findings, &checked.summary);
    match args.format {
        Format::Text => {
            for d in findings {
                println!("{d}");
            }
            print!("{}", summary.text());
        }
        Format::Json => println!("{}", to_json(findings, summary)),
        Format::Html => print!(
            "{}",
            report::html(
                checked.site.as_ref(),
                findings,
                summary,
                checked.today,
                PageLinks::Files
            )
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
