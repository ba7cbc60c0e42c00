//! RSS 2.0 feeds and `sitemap.xml`. Written directly rather than through
//! templates: their format is fixed by the standards, not by the theme.

use std::fmt::Write;

use super::Site;

/// How many items a feed carries.
pub const FEED_LEN: usize = 20;

use crate::escape::xml as xml_escape;

/// An RSS feed of `items` (indices into `site.items`, newest first).
/// `page_path` is the page the feed belongs to, `feed_path` the feed itself.
pub fn rss(
    site: &Site,
    title: &str,
    description: &str,
    page_path: &str,
    feed_path: &str,
    items: &[usize],
) -> String {
    let offset = site.offset();
    let mut newest: Vec<usize> = items.to_vec();
    // Column lists put pinned items first; a feed is strictly by date.
    newest.sort_unstable();
    newest.truncate(FEED_LEN);
    let mut x = String::with_capacity(1024 + newest.len() * 512);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    let _ = writeln!(x, "<title>{}</title>", xml_escape(title));
    let _ = writeln!(x, "<link>{}</link>", xml_escape(&site.permalink(page_path)));
    let _ = writeln!(x, "<description>{}</description>", xml_escape(description));
    let _ = writeln!(
        x,
        "<language>{}</language>",
        xml_escape(&site.config.config.language)
    );
    let _ = writeln!(
        x,
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        xml_escape(&site.permalink(feed_path))
    );
    if let Some(&first) = newest.first() {
        let _ = writeln!(
            x,
            "<lastBuildDate>{}</lastBuildDate>",
            site.items[first].item.date.rfc2822(offset)
        );
    }
    for &i in &newest {
        let p = &site.items[i];
        let link = xml_escape(&site.permalink(&p.item.url_path));
        x.push_str("<item>\n");
        let _ = writeln!(
            x,
            "<title>{}</title>",
            xml_escape(&p.item.front.title.value)
        );
        let _ = writeln!(x, "<link>{link}</link>");
        let _ = writeln!(x, "<guid isPermaLink=\"true\">{link}</guid>");
        let _ = writeln!(x, "<pubDate>{}</pubDate>", p.item.date.rfc2822(offset));
        for &t in &p.tags {
            let _ = writeln!(x, "<category>{}</category>", xml_escape(&site.tags[t].name));
        }
        let _ = writeln!(x, "<description>{}</description>", xml_escape(&p.summary));
        x.push_str("</item>\n");
    }
    x.push_str("</channel>\n</rss>\n");
    x
}

/// `sitemap.xml`: absolute URLs (with the sub-path) of every page worth
/// indexing, items with their last change.
pub fn sitemap(site: &Site, pages: &[(String, Option<String>)]) -> String {
    let mut x = String::with_capacity(256 + pages.len() * 128);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, lastmod) in pages {
        let _ = write!(x, "<url><loc>{}</loc>", xml_escape(&site.permalink(path)));
        if let Some(m) = lastmod {
            let _ = write!(x, "<lastmod>{m}</lastmod>");
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}
