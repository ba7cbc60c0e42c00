//! `bulletin check`: each rule on a fixture made to break it, at the right
//! line and column; the demo site and correct prose give no finding; the
//! verdict; JSON; the same rules as warnings in `build` and `--strict`.

use serde_json::Value;

use crate::common::{self, run, stderr, Site};

/// The basic fixture's newest item is dated 2022-12-22.
const AS_OF: &str = "2022-12-25";

fn check(site: &Site, extra: &[&str]) -> (i32, String) {
    let out = run(&[&["check", "--root", site.root().to_str().unwrap()], extra].concat());
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn json(site: &Site, as_of: &str) -> Value {
    let (_, out) = check(site, &["--as-of", as_of, "--format", "json"]);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// `(path, line, col, rule)` of every finding.
fn findings(site: &Site, as_of: &str) -> Vec<(String, u64, u64, String)> {
    crate::common::check_findings(&json(site, as_of))
}

fn rules(site: &Site, as_of: &str) -> Vec<String> {
    findings(site, as_of).into_iter().map(|f| f.3).collect()
}

#[test]
fn the_demo_site_passes_as_of_its_newest_date() {
    let demo = Site::copy_of(&crate::common::repo());
    let (code, out) = check(&demo, &["--as-of", "2026-11-21"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("没有发现问题"), "{out}");
    assert!(out.contains("未触及单项否决指标"), "{out}");
}

#[test]
fn the_basic_fixture_is_clean_and_json_has_every_field() {
    let site = Site::fixture("basic");
    let v = json(&site, AS_OF);
    assert_eq!(v["findings"], Value::Array(vec![]), "{v:#}");
    assert_eq!(v["summary"]["verdict"], "pass");
    assert_eq!(v["summary"]["errors"], 0);
}

#[test]
fn future_dates_are_errors_with_their_line() {
    let site = Site::fixture("basic");
    let f = findings(&site, "2022-12-01");
    assert!(
        f.contains(&(
            "content/news/2022-12-22-wenjiang/index.md".into(),
            3,
            0,
            "future-date".into()
        )),
        "{f:?}"
    );
    let (code, _) = check(&site, &["--as-of", "2022-12-01"]);
    assert_eq!(code, 1);
}

#[test]
fn a_stale_column_and_a_stale_home_page_fail_with_the_verdict() {
    let site = Site::fixture("basic");
    let (code, out) = check(&site, &["--as-of", "2023-03-01"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("content/news/_index.md:") && out.contains("栏目不更新"),
        "{out}"
    );
    assert!(out.contains("首页已超过两周没有新内容"), "{out}");
    assert!(out.contains("检查指标结论：单项否决"), "{out}");
    let v = json(&site, "2023-03-01");
    assert_eq!(v["summary"]["verdict"], "veto");
    assert_eq!(v["summary"]["counts"]["home-stale"], 1);
    // Thirteen days after the newest item the home page is still fresh.
    assert!(!rules(&site, "2023-01-04").contains(&"home-stale".to_string()));
}

#[test]
fn five_blank_columns_fail_the_site_outright() {
    let site = Site::fixture("basic");
    for name in ["a", "b", "c", "d"] {
        site.write(
            &format!("content/blank-{name}/_index.md"),
            format!("---\ntitle: 空栏目{name}\n---\n"),
        );
    }
    let v = json(&site, AS_OF);
    assert_eq!(v["summary"]["counts"]["empty-column"], 4, "{v:#}");
    assert_eq!(v["summary"]["verdict"], "pass");
    site.write("content/blank-e/_index.md", "---\ntitle: 空栏目e\n---\n");
    let v = json(&site, AS_OF);
    assert_eq!(v["summary"]["counts"]["empty-column"], 5);
    assert_eq!(v["summary"]["verdict"], "veto", "{v:#}");
    assert!(v["summary"]["veto"][0]
        .as_str()
        .unwrap()
        .contains("空白栏目5个"));
}

#[test]
fn update_every_must_be_readable() {
    let site = Site::fixture("basic");
    site.edit(
        "content/news/_index.md",
        "update_every: 14d",
        "update_every: 两周",
    );
    let f = findings(&site, AS_OF);
    assert!(
        f.contains(&("content/news/_index.md".into(), 7, 0, "update-every".into())),
        "{f:?}"
    );
}

#[test]
fn duplicate_titles_name_the_first_item() {
    let site = Site::fixture("basic");
    let title = site
        .read_source("content/news/2021-05-10-shipin.md")
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .unwrap()
        .to_string();
    site.write(
        "content/notices/2022-01-01-copy.md",
        format!("---\ntitle: {title}\ndate: 2021-12-01\n---\n\n正文。\n"),
    );
    let (_, out) = check(&site, &["--as-of", AS_OF]);
    assert!(
        out.contains("content/notices/2022-01-01-copy.md:2: error: 标题")
            && out.contains("与同年的content/news/2021-05-10-shipin.md相同"),
        "{out}"
    );
    // The same title in another year is a new event, not a duplicate.
    site.edit(
        "content/notices/2022-01-01-copy.md",
        "date: 2021-12-01",
        "date: 2022-01-01",
    );
    let (_, out) = check(&site, &["--as-of", AS_OF]);
    assert!(!out.contains("duplicate") && !out.contains("相同"), "{out}");
}

#[test]
fn links_anchors_images_and_alt_text() {
    let site = Site::fixture("basic");
    site.write(
        "content/news/2022-06-01-links.md",
        "---\ntitle: 链接检查\ndate: 2022-06-01\n---\n\n## 工作要求\n\n\
         见[要求](#工作要求)和[不存在](#没有这一节)。\n\
         见[另一篇](2021-05-10-shipin.md#没有这一节)。\n\
         见[旧地址](/sub/news/no-such-page/)。\n\
         ![](photo-missing.png)\n\
         ![现场照片](missing.jpg)\n\
         见[外站](http://www.example.com/)。\n",
    );
    let f = findings(&site, AS_OF);
    let at = |line: u64, rule: &str| {
        f.iter().any(|x| {
            x.0 == "content/news/2022-06-01-links.md" && x.1 == line && x.3 == rule && x.2 > 0
        })
    };
    assert!(at(8, "anchor"), "{f:?}");
    assert!(at(9, "anchor"), "{f:?}");
    assert!(at(10, "link"), "{f:?}");
    assert!(at(11, "alt"), "{f:?}");
    assert!(at(11, "image"), "{f:?}");
    assert!(at(12, "image"), "{f:?}");
    assert!(at(13, "http-link"), "{f:?}");
    // The anchor that exists is not reported.
    assert_eq!(f.iter().filter(|x| x.1 == 8).count(), 1, "{f:?}");
    let v = json(&site, AS_OF);
    let http = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["rule"] == "http-link")
        .unwrap();
    assert_eq!(http["level"], "warning");
}

#[test]
fn disclosure_numbers_are_checked_and_unique() {
    let site = Site::fixture("basic");
    let item = |name: &str, index_no: &str, doc_no: &str| {
        format!(
            "---\ntitle: 公开信息{name}\ndate: 2022-05-01\ndisclosure:\n  index_no: {index_no}\n  doc_no: {doc_no}\n---\n\n正文。\n"
        )
    };
    site.write(
        "content/notices/2022-05-01-a.md",
        item("甲", "11510000MB1234567X/2022-00001", "测市监发〔2022〕1号"),
    );
    site.write(
        "content/notices/2022-05-02-b.md",
        item("乙", "11510000MB1234567X/2022-00001", "测市监发[2022]2号")
            .replace("2022-05-01", "2022-05-02"),
    );
    let f = findings(&site, AS_OF);
    assert!(
        f.contains(&(
            "content/notices/2022-05-02-b.md".into(),
            5,
            0,
            "index-no".into()
        )),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|x| x.0 == "content/notices/2022-05-02-b.md" && x.3 == "doc-no" && x.1 == 6),
        "{f:?}"
    );
    assert!(
        !f.iter().any(|x| x.0 == "content/notices/2022-05-01-a.md"),
        "{f:?}"
    );
}

#[test]
fn drafts_are_not_checked() {
    let site = Site::fixture("basic");
    site.write(
        "content/news/2022-06-02-draft.md",
        "---\ntitle: 草稿\ndate: 2030-01-01\ndraft: true\n---\n\n![](none.png)\n",
    );
    assert_eq!(rules(&site, AS_OF), Vec::<String>::new());
}

#[test]
fn build_prints_findings_as_warnings_and_strict_fails_keeping_the_output() {
    let site = Site::fixture("basic");
    site.build_ok(&[]);
    let before = site.file("index.html");
    site.write(
        "content/news/2022-06-03-bad.md",
        "---\ntitle: 坏链接\ndate: 2022-06-03\n---\n\n见[不存在](#没有这一节)。\n",
    );
    let out = site.build_ok(&[]);
    let err = stderr(&out);
    assert!(
        err.contains("content/news/2022-06-03-bad.md:6:") && err.contains(": warning: "),
        "{err}"
    );
    let out = site.build(&["--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("content/news/2022-06-03-bad.md:6:") && err.contains(": error: "),
        "{err}"
    );
    // The build with the new item did land before; --strict left it alone.
    assert_ne!(site.file("index.html"), before);
    assert!(site.exists("news/2022-06-03-bad/index.html"));
}

#[test]
fn usage_errors_exit_2() {
    let out = run(&["check", "--root", "/nonexistent-site"]);
    assert_eq!(out.status.code(), Some(2));
    let site = Site::fixture("basic");
    let (code, _) = check(&site, &["--as-of", "yesterday"]);
    assert_eq!(code, 2);
}

/// Line and column (1-based, in characters) of the first `needle` in `text`.
fn position(text: &str, needle: &str) -> (u64, u64) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in the file"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line as u64, col as u64)
}

#[test]
fn the_seeds_mistakes_are_found_where_they_are() {
    let site = Site::fixture("check-seeds");
    let f = findings(&site, "2021-12-21");
    // Each mistake: the file, the text around it, the part the finding
    // must point into, and the rule.
    let cases = [
        (
            "content/news/2021-04-08-chunlei-meeting.md",
            "20xx年xx月xx日",
            "20xx",
            "placeholder",
        ),
        (
            "content/news/2021-04-08-chunlei-meeting.md",
            "《xxxx简报》",
            "xxxx",
            "placeholder",
        ),
        (
            "content/news/2021-04-08-chunlei-meeting.md",
            "信息xx篇",
            "xx",
            "placeholder",
        ),
        (
            "content/news/2021-04-08-chunlei-meeting.md",
            "1.《xxxx》",
            "xxxx",
            "placeholder",
        ),
        (
            "content/news/2021-04-08-chunlei-meeting.md",
            "第xx期",
            "xx",
            "placeholder",
        ),
        (
            "content/reports/2021-12-20-work-summary.md",
            "(一持续推进",
            "(",
            "unbalanced",
        ),
        (
            "content/reports/2021-12-20-work-summary.md",
            "(2021-2025年》",
            "(",
            "unbalanced",
        ),
    ];
    for (file, context, part, rule) in cases {
        let text = site.read_source(file);
        let (line, col) = position(&text, context);
        let offset = context.find(part).unwrap();
        let first = col + context[..offset].chars().count() as u64;
        let last = first + part.chars().count() as u64 - 1;
        assert!(
            f.iter().any(|x| x.0 == file
                && x.1 == line
                && (first..=last).contains(&x.2)
                && x.3 == rule),
            "{rule} at {file}:{line}:{first}..{last} ({context}) not in {f:#?}"
        );
    }
    let summary = &site.read_source("content/reports/2021-12-20-work-summary.md");
    let (doc_line, _) = position(summary, "doc_no:");
    let (index_line, _) = position(summary, "index_no:");
    for (line, rule) in [(doc_line, "doc-no"), (index_line, "index-no")] {
        assert!(
            f.iter()
                .any(|x| x.0 == "content/reports/2021-12-20-work-summary.md"
                    && x.1 == line
                    && x.3 == rule),
            "{rule} at line {line} not in {f:#?}"
        );
    }
    // The closed pair in the same sentence is not a finding.
    let (line, col) = position(summary, "(2021-2025年)");
    assert!(!f.iter().any(|x| x.1 == line && x.2 == col), "{f:#?}");
    let (code, out) = check(&site, &["--as-of", "2021-12-21"]);
    assert_eq!(code, 1);
    assert!(out.contains("占位文字未替换（placeholder）"), "{out}");
}

#[test]
fn correct_bureau_prose_gives_no_finding() {
    let site = Site::fixture("check-clean");
    let (code, out) = check(&site, &["--as-of", "2026-11-21"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("检查完毕：没有发现问题。"), "{out}");
}

#[test]
fn a_missing_attachment_is_a_build_warning_once_and_a_check_error() {
    let site = Site::fixture("basic");
    site.write(
        "content/news/2022-06-04-files.md",
        "---\ntitle: 附件\ndate: 2022-06-04\nattachments:\n  - title: 清单\n    file: missing.xlsx\n---\n\n正文。\n",
    );
    let err = stderr(&site.build_ok(&[]));
    assert_eq!(err.matches("`missing.xlsx` not found").count(), 1, "{err}");
    assert!(
        err.contains("content/news/2022-06-04-files.md:5: warning:"),
        "{err}"
    );
    let f = findings(&site, AS_OF);
    assert!(
        f.contains(&(
            "content/news/2022-06-04-files.md".into(),
            5,
            0,
            "missing-file".into()
        )),
        "{f:?}"
    );
}

#[test]
fn home_and_column_texts_are_checked_too() {
    let site = Site::fixture("basic");
    let home = site.read_source("content/_index.md");
    site.write(
        "content/_index.md",
        format!("{home}\n首页由XX负责（见[旧页](/sub/gone/)。\n"),
    );
    let news = site.read_source("content/news/_index.md");
    site.write("content/news/_index.md", format!("{news}\n![](nope.png)\n"));
    let rules_at = |file: &str| -> Vec<String> {
        findings(&site, AS_OF)
            .into_iter()
            .filter(|f| f.0 == file)
            .map(|f| f.3)
            .collect()
    };
    let home_rules = rules_at("content/_index.md");
    for rule in ["placeholder", "unbalanced", "link"] {
        assert!(
            home_rules.contains(&rule.to_string()),
            "{rule}: {home_rules:?}"
        );
    }
    let news_rules = rules_at("content/news/_index.md");
    assert!(news_rules.contains(&"alt".to_string()), "{news_rules:?}");
    assert!(news_rules.contains(&"image".to_string()), "{news_rules:?}");
}

#[test]
fn a_link_to_any_file_the_build_writes_is_not_broken() {
    let site = Site::fixture("basic");
    site.build_ok(&[]);
    let mut text = String::from("---\ntitle: 全站链接\ndate: 2022-12-24\n---\n\n");
    for f in crate::common::files(&site.out()) {
        if f != ".bulletin-manifest" {
            text.push_str(&format!("[{f}](/sub/{f})\n\n"));
        }
    }
    site.write("content/news/2022-12-24-all-links.md", text);
    let broken: Vec<_> = findings(&site, AS_OF)
        .into_iter()
        .filter(|f| f.3 == "link" || f.3 == "image")
        .collect();
    assert_eq!(broken, vec![]);
}

#[test]
fn a_site_with_nothing_published_fails_the_home_page_rule() {
    let site = Site::fixture("basic");
    std::fs::remove_dir_all(site.root().join("content")).unwrap();
    site.write("content/_index.md", "---\ntitle: 首页\n---\n");
    let v = json(&site, AS_OF);
    assert_eq!(v["summary"]["counts"]["home-stale"], 1, "{v:#}");
    assert_eq!(v["summary"]["verdict"], "veto");
}

/// The README's table of rules names every rule the check has, and no
/// other: adding a rule to `check::RULES` means documenting it.
#[test]
fn the_readme_documents_every_rule() {
    let readme = std::fs::read_to_string(crate::common::repo().join("README.md")).unwrap();
    let table = readme
        .split("| rule | level | finds |")
        .nth(1)
        .expect("README: the table of check rules");
    let mut documented: Vec<&str> = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .flat_map(|l| l.split('|').nth(1).unwrap_or("").split(','))
        .map(|id| id.trim().trim_matches('`'))
        .collect();
    documented.sort_unstable();
    let mut rules: Vec<&str> = bulletin::check::RULES.iter().map(|(id, _)| *id).collect();
    rules.sort_unstable();
    assert_eq!(documented, rules);
}

/// `check` renders the newest item page of each column and stands the
/// texts of the others in that page's frame (`pages::render_for_check`);
/// what it finds must be what `build` finds in the pages it writes: a
/// writer's broken link and anchor in an old item, at their lines, an
/// anchor to a heading of another old item that is there, and a
/// template's broken link, counted on every page.
#[test]
fn check_finds_in_old_items_what_build_finds_in_the_written_pages() {
    let site = Site::demo();
    site.write(
        "content/news/2019-05-06-old.md",
        "---\ntitle: 旧稿件\ndate: 2019-05-06\n---\n\n\
         见[冷链专班](../2020-12-18-market-cold-chain/#二智慧监管可追溯)，\n\
         另见[第四部分](../2020-12-18-market-cold-chain/#四不存在)和\
         [旧通知](../2018-01-01-gone/)。\n",
    );
    site.edit(
        "themes/bureau/templates/base.html",
        "<li><a href=\"{{ site.urls.sitemap }}\">网站地图</a></li>",
        "<li><a href=\"{{ site.urls.sitemap }}\">网站地图</a></li><li><a href=\"/jiucuo/\">纠错</a></li>",
    );
    // Judged as of today, as `build` judges.
    let (_, out) = check(&site, &["--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let mut checked: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}: {}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["col"],
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    let built = stderr(&site.build_ok(&[]));
    let mut warned: Vec<String> = built
        .lines()
        .filter(|l| l.contains(": warning: "))
        .map(|l| {
            // path:line[:col]: warning: message
            let (place, message) = l.split_once(": warning: ").unwrap();
            let mut parts = place.split(':');
            let (path, line) = (parts.next().unwrap(), parts.next().unwrap_or("0"));
            let col = parts.next().unwrap_or("0");
            format!("{path}:{line}:{col}: {message}")
        })
        .collect();
    checked.sort();
    warned.sort();
    assert_eq!(checked, warned);
    let old = "content/news/2019-05-06-old.md";
    assert!(
        checked.iter().any(|f| f.starts_with(&format!("{old}:7:"))),
        "{checked:#?}"
    );
    assert_eq!(
        checked.iter().filter(|f| f.starts_with(old)).count(),
        2,
        "{checked:#?}"
    );
    assert!(
        checked.iter().any(|f| f.contains("#四不存在")),
        "{checked:#?}"
    );
    let pages = common::files(&site.out())
        .iter()
        .filter(|f| f.ends_with(".html") && !f.starts_with("search/"))
        .count();
    let template = checked
        .iter()
        .find(|f| f.contains("/jiucuo/"))
        .expect("the template's link");
    assert!(
        template.contains(&format!("共{pages}个文件")),
        "{template} ({pages} pages)"
    );
}
