//! Link destinations. Writers link to other files the way their editor
//! previews them: relative to the Markdown file (`photo.jpg` beside it,
//! `../reports/2020-summary.md`) or from the content root
//! (`/reports/2020-summary.md`). On the site those must point at where the
//! files end up: the page of a Markdown file, the one URL of a copied file,
//! the page of a folder. Also recognises the URL schemes that run code when
//! clicked, so they can be neutralised.

use crate::base::percent;

/// What a link destination turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// Nothing of the site's folder: leave it as written (another site, a
    /// URL of the output, an anchor).
    Other,
    /// A Markdown file, a copied file or a folder that is a page: its URL,
    /// with the anchor (and for files the query) kept.
    Found(String),
    /// A Markdown file that no page comes from; `looked_for` is relative to content/.
    Missing { looked_for: String },
}

/// Resolves `dest`, written in a file in folder `source_dir` (relative to
/// content/). `lookup` maps a content-relative path (`news/a.md`,
/// `news/photo.jpg`, `notices`) to its URL.
pub(crate) fn resolve(
    dest: &str,
    source_dir: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Target {
    if dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
        return Target::Other;
    }
    let end = dest.find(['#', '?']).unwrap_or(dest.len());
    let (path, rest) = dest.split_at(end);
    if path.is_empty() {
        return Target::Other;
    }
    let bytes = path.as_bytes();
    let markdown = bytes.len() >= 3 && bytes[bytes.len() - 3..].eq_ignore_ascii_case(b".md");
    let joined = join(source_dir, &percent::decode(path));
    match lookup(&joined) {
        // A page's query means nothing to a static site; its anchor does.
        Some(url) if markdown => {
            let anchor = rest.find('#').map_or("", |i| &rest[i..]);
            Target::Found(format!("{url}{anchor}"))
        }
        Some(url) => Target::Found(format!("{url}{rest}")),
        None if markdown => Target::Missing { looked_for: joined },
        None => Target::Other,
    }
}

/// `scheme:` as in RFC 3986: a letter, then letters, digits, `+`, `-` or `.`.
pub(crate) fn has_scheme(dest: &str) -> bool {
    let mut chars = dest.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    for c in chars {
        match c {
            ':' => return true,
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {}
            _ => return false,
        }
    }
    false
}

/// Joins a link path to the folder of the file it is written in, resolving
/// `.` and `..`; `..` never climbs above content/. A leading `/` starts at content/.
pub(crate) fn join(source_dir: &str, path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let base = if path.starts_with('/') {
        ""
    } else {
        source_dir
    };
    for part in base.split('/').chain(path.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// Resolves `.` and `..` in a `/`-separated path, keeping a closing `/`;
/// None when `..` climbs above its start (unlike [`join`], which stops
/// there: a writer's link stays in content/, an output's URL that leaves
/// the site is a mistake to report).
pub(crate) fn normalize(path: &str) -> Option<String> {
    let last = path.rsplit('/').next().unwrap_or("");
    let folder = path.is_empty() || last.is_empty() || last == "." || last == "..";
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if folder && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// True for destinations that run code or smuggle documents when followed:
/// `javascript:`, `vbscript:` and `data:` (except `data:image/…`). Browsers
/// ignore leading spaces and control characters and tabs/newlines anywhere, so
/// those are skipped while reading the scheme.
pub(crate) fn is_dangerous(dest: &str) -> bool {
    let mut scheme = String::new();
    let mut rest = "";
    for (i, c) in dest.char_indices() {
        match c {
            ':' => {
                rest = &dest[i + 1..];
                break;
            }
            '\t' | '\n' | '\r' => {}
            c if c <= ' ' && scheme.is_empty() => {}
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {
                if scheme.len() > 16 {
                    return false;
                }
                scheme.push(c.to_ascii_lowercase());
            }
            _ => return false,
        }
    }
    match scheme.as_str() {
        "javascript" | "vbscript" => true,
        "data" => {
            let media: String = rest
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .take(6)
                .flat_map(char::to_lowercase)
                .collect();
            media != "image/"
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(path: &str) -> Option<String> {
        match path {
            "reports/2020-summary.md" => Some("/reports/2020-summary/".into()),
            "news/2022-12-22-wenjiang/index.md" | "news/2022-12-22-wenjiang" => {
                Some("/news/2022-12-22-wenjiang/".into())
            }
            "news/a.md" => Some("/news/a/".into()),
            "报告/总结.md" => Some("/baogao/zongjie/".into()),
            "news/photo.jpg" => Some("/news/photo.jpg".into()),
            "news/2022-12-22-wenjiang/照片 1.jpg" => {
                Some("/news/2022-12-22-wenjiang/照片 1.jpg".into())
            }
            "notices" => Some("/notices/".into()),
            "" => Some("/".into()),
            _ => None,
        }
    }

    #[test]
    fn files_and_folders_resolve_from_the_source_folder() {
        // A picture beside a plain item, seen from the item and a bundle.
        assert_eq!(
            resolve("photo.jpg", "news", &pages),
            Target::Found("/news/photo.jpg".into())
        );
        assert_eq!(
            resolve("../photo.jpg?v=2#x", "news/2022-12-22-wenjiang", &pages),
            Target::Found("/news/photo.jpg?v=2#x".into())
        );
        assert_eq!(
            resolve(
                "%E7%85%A7%E7%89%87%201.jpg",
                "news/2022-12-22-wenjiang",
                &pages
            ),
            Target::Found("/news/2022-12-22-wenjiang/照片 1.jpg".into())
        );
        assert_eq!(
            resolve("/news/photo.jpg", "notices", &pages),
            Target::Found("/news/photo.jpg".into())
        );
        assert_eq!(
            resolve("../notices/", "news", &pages),
            Target::Found("/notices/".into())
        );
        assert_eq!(resolve("../", "news", &pages), Target::Found("/".into()));
        assert_eq!(
            resolve("2022-12-22-wenjiang/", "news", &pages),
            Target::Found("/news/2022-12-22-wenjiang/".into())
        );
        // Not in the content: left for the browser, relative to the page.
        assert_eq!(resolve("other.jpg", "news", &pages), Target::Other);
        assert_eq!(resolve("../b/", "news/a", &pages), Target::Other);
    }

    #[test]
    fn relative_links_resolve_from_the_source_folder() {
        assert_eq!(
            resolve("../reports/2020-summary.md", "news", &pages),
            Target::Found("/reports/2020-summary/".into())
        );
        assert_eq!(
            resolve("./a.md", "news", &pages),
            Target::Found("/news/a/".into())
        );
        assert_eq!(
            resolve("a.md", "news", &pages),
            Target::Found("/news/a/".into())
        );
        assert_eq!(
            resolve("2022-12-22-wenjiang/index.md", "news", &pages),
            Target::Found("/news/2022-12-22-wenjiang/".into())
        );
        assert_eq!(
            resolve("../a.md", "news/2022-12-22-wenjiang", &pages),
            Target::Found("/news/a/".into())
        );
    }

    #[test]
    fn root_links_anchors_and_queries() {
        assert_eq!(
            resolve("/reports/2020-summary.md#二工作计划", "news/x", &pages),
            Target::Found("/reports/2020-summary/#二工作计划".into())
        );
        assert_eq!(
            resolve("../reports/2020-summary.md?v=2#top", "news", &pages),
            Target::Found("/reports/2020-summary/#top".into())
        );
        // Upper-case extensions are links to Markdown too; the name is kept as written.
        assert_eq!(
            resolve("../reports/2020-summary.MD", "news", &pages),
            Target::Missing {
                looked_for: "reports/2020-summary.MD".into()
            }
        );
    }

    #[test]
    fn never_climbs_above_content() {
        assert_eq!(
            resolve("../../../../reports/2020-summary.md", "news", &pages),
            Target::Found("/reports/2020-summary/".into())
        );
    }

    #[test]
    fn percent_encoded_and_raw_chinese() {
        assert_eq!(
            resolve(
                "../%E6%8A%A5%E5%91%8A/%E6%80%BB%E7%BB%93.md",
                "news",
                &pages
            ),
            Target::Found("/baogao/zongjie/".into())
        );
        assert_eq!(
            resolve("/报告/总结.md", "", &pages),
            Target::Found("/baogao/zongjie/".into())
        );
        // Bad escapes stay as written instead of failing.
        assert_eq!(
            resolve("%zz%E6.md", "", &pages),
            Target::Missing {
                looked_for: "%zz%E6.md".into()
            }
        );
    }

    #[test]
    fn missing_pages_say_where_they_looked() {
        assert_eq!(
            resolve("../reports/x.md", "news", &pages),
            Target::Missing {
                looked_for: "reports/x.md".into()
            }
        );
    }

    #[test]
    fn other_links_are_left_alone() {
        for dest in [
            "https://example.com/a.md",
            "mailto:a@b.md",
            "//cdn.example.com/x.md",
            "#a.md",
            "photo.png",
            "readme.mdx",
            "报告",
            "",
            "?page=2",
        ] {
            assert_eq!(resolve(dest, "news", &pages), Target::Other, "{dest}");
        }
    }

    #[test]
    fn dangerous_schemes() {
        assert!(is_dangerous("javascript:alert(1)"));
        assert!(is_dangerous("  JavaScript:alert(1)"));
        assert!(is_dangerous("java\tscript:alert(1)"));
        assert!(is_dangerous("vbscript:msgbox"));
        assert!(is_dangerous("data:text/html,<script>alert(1)</script>"));
        assert!(!is_dangerous("data:image/png;base64,AAAA"));
        assert!(!is_dangerous("https://example.com/javascript:x"));
        assert!(!is_dangerous("../a.md"));
        assert!(!is_dangerous("/search/?q=javascript:"));
        assert!(!is_dangerous("mailto:a@b.c"));
    }
}
