//! A located YAML tree: every node keeps its line and the exact text it was
//! written with, so validation can report every problem of a file (not just
//! the first one serde stops at) and numbers keep their written decimals.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{MessageFormatter, Spanned};

/// A YAML value with where it was written.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub value: Value,
    /// 1-based line of the node in the parsed text.
    pub line: usize,
    /// The scalar exactly as written (quotes included), empty for collections.
    pub raw: String,
}

#[derive(Debug, Clone)]
pub(crate) enum Value {
    Null,
    Bool,
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Keys in the order written (the parser rejects duplicate keys).
    Map(Vec<(Node, Node)>),
}

/// A YAML syntax error: 1-based line (0 if unknown) and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub line: usize,
    pub message: String,
}

/// Parses `text` into a located tree. An empty document is `Null`.
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
    match serde_saphyr::from_str::<Spanned<Raw>>(text) {
        Ok(root) => Ok(convert(root, text)),
        Err(e) => {
            let line = e.location().map_or(0, |l| l.line() as usize);
            let message = serde_saphyr::DefaultMessageFormatter
                .format_message(e.without_snippet())
                .replace(", set DuplicateKeyPolicy in Options if acceptable", "");
            Err(SyntaxError { line, message })
        }
    }
}

impl Node {
    /// The text of a scalar as a string: strings as they are, numbers and
    /// booleans as written (`2021` in `categories: [2021, 2022]`).
    pub(super) fn as_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(_) | Value::Float(_) | Value::Bool => Some(self.raw.clone()),
            Value::Null | Value::Seq(_) | Value::Map(_) => None,
        }
    }

    /// What kind of value this is, for messages.
    pub(super) fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing",
            Value::Bool => "a yes/no value",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The node as written, shortened for a message.
    pub(super) fn shown(&self) -> String {
        match &self.value {
            Value::Seq(_) => "a list".into(),
            Value::Map(_) => "a mapping".into(),
            Value::Null if self.raw.is_empty() => "nothing".into(),
            _ => {
                let s: String = self.raw.chars().take(40).collect();
                format!("`{s}`")
            }
        }
    }
}

/// The tree as serde hands it over, with spans on every node.
enum Raw {
    Null,
    Bool,
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<Raw>, Spanned<Raw>)>),
}

fn convert(node: Spanned<Raw>, text: &str) -> Node {
    let line = node.referenced.line() as usize;
    let span = node.referenced.span();
    let raw = match (span.byte_offset(), span.byte_len()) {
        (Some(start), Some(len)) => usize::try_from(start)
            .ok()
            .zip(usize::try_from(start.saturating_add(len)).ok())
            .and_then(|(a, b)| text.get(a..b))
            .unwrap_or("")
            .to_string(),
        _ => String::new(),
    };
    let value = match node.value {
        Raw::Null => Value::Null,
        Raw::Bool => Value::Bool,
        Raw::Int(i) => Value::Int(i),
        Raw::Float(f) => Value::Float(f),
        Raw::Str(s) => Value::Str(s),
        Raw::Seq(items) => Value::Seq(items.into_iter().map(|n| convert(n, text)).collect()),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (convert(k, text), convert(v, text)))
                .collect(),
        ),
    };
    let raw = match value {
        Value::Seq(_) | Value::Map(_) => String::new(),
        _ => raw,
    };
    Node { value, line, raw }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Raw, E> {
        Ok(Raw::Bool)
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Int(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::Int(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Raw, E> {
        Ok(Raw::Int(v))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Raw, E> {
        // Beyond i128: keep it as a (huge) float rather than failing.
        Ok(i128::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Raw, E> {
        Ok(Raw::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Raw::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

/// Reads the keys of a mapping node one by one and reports unknown keys.
pub(crate) struct Fields<'a> {
    entries: Vec<(String, &'a Node, &'a Node)>,
    used: Vec<bool>,
}

impl<'a> Fields<'a> {
    /// `None` when the node is not a mapping.
    pub(super) fn of(node: &'a Node) -> Option<Fields<'a>> {
        let Value::Map(entries) = &node.value else {
            return None;
        };
        let entries: Vec<_> = entries
            .iter()
            .map(|(k, v)| (k.as_text().unwrap_or_else(|| k.raw.clone()), k, v))
            .collect();
        let used = vec![false; entries.len()];
        Some(Fields { entries, used })
    }

    /// The value of `key`, if present.
    pub(super) fn get(&mut self, key: &str) -> Option<&'a Node> {
        let i = self.entries.iter().position(|(k, _, _)| k == key)?;
        self.used[i] = true;
        Some(self.entries[i].2)
    }

    /// Keys not taken with [`Fields::get`], with their line.
    pub(super) fn unknown(&self) -> Vec<(String, usize)> {
        self.entries
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|((k, key, _), _)| (k.clone(), key.line))
            .collect()
    }
}

/// `a`, `b` and `c` — for lists of known names in messages.
pub(crate) fn list<S: AsRef<str>>(names: &[S]) -> Cow<'static, str> {
    if names.is_empty() {
        return Cow::Borrowed("(none)");
    }
    Cow::Owned(
        names
            .iter()
            .map(|n| format!("`{}`", n.as_ref()))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_lines_and_raw_text() {
        let n = parse("a: 98.470\nb: [1, \"x\"]\n").unwrap();
        let mut f = Fields::of(&n).unwrap();
        let a = f.get("a").unwrap();
        assert_eq!((a.line, a.raw.as_str()), (1, "98.470"));
        let Value::Seq(items) = &f.get("b").unwrap().value else {
            panic!()
        };
        assert_eq!(items[1].as_text().as_deref(), Some("x"));
        assert_eq!(items[1].line, 2);
        assert!(f.unknown().is_empty());
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let e = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
        assert!(!e.message.is_empty());
        let e = parse("title: a\ntitle: b\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("duplicate"), "{}", e.message);
        assert!(!e.message.contains("DuplicateKeyPolicy"), "{}", e.message);
    }

    #[test]
    fn empty_documents_are_null() {
        assert!(matches!(parse("").unwrap().value, Value::Null));
        assert!(matches!(parse("# c\n").unwrap().value, Value::Null));
    }
}
