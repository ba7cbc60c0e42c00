//! Sanitising. Raw HTML written into Markdown is cleaned (no `<script>`, no
//! `on…=` handlers, no `javascript:` URLs) unless the site opts out with
//! `unsafe_html = true`. The cleaner is built once for the whole process; it
//! keeps everything the Markdown renderer itself produces.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use ammonia::Builder;

/// Cleans a rendered document that contains raw HTML.
pub(crate) fn sanitize(html: &str) -> String {
    cleaner().clean(html).to_string()
}

fn cleaner() -> &'static Builder<'static> {
    static CLEANER: OnceLock<Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = Builder::default();
        b.add_tags(["input"])
            .add_generic_attributes(["class"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("pre", ["data-lang"])
            .add_tag_attributes("img", ["title"])
            .add_tag_attributes("a", ["title", "id"])
            .add_clean_content_tags([
                "iframe", "object", "embed", "template", "noembed", "noframes",
            ])
            .filter_style_properties(HashSet::from(["text-align"]))
            .add_url_schemes(["data"])
            .attribute_filter(keep_attribute)
            // Leave links as the writer made them (no rel added).
            .link_rel(None);
        for tag in [
            "h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "sup", "li", "p", "table", "figure",
            "section",
        ] {
            b.add_tag_attributes(tag, ["id"]);
        }
        b
    })
}

/// `data:` URLs only as image sources, and only images.
fn keep_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    if matches!(attribute, "href" | "src") {
        let v = value.trim_start();
        let is_data = v.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data:"));
        let is_image = v
            .get(5..11)
            .is_some_and(|p| p.eq_ignore_ascii_case("image/"));
        if is_data && !(element == "img" && attribute == "src" && is_image) {
            return None;
        }
    }
    Some(Cow::Borrowed(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_go() {
        assert_eq!(sanitize("<p>a<script>alert(1)</script>b</p>"), "<p>ab</p>");
        assert_eq!(sanitize("<img src=x onerror=alert(1)>"), "<img src=\"x\">");
        assert_eq!(
            sanitize("<a href=\"javascript:alert(1)\">x</a>"),
            "<a>x</a>"
        );
        assert_eq!(sanitize("<iframe src=\"https://evil\">t</iframe>"), "");
        assert_eq!(
            sanitize("<p style=\"color:red\" onclick=\"x()\">t</p>"),
            "<p>t</p>"
        );
    }

    #[test]
    fn data_urls_only_for_images() {
        assert_eq!(
            sanitize("<img src=\"data:image/png;base64,AA\">"),
            "<img src=\"data:image/png;base64,AA\">"
        );
        assert_eq!(sanitize("<a href=\"data:text/html,x\">x</a>"), "<a>x</a>");
        assert_eq!(sanitize("<img src=\"data:text/html,x\">"), "<img>");
    }

    #[test]
    fn markdown_output_survives() {
        let html = concat!(
            "<h2 id=\"一主要工作\" class=\"x\">一、主要工作</h2>\n",
            "<table><thead><tr><th style=\"text-align: center\">a</th></tr></thead>",
            "<tbody><tr><td style=\"text-align: right\">1</td></tr></tbody></table>\n",
            "<ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\">\ndone</li></ul>\n",
            "<p>x<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\n",
            "<div class=\"footnote-definition\" id=\"1\">",
            "<sup class=\"footnote-definition-label\">1</sup>\n<p>note</p>\n</div>\n",
            "<pre class=\"code\" data-lang=\"rust\"><code><span class=\"source rust\">fn</span></code></pre>\n",
            "<p><a href=\"/news/a/#b\" title=\"t\">a</a> <img src=\"p.jpg\" alt=\"alt\" title=\"t\" width=\"3\" height=\"4\"></p>\n",
            "<p><del>s</del> <em>e</em> <strong>s</strong> <code>c</code></p>\n",
        );
        // ammonia rewrites filtered style attributes without the space.
        let expected = html.replace("text-align: ", "text-align:");
        assert_eq!(sanitize(html), expected);
    }

    #[test]
    fn style_keeps_only_text_align() {
        assert_eq!(
            sanitize(
                "<table><tr><td style=\"text-align: left; background: url(x)\">1</td></tr></table>"
            ),
            "<table><tbody><tr><td style=\"text-align:left\">1</td></tr></tbody></table>"
        );
    }
}
