//! The layout docs/architecture.md promises, held by reading `src/`: each
//! top-level module imports only those before it in the pipeline, and no
//! file holds more than 800 lines of code besides its tests unless its
//! header says why. (Functions over 150 lines are clippy's to catch:
//! `too_many_lines` in Cargo.toml and clippy.toml.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::repo;

/// The pipeline's order, as in docs/architecture.md: a module may use those
/// in earlier layers, never one in its own layer or a later one.
const LAYERS: &[&[&str]] = &[
    &["base"],
    &["config"],
    &["content"],
    &["markdown", "charts"],
    &["model"],
    &["pages"],
    &["output"],
    &["check"],
    &["pipeline"],
    &["cli", "serve"],
    &["cmd"],
];

const MAX_FILE_LINES: usize = 800;

/// What a file's header says when it is allowed to be longer.
const LONG_FILE_REASON: &str = "//! Long because";

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Every `.rs` file under `dir`, as (path relative to `src/`, text).
fn sources(dir: &Path, src: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, src, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path
                .strip_prefix(src)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path).expect("a source file");
            out.push((rel, text));
        }
    }
}

fn all_sources() -> Vec<(String, String)> {
    let src = repo().join("src");
    let mut out = Vec::new();
    sources(&src, &src, &mut out);
    assert!(out.len() > 50, "src/ not found at {}", src.display());
    out
}

/// The code of a file without its test module (which starts at a
/// top-level `#[cfg(test)]` and runs to the end, as everywhere in src/);
/// `tests.rs` files are all tests.
fn code_of<'a>(rel: &str, text: &'a str) -> &'a str {
    if rel.ends_with("tests.rs") {
        return "";
    }
    match text.find("\n#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    }
}

/// The top-level modules a piece of code names: `crate::x`, and the
/// first name of each part of `use crate::{x, y::z}`.
fn modules_named(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name = part.trim().split("::").next().unwrap_or("").trim();
                if !name.is_empty() {
                    found.insert(name.to_string());
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
    }
    found
}

/// Which top-level module uses which, from the code (not the tests).
fn imports(sources: &[(String, String)]) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut uses: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (rel, text) in sources {
        let top = rel.split('/').next().unwrap().trim_end_matches(".rs");
        if top == "lib" || top == "main" {
            continue;
        }
        for used in modules_named(code_of(rel, text)) {
            if used != top {
                uses.entry(top.to_string())
                    .or_default()
                    .entry(used)
                    .or_insert_with(|| rel.clone());
            }
        }
    }
    uses
}

#[test]
fn every_module_imports_only_those_before_it_in_the_pipeline() {
    let sources = all_sources();
    let mut wrong = Vec::new();
    for (rel, _) in &sources {
        let top = rel.split('/').next().unwrap().trim_end_matches(".rs");
        if top != "lib" && top != "main" && layer_of(top).is_none() {
            wrong.push(format!(
                "{rel}: module `{top}` has no place in LAYERS (and docs/architecture.md)"
            ));
        }
    }
    for (module, used) in imports(&sources) {
        let Some(mine) = layer_of(&module) else {
            continue;
        };
        for (other, file) in used {
            match layer_of(&other) {
                Some(theirs) if theirs < mine => {}
                Some(_) => wrong.push(format!(
                    "{file}: `{module}` uses `crate::{other}`, which comes after it in the pipeline"
                )),
                None => wrong.push(format!("{file}: uses unknown `crate::{other}`")),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_module_list_in_lib_rs_is_the_pipeline() {
    let lib = std::fs::read_to_string(repo().join("src/lib.rs")).unwrap();
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    let listed: BTreeSet<&str> = LAYERS.iter().flat_map(|l| l.iter().copied()).collect();
    assert_eq!(declared.iter().copied().collect::<BTreeSet<_>>(), listed);
    let layers: Vec<usize> = declared.iter().map(|m| layer_of(m).unwrap()).collect();
    assert!(
        layers.windows(2).all(|w| w[0] <= w[1]),
        "src/lib.rs declares the modules out of pipeline order: {declared:?}"
    );
}

#[test]
fn no_file_is_longer_than_800_lines_of_code_unless_it_says_why() {
    let mut long = Vec::new();
    for (rel, text) in all_sources() {
        let lines = code_of(&rel, &text).lines().count();
        let header: Vec<&str> = text.lines().take_while(|l| l.starts_with("//!")).collect();
        let explained = header.iter().any(|l| l.starts_with(LONG_FILE_REASON));
        if lines > MAX_FILE_LINES && !explained {
            long.push(format!(
                "src/{rel}: {lines} lines of code besides tests; split it, or say in its header \
                 (a line starting “{LONG_FILE_REASON}”) why it is one file"
            ));
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
}

#[test]
fn the_checks_above_see_imports_and_tests() {
    let code = "use crate::{base::x, model};\nfn f() { crate::pages::go(); }\n";
    let named: Vec<String> = modules_named(code).into_iter().collect();
    assert_eq!(named, ["base", "model", "pages"]);
    let with_tests = "fn a() {}\n#[cfg(test)]\nmod tests { use crate::cmd; }\n";
    assert_eq!(code_of("x.rs", with_tests), "fn a() {}");
    assert_eq!(code_of("charts/tests.rs", with_tests), "");
}
