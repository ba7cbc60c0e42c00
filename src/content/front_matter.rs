//! Splitting a Markdown file into its YAML front matter and body, and the
//! keys of the README (Front matter). Unknown keys are kept (`extra`) for templates.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A file cut in two. `yaml_line` is the file line of the first YAML line,
/// `body_line` the file line where the body starts.
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

/// Finds the `---` fences. Returns None when the file does not start with
/// front matter.
pub fn split(text: &str) -> Option<Split<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let mut pos = first_end + 1;
    let mut line = 2;
    while pos <= text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "---" {
            let body_start = (end + 1).min(text.len());
            return Some(Split {
                yaml: &text[first_end + 1..pos],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        pos = end + 1;
        line += 1;
    }
    None
}

/// Front matter of an item (a page).
#[derive(Debug, Clone, Deserialize)]
pub struct ItemFront {
    pub title: Spanned<String>,
    pub date: Spanned<String>,
    pub updated: Option<Spanned<String>>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub editor: Option<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub campaign: Option<Spanned<String>>,
    pub cover: Option<Spanned<String>>,
    #[serde(default)]
    pub attachments: Vec<Spanned<AttachmentFront>>,
    #[serde(default)]
    pub related: Vec<Spanned<String>>,
    pub disclosure: Option<Disclosure>,
    #[serde(default)]
    pub pinned: bool,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<Spanned<String>>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentFront {
    pub title: String,
    pub file: String,
}

/// 政府信息公开 metadata, shown as the standard table above the text.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Disclosure {
    pub index_no: String,
    pub topic: String,
    pub issuer: String,
    pub doc_no: String,
    pub written: String,
    pub validity: String,
}

/// Front matter of a column, campaign or the home page (`_index.md`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SectionFront {
    pub title: Option<String>,
    pub description: Option<String>,
    pub keywords: Option<Keywords>,
    #[serde(rename = "type")]
    pub column_type: Option<String>,
    pub sort: Option<Spanned<String>>,
    pub paginate: Option<usize>,
    pub update_every: Option<Spanned<String>>,
    pub order: Option<i64>,
    pub start: Option<Spanned<String>>,
    pub end: Option<Spanned<String>>,
    pub lead: Option<String>,
    pub stats: Vec<String>,
    pub banner: Option<String>,
    pub draft: bool,
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// `keywords: 食品安全, 春雷行动` or `keywords: [食品安全, 春雷行动]`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Keywords {
    One(String),
    List(Vec<String>),
}

impl Keywords {
    pub fn joined(&self) -> String {
        match self {
            Keywords::One(s) => s.clone(),
            Keywords::List(v) => v.join(","),
        }
    }
}

/// A YAML error as (file line, message). `yaml_line` is where the YAML
/// starts in the file.
pub fn yaml_error(e: &serde_saphyr::Error, yaml_line: usize) -> (usize, String) {
    let line = e
        .location()
        .map_or(yaml_line, |l| yaml_line + l.line() as usize - 1);
    let opts = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
    let rendered = e.render_with_options(opts);
    // We print the location ourselves, in the compiler form.
    let message = rendered
        .rsplit_once(" at line ")
        .map_or(rendered.as_str(), |(m, _)| m)
        .trim()
        .to_string();
    let hint = if message.starts_with("missing field") {
        " in the front matter; add it between the `---` lines"
    } else {
        ""
    };
    (line, format!("front matter: {message}{hint}"))
}

/// Deserialises `yaml` (the text between the fences) into `T`.
pub fn parse<T: for<'de> Deserialize<'de>>(
    yaml: &str,
    yaml_line: usize,
) -> Result<T, (usize, String)> {
    // An empty front matter (`---\n---`) is an empty mapping, not null.
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_saphyr::from_str(yaml).map_err(|e| yaml_error(&e, yaml_line))
}

/// File line of a value that serde-saphyr located.
pub fn line_of<T>(s: &Spanned<T>, yaml_line: usize) -> usize {
    let l = s.referenced.line() as usize;
    if l == 0 {
        yaml_line
    } else {
        yaml_line + l - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_lines() {
        let s = split("---\ntitle: a\ndate: 2021-04-02\n---\n\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: a\ndate: 2021-04-02\n");
        assert_eq!(s.body, "\nBody\n");
        assert_eq!(s.body_line, 5);
        assert!(split("title: a\n").is_none());
        assert!(split("---\ntitle: a\n").is_none());
    }

    #[test]
    fn error_lines_are_file_lines() {
        let s = split("---\ntitle: a\ndate: 2021-04-02\ntags: [a, b\n---\n").unwrap();
        let (line, msg) = parse::<ItemFront>(s.yaml, s.yaml_line).unwrap_err();
        assert_eq!(line, 4, "{msg}");
        let (_, msg) = parse::<ItemFront>("date: 2021-04-02\n", 2).unwrap_err();
        assert!(msg.contains("title"), "{msg}");
    }

    #[test]
    fn extra_keys_are_kept() {
        let f: ItemFront = parse("title: a\ndate: 2021-04-02\nregion: 朝天区\n", 2).unwrap();
        assert_eq!(f.extra["region"], "朝天区");
        assert_eq!(line_of(&f.date, 2), 3);
    }
}
