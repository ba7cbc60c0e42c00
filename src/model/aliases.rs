//! Aliases: old URLs that must lead to a page (sites migrate), each an
//! output file of its own.

use std::collections::HashMap;

use super::{Alias, Page};
use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::content::front_matter::line_of;
use crate::content::rel_path;

/// The aliases of the items and pages; `taken` holds the output paths the
/// site's pages already have.
pub(super) fn aliases(
    items: &[Page],
    pages: &[Page],
    taken: &HashMap<String, String>,
    diags: &mut Diagnostics,
) -> Vec<Alias> {
    let mut aliases = Vec::new();
    for p in items.iter().chain(pages.iter()) {
        for a in &p.item.front.aliases {
            match alias_file(&a.value) {
                Some(file) => {
                    let dir_key = file.strip_suffix("index.html").unwrap_or("");
                    if file.ends_with("index.html") && taken.contains_key(dir_key) {
                        diags.push(Diagnostic::error(
                            rel_path(&p.item.source),
                            line_of(a, p.item.yaml_line),
                            format!("alias `{}` is the URL of another page; remove it", a.value),
                        ));
                    } else {
                        aliases.push(Alias {
                            file,
                            target: p.item.url_path.clone(),
                        });
                    }
                }
                None => diags.push(Diagnostic::error(
                    rel_path(&p.item.source),
                    line_of(a, p.item.yaml_line),
                    format!("alias `{}` is not a path on this site; write it like /html/2021/0402/123.html", a.value),
                )),
            }
        }
    }
    aliases.sort_by(|a, b| a.file.cmp(&b.file));
    for w in aliases.windows(2) {
        if w[0].file == w[1].file {
            diags.push(Diagnostic::error(
                "content",
                0,
                format!(
                    "the alias /{} is claimed by the pages /{} and /{}; keep it on one of them",
                    w[0].file, w[0].target, w[1].target
                ),
            ));
        }
    }

    aliases
}

/// The output file for an alias: `/html/2021/0402/123.html` stays a file,
/// `/old/page/` becomes `old/page/index.html`.
pub(super) fn alias_file(alias: &str) -> Option<String> {
    let a = alias.trim();
    if a.contains("://") || a.contains("..") || a.contains(['?', '#', '\\']) {
        return None;
    }
    let a = a.trim_start_matches('/');
    if a.is_empty() {
        return None;
    }
    let last = a.rsplit('/').next().unwrap_or("");
    if a.ends_with('/') {
        Some(format!("{a}index.html"))
    } else if last.contains('.') {
        Some(a.to_string())
    } else {
        Some(format!("{a}/index.html"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_files() {
        assert_eq!(
            alias_file("/html/2021/0402/123.html").unwrap(),
            "html/2021/0402/123.html"
        );
        assert_eq!(alias_file("/old/page/").unwrap(), "old/page/index.html");
        assert_eq!(alias_file("old").unwrap(), "old/index.html");
        assert!(alias_file("https://x.cn/a").is_none());
        assert!(alias_file("/../etc/passwd").is_none());
    }
}
