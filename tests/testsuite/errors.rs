//! Bad input: exit 1, the file and line, what to do, and never a panic.

use crate::common::*;

/// Breaks the basic fixture with `change`, builds, and returns stderr
/// after checking the exit code.
fn fails(change: impl FnOnce(&Site)) -> String {
    let s = Site::fixture("basic");
    change(&s);
    let out = s.build(&[]);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected exit 1, got {:?}:\n{err}",
        out.status
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        !s.out().exists(),
        "a failed first build must not create the output"
    );
    err
}

#[test]
fn malformed_yaml() {
    let err = fails(|s| {
        s.edit(
            "content/news/2021-05-10-shipin.md",
            "pinned: true",
            "pinned: [true",
        );
    });
    assert!(
        err.contains("content/news/2021-05-10-shipin.md:5: error: front matter:"),
        "{err}"
    );
}

#[test]
fn missing_title() {
    let err = fails(|s| {
        s.edit(
            "content/news/2021-05-10-shipin.md",
            "title: 食品安全专项检查\n",
            "",
        );
    });
    assert!(err.contains("content/news/2021-05-10-shipin.md:"), "{err}");
    assert!(err.contains("title"), "{err}");
}

#[test]
fn impossible_date() {
    let err = fails(|s| {
        s.edit(
            "content/news/2021-05-10-shipin.md",
            "date: 2021-05-10 09:00:00",
            "date: 2021-02-30",
        );
    });
    assert!(
        err.contains(
            "content/news/2021-05-10-shipin.md:3: error: date: `2021-02-30` is not a valid date"
        ),
        "{err}"
    );
}

#[test]
fn not_utf8() {
    let err = fails(|s| {
        // "标题" in GBK.
        s.write(
            "content/news/gbk.md",
            b"---\ntitle: \xb1\xea\xcc\xe2\ndate: 2021-01-01\n---\n",
        );
    });
    assert!(err.contains("content/news/gbk.md:2: error:"), "{err}");
    assert!(err.contains("UTF-8"), "{err}");
}

#[test]
fn no_front_matter() {
    let err = fails(|s| s.write("content/news/plain.md", "只有正文。\n"));
    assert!(
        err.contains("content/news/plain.md:1: error: no front matter"),
        "{err}"
    );
}

#[test]
fn unknown_site_toml_key() {
    let err = fails(|s| s.edit("site.toml", "paginate = 2", "paginate = 2\npagnate = 3"));
    assert!(err.contains("site.toml:8: error:"), "{err}");
    assert!(err.contains("pagnate"), "{err}");
}

#[test]
fn unknown_organization_key() {
    let err = fails(|s| s.edit("site.toml", "phone =", "fax = \"1\"\nphone ="));
    assert!(err.contains("fax"), "{err}");
}

#[test]
fn missing_theme() {
    let err = fails(|s| s.edit("site.toml", "theme = \"bureau\"", "theme = \"nosuch\""));
    assert!(err.contains("site.toml"), "{err}");
    assert!(err.contains("nosuch"), "{err}");
}

#[test]
fn template_syntax_error() {
    let err = fails(|s| {
        s.write(
            "themes/bureau/templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}{{ item.title }\n",
        );
    });
    assert!(err.contains("themes/bureau/templates/page.html"), "{err}");
}

#[test]
fn link_to_a_missing_markdown_file() {
    let err = fails(|s| {
        s.edit(
            "content/reports/2020-summary.md",
            "全年完成各项任务。",
            "全年完成各项任务，见[旧文](../news/nosuch.md)。",
        );
    });
    assert!(err.contains("content/reports/2020-summary.md:8:"), "{err}");
    assert!(err.contains("nosuch.md"), "{err}");
}

#[test]
fn unknown_campaign() {
    let err = fails(|s| {
        s.edit(
            "content/news/2021-04-02-chunlei-press.md",
            "campaign: chunlei-2021",
            "campaign: chunlei-2099",
        );
    });
    assert!(
        err.contains("content/news/2021-04-02-chunlei-press.md:8:"),
        "{err}"
    );
    assert!(
        err.contains("chunlei-2021"),
        "lists the known campaigns: {err}"
    );
}

#[test]
fn two_items_with_one_url() {
    let err = fails(|s| {
        s.write(
            "content/news/dup.md",
            "---\ntitle: 重复\ndate: 2021-01-01\nslug: 2021-05-10-shipin\n---\n",
        );
    });
    assert!(err.contains("news/2021-05-10-shipin"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let out = run(&["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let empty = tempfile::tempdir().unwrap();
    let out = run(&["build", "--root", empty.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("site.toml"));
}

#[test]
fn every_error_is_reported_at_once() {
    let err = fails(|s| {
        s.edit(
            "content/news/2021-05-10-shipin.md",
            "date: 2021-05-10 09:00:00",
            "date: 2021-13-01",
        );
        s.edit(
            "content/news/2021-06-01-jiliang.md",
            "title: 计量监督检查\n",
            "",
        );
    });
    assert!(err.contains("2021-05-10-shipin.md"), "{err}");
    assert!(err.contains("2021-06-01-jiliang.md"), "{err}");
}

#[test]
fn symbolic_link_loop() {
    let err =
        fails(|s| std::os::unix::fs::symlink("..", s.root().join("content/news/loop")).unwrap());
    assert!(
        err.contains(
            "content/news/loop: error: this symbolic link points to a folder that contains it"
        ),
        "{err}"
    );
}

#[test]
fn aliases_cannot_replace_generated_pages() {
    for alias in ["/index.html", "/tags/", "/news/"] {
        let err = fails(|s| {
            s.edit(
                "content/news/春雷行动媒体聚焦.md",
                "/html/2021/0405/123.html",
                alias,
            );
        });
        assert!(err.contains("error:"), "{alias}: {err}");
    }
}

#[test]
fn two_folders_with_one_url() {
    let err = fails(|s| {
        s.write("content/通知/_index.md", "---\ntitle: 通知\n---\n");
        s.write("content/tong-zhi/_index.md", "---\ntitle: 通知二\n---\n");
    });
    assert!(err.contains("tong-zhi/"), "{err}");
}

#[test]
fn impossible_campaign_date() {
    let err = fails(|s| {
        s.edit(
            "content/campaigns/chunlei-2021/_index.md",
            "end: 2021-04-02",
            "end: 2021-04-31",
        );
    });
    assert!(
        err.contains("content/campaigns/chunlei-2021/_index.md:4: error:"),
        "{err}"
    );
}

#[test]
fn an_output_folder_of_other_files_is_refused() {
    let s = Site::fixture("basic");
    let out = s.build(&["--out", s.root().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(".bulletin-manifest"),
        "{}",
        stderr(&out)
    );
    assert!(
        s.root().join("site.toml").is_file(),
        "the site's own files must survive"
    );
    assert!(s.root().join("content/news/2021-05-10-shipin.md").is_file());
}

#[test]
fn content_at_the_sitemap_url_is_refused() {
    // Like /search/ and /archive/: the generated page keeps its URL.
    for (file, text) in [
        (
            "content/sitemap/a.md",
            "---\ntitle: 地图\ndate: 2021-01-01\n---\n",
        ),
        (
            "content/sitemap.md",
            "---\ntitle: 地图\ndate: 2021-01-01\n---\n",
        ),
    ] {
        let err = fails(|s| s.write(file, text));
        assert!(
            err.contains(
                "sitemap/index.html: error: two pages or files of the site have this output path"
            ),
            "{file}: {err}"
        );
    }
}
