//! 扫码浏览: every item page carries a QR code that a phone decodes to the
//! page's canonical URL.

use scraper::Html;

use crate::common::*;

/// The text of the QR code `svg` (an inline `svg.qr-code` as the page has
/// it), rasterised with resvg at 4 pixels per module and decoded with rqrr.
fn decode(svg: &str) -> Vec<String> {
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default())
        .unwrap_or_else(|e| panic!("not SVG ({e}): {svg}"));
    // `viewBox="0 0 41 41"`: the side in modules.
    let view_box = svg.split("viewBox=\"").nth(1).expect("a viewBox");
    let modules: f32 = view_box.split([' ', '"']).nth(2).unwrap().parse().unwrap();
    let w = (modules * 4.0) as u32;
    let scale = w as f32 / tree.size().width();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, w).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    qr_texts(&pixmap, 1)
}

/// (page, canonical URL, decoded QR texts) of every item page of the output.
fn item_pages(s: &Site) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    for f in files(&s.out()).into_iter().filter(|f| f.ends_with(".html")) {
        let doc = s.html(&f);
        if doc.select(&sel("body.kind-item")).next().is_none() {
            assert!(
                doc.select(&sel("svg.qr-code")).next().is_none(),
                "{f}: only item pages have a QR code"
            );
            continue;
        }
        let canonical = attrs(&doc, "link[rel=canonical]", "href")
            .pop()
            .unwrap_or_else(|| panic!("{f}: no canonical link"));
        let svgs: Vec<String> = doc.select(&sel("svg.qr-code")).map(|e| e.html()).collect();
        assert_eq!(svgs.len(), 1, "{f}: one QR code");
        assert_eq!(
            texts(&doc, "figure.qr figcaption"),
            ["扫码浏览"],
            "{f}: caption"
        );
        out.push((f, canonical, decode(&svgs[0])));
    }
    out
}

fn assert_every_code_is_its_page(pages: &[(String, String, Vec<String>)], prefix: &str) {
    assert!(pages.len() >= 25, "only {} item pages", pages.len());
    for (f, canonical, decoded) in pages {
        assert!(canonical.starts_with(prefix), "{f}: {canonical}");
        assert_eq!(decoded, std::slice::from_ref(canonical), "{f}");
    }
}

#[test]
fn every_item_page_has_a_qr_code_of_its_permalink() {
    let s = Site::copy_of(&repo());
    s.build_ok(&[]);
    assert_every_code_is_its_page(&item_pages(&s), "https://scjg.example.gov.cn/");
    // The SVG is drawn as the theme expects it.
    let doc: Html = s.html("news/2021-04-02-chunlei-press/index.html");
    let svg = doc.select(&sel("figure.qr > svg.qr-code")).next().unwrap();
    let a = |name: &str| svg.value().attr(name).map(String::from);
    assert_eq!(a("role").as_deref(), Some("img"));
    assert_eq!(a("aria-label").as_deref(), Some("本页网址二维码"));
    assert_eq!(a("shape-rendering").as_deref(), Some("crispEdges"));
    assert_eq!(a("width"), a("height"));
    let width: u32 = a("width").unwrap().parse().unwrap();
    assert!((96..=150).contains(&width), "{width}");
    assert_eq!(svg.select(&sel("path")).count(), 1, "one path");
    // Standalone pages have none.
    assert!(!s.file("about/index.html").contains("qr-code"));
}

#[test]
fn the_qr_code_follows_the_base_url() {
    let s = Site::copy_of(&repo());
    s.build_ok(&["--base-url", "http://127.0.0.1:8080/sub/"]);
    assert_every_code_is_its_page(&item_pages(&s), "http://127.0.0.1:8080/sub/");
}

#[test]
fn relative_urls_leave_the_qr_code_absolute() {
    let s = Site::fixture("basic");
    s.edit("site.toml", "relative_urls = false", "relative_urls = true");
    s.build_ok(&[]);
    let doc = s.html("news/2021-04-02-chunlei-press/index.html");
    let svg = doc.select(&sel("svg.qr-code")).next().unwrap().html();
    assert_eq!(
        decode(&svg),
        ["https://scjg.example.gov.cn/sub/news/2021-04-02-chunlei-press/"]
    );
}
