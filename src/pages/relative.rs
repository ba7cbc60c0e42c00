//! `relative_urls = true`: every internal link made relative to the page
//! that holds it, so the output works under any sub-path and from
//! `file://`. Templates and Markdown produce root-relative URLs
//! (`/scjg/news/a/`); this pass rewrites the `href`, `src` and `action`
//! attributes (and a meta refresh's `url=`) that start with the site root,
//! and names `index.html` explicitly because a file:// browser does not
//! look for it.

/// Rewrites `html`, the page at output file `file` (`news/a/index.html`),
/// whose internal links start with `root` (`/` or `/scjg/`).
pub(super) fn relativize(html: &str, root: &str, file: &str) -> String {
    let depth = file.matches('/').count();
    let up = "../".repeat(depth);
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    loop {
        // The earliest attribute start among the three.
        // `url=` is the target of an alias page's meta refresh.
        let next = ["href=\"", "src=\"", "action=\"", "; url="]
            .iter()
            .filter_map(|a| rest.find(a).map(|i| (i, a.len())))
            .min();
        let Some((at, len)) = next else {
            out.push_str(rest);
            break;
        };
        let value_start = at + len;
        out.push_str(&rest[..value_start]);
        rest = &rest[value_start..];
        let end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..end];
        match value.strip_prefix(root) {
            // `//host/…` is another site, not ours.
            Some(local) if !(root == "/" && local.starts_with('/')) => {
                out.push_str(&relative_target(&up, local));
            }
            _ => out.push_str(value),
        }
        rest = &rest[end..];
    }
    out
}

/// `news/a/#top` from three levels down → `../../../news/a/index.html#top`.
fn relative_target(up: &str, local: &str) -> String {
    let split = local.find(['#', '?']).unwrap_or(local.len());
    let (path, tail) = local.split_at(split);
    let mut s = String::with_capacity(up.len() + local.len() + 10);
    s.push_str(up);
    s.push_str(path);
    if path.is_empty() || path.ends_with('/') {
        s.push_str("index.html");
    }
    s.push_str(tail);
    s
}

#[cfg(test)]
mod tests {
    use super::relativize;

    #[test]
    fn links_become_relative() {
        let html = r#"<a href="/scjg/news/a/#x">a</a><img src="/scjg/css/b.png"><a href="https://x.cn/">x</a><form action="/scjg/search/">"#;
        let out = relativize(html, "/scjg/", "news/b/index.html");
        assert_eq!(
            out,
            r#"<a href="../../news/a/index.html#x">a</a><img src="../../css/b.png"><a href="https://x.cn/">x</a><form action="../../search/index.html">"#
        );
        assert_eq!(
            relativize(r#"<a href="/">h</a>"#, "/", "index.html"),
            r#"<a href="index.html">h</a>"#
        );
        assert_eq!(
            relativize(r#"<a href="//cdn.x/">h</a>"#, "/", "index.html"),
            r#"<a href="//cdn.x/">h</a>"#
        );
        assert_eq!(
            relativize(
                r#"<meta http-equiv="refresh" content="0; url=/news/a/">"#,
                "/",
                "html/2021/1.html"
            ),
            r#"<meta http-equiv="refresh" content="0; url=../../news/a/index.html">"#
        );
    }
}
