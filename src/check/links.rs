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
