//! Code highlighting. Fenced code with a language is coloured by syntect into
//! CSS classes (never inline styles, so the theme owns the colours and the
//! output stays small); the grammar set is loaded once, and only when some
//! document needs it.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The theme whose colours [`highlight_css`] returns.
const THEME: &str = "InspiredGitHub";

fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// `<pre class="code" data-lang="rust"><code>…</code></pre>` for a fenced block;
/// a language syntect does not know gives the same markup with plain text.
pub(crate) fn code_block(lang: &str, code: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2 + 64);
    out.push_str("<pre class=\"code\" data-lang=\"");
    out.push_str(&crate::base::escape::html_text(lang));
    out.push_str("\"><code>");
    match highlighted(lang, code) {
        Some(spans) => out.push_str(&spans),
        None => out.push_str(&crate::base::escape::html_text(code)),
    }
    out.push_str("</code></pre>\n");
    out
}

fn highlighted(lang: &str, code: &str) -> Option<String> {
    let set = syntaxes();
    let syntax = set
        .find_syntax_by_token(lang)
        .or_else(|| set.find_syntax_by_token(&lang.to_ascii_lowercase()))?;
    // syntect runs grammar regexes over the writer's text; a bug there must
    // cost the colours of one block, not the build.
    catch_unwind(AssertUnwindSafe(|| {
        let mut html = ClassedHTMLGenerator::new_with_class_style(syntax, set, ClassStyle::Spaced);
        for line in LinesWithEndings::from(code) {
            html.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(html.finalize())
    }))
    .ok()
    .flatten()
}

/// The CSS for the highlighting classes, from a built-in light theme, every
/// rule scoped to `.code` so it cannot touch the rest of the page.
pub fn highlight_css() -> String {
    let themes = ThemeSet::load_defaults();
    let Some(theme) = themes.themes.get(THEME) else {
        return String::new();
    };
    let Ok(css) = css_for_theme_with_class_style(theme, ClassStyle::Spaced) else {
        return String::new();
    };
    let mut scoped = String::with_capacity(css.len() * 2);
    for line in css.lines() {
        match line.strip_suffix(" {") {
            Some(selectors) if selectors != ".code" && !line.starts_with(' ') => {
                let mut first = true;
                for selector in selectors.split(", ") {
                    if !first {
                        scoped.push_str(", ");
                    }
                    first = false;
                    scoped.push_str(".code ");
                    scoped.push_str(selector);
                }
                scoped.push_str(" {");
            }
            _ => scoped.push_str(line),
        }
        scoped.push('\n');
    }
    scoped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_not_styles() {
        let html = code_block("rust", "fn main() {}\n");
        assert!(
            html.starts_with("<pre class=\"code\" data-lang=\"rust\"><code>"),
            "{html}"
        );
        assert!(html.ends_with("</code></pre>\n"), "{html}");
        assert!(html.contains("<span class=\"source rust\">"), "{html}");
        assert!(
            html.contains("class=\"storage type function rust\""),
            "{html}"
        );
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn language_names_are_case_insensitive() {
        assert!(code_block("Python", "x = 1\n").contains("source python"));
        assert!(code_block("js", "var x;\n").contains("source js"));
    }

    #[test]
    fn unknown_language_is_plain_escaped_code() {
        assert_eq!(
            code_block("nosuch\"lang", "a < b && c\n"),
            "<pre class=\"code\" data-lang=\"nosuch&quot;lang\"><code>a &lt; b &amp;&amp; c\n</code></pre>\n"
        );
    }

    #[test]
    fn highlighted_code_is_escaped() {
        let html = code_block("html", "<script>alert(1)</script>\n");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;"), "{html}");
    }

    #[test]
    fn css_is_scoped_and_has_colours() {
        let css = highlight_css();
        assert!(css.contains(".code {"), "{css}");
        assert!(css.contains("color: #"), "{css}");
        assert!(css.contains(".code .comment"), "{css}");
        for line in css.lines().filter(|l| l.ends_with(" {")) {
            assert!(line.starts_with(".code"), "unscoped rule: {line}");
        }
    }
}
