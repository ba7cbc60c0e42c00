//! `bulletin new`: an item in any column of the starter site, dated now in
//! the site's zone, that builds as it is; unknown columns, existing files,
//! bundles and titles YAML must quote.

use std::process::Output;

use crate::common::*;
use crate::init::{at_epoch, init};

/// A fresh starter site (made at 2026-11-23 11:00, +08:00).
fn starter() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let out = init(dir.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    Site { dir }
}

fn new(site: &Site, column: &str, title: &str, extra: &[&str]) -> Output {
    let root = site.root().to_str().unwrap();
    at_epoch(&[&["new", column, title, "--root", root], extra].concat())
}

/// Runs `new` and returns the path it printed, after checking it exists.
fn new_ok(site: &Site, column: &str, title: &str, extra: &[&str]) -> String {
    let out = new(site, column, title, extra);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(site.root().join(&path).is_file(), "{path}");
    path
}

#[test]
fn an_item_in_every_starter_column_builds_and_is_listed() {
    let site = starter();
    let cases = [
        (
            "news",
            "全区食品安全工作会议召开",
            "quan-qu-shi-pin-an-quan-gong-zuo-hui-yi",
            false,
        ),
        (
            "notices",
            "关于春节期间食品安全的提示",
            "guan-yu-chun-jie-qi-jian-shi-pin-an-quan",
            true,
        ),
        (
            "policies",
            "市场监管行政处罚裁量基准",
            "shi-chang-jian-guan-xing-zheng-chu-fa",
            true,
        ),
        (
            "plans",
            "2027年度工作计划",
            "2027-nian-du-gong-zuo-ji-hua",
            true,
        ),
        (
            "campaigns",
            "春雷行动2027部署",
            "chun-lei-xing-dong-2027-bu-shu",
            false,
        ),
        (
            "media",
            "电视台报道我局12315工作",
            "dian-shi-tai-bao-dao-wo-ju-12315-gong",
            false,
        ),
        (
            "data",
            "前三季度市场主体发展情况",
            "qian-san-ji-du-shi-chang-zhu-ti-fa-zhan",
            false,
        ),
    ];
    for (column, title, slug, disclosure) in cases {
        let path = new_ok(&site, column, title, &[]);
        assert_eq!(path, format!("content/{column}/2026-11-23-{slug}.md"));
        let text = site.read_source(&path);
        for line in [
            &format!("title: {title}\n"),
            "date: 2026-11-23 11:00\n",
            "source: 某某区市场监督管理局\n",
            "author: ",
            "editor: ",
            "tags: []",
            "summary: ",
        ] {
            assert!(text.contains(line), "{column}: no {line:?} in\n{text}");
        }
        assert_eq!(
            text.contains("disclosure:"),
            disclosure,
            "{column}:\n{text}"
        );
        if disclosure {
            // The 索引号 starts from the (still empty) credit code and the year.
            assert!(text.contains("  index_no: /2026-  "), "{text}");
            assert!(text.contains("  issuer: 某某区市场监督管理局"), "{text}");
            assert!(text.contains("  validity: 有效"), "{text}");
        }
    }
    site.build_ok(&[]);
    for (column, title, slug, disclosure) in cases {
        let list = site.html(&format!("{column}/index.html"));
        assert!(
            texts(&list, "a.item-title").iter().any(|t| t == title),
            "{column} does not list {title}"
        );
        let page = site.html(&format!("{column}/2026-11-23-{slug}/index.html"));
        assert_eq!(texts(&page, "h1.article-title"), [title]);
        assert_eq!(
            texts(&page, "table.disclosure").len(),
            usize::from(disclosure)
        );
    }
}

#[test]
fn an_unknown_column_is_refused_with_the_known_ones() {
    let site = starter();
    site.write(
        "content/campaigns/chunlei-2027/_index.md",
        "---\ntitle: 春雷行动2027\n---\n",
    );
    new_ok(&site, "news", "带图片的稿件", &["--bundle"]);
    let out = new(&site, "nwes", "标题", &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("no column `nwes`")
            && err.contains(
                "campaigns, campaigns/chunlei-2027, data, media, news, notices, plans, policies."
            ),
        "{err}"
    );
    // A campaign is a column of its own; `content/` and slashes are allowed.
    let path = new_ok(&site, "content/campaigns/chunlei-2027/", "行动部署", &[]);
    assert_eq!(
        path,
        "content/campaigns/chunlei-2027/2026-11-23-xing-dong-bu-shu.md"
    );

    let out = new(&site, "news", "  ", &[]);
    assert_eq!(out.status.code(), Some(2), "an empty title");
    let out = at_epoch(&["new", "news", "标题", "--root", "/nonexistent/site"]);
    assert_eq!(out.status.code(), Some(2), "not a site");
}

#[test]
fn an_existing_item_is_never_overwritten() {
    let site = starter();
    let path = new_ok(&site, "news", "重要通知", &[]);
    site.write(&path, "我写的稿件");
    for extra in [&[][..], &["--bundle"]] {
        let out = new(&site, "news", "重要通知", extra);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let err = stderr(&out);
        assert!(
            err.contains(&path) && err.contains("already exists"),
            "{err}"
        );
    }
    assert_eq!(site.read_source(&path), "我写的稿件");
    assert!(!site
        .root()
        .join("content/news/2026-11-23-zhong-yao-tong-zhi")
        .exists());
}

#[test]
fn a_bundle_is_a_folder_with_index_md() {
    let site = starter();
    let path = new_ok(&site, "news", "检查现场图片", &["--bundle"]);
    assert_eq!(
        path,
        "content/news/2026-11-23-jian-cha-xian-chang-tu-pian/index.md"
    );
    site.write(
        "content/news/2026-11-23-jian-cha-xian-chang-tu-pian/photo.jpg",
        b"\xff\xd8\xff",
    );
    site.build_ok(&[]);
    assert!(site.exists("news/2026-11-23-jian-cha-xian-chang-tu-pian/photo.jpg"));
    let page = site.html("news/2026-11-23-jian-cha-xian-chang-tu-pian/index.html");
    assert_eq!(texts(&page, "h1.article-title"), ["检查现场图片"]);
}

#[test]
fn a_title_yaml_must_quote_comes_out_exactly() {
    let site = starter();
    let title = r#"答记者问: "3·15" #1 'a' \ 完"#;
    let path = new_ok(&site, "news", title, &[]);
    assert_eq!(
        path,
        "content/news/2026-11-23-da-ji-zhe-wen-3-15-1-a-wan.md"
    );
    site.build_ok(&[]);
    let page = site.html("news/2026-11-23-da-ji-zhe-wen-3-15-1-a-wan/index.html");
    assert_eq!(texts(&page, "h1.article-title"), [title]);
    assert_eq!(meta(&page, "ArticleTitle").as_deref(), Some(title));
}
