//! The closing summary of `bulletin check`: counts per rule and the
//! verdict of the 检查指标 (单项否决).

use std::collections::BTreeMap;
use std::path::Path;

use super::columns::column_file;
use super::text::WRONG_WORD;
use super::RULES;
use crate::base::diagnostic::{Diagnostic, Level};
use crate::model::Site;

/// How many blank or stale columns fail a site outright (单项否决).
const VETO_COLUMNS: usize = 5;

/// How many 严重表述错误 fail a site outright: "more than three".
const VETO_WRONG_WORDS: usize = 4;

/// The closing summary: counts per rule and the inspection verdict.
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    /// Rule id → (errors, warnings), in [`RULES`] order.
    pub counts: BTreeMap<usize, (&'static str, &'static str, usize, usize)>,
    /// The reasons the site would fail outright (单项否决), empty if none.
    pub veto: Vec<String>,
}

impl Summary {
    /// The summary of a site that did not load: its build errors, and no
    /// verdict on columns that could not be looked at.
    pub fn without_site(findings: &[Diagnostic]) -> Summary {
        let mut summary = Summary::counted(findings);
        summary.veto.clear();
        summary
    }

    pub fn of(site: &Site, findings: &[Diagnostic]) -> Summary {
        let mut summary = Summary::counted(findings);
        let count = |rule: &str| findings.iter().filter(|d| d.rule == rule).count();
        let stale_news = findings
            .iter()
            .filter(|d| d.rule == "stale-column" && is_news_column(site, &d.path))
            .count();
        if count("empty-column") >= VETO_COLUMNS {
            summary.veto.push(format!(
                "空白栏目{}个（5个及以上即单项否决）",
                count("empty-column")
            ));
        }
        if stale_news >= VETO_COLUMNS {
            summary.veto.push(format!(
                "动态、通知公告类栏目不更新{stale_news}个（5个及以上即单项否决）"
            ));
        }
        let wrong = count(WRONG_WORD);
        if wrong >= VETO_WRONG_WORDS {
            summary
                .veto
                .push(format!("严重表述错误{wrong}处（4处及以上即单项否决）"));
        }
        if count("home-stale") > 0 {
            summary
                .veto
                .push("首页超过两周未更新（即单项否决）".to_string());
        }
        summary
    }

    fn counted(findings: &[Diagnostic]) -> Summary {
        let mut counts = BTreeMap::new();
        let (mut errors, mut warnings) = (0, 0);
        for d in findings {
            let pos = RULES.iter().position(|(id, _)| *id == d.rule).unwrap_or(0);
            let e = counts
                .entry(pos)
                .or_insert((RULES[pos].0, RULES[pos].1, 0, 0));
            if d.level == Level::Error {
                e.2 += 1;
                errors += 1;
            } else {
                e.3 += 1;
                warnings += 1;
            }
        }
        Summary {
            errors,
            warnings,
            counts,
            veto: Vec::new(),
        }
    }

    pub fn text(&self) -> String {
        let mut s = String::new();
        if self.counts.is_empty() {
            s.push_str("检查完毕：没有发现问题。\n");
        } else {
            s.push_str(&format!(
                "检查完毕：{} 个错误，{} 个提醒。\n",
                self.errors, self.warnings
            ));
            for (id, name, e, w) in self.counts.values() {
                s.push_str(&format!("  {name}（{id}）：{}\n", e + w));
            }
        }
        if self.veto.is_empty() {
            s.push_str("检查指标结论：未触及单项否决指标");
            if self.errors > 0 {
                s.push_str("，但以上错误在检查中会被扣分，请在发布前改正");
            }
            s.push_str("。\n");
        } else {
            s.push_str(&format!(
                "检查指标结论：单项否决，网站检查将直接判为不合格：{}。\n",
                self.veto.join("；")
            ));
        }
        s
    }
}

/// Whether the column whose `_index.md` is `path` is a 动态 or 通知 column
/// (`type` containing 动态 or 通知), the ones the veto counts.
pub(super) fn is_news_column(site: &Site, path: &Path) -> bool {
    site.columns.iter().any(|c| {
        let file = column_file(c);
        file == path
            && c.section
                .front
                .column_type
                .as_deref()
                .is_some_and(|t| t.contains("动态") || t.contains("通知"))
    })
}
