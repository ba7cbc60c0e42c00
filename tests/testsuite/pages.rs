//! The pages a build produces (README: Layout, The bureau theme) and what they carry.

use crate::common::*;

fn built() -> Site {
    let site = Site::fixture("basic");
    site.build_ok(&[]);
    site
}

#[test]
fn every_kind_of_page_is_written() {
    let s = built();
    for f in [
        "index.html",
        "news/index.html",
        "news/page/2/index.html",
        "news/2021-04-02-chunlei-press/index.html",
        "news/2022-12-22-wenjiang/index.html",
        "notices/index.html",
        "campaigns/index.html",
        "campaigns/chunlei-2021/index.html",
        "campaigns/chunlei-2021/2021-01-15-bushu/index.html",
        "reports/2020-summary/index.html",
        "about/index.html",
        "archive/index.html",
        "archive/2021/index.html",
        "archive/2021/04/index.html",
        "archive/2022/12/index.html",
        "tags/index.html",
        "search/index.html",
        "sitemap/index.html",
        "statement/index.html",
        "404.html",
        "rss.xml",
        "news/rss.xml",
        "sitemap.xml",
        "robots.txt",
        "img/dzjg.png",
        "css/bureau.css",
        "css/syntax.css",
        "news/2022-12-22-wenjiang/photo.png",
        "news/2022-12-22-wenjiang/list.pdf",
    ] {
        assert!(s.exists(f), "missing {f}; have {:?}", files(&s.out()));
    }
}

#[test]
fn drafts_only_with_the_flag() {
    let s = built();
    assert!(!s.exists("news/2021-07-01-draft/index.html"));
    assert!(!s.file("news/index.html").contains("尚未发布的稿件"));
    s.build_ok(&["--drafts"]);
    assert!(s.exists("news/2021-07-01-draft/index.html"));
}

#[test]
fn columns_paginate_newest_first_with_pinned_on_top() {
    let s = built();
    // paginate = 2; news has 5 items (the draft left out): 3 pages.
    let p1 = s.html("news/index.html");
    let titles = texts(&p1, "main .item-list .item-title");
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert_eq!(titles[0], "食品安全专项检查", "the pinned item comes first");
    assert_eq!(titles[1], "温江区压紧压实食品安全“两个责任”");
    let p2 = s.html("news/page/2/index.html");
    let t2 = texts(&p2, "main .item-list .item-title");
    assert_eq!(t2, ["计量监督检查", "春雷行动媒体聚焦"]);
    assert!(s.exists("news/page/3/index.html"));
    assert!(!s.exists("news/page/4/index.html"));
    // The paginator links the pages.
    let hrefs = attrs(&p1, "nav a[href]", "href");
    assert!(hrefs.iter().any(|h| h == "/sub/news/page/2/"), "{hrefs:?}");
}

#[test]
fn the_paginator_links_the_first_the_last_and_the_pages_near() {
    let s = Site::fixture("basic");
    for day in 1..=26 {
        s.write(
            &format!("content/news/2020-01-{day:02}-more.md"),
            format!("---\ntitle: 一月第{day}日动态\ndate: 2020-01-{day:02} 09:00\n---\n\n正文。\n"),
        );
    }
    s.build_ok(&[]);
    // 5 + 26 items, 2 a page.
    assert!(s.exists("news/page/16/index.html"));
    assert!(!s.exists("news/page/17/index.html"));
    let nav = |file: &str| texts(&s.html(file), "nav.paginator li");
    let pages = |numbers: &[&str]| {
        let mut v = vec!["上一页".to_string()];
        v.extend(numbers.iter().map(|n| match *n {
            "…" => "…".to_string(),
            n => format!("第{n}页"),
        }));
        v.extend(["下一页".to_string(), "共16页".to_string()]);
        v
    };
    assert_eq!(nav("news/index.html"), pages(&["1", "2", "3", "…", "16"]));
    assert_eq!(
        nav("news/page/8/index.html"),
        pages(&["1", "…", "6", "7", "8", "9", "10", "…", "16"])
    );
    // No "…" for nothing left out.
    assert_eq!(
        nav("news/page/4/index.html"),
        pages(&["1", "2", "3", "4", "5", "6", "…", "16"])
    );
    assert_eq!(
        nav("news/page/16/index.html"),
        pages(&["1", "…", "14", "15", "16"])
    );
    // Every link is a page of the column; the current one is marked.
    let page8 = s.html("news/page/8/index.html");
    for href in attrs(&page8, "nav.paginator a[href]", "href") {
        let rel = href.strip_prefix("/sub/").expect("under the site's root");
        assert!(s.exists(&format!("{rel}index.html")), "{href}");
    }
    assert_eq!(
        attrs(&page8, "nav.paginator a[aria-current]", "href"),
        ["/sub/news/page/8/"]
    );
}

#[test]
fn government_meta_tags() {
    let s = built();
    let item = s.html("news/2021-04-02-chunlei-press/index.html");
    assert_eq!(
        meta(&item, "SiteName").as_deref(),
        Some("测试区市场监督管理局")
    );
    assert_eq!(
        meta(&item, "SiteDomain").as_deref(),
        Some("scjg.example.gov.cn")
    );
    assert_eq!(meta(&item, "SiteIDCode").as_deref(), Some("5100000099"));
    assert_eq!(meta(&item, "ColumnName").as_deref(), Some("工作动态"));
    assert_eq!(
        meta(&item, "ColumnDescription").as_deref(),
        Some("本局工作动态")
    );
    assert_eq!(
        meta(&item, "ColumnKeywords").as_deref(),
        Some("市场监管,工作动态")
    );
    assert_eq!(meta(&item, "ColumnType").as_deref(), Some("工作动态"));
    assert_eq!(
        meta(&item, "ArticleTitle").as_deref(),
        Some("春雷行动2021新闻发布会召开")
    );
    assert_eq!(meta(&item, "PubDate").as_deref(), Some("2021-04-02 17:34"));
    assert_eq!(meta(&item, "ContentSource").as_deref(), Some("四川在线"));
    assert_eq!(
        meta(&item, "Keywords").as_deref(),
        Some("春雷行动,执法办案")
    );
    assert_eq!(meta(&item, "Author").as_deref(), Some("顾智洲"));
    assert_eq!(
        meta(&item, "Url").as_deref(),
        Some("https://scjg.example.gov.cn/sub/news/2021-04-02-chunlei-press/")
    );
    let cover = s.html("news/2022-12-22-wenjiang/index.html");
    assert_eq!(
        meta(&cover, "Image").as_deref(),
        Some("https://scjg.example.gov.cn/sub/news/2022-12-22-wenjiang/photo.png")
    );
    // Site tags on every page, column tags on column pages.
    for f in [
        "index.html",
        "archive/index.html",
        "tags/index.html",
        "404.html",
        "news/index.html",
    ] {
        let d = s.html(f);
        assert_eq!(meta(&d, "SiteIDCode").as_deref(), Some("5100000099"), "{f}");
    }
    assert_eq!(
        meta(&s.html("news/index.html"), "ColumnType").as_deref(),
        Some("工作动态")
    );
}

#[test]
fn item_shows_its_metadata() {
    let s = built();
    let doc = s.html("news/2021-04-02-chunlei-press/index.html");
    let text = doc.root_element().text().collect::<String>();
    for want in ["2021-04-02 17:34", "四川在线", "顾智洲", "李明"] {
        assert!(text.contains(want), "item page lacks {want}");
    }
    assert_eq!(
        attrs(&doc, "time[datetime]", "datetime")[0],
        "2021-04-02T17:34:00+08:00"
    );
    // The campaign named in front matter.
    assert!(attrs(&doc, "a[href]", "href").contains(&"/sub/campaigns/chunlei-2021/".to_string()));
    // Extra keys reach templates (the fixture overrides page.html to show one).
    let about = s.html("about/index.html");
    assert_eq!(texts(&about, ".override .region"), ["朝天区"]);
}

#[test]
fn disclosure_table() {
    let s = built();
    let doc = s.html("notices/2021-03-01-tongzhi/index.html");
    let table = texts(&doc, "table.disclosure");
    assert_eq!(table.len(), 1);
    for want in [
        "索引号",
        "11510000MB1234567X/2021-00012",
        "主题分类",
        "市场监管",
        "发文机关",
        "文号",
        "测市监发〔2021〕12号",
        "成文日期",
        "2021-02-28",
        "发布日期",
        "2021-03-01",
        "有效性",
        "有效",
    ] {
        assert!(
            table[0].contains(want),
            "disclosure table lacks {want}: {}",
            table[0]
        );
    }
}

#[test]
fn attachments_with_size_and_type() {
    let s = built();
    let doc = s.html("news/2022-12-22-wenjiang/index.html");
    let hrefs = attrs(&doc, "a[href$=\".pdf\"]", "href");
    assert_eq!(hrefs, ["/sub/news/2022-12-22-wenjiang/list.pdf"]);
    let text = doc.root_element().text().collect::<String>();
    assert!(text.contains("相关附件"));
    assert!(text.contains("责任清单"));
    assert!(text.contains("PDF"));
    // 40 copies of a 118-byte PDF: 4720 bytes → "5 KB".
    assert!(text.contains("5 KB"), "size missing");
}

#[test]
fn related_prev_next_and_tags() {
    let s = built();
    let doc = s.html("news/2022-12-22-wenjiang/index.html");
    let hrefs = attrs(&doc, "a[href]", "href");
    // `related` as written.
    assert!(hrefs.contains(&"/sub/news/2021-05-10-shipin/".to_string()));
    // By shared tags when not written: the chunlei press item shares 春雷行动.
    let press = s.html("news/2021-04-02-chunlei-press/index.html");
    let ph = attrs(&press, "a[href]", "href");
    assert!(ph.contains(&"/sub/news/chun-lei-xing-dong-mei-ti-ju-jiao/".to_string()));
    // 上一篇 is the older neighbour, 下一篇 the newer one, in the column.
    let text = press.root_element().text().collect::<String>();
    assert!(text.contains("上一篇"));
    assert!(text.contains("下一篇"));
    // Tag pages list items newest first.
    let tags = s.html("tags/index.html");
    let tag_links = attrs(&tags, "main a[href*=\"/tags/\"]", "href");
    assert!(
        tag_links.contains(&"/sub/tags/chun-lei-xing-dong/".to_string()),
        "{tag_links:?}"
    );
    let tag = s.html("tags/chun-lei-xing-dong/index.html");
    let items = texts(&tag, "main .item-list .item-title");
    assert_eq!(items[0], "春雷行动媒体聚焦");
}

#[test]
fn campaigns_and_archives() {
    let s = built();
    let c = s.html("campaigns/chunlei-2021/index.html");
    let text = c.root_element().text().collect::<String>();
    assert!(text.contains("已结束"), "status from the dates");
    assert!(text.contains("2021-01-01"));
    assert!(text.contains("测试区市场监督管理局"));
    // Its own item and the news item that names it.
    let hrefs = attrs(&c, "a[href]", "href");
    assert!(hrefs.contains(&"/sub/campaigns/chunlei-2021/2021-01-15-bushu/".to_string()));
    assert!(hrefs.contains(&"/sub/news/2021-04-02-chunlei-press/".to_string()));
    let index = s.html("campaigns/index.html");
    assert!(attrs(&index, "a[href]", "href").contains(&"/sub/campaigns/chunlei-2021/".to_string()));

    let archive = s.html("archive/index.html");
    let hrefs = attrs(&archive, "a[href]", "href");
    assert!(hrefs.contains(&"/sub/archive/2021/".to_string()));
    assert!(hrefs.contains(&"/sub/archive/2021/04/".to_string()));
    let april = s.html("archive/2021/04/index.html");
    let titles = texts(&april, "main .item-list .item-title");
    assert_eq!(titles, ["春雷行动媒体聚焦", "春雷行动2021新闻发布会召开"]);
}

#[test]
fn feeds_and_sitemap() {
    let s = built();
    for f in ["rss.xml", "news/rss.xml"] {
        let xml = s.file(f);
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{f}: {e}"));
        let items: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("item"))
            .collect();
        assert!(!items.is_empty(), "{f} has no item");
        let link = items[0]
            .children()
            .find(|n| n.has_tag_name("link"))
            .unwrap()
            .text()
            .unwrap();
        assert!(
            link.starts_with("https://scjg.example.gov.cn/sub/"),
            "{link}"
        );
    }
    let news = s.file("news/rss.xml");
    assert!(
        !news.contains("关于开展春雷行动的通知"),
        "a column feed holds only its items"
    );
    let site_feed = s.file("rss.xml");
    assert!(site_feed.contains("关于开展春雷行动的通知"));
    assert!(site_feed.contains("<pubDate>Thu, 22 Dec 2022 10:00:00 +0800</pubDate>"));

    let xml = s.file("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://scjg.example.gov.cn/sub/"));
    assert!(locs.contains(&"https://scjg.example.gov.cn/sub/news/2021-04-02-chunlei-press/"));
    assert!(locs.contains(&"https://scjg.example.gov.cn/sub/sitemap/"));
    assert!(locs
        .iter()
        .all(|l| l.starts_with("https://scjg.example.gov.cn/sub/")));
    assert!(!xml.contains("draft"));
}

#[test]
fn not_found_and_alias_pages() {
    let s = built();
    let nf = s.html("404.html");
    assert!(nf
        .root_element()
        .text()
        .collect::<String>()
        .contains("页面不存在"));
    let alias = s.file("html/2021/0405/123.html");
    let doc = scraper::Html::parse_document(&alias);
    let refresh = attrs(&doc, "meta[http-equiv=\"refresh\"]", "content");
    assert_eq!(refresh.len(), 1);
    assert!(
        refresh[0].contains("/sub/news/chun-lei-xing-dong-mei-ti-ju-jiao/"),
        "{}",
        refresh[0]
    );
    assert!(attrs(&doc, "link[rel=\"canonical\"]", "href")[0]
        .starts_with("https://scjg.example.gov.cn/sub/news/chun-lei-xing-dong-mei-ti-ju-jiao/"));
}

#[test]
fn footer_carries_the_required_marks() {
    let s = built();
    for f in [
        "index.html",
        "news/2021-04-02-chunlei-press/index.html",
        "404.html",
    ] {
        let doc = s.html(f);
        let footer = texts(&doc, "footer").join(" ");
        for want in [
            "测试区市场监督管理局",
            "测试区政务中心三楼",
            "0839-1234567",
            "5100000099",
            "蜀ICP备12345678号",
            "川公网安备 51000000000099号",
            "政府网站找错",
            "网站地图",
            "联系我们",
            "网站声明",
        ] {
            assert!(footer.contains(want), "{f}: footer lacks {want}");
        }
        let hrefs = attrs(&doc, "footer a[href]", "href");
        assert!(
            hrefs
                .iter()
                .any(|h| h.starts_with("https://beian.miit.gov.cn")),
            "{f}: ICP link"
        );
        assert!(
            hrefs
                .iter()
                .any(|h| h.contains("beian.mps.gov.cn") && h.contains("51000000000099")),
            "{f}: 公安 link"
        );
        assert!(
            hrefs.iter().any(|h| h.contains("errorInfo")),
            "{f}: 我要纠错 link"
        );
        assert_eq!(
            attrs(&doc, "footer img", "src"),
            ["/sub/img/dzjg.png"],
            "{f}: 党政机关网站标识"
        );
    }
}

#[test]
fn draft_columns_hide_their_items_and_a_draft_home_is_still_built() {
    let s = Site::fixture("basic");
    s.edit(
        "content/notices/_index.md",
        "type: 通知公告",
        "type: 通知公告\ndraft: true",
    );
    // A link into a draft column fails like any link to a missing page.
    s.edit(
        "content/news/2021-04-02-chunlei-press.md",
        "和[通知](/notices/2021-03-01-tongzhi.md)",
        "",
    );
    s.edit(
        "content/_index.md",
        "description:",
        "draft: true\ndescription:",
    );
    s.build_ok(&[]);
    assert!(!s.exists("notices/index.html"));
    assert!(!s.exists("notices/2021-03-01-tongzhi/index.html"));
    assert!(!s.file("sitemap.xml").contains("notices"));
    assert!(!s.file("rss.xml").contains("关于开展春雷行动的通知"));
    assert!(s.exists("index.html"));
    s.build_ok(&["--drafts"]);
    assert!(s.exists("notices/2021-03-01-tongzhi/index.html"));
}

#[test]
fn a_tag_written_twice_counts_once() {
    let s = Site::fixture("basic");
    s.edit(
        "content/news/2021-05-10-shipin.md",
        "tags: [食品安全, 执法办案]",
        "tags: [食品安全, 执法办案, 食品安全]",
    );
    s.build_ok(&[]);
    let doc = s.html("news/2021-05-10-shipin/index.html");
    assert_eq!(meta(&doc, "Keywords").as_deref(), Some("食品安全,执法办案"));
}

#[test]
fn files_placed_beside_the_site_survive_a_rebuild() {
    let s = Site::fixture("basic");
    s.build_ok(&[]);
    std::fs::write(s.out().join("MP_verify_abc.txt"), "abc").unwrap();
    std::fs::remove_file(s.root().join("content/news/2021-06-01-jiliang.md")).unwrap();
    s.build_ok(&[]);
    assert!(s.exists("MP_verify_abc.txt"));
    assert!(!s.exists("news/2021-06-01-jiliang/index.html"));
}

#[test]
fn the_html_sitemap_lists_every_part_of_the_site() {
    let s = built();
    let doc = s.html("sitemap/index.html");
    assert_eq!(attrs(&doc, "body", "class"), ["kind-sitemap"]);
    assert_eq!(texts(&doc, "h1"), ["网站地图"]);
    assert_eq!(texts(&doc, ".breadcrumb a"), ["首页"]);
    assert_eq!(texts(&doc, ".breadcrumb [aria-current]"), ["网站地图"]);
    // The columns in the order of the main navigation…
    let top = attrs(&doc, ".sitemap-tree > li > a", "href");
    assert_eq!(top, attrs(&doc, ".main-nav a", "href"));
    assert_eq!(
        top,
        [
            "/sub/",
            "/sub/news/",
            "/sub/notices/",
            "/sub/campaigns/",
            "/sub/reports/"
        ]
    );
    assert_eq!(
        texts(&doc, ".sitemap-tree > li > .sitemap-description"),
        ["本局工作动态"]
    );
    // …with the campaigns under 专项行动.
    let campaigns = doc
        .select(&sel(".sitemap-tree > li"))
        .find(|li| {
            li.select(&sel("a"))
                .next()
                .and_then(|a| a.value().attr("href"))
                == Some("/sub/campaigns/")
        })
        .unwrap();
    let nested: Vec<_> = campaigns
        .select(&sel("li > ul > li > a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(nested, ["/sub/campaigns/chunlei-2021/"]);
    // The archive's years, the standalone pages and the site's services.
    assert_eq!(
        attrs(&doc, ".sitemap-years a", "href"),
        ["/sub/archive/2022/", "/sub/archive/2021/"]
    );
    let hrefs = attrs(&doc, "main a", "href");
    for want in [
        "/sub/archive/",
        "/sub/tags/",
        "/sub/search/",
        "/sub/rss.xml",
        "/sub/about/",
        "/sub/statement/",
    ] {
        assert!(hrefs.iter().any(|h| h == want), "sitemap lacks {want}");
    }
    let text = texts(&doc, "main").join(" ");
    for want in [
        "联系我们",
        "网站声明",
        "标签",
        "站内搜索",
        "RSS订阅",
        "2021年",
    ] {
        assert!(text.contains(want), "sitemap lacks {want}");
    }
    // Every page's footer links it.
    for f in [
        "index.html",
        "news/2021-04-02-chunlei-press/index.html",
        "404.html",
    ] {
        let footer = s.html(f);
        assert!(
            attrs(&footer, "footer a", "href").contains(&"/sub/sitemap/".to_string()),
            "{f}"
        );
    }
}

#[test]
fn content_pages_win_over_the_built_in_ones() {
    let s = built();
    let statement = s.file("statement/index.html");
    assert!(statement.contains("本网站所载内容版权归测试区市场监督管理局所有。"));
    assert!(
        !statement.contains("隐私声明"),
        "the built-in text is not used"
    );
    // The fixture's page.html override renders the content's 联系我们.
    assert_eq!(
        texts(&s.html("about/index.html"), ".override h1"),
        ["联系我们"]
    );
}

#[test]
fn without_content_pages_the_built_in_ones_are_used() {
    let s = Site::fixture("basic");
    std::fs::remove_file(s.root().join("content/about.md")).unwrap();
    std::fs::remove_file(s.root().join("content/statement.md")).unwrap();
    s.build_ok(&[]);
    let about = s.html("about/index.html");
    assert_eq!(texts(&about, "h1"), ["联系我们"]);
    let text = texts(&about, "main").join(" ");
    for want in ["测试区市场监督管理局", "测试区政务中心三楼", "0839-1234567"] {
        assert!(text.contains(want), "联系我们 lacks {want}");
    }
    assert!(attrs(&about, "main a", "href")
        .iter()
        .any(|h| h.contains("errorInfo")));

    let statement = s.html("statement/index.html");
    assert_eq!(texts(&statement, "h1"), ["网站声明"]);
    assert_eq!(
        texts(&statement, "main h2"),
        ["版权声明", "隐私声明", "链接声明", "免责声明"]
    );
    let text = texts(&statement, "main").join(" ");
    for want in ["测试区市场监督管理局", "Cookie", "localStorage", "长者模式"] {
        assert!(text.contains(want), "网站声明 lacks {want}");
    }
    // Linked from every footer and the sitemaps.
    for f in ["index.html", "news/index.html", "about/index.html"] {
        let hrefs = attrs(&s.html(f), "footer a", "href");
        assert!(hrefs.contains(&"/sub/about/".to_string()), "{f}");
        assert!(hrefs.contains(&"/sub/statement/".to_string()), "{f}");
    }
    let xml = s.file("sitemap.xml");
    assert!(xml.contains("<loc>https://scjg.example.gov.cn/sub/about/</loc>"));
    assert!(xml.contains("<loc>https://scjg.example.gov.cn/sub/statement/</loc>"));
    let map = attrs(&s.html("sitemap/index.html"), "main a", "href");
    assert!(map.contains(&"/sub/about/".to_string()));
    assert!(map.contains(&"/sub/statement/".to_string()));
    let broken = broken_links(&s.out(), "/sub/", false);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn a_column_at_a_built_in_url_wins_too() {
    let s = Site::fixture("basic");
    std::fs::remove_file(s.root().join("content/about.md")).unwrap();
    s.write("content/about/_index.md", "---\ntitle: 关于我们\n---\n");
    s.write(
        "content/about/jigou.md",
        "---\ntitle: 机构职能\ndate: 2021-01-01\n---\n正文。\n",
    );
    s.build_ok(&[]);
    let about = s.html("about/index.html");
    assert_eq!(attrs(&about, "body", "class"), ["kind-column"]);
    assert!(attrs(&about, "footer a", "href").contains(&"/sub/about/".to_string()));
}
