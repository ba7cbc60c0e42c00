//! The demo bureau site at the repository root builds cleanly and is
//! complete: it is what a newcomer sees first.

use crate::common::*;

#[test]
fn demo_site_builds_and_every_link_resolves() {
    let s = Site::copy_of(&repo());
    s.build_ok(&[]);
    let broken = broken_links(&s.out(), "/", false);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    let items = files(&s.out())
        .into_iter()
        .filter(|f| {
            f.ends_with("/index.html")
                && f.matches('/').count() >= 2
                && !f.starts_with("archive")
                && !f.starts_with("tags")
        })
        .count();
    assert!(items >= 25, "only {items} item pages");
}

#[test]
fn demo_site_uses_the_features_it_shows() {
    let s = Site::copy_of(&repo());
    s.build_ok(&[]);
    let all: Vec<String> = files(&s.out());
    let html_with = |needle: &str| {
        all.iter()
            .filter(|f| f.ends_with(".html"))
            .any(|f| s.file(f).contains(needle))
    };
    assert!(html_with("class=\"disclosure\""), "no disclosure table");
    assert!(html_with("相关附件"), "no attachment");
    assert!(all
        .iter()
        .any(|f| f.starts_with("campaigns/") && f.ends_with("index.html")));
    assert!(all.iter().any(|f| f.starts_with("tags/")));
    assert!(html_with("http-equiv=\"refresh\""), "no alias redirect");
    assert!(
        all.iter()
            .any(|f| f.ends_with(".jpg") || f.ends_with(".png")),
        "no cover image"
    );
}
