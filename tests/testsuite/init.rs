//! `bulletin init`: a starter site that builds at once and whose `check`
//! lists what is still to fill in; non-empty folders; `--name`.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::common::*;

/// 2026-11-23 11:00 in the starter's zone (+08:00).
pub(crate) const EPOCH: &str = "1795402800";

/// Runs bulletin with "now" pinned to [`EPOCH`].
pub(crate) fn at_epoch(args: &[&str]) -> Output {
    command(args)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .expect("bulletin runs")
}

pub(crate) fn init(dir: &Path, extra: &[&str]) -> Output {
    at_epoch(&[&["init", dir.to_str().unwrap()], extra].concat())
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const EXAMPLE: &str = "content/news/2026-11-23-gong-zuo-tui-jin-hui.md";

#[test]
fn a_new_site_builds_and_check_lists_what_is_left_to_fill() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let root = dir.to_str().unwrap();
    let out = init(&dir, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    for line in [
        "  site.toml",
        "  content/about.md",
        "  content/data/2026-stats.yaml",
        &format!("  {EXAMPLE}"),
        &format!("bulletin build --root {root}"),
        &format!("bulletin check --root {root}"),
        &format!("bulletin new news \"标题\" --root {root}"),
        "空白栏目",
    ] {
        assert!(printed.contains(line), "no {line:?} in:\n{printed}");
    }

    // Every key of site.toml (README: site.toml); the organisation's marks left to fill.
    let toml = std::fs::read_to_string(dir.join("site.toml")).unwrap();
    for key in [
        "title = \"某某区市场监督管理局\"",
        "base_url = ",
        "language = \"zh-CN\"",
        "timezone = \"+08:00\"",
        "theme = \"bureau\"",
        "relative_urls = false",
        "paginate = 20",
        "[organization]",
        "name = \"某某区市场监督管理局\"",
        "address = \"\"",
        "phone = \"\"",
        "site_code = \"\"",
        "icp = \"\"",
        "police_record = \"\"",
        "report_error_url = \"\"",
        "credit_code = \"\"",
        "party_mark = \"\"",
        "[check]",
        "placeholders = ",
    ] {
        assert!(toml.contains(key), "site.toml lacks {key:?}:\n{toml}");
    }
    assert!(toml.matches("# 待填写").count() >= 8, "{toml}");
    for (dir_name, kind, every, order) in [
        ("news", "工作动态", "14d", 1),
        ("notices", "通知公告", "6mo", 2),
        ("policies", "政策文件", "6mo", 3),
        ("plans", "规划计划", "1y", 4),
        ("campaigns", "专题专栏", "1y", 5),
        ("media", "工作动态", "3mo", 6),
        ("data", "数据发布", "1y", 7),
    ] {
        let index =
            std::fs::read_to_string(dir.join(format!("content/{dir_name}/_index.md"))).unwrap();
        for line in [
            format!("type: {kind}"),
            format!("update_every: {every}"),
            format!("order: {order}"),
        ] {
            assert!(index.contains(&line), "{dir_name}: {index}");
        }
    }
    let example = std::fs::read_to_string(dir.join(EXAMPLE)).unwrap();
    assert!(example.contains("date: 2026-11-23 11:00"), "{example}");

    // Builds at once: the check findings are only warnings, the charts of
    // the statistics file are drawn.
    let built = at_epoch(&["build", "--root", root]);
    assert!(built.status.success(), "{}", stderr(&built));
    let page = dir.join("public/news/2026-11-23-gong-zuo-tui-jin-hui");
    let svgs = std::fs::read_dir(&page)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".svg")
        })
        .count();
    assert_eq!(svgs, 2, "the kpi and bar charts");
    let broken = broken_links(&dir.join("public"), "/", false);
    assert!(broken.is_empty(), "{broken:?}");

    // check names each thing to fill, where it is.
    let checked = at_epoch(&["check", "--root", root, "--format", "json"]);
    assert_eq!(checked.status.code(), Some(1), "{}", stdout(&checked));
    let v: Value = serde_json::from_slice(&checked.stdout).unwrap();
    let findings = crate::common::check_findings(&v);
    let has = |path: &str, line: u64, col: u64, rule: &str| {
        findings
            .iter()
            .any(|f| f.0 == path && f.1 == line && f.2 == col && f.3 == rule)
    };
    // 「XX月XX日」 and 「局长XXX」 in the example item.
    assert!(has(EXAMPLE, 13, 1, "placeholder"), "{findings:?}");
    assert!(has(EXAMPLE, 14, 9, "placeholder"), "{findings:?}");
    // Address, postcode and phone in 联系我们.
    let about: Vec<_> = findings
        .iter()
        .filter(|f| f.0 == "content/about.md" && f.3 == "placeholder")
        .map(|f| f.1)
        .collect();
    assert_eq!(about, [8, 8, 8, 18], "{findings:?}");
    let mut empty: Vec<&str> = findings
        .iter()
        .filter(|f| f.3 == "empty-column")
        .map(|f| f.0.as_str())
        .collect();
    empty.sort();
    assert_eq!(
        empty,
        [
            "content/campaigns/_index.md",
            "content/data/_index.md",
            "content/media/_index.md",
            "content/notices/_index.md",
            "content/plans/_index.md",
            "content/policies/_index.md",
        ]
    );
    // Nothing else: no broken link, stale column or future date.
    assert!(
        findings
            .iter()
            .all(|f| f.3 == "placeholder" || f.3 == "empty-column"),
        "{findings:?}"
    );
}

#[test]
fn a_non_empty_folder_needs_force_and_keeps_its_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    std::fs::create_dir(dir.join("content")).unwrap();
    std::fs::write(dir.join("content/_index.md"), "---\ntitle: 我的首页\n---\n").unwrap();

    let out = init(dir, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("is not empty") && err.contains("--force"),
        "{err}"
    );
    assert!(err.contains("notes.txt"), "{err}");
    assert!(!dir.join("site.toml").exists(), "nothing is written");

    let out = init(dir, &["--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("content/_index.md")).unwrap(),
        "---\ntitle: 我的首页\n---\n"
    );
    let printed = stdout(&out);
    let kept = printed.split("Kept").nth(1).expect(&printed);
    assert!(kept.contains("content/_index.md"), "{printed}");
    assert!(dir.join("site.toml").is_file() && dir.join(EXAMPLE).is_file());

    // Hidden files (a git repository) do not make a folder non-empty.
    let git = tempfile::tempdir().unwrap();
    std::fs::create_dir(git.path().join(".git")).unwrap();
    assert!(init(git.path(), &[]).status.success());

    // A file is no folder.
    let file = dir.join("notes.txt");
    let out = init(&file, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn the_name_is_the_sites_title_and_organisation() {
    let tmp = tempfile::tempdir().unwrap();
    let name = "青川县市场监督管理局";
    let out = init(tmp.path(), &["--name", name]);
    assert!(out.status.success(), "{}", stderr(&out));
    let toml = std::fs::read_to_string(tmp.path().join("site.toml")).unwrap();
    assert!(toml.contains(&format!("title = \"{name}\"")), "{toml}");
    assert!(toml.contains(&format!("name = \"{name}\"")), "{toml}");
    let site = Site { dir: tmp };
    site.build_ok(&[]);
    let home = site.html("index.html");
    assert_eq!(texts(&home, "title"), [name]);
    assert!(site
        .file("index.html")
        .contains(&format!("主办单位：{name}")));
    let example = site.html("news/2026-11-23-gong-zuo-tui-jin-hui/index.html");
    assert_eq!(meta(&example, "ContentSource").as_deref(), Some(name));

    let out = init(
        &tempfile::tempdir().unwrap().path().join("x"),
        &["--name", " "],
    );
    assert_eq!(out.status.code(), Some(2));
}
