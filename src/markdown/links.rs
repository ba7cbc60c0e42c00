//! Link destinations. Writers link to other Markdown files the way their editor
//! previews them (`../reports/2020-summary.md`, `/reports/2020-summary.md`);
//! on the site those must point at the pages. Also recognises the URL schemes
//! that run code when clicked, so they can be neutralised.

use std::borrow::Cow;

/// What a link destination turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// Not a link to a Markdown file: leave it alone.
    Other,
    /// A Markdown file that is a page: the page's URL, with the anchor kept.
    Page(String),
    /// A Markdown file that no page comes from; `looked_for` is relative to content/.
    Missing { looked_for: String },
}

/// Resolves `dest` when it is a relative or root-relative link to a `.md` file.
pub(crate) fn resolve(
    dest: &str,
    source_dir: &str,
    resolve_page: &dyn Fn(&str) -> Option<String>,
) -> Target {
    if dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
        return Target::Other;
    }
    let end = dest.find(['#', '?']).unwrap_or(dest.len());
    let (path, rest) = dest.split_at(end);
    let bytes = path.as_bytes();
    if bytes.len() < 3 || !bytes[bytes.len() - 3..].eq_ignore_ascii_case(b".md") {
        return Target::Other;
    }
    let anchor = rest.find('#').map_or("", |i| &rest[i..]);
    let decoded = percent_decode(path);
    let joined = join(source_dir, &decoded);
    match resolve_page(&joined) {
        Some(url) => Target::Page(format!("{url}{anchor}")),
        None => Target::Missing { looked_for: joined },
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

/// `%E6%8A%A5` → `报`; malformed escapes and invalid UTF-8 leave the text as written.
pub(crate) fn percent_decode(path: &str) -> Cow<'_, str> {
    if !path.contains('%') {
        return Cow::Borrowed(path);
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => Cow::Owned(s),
        Err(_) => Cow::Borrowed(path),
    }
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
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
            "news/2022-12-22-wenjiang/index.md" => Some("/news/2022-12-22-wenjiang/".into()),
            "news/a.md" => Some("/news/a/".into()),
            "报告/总结.md" => Some("/baogao/zongjie/".into()),
            _ => None,
        }
    }

    #[test]
    fn relative_links_resolve_from_the_source_folder() {
        assert_eq!(
            resolve("../reports/2020-summary.md", "news", &pages),
            Target::Page("/reports/2020-summary/".into())
        );
        assert_eq!(
            resolve("./a.md", "news", &pages),
            Target::Page("/news/a/".into())
        );
        assert_eq!(
            resolve("a.md", "news", &pages),
            Target::Page("/news/a/".into())
        );
        assert_eq!(
            resolve("2022-12-22-wenjiang/index.md", "news", &pages),
            Target::Page("/news/2022-12-22-wenjiang/".into())
        );
        assert_eq!(
            resolve("../a.md", "news/2022-12-22-wenjiang", &pages),
            Target::Page("/news/a/".into())
        );
    }

    #[test]
    fn root_links_anchors_and_queries() {
        assert_eq!(
            resolve("/reports/2020-summary.md#二工作计划", "news/x", &pages),
            Target::Page("/reports/2020-summary/#二工作计划".into())
        );
        assert_eq!(
            resolve("../reports/2020-summary.md?v=2#top", "news", &pages),
            Target::Page("/reports/2020-summary/#top".into())
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
            Target::Page("/reports/2020-summary/".into())
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
            Target::Page("/baogao/zongjie/".into())
        );
        assert_eq!(
            resolve("/报告/总结.md", "", &pages),
            Target::Page("/baogao/zongjie/".into())
        );
        // Bad escapes stay as written instead of failing.
        assert_eq!(
            resolve("%zz%E6.md", "", &pages),
            Target::Missing {
                looked_for: "%zz%E6.md".into()
            }
        );
        assert_eq!(percent_decode("a%2"), "a%2");
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
            "photo.jpg",
            "readme.mdx",
            "报告",
            "",
            "a.md/",
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
