//! Percent-decoding (`%E6%8A%A5` → `报`), the one decoder of the program.
//! A writer's link is read leniently ([`decode`]: a broken escape stays as
//! written); a request to the preview server strictly ([`decode_strict`]:
//! anything broken is refused, so that no odd escape slips past its checks).

use std::borrow::Cow;

/// `%E6%8A%A5` → `报`; malformed escapes and invalid UTF-8 leave the text
/// as written.
pub fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    match bytes(text, false).map(String::from_utf8) {
        Some(Ok(s)) => Cow::Owned(s),
        _ => Cow::Borrowed(text),
    }
}

/// `%XX` escapes decoded as UTF-8; `None` for a broken escape or bytes
/// that are not UTF-8. (`+` is not a space in a path.)
pub fn decode_strict(text: &str) -> Option<String> {
    String::from_utf8(bytes(text, true)?).ok()
}

/// The bytes `text` stands for; a broken escape is None when `strict`, else
/// kept as written.
fn bytes(text: &str, strict: bool) -> Option<Vec<u8>> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            match (b.get(i + 1).and_then(hex), b.get(i + 2).and_then(hex)) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                _ if strict => return None,
                _ => {}
            }
        }
        out.push(b[i]);
        i += 1;
    }
    Some(out)
}

fn hex(b: &u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leniently_for_links() {
        assert_eq!(decode("%E6%8A%A5%E5%91%8A.md"), "报告.md");
        assert_eq!(decode("a%2"), "a%2");
        assert_eq!(decode("%zz%E6.md"), "%zz%E6.md");
        assert_eq!(decode("plain"), "plain");
    }

    #[test]
    fn strictly_for_requests() {
        assert_eq!(
            decode_strict("/news/%E5%86%B7").as_deref(),
            Some("/news/冷")
        );
        assert_eq!(decode_strict("%2e%2E"), Some("..".to_string()));
        for bad in ["%zz", "%e5%86", "%ff", "a%2", "%+1"] {
            assert_eq!(decode_strict(bad), None, "{bad}");
        }
    }
}
