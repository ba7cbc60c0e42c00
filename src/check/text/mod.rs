//! Text rules of `bulletin check`, on an item's Markdown body
//! ([`check_markdown`]) or on one line of plain text such as a title
//! ([`check_plain`]): placeholder text left in (`20xx年xx月xx日`, `信息xx篇`,
//! `《xxxx》`), unbalanced brackets and quotes (`(一持续推进`,
//! `《…(2021-2025年》`, `“…`), personal information (`personal.rs`),
//! half-width punctuation in Chinese (`punctuation.rs`) and the wrong words
//! of site.toml (`wrong_words.rs`); and the forms of 文号
//! ([`doc_no_problem`]) and 索引号 ([`index_no_problem`]).
//!
//! A writer must see every real mistake, and nothing on correct text: where
//! the two pull apart, these rules choose silence.
//!
//! # Where the rules look
//! The body is parsed once, with the build's pulldown-cmark options, and its
//! text is gathered into *units*: a paragraph, a heading, a table cell, the
//! text of a tight list item (any block boundary ends a unit), or the text of
//! one block element of a raw HTML block. Brackets must balance within a
//! unit. Left out: code spans, fenced and indented code blocks, autolinks,
//! link and image destinations, raw HTML tags with their attributes,
//! comments, entities and the contents of `<code>`, `<pre>`, `<kbd>`,
//! `<samp>`, `<script>`, `<style>` and `<textarea>`; and bare URLs in text
//! (`http://`, `https://`, `ftp://`, `www.`), delimited the way GitHub's
//! autolinks are (a trailing `)` that the URL does not open stays text).
//! Findings carry file positions through the parser's source offsets.
//!
//! # Placeholders
//! An entry of `[check] placeholders` made of one repeated character (`xx`,
//! `XX`, `XXX`, `××`) matches a run of that character at least as long as
//! the entry (case-sensitive: `xx` and `XX` are separate entries; `xxxx` is
//! one occurrence of `xx`). A run of an ASCII letter counts only in context:
//! the Latin token around it (ASCII letters and digits, joined by `-` `.` `/`
//! `:`) must hold no other letter, no `_` or `@`, and no digit right after
//! the run (a run of a non-Latin character such as `××` always counts). So
//! `20xx`, `xx月`, `信息xx篇`, `《xxxx》`, `xx同志`, `XX公司`, `0825-xxxxxxx`
//! are findings; `KN95`, `xxl`, `Linux`, `box`, `taxx`, `xx12`, `a_xx`,
//! `xx@example.cn` and HTTP status classes (`4xx`) are not. A run inside a
//! date or time (`20xx年xx月xx日`, `2021年xx月`, `20xx-xx-xx`, `xx时xx分`) is
//! reported once for the whole date, at its first character ("日期“20xx年xx月
//! xx日”没有填写"); any other run once, at its first character, quoting a few
//! characters around it. Other entries (`TODO`, `待定`) match as written, and
//! one made of ASCII letters and digits only as a whole word (`TODO` but not
//! `TODOS`).
//!
//! # Brackets
//! Pairs: `（）` and `()` (which may pair with each other: `（2021-2025年)` is
//! accepted), `[]` and `［］`, `《》`, `〈〉`, `“”`, `‘’`, `【】`, `〖〗`, `「」`,
//! `『』`, `〔〕`. Straight quotes and `<` `>` (`1+1>2`) are not brackets. A
//! closer pairs with the nearest open bracket of its kind; openers above that
//! one were not closed in time and are reported (in `《…(2021-2025年》` the
//! `(`, "请在“》”之前补全括号"), openers never closed by the end of the unit
//! are reported where they are, and a closer with no opener where it is —
//! except a `)` or `）` ending a list marker (`1)`, `a)`, `ii)`, `一）`) at the
//! start of a unit, a line, or after whitespace or `：；。，、！？`, and a `’`
//! used as an apostrophe (`bureau’s`, or after a letter with no `‘` open).
//! Balanced markers such as `（一）` and `(1)` need no exception.
//!
//! # Known limits
//! A quotation running over several paragraphs, each opened with `“` and
//! only the last closed (a typesetting convention), is reported. Names
//! anonymised as `张××` and a legitimate `XXX` (as in a 转载 notice
//! "来源：XXX") are reported: a site that uses them takes the entry out of
//! `[check] placeholders`. A one-letter year placeholder (`202x年`) is not
//! caught while the shortest entry is `xx`.

mod brackets;
mod numbers;
mod personal;
mod placeholders;
mod punctuation;
mod scan;
mod walker;
mod wrong_words;

use pulldown_cmark::Parser;

use brackets::*;
use placeholders::*;
use scan::*;
use walker::*;

pub(super) use numbers::{doc_no_problem, index_no_problem};
pub(crate) use wrong_words::WRONG_WORD;

/// What the text rules look for, from site.toml: made once for a check.
pub(crate) struct TextRules {
    placeholders: Vec<String>,
    wrong_words: wrong_words::WrongWords,
    /// The bureau's own numbers, never personal information.
    own_numbers: Vec<String>,
}

impl TextRules {
    pub(crate) fn new(config: &crate::config::Config) -> TextRules {
        let org = &config.organization;
        TextRules {
            placeholders: config.check.placeholders.clone(),
            wrong_words: wrong_words::WrongWords::new(&config.check.wrong_words),
            own_numbers: personal::own_numbers(&org.phone, &org.credit_code),
        }
    }
}

/// A finding in a piece of text. `line` and `col` are 1-based; `col` counts
/// characters (not bytes) from the start of the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TextFinding {
    /// The rule's id: [`PLACEHOLDER`], [`UNBALANCED`],
    /// [`personal::PERSONAL_INFO`], [`punctuation::PUNCTUATION`] or
    /// [`WRONG_WORD`].
    pub rule: &'static str,
    pub line: usize,
    pub col: usize,
    /// Chinese, in a writer's words: what is wrong and what to do.
    pub message: String,
}

pub(super) const PLACEHOLDER: &str = "placeholder";
pub(super) const UNBALANCED: &str = "unbalanced";

/// Checks the Markdown body of an item. `first_line` is the 1-based line
/// number, in the file, of the body's first line (the body follows the front
/// matter), so findings carry file line numbers. Skips code spans, fenced and
/// indented code blocks, raw HTML tags' attributes, link destinations and
/// autolinks/bare URLs. Brackets are matched per paragraph (also per list
/// item, table cell, heading); an unmatched opener is reported where it is,
/// an unmatched closer where it is. With `prose`, the text a reader reads
/// (the units, a line each) is added to it.
pub(super) fn check_markdown(
    body: &str,
    first_line: usize,
    rules: &TextRules,
    prose: Option<&mut String>,
) -> Vec<TextFinding> {
    let mut checker = Checker {
        body,
        scanner: Scanner::new(rules),
        unit: Unit::default(),
        prose,
        found: Vec::new(),
        code_block: false,
        autolink: false,
        inline_raw: None,
        html: HtmlState::default(),
    };
    for (event, range) in
        Parser::new_ext(body, crate::markdown::parser_options()).into_offset_iter()
    {
        checker.event(event, range);
    }
    checker.flush();
    locate(body, first_line, checker.found)
}

/// The same rules on one line of plain text (a title, a summary, a
/// front-matter value): findings with line 1 and the character column within
/// `text` (should `text` hold line breaks, lines count from 1 at its start).
pub(super) fn check_plain(text: &str, rules: &TextRules) -> Vec<TextFinding> {
    let mut scanner = Scanner::new(rules);
    scanner.scan(text);
    locate(text, 1, scanner.hits)
}

/// Turns findings at byte offsets of `source` into lines and columns, in
/// source order, in one pass over the source.
fn locate(source: &str, first_line: usize, mut hits: Vec<Hit>) -> Vec<TextFinding> {
    hits.sort_by_key(|h| h.pos);
    // At byte `at`: its line, and the characters before it on that line.
    let (mut at, mut line, mut col) = (0, first_line, 0);
    let mut out = Vec::with_capacity(hits.len());
    for hit in hits {
        let pos = hit.pos.min(source.len());
        for c in source[at..pos].chars() {
            if c == '\n' {
                line += 1;
                col = 0;
            } else {
                col += 1;
            }
        }
        at = pos;
        out.push(TextFinding {
            rule: hit.rule,
            line,
            col: col + 1,
            message: hit.message,
        });
    }
    out
}

/// What the tests of each rule's file share.
#[cfg(test)]
pub(super) mod testing {
    use super::*;

    pub(crate) fn defaults() -> TextRules {
        rules(&["xx", "XX", "××", "XXX", "TODO"])
    }

    /// The rules with these placeholders, the bureau's phone 028-81234315
    /// and one wrong word.
    pub(crate) fn rules(placeholders: &[&str]) -> TextRules {
        let mut config = crate::config::Site::parse(
            "title = \"t\"\nbase_url = \"https://a.gov.cn/\"\n\
             [organization]\nphone = \"028-81234315\"\n\
             [check.wrong_words]\n\"扫黑险恶\" = \"扫黑除恶\"\n",
            None,
        )
        .unwrap()
        .config;
        config.check.placeholders = placeholders.iter().map(ToString::to_string).collect();
        TextRules::new(&config)
    }

    pub(crate) fn md(body: &str) -> Vec<TextFinding> {
        check_markdown(body, 1, &defaults(), None)
    }

    pub(crate) fn plain(text: &str) -> Vec<TextFinding> {
        check_plain(text, &defaults())
    }

    /// (rule, line, col) of each finding.
    pub(crate) fn places(findings: &[TextFinding]) -> Vec<(&'static str, usize, usize)> {
        findings.iter().map(|f| (f.rule, f.line, f.col)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    /// A real bureau text, correct: must give no finding at all.
    const CORRECT: &str = include_str!("../../../tests/fixtures/check-text/correct.md");
    /// The seeds' published mistakes (their paragraphs as published) and a
    /// few more, one or two in each kind of block.
    const MISTAKES: &str = include_str!("../../../tests/fixtures/check-text/mistakes.md");

    /// The character a finding points at.
    fn char_at(source: &str, first_line: usize, f: &TextFinding) -> char {
        let line = source.split('\n').nth(f.line - first_line).unwrap();
        line.chars().nth(f.col - 1).unwrap()
    }

    #[test]
    fn correct_bureau_text_gives_no_finding() {
        assert!(CORRECT.lines().count() >= 40);
        assert_eq!(check_markdown(CORRECT, 7, &defaults(), None), vec![]);
        // Also line by line as plain text, where the line is plain prose
        // (no Markdown syntax, not in a code block).
        let mut fenced = false;
        for line in CORRECT.lines() {
            fenced ^= line.starts_with("```");
            let prose =
                !fenced && !line.contains(['`', '|', '<', '[', '!']) && !line.starts_with("    ");
            if prose {
                assert_eq!(plain(line), vec![], "{line}");
            }
        }
    }

    #[test]
    fn seed_mistakes_found_where_they_are() {
        // The body starts on line 5 of its file, after the front matter.
        let all = check_markdown(MISTAKES, 5, &defaults(), None);
        let found: Vec<&TextFinding> = all
            .iter()
            .filter(|f| [PLACEHOLDER, UNBALANCED].contains(&f.rule))
            .collect();
        let expected: &[(&str, usize, usize, char, &str)] = &[
            (PLACEHOLDER, 7, 110, '2', "日期“20xx年xx月xx日”没有填写"),
            (PLACEHOLDER, 7, 154, 'x', "“局等xx部门”中的“xx”"),
            (PLACEHOLDER, 7, 194, 'x', "“xx省市”中的“xx”"),
            (PLACEHOLDER, 7, 205, 'x', "“局等xx部门”中的“xx”"),
            (PLACEHOLDER, 9, 192, 'x', "“xxxx简报”中的“xxxx”"),
            (PLACEHOLDER, 9, 210, 'x', "“信息xx篇”中的“xx”"),
            (PLACEHOLDER, 9, 217, 'x', "“xxxx强化”中的“xxxx”"),
            (PLACEHOLDER, 9, 234, 'x', "“报第xx期”中的“xx”"),
            (PLACEHOLDER, 9, 242, 'x', "“xxxx开展”中的“xxxx”"),
            (PLACEHOLDER, 9, 269, 'x', "“报第xx期”中的“xx”"),
            (
                PLACEHOLDER,
                9,
                277,
                'x',
                "“xxxx”像是没有填写的占位文字，请填入实际内容",
            ),
            (PLACEHOLDER, 9, 286, 'x', "“报第xx期”中的“xx”"),
            (PLACEHOLDER, 9, 294, 'x', "“xxxx”像是没有填写的占位文字"),
            (PLACEHOLDER, 9, 303, 'x', "“报第xx期”中的“xx”"),
            (PLACEHOLDER, 9, 318, 'x', "“动与xx”中的“xx”"),
            (UNBALANCED, 11, 1, '(', "“(”没有对应的“)”，请补全括号"),
            (UNBALANCED, 13, 1, '(', "“(”没有对应的“)”，请补全括号"),
            (
                UNBALANCED,
                15,
                112,
                '(',
                "“(”没有对应的“)”，请在“》”之前补全括号",
            ),
            (
                UNBALANCED,
                17,
                29,
                '“',
                "左引号「“」没有对应的右引号「”」，请补全引号",
            ),
            (UNBALANCED, 21, 3, '（', "“（”没有对应的“）”"),
            (PLACEHOLDER, 21, 10, 'X', "“抽检XX批次”中的“XX”"),
            (PLACEHOLDER, 23, 9, '×', "“主体××户次”中的“××”"),
            (UNBALANCED, 24, 11, '（', "“（”没有对应的“）”"),
            (UNBALANCED, 26, 5, '“', "左引号「“」没有对应的右引号「”」"),
            (
                PLACEHOLDER,
                28,
                8,
                '2',
                "日期“20××年××月××日”没有填写，请填入实际日期",
            ),
            (
                UNBALANCED,
                28,
                22,
                '】',
                "“】”没有对应的“【”，请补全或删去多余的括号",
            ),
            (UNBALANCED, 30, 7, '（', "“（”没有对应的“）”"),
            (UNBALANCED, 30, 25, '《', "“《”没有对应的“》”，请补全书名号"),
            (PLACEHOLDER, 32, 1, 'T', "“TODO”像是没有填写的占位文字"),
        ];
        for (f, e) in found.iter().zip(expected) {
            assert_eq!((f.rule, f.line, f.col), (e.0, e.1, e.2), "{f:?}");
            assert_eq!(char_at(MISTAKES, 5, f), e.3, "{f:?}");
            assert!(f.message.contains(e.4), "{f:?}");
        }
        assert_eq!(found.len(), expected.len(), "{found:#?}");
        // The seeds were pasted with half-width commas and colons: each
        // between Chinese words is found (`篇:1.`), none at a line's end
        // (`如下:`).
        let marks: Vec<(usize, usize, char)> = all
            .iter()
            .filter(|f| f.rule == punctuation::PUNCTUATION)
            .map(|f| (f.line, f.col, char_at(MISTAKES, 5, f)))
            .collect();
        assert_eq!(marks[..3], [(7, 33, ','), (7, 40, ','), (7, 98, ',')]);
        assert!(marks.iter().all(|m| matches!(m.2, ',' | ':')), "{marks:?}");
        assert!(marks.contains(&(9, 213, ':')), "{marks:?}");
        assert!(!marks.iter().any(|m| m.0 == 15 && m.2 == ':'), "{marks:?}");
    }

    #[test]
    fn personal_information_wrong_words_and_punctuation_in_markdown() {
        let body = "当事人张某，身份证号510802199001012714，手机13812345678。\n\n\
                    | 姓名 | 电话 |\n|---|---|\n| 李某 | 139-0000-1111 |\n\n\
                    本局电话028-81234315，会议要求,深入开展扫黑险恶专项斗争。\n\n\
                    `13812345678` <https://a.gov.cn/13812345678> 扫黑除恶\n";
        let found: Vec<(&str, usize, usize)> = check_markdown(body, 1, &defaults(), None)
            .iter()
            .map(|f| (f.rule, f.line, f.col))
            .collect();
        assert_eq!(
            found,
            [
                (personal::PERSONAL_INFO, 1, 11),
                (personal::PERSONAL_INFO, 1, 32),
                (personal::PERSONAL_INFO, 5, 8),
                (punctuation::PUNCTUATION, 7, 22),
                (WRONG_WORD, 7, 27),
            ]
        );
        // Titles too.
        let found = plain("关于扫黑险恶的通知,13812345678");
        let rules: Vec<&str> = found.iter().map(|f| f.rule).collect();
        assert_eq!(
            rules,
            [
                WRONG_WORD,
                punctuation::PUNCTUATION,
                personal::PERSONAL_INFO
            ]
        );
    }

    #[test]
    fn the_issues_examples() {
        let f = plain("并认真组织相关人员参加20xx年xx月xx日下午召开的电视电话会议");
        assert_eq!(places(&f), [(PLACEHOLDER, 1, 12)]);
        assert_eq!(f[0].message, "日期“20xx年xx月xx日”没有填写，请填入实际日期");
        let f = plain("刊发我局专项行动信息xx篇");
        assert_eq!(places(&f), [(PLACEHOLDER, 1, 11)]);
        assert_eq!(
            f[0].message,
            "“信息xx篇”中的“xx”像是没有填写的占位文字，请填入实际内容"
        );
        assert_eq!(
            places(&plain("3.《xxxx》(简报第xx期)")),
            [(PLACEHOLDER, 1, 4), (PLACEHOLDER, 1, 13)]
        );
        let f = plain("(一持续推进“放管服”改革");
        assert_eq!(places(&f), [(UNBALANCED, 1, 1)]);
        assert_eq!(f[0].message, "“(”没有对应的“)”，请补全括号");
        let f = plain("《广安市广安区法治政府建设实施方案(2021-2025年》的要求");
        assert_eq!(places(&f), [(UNBALANCED, 1, 18)]);
        assert_eq!(f[0].message, "“(”没有对应的“)”，请在“》”之前补全括号");
        let f = plain("守好农贸市场疫情防控“安全大门。");
        assert_eq!(places(&f), [(UNBALANCED, 1, 11)]);
    }

    #[test]
    fn code_urls_links_and_html_are_not_text() {
        for body in [
            "示例 `xx (` 不检查",
            "```\nif (a { xx }\n```",
            "~~~chart\ntitle: 20xx年（\n~~~",
            "正文\n\n    缩进代码 ( xx\n",
            "<https://www.example.gov.cn/xx/(>",
            "<xx@example.gov.cn>",
            "[通知](https://example.gov.cn/xx_(1) \"xx\")",
            "![图](images/xx(1).png)",
            "<span title=\"xx (\">正文</span>",
            "正文<code>xx (</code>正文",
            "<div class=\"x(\" data-a='xx'>\n<p>本文件（有效期5年）。</p>\n</div>",
            "<!-- xx（ -->",
            "<pre>\nxx (\n</pre>",
            "<p>（详见<br>附件）</p>",
            "<script>if (a) { b(\"xx\" }</script>",
            "访问https://www.example.gov.cn/xx（网站）。",
            "网址：http://www.example.gov.cn/xx/index.html，电话12315。",
        ] {
            assert_eq!(md(body), vec![], "{body}");
        }
        // Text between the tags of an HTML block is checked, per element.
        let body = "<table><tr><td>（一</td><td>xx篇</td></tr></table>";
        assert_eq!(
            places(&md(body)),
            [(UNBALANCED, 1, 16), (PLACEHOLDER, 1, 27)]
        );
        // Link and image text is text.
        assert_eq!(places(&md("见[《通知](a.md)")), [(UNBALANCED, 1, 3)]);
        assert_eq!(places(&md("![xx图](a.png)")), [(PLACEHOLDER, 1, 3)]);
        // An unclosed inline <code> does not hide the next paragraph.
        assert_eq!(places(&md("a <code> b\n\nxx篇")), [(PLACEHOLDER, 3, 1)]);
    }

    #[test]
    fn positions_are_file_lines_and_character_columns() {
        let body = "第一段。\n\n第二段，信息xx篇，（未闭合。\n";
        let f = check_markdown(body, 10, &defaults(), None);
        assert_eq!(places(&f), [(PLACEHOLDER, 12, 7), (UNBALANCED, 12, 11)]);
        // CRLF line ends.
        let f = check_markdown("第一段。\r\n\r\n信息xx篇\r\n", 1, &defaults(), None);
        assert_eq!(places(&f), [(PLACEHOLDER, 3, 3)]);
        // A backslash escape points at the bracket, an entity at itself.
        assert_eq!(places(&md("a\\(b")), [(UNBALANCED, 1, 3)]);
        assert_eq!(places(&md("&ldquo;引文")), [(UNBALANCED, 1, 1)]);
        // Plain text counts characters, not bytes.
        assert_eq!(places(&plain("《通知》（一")), [(UNBALANCED, 1, 5)]);
    }

    #[test]
    fn long_bodies_stay_linear() {
        // 2,000 paragraphs with findings in each: locating them is one pass.
        let body = "信息xx篇（未闭合\n\n".repeat(2000);
        let f = md(&body);
        assert_eq!(f.len(), 4000);
        assert_eq!((f[3999].line, f[3999].col), (3999, 6));
    }
}
