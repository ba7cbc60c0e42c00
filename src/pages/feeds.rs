//! RSS 2.0 feeds and `sitemap.xml`. Written directly rather than through
//! templates: their format is fixed by the standards, not by the theme.

use std::fmt::Write;

use super::prepare::Prepared;
use crate::base::escape::xml as xml_escape;
use crate::model::{urls, Site};

/// How many items a feed carries.
pub const FEED_LEN: usize = 20;

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

/// The most URLs one sitemap file lists: sitemaps.org allows 50,000 (and
/// 50 MB; ours take about 130 bytes a URL).
pub const SITEMAP_URLS: usize = 50_000;

/// The sitemap files, as (output path, XML): `sitemap.xml` with the
/// absolute URL (with the sub-path) of every page worth indexing, items
/// with their last change. A site of more pages than [`SITEMAP_URLS`] gets
/// `sitemap-1.xml`, `sitemap-2.xml`, … instead, and `sitemap.xml` becomes
/// their index, as Zola splits a large sitemap: search engines ignore the
/// rest of a file past the limit.
pub fn sitemaps(site: &Site, pages: &[(String, Option<String>)]) -> Vec<(String, String)> {
    sitemap_files(&|path| site.permalink(path), pages, SITEMAP_URLS)
}

fn sitemap_files(
    permalink: &dyn Fn(&str) -> String,
    pages: &[(String, Option<String>)],
    per_file: usize,
) -> Vec<(String, String)> {
    const HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
    const XMLNS: &str = "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"";
    let urlset = |pages: &[(String, Option<String>)]| {
        let mut x = String::with_capacity(256 + pages.len() * 128);
        x.push_str(HEAD);
        let _ = writeln!(x, "<urlset {XMLNS}>");
        for (path, lastmod) in pages {
            let _ = write!(x, "<url><loc>{}</loc>", xml_escape(&permalink(path)));
            if let Some(m) = lastmod {
                let _ = write!(x, "<lastmod>{m}</lastmod>");
            }
            x.push_str("</url>\n");
        }
        x.push_str("</urlset>\n");
        x
    };
    if pages.len() <= per_file {
        return vec![(urls::SITEMAP_XML.to_string(), urlset(pages))];
    }
    let mut index = String::from(HEAD);
    let _ = writeln!(index, "<sitemapindex {XMLNS}>");
    let mut files = Vec::new();
    for (n, part) in pages.chunks(per_file.max(1)).enumerate() {
        let path = format!("sitemap-{}.xml", n + 1);
        let _ = write!(
            index,
            "<sitemap><loc>{}</loc>",
            xml_escape(&permalink(&path))
        );
        // All in the site's one offset, so the greatest text is the newest.
        if let Some(m) = part.iter().filter_map(|(_, m)| m.as_deref()).max() {
            let _ = write!(index, "<lastmod>{m}</lastmod>");
        }
        index.push_str("</sitemap>\n");
        files.push((path, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, (urls::SITEMAP_XML.to_string(), index));
    files
}

/// The site's feed.
pub(super) fn site_feed<'a>(site: &'a Site) -> Prepared<'a> {
    let title = site.config.config.title.as_str();
    let ids: Vec<usize> = (0..site.items.len().min(FEED_LEN)).collect();
    let description = site.columns[0]
        .section
        .front
        .description
        .clone()
        .unwrap_or_else(|| title.to_string());
    let xml = rss(site, title, &description, urls::HOME, urls::SITE_FEED, &ids);
    Prepared::File {
        path: urls::SITE_FEED.into(),
        bytes: xml.into_bytes(),
    }
}

/// A column's feed.
pub(super) fn column_feed<'a>(site: &'a Site, col: usize) -> Prepared<'a> {
    let title = site.config.config.title.as_str();
    let c = &site.columns[col];
    let feed_title = format!("{} - {}", c.section.title, title);
    let description = c
        .section
        .front
        .description
        .clone()
        .unwrap_or_else(|| c.section.title.clone());
    let path = urls::feed_path(&c.section.url_path);
    let xml = rss(
        site,
        &feed_title,
        &description,
        &c.section.url_path,
        &path,
        &c.items,
    );
    Prepared::File {
        path,
        bytes: xml.into_bytes(),
    }
}

/// sitemap.xml (an index of several past 50,000 pages).
pub(super) fn sitemap<'a>(site: &'a Site) -> Prepared<'a> {
    let files = sitemaps(site, &sitemap_entries(site));
    let files = files.into_iter().map(|(p, x)| (p, x.into_bytes()));
    Prepared::Files(files.collect())
}

/// Pages listed in sitemap.xml, with the date of their last change.
fn sitemap_entries(site: &Site) -> Vec<(String, Option<String>)> {
    let offset = site.offset();
    let newest = site.newest().map(|w| w.rfc3339(offset));
    let mut v = vec![(String::new(), newest.clone())];
    for c in site.columns.iter().skip(1) {
        let last = c
            .items
            .iter()
            .min()
            .map(|&i| site.items[i].item.date.rfc3339(offset));
        v.push((c.section.url_path.clone(), last));
    }
    for p in site.items.iter().chain(site.pages.iter()) {
        let w = p.item.updated.unwrap_or(p.item.date);
        v.push((p.item.url_path.clone(), Some(w.rfc3339(offset))));
    }
    v.extend(site.builtin_pages().map(|b| (b.path.to_string(), None)));
    v.push((urls::ARCHIVE.into(), newest));
    v.push((urls::TAGS.into(), None));
    v.push((urls::SITEMAP_PAGE.into(), None));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locs(xml: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
        doc.descendants()
            .filter(|n| n.has_tag_name("loc"))
            .map(|n| n.text().unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn a_sitemap_past_the_limit_is_split_under_an_index() {
        let permalink = |path: &str| format!("https://example.gov.cn/sub/{path}");
        let pages: Vec<(String, Option<String>)> = (1..=5)
            .map(|n| {
                (
                    format!("news/{n}/"),
                    Some(format!("2021-0{n}-01T09:00:00+08:00")),
                )
            })
            .collect();
        let all: Vec<String> = pages.iter().map(|(p, _)| permalink(p)).collect();

        let one = sitemap_files(&permalink, &pages, 5);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, "sitemap.xml");
        assert_eq!(locs(&one[0].1), all);

        let split = sitemap_files(&permalink, &pages, 2);
        let paths: Vec<&str> = split.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        let index = roxmltree::Document::parse(&split[0].1).unwrap();
        assert_eq!(index.root_element().tag_name().name(), "sitemapindex");
        assert_eq!(
            locs(&split[0].1),
            paths[1..].iter().map(|p| permalink(p)).collect::<Vec<_>>()
        );
        // Each part's newest change.
        let lastmods: Vec<&str> = index
            .descendants()
            .filter(|n| n.has_tag_name("lastmod"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(
            lastmods,
            [
                "2021-02-01T09:00:00+08:00",
                "2021-04-01T09:00:00+08:00",
                "2021-05-01T09:00:00+08:00"
            ]
        );
        let listed: Vec<String> = split[1..].iter().flat_map(|(_, x)| locs(x)).collect();
        assert_eq!(listed, all, "every page once, in order");
    }
}
