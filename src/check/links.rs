//! Rules on the images and links of a text as written: alt text, and
//! `https:` for other sites. (Whether links lead somewhere is judged on the
//! output: `output.rs`.)

use super::Doc;
use crate::base::diagnostic::Diagnostic;
use crate::content::rel_path;

/// Images and links of one page's text: images have alt text, external
/// links use https. (Whether they lead somewhere is judged on the output:
/// see [`output`].)
pub(super) fn link_rules(doc: &Doc) -> Vec<Diagnostic> {
    let path = rel_path(doc.source);
    let mut out = Vec::new();
    for link in doc.links {
        let dest = link.dest.trim();
        if link.is_image && link.alt_or_text.trim().is_empty() {
            out.push(
                Diagnostic::error(
                    &path,
                    link.line,
                    format!("图片“{dest}”没有替代文字：在 ![] 的方括号里（或 <img> 的 alt 里）写一句话说明图片内容，供读屏软件朗读"),
                )
                .at_col(link.col)
                .with_rule("alt"),
            );
        }
        if dest.starts_with("http://") {
            out.push(
                Diagnostic::warning(
                    &path,
                    link.line,
                    format!("“{dest}”使用不加密的 http:，对方网站支持时请改为 https://"),
                )
                .at_col(link.col)
                .with_rule("http-link"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::store::Stored;
    use crate::markdown::Link;

    fn link(dest: &str, is_image: bool, alt_or_text: &str) -> Link {
        Link {
            dest: dest.to_string(),
            url: dest.to_string(),
            is_image,
            alt_or_text: alt_or_text.to_string(),
            line: 7,
            col: 3,
        }
    }

    fn rules_on(links: &[Link]) -> Vec<(&'static str, usize, usize)> {
        let doc = Doc {
            source: "news/a.md",
            url_path: "news/a/",
            body: Stored::held("".into()),
            item: None,
            body_line: 5,
            links,
            headings: &[],
        };
        link_rules(&doc)
            .iter()
            .map(|d| (d.rule, d.line, d.col))
            .collect()
    }

    #[test]
    fn an_image_without_alt_and_an_http_link_are_found() {
        assert_eq!(rules_on(&[link("a.png", true, " ")]), [("alt", 7, 3)]);
        assert_eq!(
            rules_on(&[link("http://www.samr.gov.cn/", false, "总局")]),
            [("http-link", 7, 3)]
        );
    }

    #[test]
    fn an_image_with_alt_a_link_without_text_and_https_are_not() {
        assert_eq!(
            rules_on(&[
                link("a.png", true, "检查现场"),
                link("b.pdf", false, ""),
                link("https://www.samr.gov.cn/", false, "总局"),
                link("HTTP-guide.md", false, "说明"),
            ]),
            []
        );
    }
}
