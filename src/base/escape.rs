//! Escaping text for XML and HTML output (feeds, sitemap, SVG charts),
//! shared so that every writer escapes the same way.

/// `&`, `<`, `>`, `"` and `'` escaped for the text of an HTML element,
/// line breaks kept (an element styled `white-space: pre-wrap` shows them).
pub fn html_text(s: &str) -> String {
    escaped(s, |c, out| out.push(c))
}

/// `&`, `<`, `>`, `"` and `'` escaped; tabs and line breaks become spaces
/// and other control characters are dropped (XML 1.0 forbids most of them,
/// and one would make a whole feed or chart invalid).
pub fn xml(s: &str) -> String {
    escaped(s, |c, out| match c {
        '\t' | '\n' | '\r' => out.push(' '),
        c if c.is_control() => {}
        c => out.push(c),
    })
}

/// `s` with the five markup characters escaped and every other character
/// passed to `other`.
fn escaped(s: &str, other: impl Fn(char, &mut String)) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => other(c, &mut out),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_control_chars() {
        assert_eq!(super::xml("a<b>&\"'\u{1}\n"), "a&lt;b&gt;&amp;&quot;&#39; ");
        assert_eq!(super::html_text("a<b>\nc's"), "a&lt;b&gt;\nc&#39;s");
    }
}
