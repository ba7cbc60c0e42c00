//! `site.toml`: the site's configuration (README: site.toml).
//!
//! Every table denies unknown keys, so a misspelt key is an error naming it
//! instead of a setting silently ignored.

use std::path::Path;

use jiff::tz::Offset;
use serde::Deserialize;

use crate::base::diagnostic::Diagnostic;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_timezone")]
    pub timezone: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub relative_urls: bool,
    #[serde(default = "default_paginate")]
    pub paginate: usize,
    /// Keep raw HTML in Markdown as written (README: site.toml); off by default.
    #[serde(default)]
    pub unsafe_html: bool,
    #[serde(default)]
    pub organization: Organization,
    /// `[check]`: the placeholders and wrong words `bulletin check` looks for.
    #[serde(default)]
    pub check: CheckConfig,
}

/// The footer's 主办单位 and the legally required marks.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Organization {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub site_code: String,
    pub icp: String,
    pub police_record: String,
    pub report_error_url: String,
    pub credit_code: String,
    /// Path of the 党政机关网站标识 image, relative to the site root
    /// (`static/dzjg.png`).
    pub party_mark: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    pub placeholders: Vec<String>,
    /// Wrong form → right form (`"扫黑险恶" = "扫黑除恶"`): each occurrence
    /// is a 严重表述错误.
    pub wrong_words: std::collections::BTreeMap<String, String>,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            placeholders: ["xx", "XX", "××", "XXX", "TODO"].map(String::from).to_vec(),
            wrong_words: std::collections::BTreeMap::new(),
        }
    }
}

fn default_language() -> String {
    "zh-CN".into()
}
fn default_timezone() -> String {
    "+08:00".into()
}
fn default_theme() -> String {
    "bureau".into()
}
fn default_paginate() -> usize {
    20
}

/// `base_url` taken apart: what links and feeds need of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://scjg.example.gov.cn` (no trailing slash).
    pub origin: String,
    /// The sub-path, always starting and ending with `/`: `/` or `/scjg/`.
    pub root: String,
}

impl BaseUrl {
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let rest = url
            .strip_prefix("https://")
            .map(|r| ("https://", r))
            .or_else(|| url.strip_prefix("http://").map(|r| ("http://", r)));
        let Some((scheme, rest)) = rest else {
            return Err(format!(
                "base_url `{url}` must start with https:// (or http://), e.g. \"https://scjg.example.gov.cn/\""
            ));
        };
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(format!("base_url `{url}` has no valid host name"));
        }
        if path.contains(['?', '#']) {
            return Err(format!("base_url `{url}` must not contain `?` or `#`"));
        }
        let mut root = path.to_string();
        if !root.ends_with('/') {
            root.push('/');
        }
        Ok(BaseUrl {
            origin: format!("{scheme}{host}"),
            root,
        })
    }

    pub fn host(&self) -> &str {
        self.origin.split_once("://").map_or("", |(_, h)| h)
    }

    /// The base URL as written, normalised to end in `/`.
    pub fn full(&self) -> String {
        format!("{}{}", self.origin, self.root)
    }
}

/// Configuration after validation: what the rest of the program runs on.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub base: BaseUrl,
    pub offset: Offset,
}

pub const FILE_NAME: &str = "site.toml";

impl Site {
    /// Reads and validates `site.toml` in `root`. `base_url_override` is the
    /// `--base-url` flag.
    pub fn load(root: &Path, base_url_override: Option<&str>) -> Result<Site, Diagnostic> {
        let path = root.join(FILE_NAME);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::error(FILE_NAME, 0, format!("cannot read {}: {e}", path.display()))
        })?;
        Site::parse(&text, base_url_override)
    }

    pub fn parse(text: &str, base_url_override: Option<&str>) -> Result<Site, Diagnostic> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map_or(0, |s| crate::base::diagnostic::line_of(text, s.start));
            Diagnostic::error(FILE_NAME, line, toml_message(&e))
        })?;
        if let Some(url) = base_url_override {
            config.base_url = url.to_string();
        }
        let line_of_key = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(key))
                .map_or(0, |i| i + 1)
        };
        let base = BaseUrl::parse(&config.base_url)
            .map_err(|m| Diagnostic::error(FILE_NAME, line_of_key("base_url"), m))?;
        let offset = parse_offset(&config.timezone).ok_or_else(|| {
            Diagnostic::error(
                FILE_NAME,
                line_of_key("timezone"),
                format!(
                    "timezone `{}` is not a UTC offset; write it like \"+08:00\"",
                    config.timezone
                ),
            )
        })?;
        if config.paginate == 0 {
            return Err(Diagnostic::error(
                FILE_NAME,
                line_of_key("paginate"),
                "paginate must be at least 1",
            ));
        }
        Ok(Site {
            config,
            base,
            offset,
        })
    }
}

/// toml's message without its own source excerpt: we print the location
/// ourselves, in the `file:line: error:` form.
fn toml_message(e: &toml::de::Error) -> String {
    let msg = e.message().trim().to_string();
    if msg.starts_with("unknown field") {
        format!("{msg}. Remove the key or correct its spelling (see the README for every key).")
    } else {
        msg
    }
}

/// `+08:00`, `-05:30`, `+0800`, `Z`.
pub fn parse_offset(s: &str) -> Option<Offset> {
    let s = s.trim();
    if s == "Z" || s == "UTC" {
        return Some(Offset::UTC);
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits[2..].parse().ok()?;
    if h > 14 || m > 59 {
        return None;
    }
    Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_sub_path() {
        let b = BaseUrl::parse("https://x.gov.cn/scjg").unwrap();
        assert_eq!(b.origin, "https://x.gov.cn");
        assert_eq!(b.root, "/scjg/");
        assert_eq!(b.host(), "x.gov.cn");
        assert_eq!(BaseUrl::parse("https://x.gov.cn").unwrap().root, "/");
        assert!(BaseUrl::parse("x.gov.cn").is_err());
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+08:00").unwrap().seconds(), 8 * 3600);
        assert_eq!(
            parse_offset("-0530").unwrap().seconds(),
            -(5 * 3600 + 30 * 60)
        );
        assert!(parse_offset("Asia/Shanghai").is_none());
    }

    #[test]
    fn unknown_key_is_named() {
        let e = Site::parse(
            "title = \"a\"\nbase_url = \"https://a.cn/\"\ncolour = 1\n",
            None,
        )
        .unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("colour"), "{}", e.message);
    }
}
