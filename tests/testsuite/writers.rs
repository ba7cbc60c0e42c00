//! A site written the way bureau writers write it (tests/fixtures/writers):
//! pictures, a cover and an attachment beside plain items, raw HTML images
//! with Chinese file names, a bundle with a Chinese folder name that links
//! to a picture of its parent folder, words only in tags, lines broken after
//! full-width punctuation and between Chinese and numbers, a script pasted
//! into a text; served under a sub-path. The output is judged as a reader
//! gets it: every link followed, every text read.

use std::path::Path;

use serde_json::Value;

use crate::common::*;

const ITEM: &str = "news/2021-04-02-chunlei-press/index.html";
const BUNDLE: &str = "news/2022-12-22-wen-jiang-bao-bao-du-dao/index.html";

fn writers() -> Site {
    let s = Site::fixture("writers");
    s.build_ok(&[]);
    s
}

/// `bulletin check --format json` as of a day after the newest item.
fn check_json(s: &Site) -> Value {
    let out = run(&[
        "check",
        "--root",
        s.root().to_str().unwrap(),
        "--as-of",
        "2022-12-25",
        "--format",
        "json",
    ]);
    serde_json::from_slice(&out.stdout).expect("check prints JSON")
}

/// The article text's `<img src>`, as written in the page.
fn text_images(s: &Site, page: &str) -> Vec<String> {
    attrs(&s.html(page), ".article-body img", "src")
}

#[test]
fn pictures_beside_plain_items_and_bundles_show_and_each_file_has_one_url() {
    let s = writers();
    assert_eq!(
        text_images(&s, ITEM),
        [
            "/scjg/news/photo.jpg",
            "/scjg/news/%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.jpg"
        ]
    );
    // The bundle's own picture, and its parent folder's: the same URL as
    // from the plain item beside that picture.
    assert_eq!(
        text_images(&s, BUNDLE),
        [
            "/scjg/news/2022-12-22-wen-jiang-bao-bao-du-dao/%E7%9D%A3%E5%AF%BC%E7%8E%B0%E5%9C%BA.jpg",
            "/scjg/news/%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.jpg"
        ]
    );
    assert_eq!(
        text_images(&s, "news/2021-05-20-jiliang/index.html"),
        ["/scjg/news/photo.jpg"]
    );
    // The attachment, the link to a Markdown file's heading and to a column.
    let item = s.html(ITEM);
    let links = attrs(&item, ".article-body a, .attachments a", "href");
    for expected in [
        "/scjg/news/%E6%98%A5%E9%9B%B7%E8%A1%8C%E5%8A%A8%E6%80%BB%E7%BB%93.pdf",
        "/scjg/notices/2021-03-30-fabuhui/#%E4%BA%8C%E5%8F%82%E4%BC%9A%E4%BA%BA%E5%91%98",
        "/scjg/notices/",
    ] {
        assert!(
            links.iter().any(|l| l == expected),
            "{expected} not in {links:?}"
        );
    }
    // Every link and picture of every page leads to a file.
    let broken = broken_links(&s.out(), "/scjg/", false);
    assert!(broken.is_empty(), "broken:\n{}", broken.join("\n"));
    // Each file is copied once, to one place.
    let all = files(&s.out());
    for name in ["photo.jpg", "现场照片.jpg", "cover.jpg", "春雷行动总结.pdf"] {
        let copies: Vec<&String> = all.iter().filter(|f| f.ends_with(name)).collect();
        assert_eq!(copies, [&format!("news/{name}")], "{name}");
    }
}

#[test]
fn covers_beside_plain_items_show_on_the_home_page() {
    let s = writers();
    let home = s.html("index.html");
    let srcs = attrs(&home, "img", "src");
    assert!(
        srcs.contains(&"/scjg/news/cover.jpg".to_string()),
        "{srcs:?}"
    );
    assert!(
        srcs.iter()
            .any(|u| u.contains("2022-12-22-wen-jiang-bao-bao-du-dao/")),
        "{srcs:?}"
    );
}

#[test]
fn the_output_verifier_finds_nothing_wrong_in_it_with_or_without_relative_urls() {
    let s = Site::fixture("writers");
    let out = s.build_ok(&[]);
    let warnings = stderr(&out);
    for rule in ["在本站不存在", "找不到对应", "不在本站地址"] {
        assert!(!warnings.contains(rule), "{warnings}");
    }
    let findings = check_findings(&check_json(&s));
    let links: Vec<_> = findings
        .iter()
        .filter(|f| ["link", "image", "anchor", "alt"].contains(&f.3.as_str()))
        .collect();
    assert!(links.is_empty(), "{links:?}");
    // Built to open from the file system: every link relative and good.
    s.edit("site.toml", "language", "relative_urls = true\nlanguage");
    s.build_ok(&[]);
    let broken = broken_links(&s.out(), "/scjg/", true);
    assert!(broken.is_empty(), "broken:\n{}", broken.join("\n"));
    let findings = check_findings(&check_json(&s));
    assert!(
        !findings.iter().any(|f| f.3 == "link" || f.3 == "image"),
        "{findings:?}"
    );
}

#[test]
fn line_breaks_beside_chinese_are_no_spaces_in_pages_summaries_and_feeds() {
    let s = writers();
    let item = s.html(ITEM);
    let body = texts(&item, ".article-body p").join("\n");
    for joined in ["落下帷幕，4月2日", "执法人员1114人次", "交出了“防疫治乱"]
    {
        assert!(body.contains(joined), "{joined} in {body}");
    }
    let description = meta(&item, "description").unwrap();
    assert!(
        description.starts_with("为期一百天的“春雷行动2021”落下帷幕，4月2日，"),
        "{description}"
    );
    assert!(s.file("news/rss.xml").contains("落下帷幕，4月2日"));
    // Text pasted from Word with its full-width indent and a break before
    // a number.
    let jiliang = s.html("news/2021-05-20-jiliang/index.html");
    let text = texts(&jiliang, ".article-body p").join("\n");
    assert!(text.contains("宣传资料300余份"), "{text}");
}

#[test]
fn scripts_and_styles_in_a_text_never_reach_its_plain_text() {
    let s = writers();
    let item = s.file(ITEM);
    // Removed from the page by the sanitiser ...
    assert!(!item.contains("统计脚本内容") && !item.contains(".kuai"));
    // ... and from everything made of the text.
    let description = meta(&s.html(ITEM), "description").unwrap();
    let mut plain = vec![description, s.file("news/rss.xml"), s.file("rss.xml")];
    for f in files(&s.out()) {
        if f.starts_with("search/") {
            plain.push(s.file(&f));
        }
    }
    for text in plain {
        assert!(!text.contains("统计脚本内容") && !text.contains("color: red"));
    }
}

/// The items of the search's item files: (title, text, tags).
fn search_docs(s: &Site) -> Vec<(String, String, Vec<String>)> {
    let mut docs = Vec::new();
    for f in files(&s.out()) {
        if !f.starts_with("search/d/") {
            continue;
        }
        let js = s.file(&f);
        let json = js
            .split_once(',')
            .and_then(|(_, rest)| rest.trim_end().strip_suffix(");"))
            .unwrap();
        let list: Vec<Value> = serde_json::from_str(json).unwrap();
        for d in list {
            let tags = d[5].as_array().unwrap();
            docs.push((
                d[0].as_str().unwrap().to_string(),
                d[4].as_str().unwrap().to_string(),
                tags.iter()
                    .map(|t| t.as_str().unwrap().to_string())
                    .collect(),
            ));
        }
    }
    docs
}

#[test]
fn the_search_checks_a_result_against_the_words_that_made_it_one() {
    let s = writers();
    let docs = search_docs(&s);
    let press = docs
        .iter()
        .find(|d| d.0 == "朝天区召开“春雷行动2021”新闻发布会")
        .expect("the press release is searchable");
    // 打假治劣 is only a tag: it is in what the page checks results against.
    assert!(!press.1.contains("打假治劣"));
    assert_eq!(press.2, ["春雷行动", "冷链物流", "打假治劣"]);
    // And the page checks title, tags and text (search.js).
    let js = std::fs::read_to_string(repo().join("themes/bureau/static/js/search.js")).unwrap();
    assert!(
        js.contains("[d.title, ...d.tags, d.text]"),
        "search.js checks the tags"
    );
}

#[test]
fn data_tables_show_the_numbers_as_written_and_a_chart_one_unit() {
    let s = writers();
    let page = s.html("campaigns/chunlei-2021/index.html");
    let mut bar = None;
    for fig in page.select(&sel("figure.chart-bar")) {
        let cells: Vec<String> = fig
            .select(&sel("td"))
            .map(|t| t.text().collect::<String>())
            .collect();
        assert!(
            cells.iter().all(|c| !c.contains('万')),
            "the table holds the numbers as written: {cells:?}"
        );
        if cells.contains(&"9800".to_string()) && cells.contains(&"10400".to_string()) {
            bar = fig
                .select(&sel("img"))
                .next()
                .and_then(|i| i.value().attr("src").map(String::from));
        }
    }
    let svg_file = bar.expect("the monthly chart with 9800 and 10400");
    let svg = s.file(&format!("campaigns/chunlei-2021/{svg_file}"));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let labels: Vec<String> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("v"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    assert!(labels.contains(&"0.98万".to_string()), "{labels:?}");
    assert!(labels.contains(&"1.04万".to_string()), "{labels:?}");
    assert!(
        labels.iter().all(|l| l.ends_with('万')),
        "one unit: {labels:?}"
    );
}

#[test]
fn the_theme_ships_a_favicon_and_the_site_s_own_replaces_it() {
    let s = writers();
    let theme = std::fs::read(repo().join("themes/bureau/static/favicon.ico")).unwrap();
    assert_eq!(std::fs::read(s.out().join("favicon.ico")).unwrap(), theme);
    assert_eq!(
        attrs(&s.html(ITEM), "link[rel=icon]", "href"),
        ["/scjg/favicon.ico"]
    );
    s.write("static/favicon.ico", b"own icon");
    s.build_ok(&[]);
    assert_eq!(
        std::fs::read(s.out().join("favicon.ico")).unwrap(),
        b"own icon"
    );
}

#[test]
fn the_verifier_reports_a_broken_link_where_the_writer_wrote_it() {
    let s = writers();
    let md = "content/news/2021-05-20-jiliang.md";
    s.edit(
        md,
        "活动照片另见",
        "![缺少的照片](不存在.jpg)\n\n<p><img src=\"gone.png\" alt=\"不存在\"></p>\n\n\
         见[通知第三条](../notices/2021-03-30-fabuhui.md#三会议要求)、[关于我们](/about/)。\n\n活动照片另见",
    );
    let found = check_findings(&check_json(&s));
    let in_md: Vec<(u64, u64, &str)> = found
        .iter()
        .filter(|f| f.0 == md)
        .map(|f| (f.1, f.2, f.3.as_str()))
        .collect();
    assert_eq!(
        in_md,
        [
            (16, 1, "image"),
            (18, 14, "image"),
            (20, 2, "anchor"),
            (20, 50, "link")
        ],
        "{found:?}"
    );
    // A build prints them as warnings; --strict fails and keeps the output.
    let out = s.build_ok(&[]);
    assert!(
        stderr(&out).contains(&format!("{md}:16:1: warning: 图片“不存在.jpg”不存在")),
        "{}",
        stderr(&out)
    );
    s.edit(md, "活动照片另见", "活动照片也见");
    let built = s.file("index.html");
    let strict = s.build(&["--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(stderr(&strict).contains(&format!("{md}:20:2: error:")));
    assert_eq!(s.file("index.html"), built);
    assert!(s
        .file("news/2021-05-20-jiliang/index.html")
        .contains("活动照片另见"));
}

#[test]
fn a_broken_link_of_a_template_is_reported_once_where_it_is_in_the_output() {
    let s = Site::fixture("writers");
    let builtin =
        std::fs::read_to_string(repo().join("themes/bureau/templates/item.html")).unwrap();
    assert!(builtin.contains("<article class=\"article\">"));
    s.write(
        "themes/bureau/templates/item.html",
        builtin.replace(
            "<article class=\"article\">",
            "<article class=\"article\">\n<a href=\"{{ site.root }}old/news.html\">旧版</a>",
        ),
    );
    s.build_ok(&[]);
    let found = check_findings(&check_json(&s));
    let template: Vec<_> = found.iter().filter(|f| f.3 == "link").collect();
    assert_eq!(template.len(), 1, "{found:?}");
    let (path, line, _, _) = template[0];
    let file = path.strip_prefix("public/").expect("a file of the output");
    assert!(file.ends_with("/index.html"), "{path}");
    let page = s.file(file);
    let at = page.lines().nth(*line as usize - 1).unwrap();
    assert!(at.contains("/scjg/old/news.html"), "line {line}: {at}");
    let json = check_json(&s);
    let message = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "link")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("共5个文件"), "{message}");
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_site_folder_are_refused_and_nothing_is_read() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwd"), "服务器的机密").unwrap();
    std::fs::create_dir(outside.path().join("dir")).unwrap();
    std::fs::write(outside.path().join("dir/x.css"), "body{}").unwrap();
    for (link, target) in [
        ("content/news/secret.txt", outside.path().join("passwd")),
        ("static/shared", outside.path().join("dir")),
        (
            "themes/bureau/static/css/extra.css",
            outside.path().join("dir/x.css"),
        ),
    ] {
        let s = writers();
        let before = s.file("index.html");
        let path = s.root().join(link);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        symlink(&target, &path).unwrap();
        let out = s.build(&[]);
        assert_eq!(out.status.code(), Some(1), "{link}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!(
                "{link}: error: this symbolic link leads outside the site folder"
            )),
            "{err}"
        );
        assert!(!err.contains("服务器的机密"));
        assert_eq!(s.file("index.html"), before, "the previous output stays");
        assert!(!files(&s.out())
            .iter()
            .any(|f| f.contains("secret") || f.contains("shared")));
        let check = run(&["check", "--root", s.root().to_str().unwrap()]);
        assert_eq!(check.status.code(), Some(1));
    }
    // A link that stays inside the site folder is followed.
    let s = writers();
    symlink(
        Path::new("../../static/robots.txt"),
        s.root().join("content/news/robots-copy.txt"),
    )
    .unwrap();
    s.build_ok(&[]);
    assert_eq!(s.file("news/robots-copy.txt"), "User-agent: *\n");
}
