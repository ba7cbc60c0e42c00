//! URLs: pretty, ASCII, honouring the sub-path, or relative (README: Layout).

use crate::common::*;

#[test]
fn chinese_file_names_get_pinyin_slugs() {
    let s = Site::fixture("basic");
    s.build_ok(&[]);
    assert!(s.exists("news/chun-lei-xing-dong-mei-ti-ju-jiao/index.html"));
    for f in files(&s.out()) {
        assert!(f.is_ascii(), "non-ASCII output path {f}");
    }
}

#[test]
fn every_internal_link_has_the_sub_path_and_resolves() {
    let s = Site::fixture("basic");
    s.build_ok(&[]);
    let broken = broken_links(&s.out(), "/sub/", false);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn base_url_flag_changes_every_link() {
    let s = Site::fixture("basic");
    s.build_ok(&["--base-url", "https://other.gov.cn/a/b/"]);
    let broken = broken_links(&s.out(), "/a/b/", false);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(s
        .file("sitemap.xml")
        .contains("<loc>https://other.gov.cn/a/b/news/</loc>"));
}

#[test]
fn relative_urls_work_from_any_folder() {
    let s = Site::fixture("basic");
    s.edit("site.toml", "relative_urls = false", "relative_urls = true");
    s.build_ok(&[]);
    let broken = broken_links(&s.out(), "", true);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    let doc = s.html("news/2021-04-02-chunlei-press/index.html");
    let css = attrs(&doc, "link[rel=\"stylesheet\"]", "href");
    assert!(css.iter().all(|h| h.starts_with("../../")), "{css:?}");
    let home = attrs(&doc, "header a[href]", "href");
    assert!(home.contains(&"../../index.html".to_string()), "{home:?}");
    // The alias page's redirect leads to the item from where it stands.
    let alias = s.html("html/2021/0405/123.html");
    let refresh = attrs(&alias, "meta[http-equiv=\"refresh\"]", "content").remove(0);
    let target = refresh.split("url=").nth(1).unwrap();
    assert_eq!(
        target,
        "../../../news/chun-lei-xing-dong-mei-ti-ju-jiao/index.html"
    );
    assert!(s.out().join("html/2021/0405").join(target).is_file());
    // The output moved elsewhere still works: nothing names /sub/.
    for f in files(&s.out()).iter().filter(|f| f.ends_with(".html")) {
        let html = s.file(f);
        assert!(!html.contains("href=\"/sub/"), "{f} has a root link");
    }
}
