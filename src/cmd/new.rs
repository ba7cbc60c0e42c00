//! `bulletin new COLUMN "标题"`: starts an item in a column, dated now in
//! the site's time zone, with the front matter a writer usually fills in,
//! and the 政府信息公开 table for the columns that publish under it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use jiff::civil::DateTime;
use jiff::tz::Offset;
use jiff::Timestamp;
use unicode_width::UnicodeWidthStr;

use crate::base::diagnostic::Diagnostic;
use crate::cli::NewArgs;
use crate::config;
use crate::content::dates;
use crate::content::front_matter::{self, SectionFront};
use crate::content::{is_ignored_name, slug::slugify};

use super::{CONTENT_ERROR, OK, USAGE_ERROR};

/// The longest pinyin part of a file name: about eight syllables, enough to
/// recognise the item in a listing, short enough for a URL.
const SLUG_MAX: usize = 40;

/// Where the explaining comments of the front matter start.
const COMMENT_COLUMN: usize = 26;

/// Column `type`s whose items are 政府信息公开 documents: they get the
/// `disclosure` table (索引号, 文号, …).
const DISCLOSURE_TYPES: [&str; 3] = ["通知公告", "政策文件", "规划计划"];

pub fn exec(args: &NewArgs) -> i32 {
    if let Err(code) = super::require_site(&args.root) {
        return code;
    }
    let site = match config::Site::load(&args.root, None) {
        Ok(site) => site,
        Err(d) => {
            eprintln!("{d}");
            return CONTENT_ERROR;
        }
    };
    let title = args.title.trim();
    if title.is_empty() {
        eprintln!(
            "error: the title is empty; write it in quotes: bulletin new {} \"标题\"",
            args.column
        );
        return USAGE_ERROR;
    }
    if title.chars().any(char::is_control) {
        eprintln!("error: the title must be one line of text, without line breaks or tabs");
        return USAGE_ERROR;
    }
    let content = args.root.join("content");
    let known = columns(&content);
    // `news`, `news/`, `./content/news` and `content\news` name one column.
    let column = args.column.replace('\\', "/");
    let column = column.strip_prefix("./").unwrap_or(&column);
    let column = column.strip_prefix("content/").unwrap_or(column);
    let column = column.trim_matches('/').to_string();
    if !known.contains(&column) {
        if known.is_empty() {
            eprintln!(
                "error: there is no column `{}`: content/ has no column yet. Create one as content/news/_index.md (title, type, order), then run bulletin new again",
                args.column
            );
        } else {
            eprintln!(
                "error: there is no column `{}`. The columns are: {}. Name one of them, or create content/{}/_index.md to add the column",
                args.column,
                known.join(", "),
                column
            );
        }
        return USAGE_ERROR;
    }
    let disclosure = match is_disclosure_column(&content, &column) {
        Ok(d) => d,
        Err(d) => {
            eprintln!("{d}");
            return CONTENT_ERROR;
        }
    };

    let now = now(site.offset);
    let stem = file_stem(now, title);
    let file = format!("content/{column}/{stem}.md");
    let bundle = format!("content/{column}/{stem}/index.md");
    // Either form gives the item the same URL, so an existing one of either
    // kind is a clash; a writer who wants two items needs two titles.
    if let Some(existing) = [&file, &bundle]
        .into_iter()
        .find(|p| args.root.join(p).exists())
    {
        eprintln!(
            "error: {existing} already exists and is left as it is. Edit it, or give the new item another title"
        );
        return USAGE_ERROR;
    }
    let org = &site.config.organization;
    let source = if org.name.trim().is_empty() {
        &site.config.title
    } else {
        &org.name
    };
    let text = front_matter(title, now, source, disclosure.then_some(&org.credit_code));
    let rel = if args.bundle { bundle } else { file };
    if let Err(e) = create_new(&args.root.join(&rel), &text) {
        eprintln!("error: cannot write {rel}: {e}");
        return CONTENT_ERROR;
    }
    if disclosure && org.credit_code.trim().is_empty() {
        eprintln!(
            "note: site.toml has no credit_code (统一社会信用代码), so the 索引号 in {rel} starts with nothing: fill it in site.toml and in the item"
        );
    }
    println!("{rel}");
    OK
}

/// Now in the site's zone. SOURCE_DATE_EPOCH pins it, as it pins "today"
/// for builds and checks (`content::dates::today`), so that scripted runs
/// and tests get a known date.
pub(super) fn now(offset: Offset) -> DateTime {
    let instant = dates::source_date_epoch().unwrap_or_else(Timestamp::now);
    offset.to_datetime(instant)
}

/// The folders under `content/` that are columns, as `bulletin build`
/// decides (README, Layout): every top-level folder, and a deeper one with
/// an `_index.md` (a campaign is one). A folder with an `index.md` is an
/// item (a bundle), never a column. Sorted.
fn columns(content: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(content)
        .follow_links(true)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| {
            e.file_type().is_dir()
                && e.file_name().to_str().is_some_and(|n| !is_ignored_name(n))
                && !e.path().join("index.md").is_file()
        })
        // A folder that cannot be read, or a link looping back, is the
        // build's to report; here it is just no column.
        .filter_map(Result::ok)
        .filter(|e| e.depth() == 1 || e.path().join("_index.md").is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(content).ok()?.to_str()?;
            Some(rel.replace('\\', "/"))
        })
        .collect();
    out.sort();
    out
}

/// Whether items of `column` carry the 政府信息公开 table: its `type` (or
/// that of a column above it) is one of [`DISCLOSURE_TYPES`], or its title
/// or type says 信息公开.
fn is_disclosure_column(content: &Path, column: &str) -> Result<bool, Diagnostic> {
    let mut dir = String::new();
    for part in column.split('/') {
        if !dir.is_empty() {
            dir.push('/');
        }
        dir.push_str(part);
        let rel = format!("content/{dir}/_index.md");
        let Ok(text) = std::fs::read_to_string(content.join(&dir).join("_index.md")) else {
            continue;
        };
        let Some(split) = front_matter::split(&text) else {
            continue;
        };
        let front: SectionFront = front_matter::parse(split.yaml, split.yaml_line)
            .map_err(|(line, message)| Diagnostic::error(&rel, line, message))?;
        let kind = front.column_type.as_deref().unwrap_or("");
        let title = front.title.as_deref().unwrap_or("");
        if DISCLOSURE_TYPES.contains(&kind.trim())
            || kind.contains("信息公开")
            || title.contains("信息公开")
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `2026-11-23-guan-yu-kai-zhan`: the date, then the title's pinyin cut at
/// a hyphen to [`SLUG_MAX`] characters. A title with nothing to spell
/// (`——`) gives the date alone.
fn file_stem(now: DateTime, title: &str) -> String {
    let date = now.date();
    let slug = slugify(title);
    let mut short = String::new();
    for word in slug.split('-') {
        let len = short.len() + usize::from(!short.is_empty()) + word.len();
        if len > SLUG_MAX {
            break;
        }
        if !short.is_empty() {
            short.push('-');
        }
        short.push_str(word);
    }
    if short.is_empty() {
        // One word longer than the limit (a long run of ASCII letters).
        short = slug.chars().take(SLUG_MAX).collect();
    }
    if short.is_empty() {
        date.to_string()
    } else {
        format!("{date}-{short}")
    }
}

/// The new item's text: front matter with every key a writer usually
/// fills, the empty ones left empty (YAML null, so the build treats them as
/// absent), and for 信息公开 columns the disclosure table with the 索引号
/// started from the site's `credit_code`.
fn front_matter(title: &str, now: DateTime, source: &str, credit_code: Option<&String>) -> String {
    let mut s = format!(
        "---\ntitle: {}\ndate: {}\nsource: {}\n",
        yaml_scalar(title),
        now.strftime("%Y-%m-%d %H:%M"),
        yaml_scalar(source)
    );
    // Comments say what each key is for, lined up by display width (a
    // Chinese character takes two columns in an editor).
    let mut key = |line: String, comment: &str| {
        let pad = COMMENT_COLUMN.saturating_sub(line.width()).max(2);
        s.push_str(&format!("{line}{:pad$}# {comment}\n", ""));
    };
    key("author:".into(), "作者");
    key("editor:".into(), "责任编辑");
    key("tags: []".into(), "标签，如 [食品安全, 春雷行动]");
    key("summary:".into(), "摘要，不填则取正文开头约120字");
    if let Some(code) = credit_code {
        let year = now.year();
        key("disclosure:".into(), "政府信息公开");
        key(
            format!(
                "  index_no: {}",
                yaml_scalar(&format!("{}/{year}-", code.trim()))
            ),
            "索引号：补上五位序号，如 00001",
        );
        key("  topic: \"\"".into(), "主题分类");
        key(format!("  issuer: {}", yaml_scalar(source)), "发文机关");
        key(
            "  doc_no: \"\"".into(),
            &format!("文号，年份用六角括号：某市监发〔{year}〕1号"),
        );
        key(
            "  written: \"\"".into(),
            &format!("成文日期，如 {}", now.date()),
        );
        key("  validity: 有效".into(), "有效性：有效、失效或废止");
    }
    s.push_str("---\n\n");
    s
}

/// `s` as a YAML value: plain when it reads back as exactly `s` (most
/// Chinese titles), else double-quoted. Reading it back is what decides, so
/// `: `, ` #`, leading quotes or brackets, and values YAML would take for a
/// number, boolean or null (`2021`, `true`, `~`) all end up quoted.
pub(super) fn yaml_scalar(s: &str) -> String {
    let plain_ok = !s.is_empty()
        && s.trim() == s
        && !s.chars().any(|c| c.is_control() || is_yaml_break(c))
        && serde_saphyr::from_str::<BTreeMap<String, serde_json::Value>>(&format!("v: {s}\n"))
            .is_ok_and(|m| m.get("v") == Some(&serde_json::Value::String(s.to_string())));
    if plain_ok {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_yaml_break(c) => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters some YAML readers take for line breaks or a byte-order mark.
fn is_yaml_break(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Writes `text` to `path`, creating its folder; fails rather than replace
/// a file that is already there.
pub(super) fn create_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter::ItemFront;

    fn at(s: &str) -> DateTime {
        s.parse().unwrap()
    }

    #[test]
    fn titles_read_back_exactly() {
        for title in [
            "春雷行动2021",
            "关于“3·15”的通知",
            "通知: 第1号",
            "\"引号\"开头",
            "标题 #1",
            "# 开头",
            "- 开头",
            "[2026]1号",
            "2021",
            "true",
            "~",
            "null",
            "'单引号'",
            "a\\b",
            "行一\n行二",
            "尾冒号:",
            "@开头",
            "{大括号}",
            "制表\t符",
        ] {
            let text = front_matter(title, at("2026-11-23T09:30"), "某某局", None);
            let split = front_matter::split(&text).unwrap();
            let front: ItemFront = front_matter::parse(split.yaml, split.yaml_line)
                .unwrap_or_else(|e| panic!("{title:?}: {e:?}\n{text}"));
            assert_eq!(front.title.value, title, "{text}");
        }
        assert_eq!(yaml_scalar("春雷行动2021"), "春雷行动2021");
        assert_eq!(yaml_scalar("a: b"), "\"a: b\"");
    }

    #[test]
    fn empty_keys_are_absent() {
        let text = front_matter("标题", at("2026-11-23T09:30"), "某某局", None);
        let split = front_matter::split(&text).unwrap();
        let front: ItemFront = front_matter::parse(split.yaml, split.yaml_line).unwrap();
        assert_eq!(front.date.value, "2026-11-23 09:30");
        assert_eq!(front.source.as_deref(), Some("某某局"));
        assert!(front.author.is_none() && front.editor.is_none() && front.summary.is_none());
        assert!(front.tags.is_empty() && front.disclosure.is_none());
        assert!(front.extra.is_empty(), "{:?}", front.extra);
    }

    #[test]
    fn disclosure_starts_the_index_number() {
        let code = "11510199MB1521086X".to_string();
        let text = front_matter("标题", at("2026-11-23T09:30"), "某某局", Some(&code));
        let split = front_matter::split(&text).unwrap();
        let front: ItemFront = front_matter::parse(split.yaml, split.yaml_line).unwrap();
        let d = front.disclosure.unwrap();
        assert_eq!(d.index_no, "11510199MB1521086X/2026-");
        assert_eq!(d.issuer, "某某局");
        assert_eq!(d.validity, "有效");
        assert_eq!(d.doc_no, "");
    }

    #[test]
    fn file_names_are_dated_and_short() {
        let now = at("2026-11-23T09:30");
        assert_eq!(
            file_stem(now, "春雷行动媒体聚焦"),
            "2026-11-23-chun-lei-xing-dong-mei-ti-ju-jiao"
        );
        let long = file_stem(now, "关于开展2026年农村假冒伪劣食品专项整治行动的通知");
        assert_eq!(long, "2026-11-23-guan-yu-kai-zhan-2026-nian-nong-cun-jia");
        assert!(long.len() <= 11 + SLUG_MAX);
        assert_eq!(file_stem(now, "——"), "2026-11-23");
        assert_eq!(file_stem(now, &"a".repeat(60)).len(), 11 + SLUG_MAX);
    }
}
