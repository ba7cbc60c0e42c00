//! What provincial inspections flagged in 2025, on a fixture written the
//! way writers write (a 行政处罚决定书 pasted from Word with the
//! 当事人's numbers, a release copied from a web page with half-width
//! punctuation and wrong words, the same release reposted, a raw `<img>`
//! without alt): each finding at its line and column, and nothing on the
//! numbers and words a bureau publishes on purpose.

use scraper::Html;

use crate::common::{attrs, check_findings, run, sel, stderr, texts, Site};

const AS_OF: &str = "2025-03-21";
const PENALTY: &str = "content/xzcf/2025-03-10-zhang-shipin.md";
const RELEASE: &str = "content/news/2025-03-15-315-huodong.md";
const REPOST: &str = "content/news/2025-03-18-xiaofei-zhuanzai.md";

fn check_json(site: &Site) -> serde_json::Value {
    let out = run(&[
        "check",
        "--root",
        site.root().to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)))
}

/// `(path, line, col, rule)` of every finding but the punctuation ones.
fn found(v: &serde_json::Value) -> Vec<(String, u64, u64, String)> {
    check_findings(v)
        .into_iter()
        .filter(|f| f.3 != "punctuation")
        .collect()
}

fn at(path: &str, line: u64, col: u64, rule: &str) -> (String, u64, u64, String) {
    (path.to_string(), line, col, rule.to_string())
}

#[test]
fn each_finding_where_it_is_and_none_on_what_is_published_on_purpose() {
    let site = Site::fixture("check-2025");
    let v = check_json(&site);
    assert_eq!(
        found(&v),
        [
            at(RELEASE, 6, 74, "wrong-word"),
            at(RELEASE, 8, 69, "wrong-word"),
            // <img src="huodong.jpg"> in raw HTML, with no alt.
            at(RELEASE, 10, 40, "alt"),
            at(REPOST, 6, 0, "duplicate"),
            // The table cells pasted from Word, and the number in brackets.
            at(PENALTY, 10, 11, "personal-info"),
            at(PENALTY, 11, 10, "personal-info"),
            at(PENALTY, 15, 25, "personal-info"),
        ],
        "{v:#}"
    );
    let messages: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    for part in [
        "“5108**********2714”",
        "“138****5678”",
        "应为“消费者权益保护法”",
        &format!("正文与{RELEASE}几乎相同"),
    ] {
        assert!(
            messages.iter().any(|m| m.contains(part)),
            "{part}: {messages:#?}"
        );
    }
    // Half-width commas and colons between Chinese words, where they are;
    // not in 3,200 or 2,600, nor in the full-width repost.
    let marks: Vec<(String, u64, u64)> = check_findings(&v)
        .into_iter()
        .filter(|f| f.3 == "punctuation")
        .map(|f| (f.0, f.1, f.2))
        .collect();
    assert_eq!(
        marks.iter().filter(|m| m.0 == RELEASE).count(),
        12,
        "{marks:?}"
    );
    assert!(marks.contains(&(RELEASE.into(), 6, 8)), "{marks:?}");
    assert!(
        marks.contains(&(RELEASE.into(), 8, 16)),
        "“费者:网购” {marks:?}"
    );
    assert!(marks.contains(&(PENALTY.into(), 14, 26)), "{marks:?}");
    assert!(!marks.iter().any(|m| m.0 == REPOST), "{marks:?}");
    // The bureau's numbers (site.toml), 12315, the credit code and the
    // right forms are not findings; the last item is all of those.
    assert!(!check_findings(&v)
        .iter()
        .any(|f| f.0 == "content/news/2025-03-20-jiliang.md"));
    assert_eq!(v["summary"]["counts"]["personal-info"], 3);
    assert_eq!(v["summary"]["counts"]["duplicate"], 1);
    assert_eq!(
        v["summary"]["verdict"], "pass",
        "two wrong words are no veto"
    );
}

#[test]
fn four_wrong_words_fail_the_site_outright() {
    let site = Site::fixture("check-2025");
    site.edit(
        "content/news/2025-03-20-jiliang.md",
        "国家市场监督管理总局《加油站",
        "国家市场监督管理局《加油站",
    );
    let v = check_json(&site);
    assert_eq!(v["summary"]["counts"]["wrong-word"], 3);
    assert_eq!(v["summary"]["verdict"], "pass", "{v:#}");
    site.edit(
        "content/news/2025-03-20-jiliang.md",
        "全部合格。",
        "全部合格，有力推动扫黑险恶常态化。",
    );
    let v = check_json(&site);
    assert_eq!(v["summary"]["counts"]["wrong-word"], 4);
    assert_eq!(v["summary"]["verdict"], "veto", "{v:#}");
    assert!(
        v["summary"]["veto"][0]
            .as_str()
            .unwrap()
            .contains("严重表述错误4处"),
        "{v:#}"
    );
}

#[test]
fn a_build_prints_the_new_rules_as_warnings() {
    let site = Site::fixture("check-2025");
    let err = stderr(&site.build_ok(&[]));
    for part in [
        format!("{PENALTY}:10:11: warning: 身份证号码"),
        format!("{RELEASE}:8:69: warning: “扫黑险恶”是错误写法"),
        format!("{REPOST}:6: warning: 正文与"),
    ] {
        assert!(err.contains(&part), "{part}: {err}");
    }
    assert_eq!(site.build(&["--strict"]).status.code(), Some(1));
}

#[test]
fn the_starter_site_of_init_lists_sourced_wrong_words_and_passes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let out = run(&[
        "init",
        root.to_str().unwrap(),
        "--name",
        "某某区市场监督管理局",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    let table = toml
        .split("[check.wrong_words]")
        .nth(1)
        .expect("a wrong_words table");
    let entries: Vec<&str> = table.lines().filter(|l| l.contains(" = ")).collect();
    assert!(entries.len() >= 8, "{table}");
    // Every entry has its source in a comment above it.
    let lines: Vec<&str> = table.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.contains(" = ") {
            let above = lines[..i].iter().rev().find(|l| !l.contains(" = "));
            assert!(
                above.is_some_and(|l| l.trim_start().starts_with('#') && l.contains('《')),
                "{line} has no source: {table}"
            );
        }
    }
    // And a wrong form in the example item is found with its right form.
    let item = std::fs::read_dir(root.join("content/news"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap() != "_index.md")
        .unwrap();
    let text = std::fs::read_to_string(&item).unwrap();
    std::fs::write(&item, format!("{text}\n深入开展扫黑险恶专项斗争。\n")).unwrap();
    let out = run(&["check", "--root", root.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("应为“扫黑除恶”"), "{stdout}");
}

/// `bulletin check --format html > 检查报告.html`: one page that loads
/// nothing, with the verdict, a count for every rule, and every finding
/// of the JSON report under its column and file, each file linked to the
/// page `bulletin build` writes for it.
#[test]
fn the_html_report_holds_every_finding_and_links_to_the_built_pages() {
    let site = Site::fixture("check-2025");
    let v = check_json(&site);
    let out = run(&[
        "check",
        "--root",
        site.root().to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "html",
    ]);
    assert_eq!(out.status.code(), Some(1), "errors found: exit 1");
    let text = String::from_utf8(out.stdout).unwrap();
    site.write("检查报告.html", &text);
    let doc = Html::parse_document(&text);

    // Self-contained: no script, stylesheet, picture or frame to load,
    // and every link either within the page or to a built file.
    for css in [
        "script",
        "link",
        "img",
        "iframe",
        "object",
        "embed",
        "[style*=url]",
    ] {
        assert!(
            doc.select(&sel(css)).next().is_none(),
            "{css} in the report"
        );
    }
    assert!(!text.contains("url("), "nothing loaded from the style");
    let hrefs = attrs(&doc, "a", "href");
    site.build_ok(&[]);
    for href in &hrefs {
        if let Some(id) = href.strip_prefix('#') {
            assert!(
                doc.select(&sel(&format!("[id=\"{id}\"]"))).next().is_some(),
                "{href}"
            );
        } else {
            assert!(href.starts_with("public/"), "{href}");
            assert!(site.root().join(href).is_file(), "{href} is built");
        }
    }

    // The verdict and the totals.
    let verdict = texts(&doc, "#verdict").join("");
    let errors = v["summary"]["errors"].as_u64().unwrap();
    assert!(
        verdict.contains(&format!("共 {errors} 个错误")),
        "{verdict}"
    );
    assert!(verdict.contains("未触及单项否决指标"), "{verdict}");

    // A row for every rule, its count as the JSON's.
    let rows = doc.select(&sel("#counts tbody tr")).collect::<Vec<_>>();
    assert!(rows.len() >= 21, "{}", rows.len());
    for row in rows {
        let rule = row.value().attr("data-rule").unwrap();
        let cells: Vec<u64> = row
            .select(&sel("td.n"))
            .map(|c| c.text().collect::<String>().parse().unwrap())
            .collect();
        let expected = v["summary"]["counts"][rule].as_u64().unwrap_or(0);
        assert_eq!(cells.iter().sum::<u64>(), expected, "{rule}");
    }

    // Every finding, under its file, under its column.
    let mut listed = Vec::new();
    for column in doc.select(&sel("section.column")) {
        let name = column
            .select(&sel("h3"))
            .next()
            .unwrap()
            .text()
            .collect::<String>();
        for file in column.select(&sel(".file")) {
            let path = file
                .select(&sel("h4 code"))
                .next()
                .unwrap()
                .text()
                .collect::<String>();
            if path.starts_with("content/xzcf/") {
                assert!(name.starts_with("行政处罚"), "{path} under {name}");
            }
            if path.starts_with("content/news/") {
                assert!(name.starts_with("工作动态"), "{path} under {name}");
            }
            for li in file.select(&sel("li")) {
                listed.push((path.clone(), li.text().collect::<String>()));
            }
        }
    }
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(listed.len(), findings.len());
    for f in findings {
        let (path, message) = (f["path"].as_str().unwrap(), f["message"].as_str().unwrap());
        assert!(
            listed
                .iter()
                .any(|(p, li)| p == path && li.contains(message)),
            "{path}: {message}"
        );
    }
}
