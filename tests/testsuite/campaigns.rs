//! Campaigns (专项行动) on the home page and the campaigns list: 进行中
//! first, then 未开始, then 已结束, and the headline figures of each.

use scraper::Html;

use crate::common::*;

/// (campaign URL, status) of each campaign card on `page`, in order.
fn cards(doc: &Html, list: &str) -> Vec<(String, String)> {
    doc.select(&sel(&format!("{list} .campaign-card")))
        .map(|card| {
            let url = card
                .select(&sel(".campaign-title a"))
                .next()
                .and_then(|a| a.value().attr("href"))
                .unwrap()
                .to_string();
            let status = card
                .select(&sel(".status"))
                .next()
                .map(|s| s.text().collect::<String>())
                .unwrap_or_default();
            (url, status)
        })
        .collect()
}

/// The `label=value unit` of each headline figure of the card linking to `url`.
fn figures(doc: &Html, url: &str) -> Vec<String> {
    let card = doc
        .select(&sel(".home-campaigns .campaign-card"))
        .find(|c| {
            c.select(&sel(".campaign-title a"))
                .any(|a| a.value().attr("href") == Some(url))
        })
        .unwrap_or_else(|| panic!("no card for {url}"));
    card.select(&sel("dl.campaign-figures > div"))
        .map(|d| {
            let t = |css: &str| {
                d.select(&sel(css))
                    .map(|e| e.text().collect::<String>())
                    .collect::<String>()
            };
            format!("{}={} {}", t("dt"), t("dd .value"), t("dd .unit"))
        })
        .collect()
}

/// The first `n` rows of the kpi table of a campaign's dashboard, as
/// `label=value unit`: the numbers the headline figures must repeat, as
/// written in the statistics (the figures show them as the cards do).
fn kpi_rows(doc: &Html, n: usize) -> Vec<String> {
    doc.select(&sel("figure.chart-kpi table tbody tr"))
        .take(n)
        .map(|tr| {
            let th = tr
                .select(&sel("th"))
                .next()
                .unwrap()
                .text()
                .collect::<String>();
            let td: Vec<String> = tr
                .select(&sel("td"))
                .map(|e| e.text().collect::<String>())
                .collect();
            format!("{th}={} {}", td[0], td[1])
        })
        .collect()
}

#[test]
fn home_shows_ongoing_campaigns_first_with_their_figures() {
    let s = Site::copy_of(&repo());
    s.build_on("2026-11-23", &[]);
    let home = s.html("index.html");
    assert_eq!(
        cards(&home, ".home-campaigns"),
        [
            ("/campaigns/rural-food-2026/".into(), "进行中".into()),
            ("/campaigns/chunlei-2021/".into(), "已结束".into()),
        ]
    );
    assert_eq!(
        figures(&home, "/campaigns/rural-food-2026/"),
        [
            "出动执法人员=2386 人次",
            "检查农村食品经营主体=4127 户次",
            "检查农村集贸市场=186 个次"
        ]
    );
    assert_eq!(
        figures(&home, "/campaigns/chunlei-2021/"),
        [
            "出动执法人员=1114 人次",
            "出动执法车辆=307 台次",
            "检查各类市场主体=1533 户次"
        ]
    );
    // The same numbers as the campaign's dashboard.
    for c in ["rural-food-2026", "chunlei-2021"] {
        let url = format!("/campaigns/{c}/");
        let page = s.html(&format!("campaigns/{c}/index.html"));
        assert_eq!(figures(&home, &url), kpi_rows(&page, 3), "{c}");
    }

    // Another day, another order: in February 2021 春雷 was under way and
    // the rural campaign had not begun.
    s.build_on("2021-02-01", &[]);
    assert_eq!(
        cards(&s.html("index.html"), ".home-campaigns"),
        [
            ("/campaigns/chunlei-2021/".into(), "进行中".into()),
            ("/campaigns/rural-food-2026/".into(), "未开始".into()),
        ]
    );
}

#[test]
fn campaigns_are_grouped_by_status_newest_start_first() {
    let s = Site::copy_of(&repo());
    let campaign = |dir: &str, front: &str| {
        s.write(
            &format!("content/campaigns/{dir}/_index.md"),
            format!("---\ntitle: {dir}\n{front}\n---\n"),
        );
    };
    campaign("a-future", "start: 2027-03-01\nend: 2027-06-30");
    campaign("b-old", "start: 2019-05-01\nend: 2019-06-01");
    // A start with a time, compared as a date, not as text.
    campaign("c-now", "start: 2026-10-01 08:00\nstats: [stats.yaml]");
    campaign("d-sooner", "start: 2027-01-15");
    campaign("e-undated", "");
    s.write(
        "content/campaigns/c-now/stats.yaml",
        "display: wan\nmetrics:\n  - {id: a, label: 检查户次, value: 48600, unit: 户次}\n  - {id: b, label: 合格率, value: 98.50, unit: \"%\"}\n",
    );
    s.build_on("2026-11-23", &[]);
    let expected: Vec<(String, String)> = [
        // 进行中, the newest start first; without dates a campaign is under way.
        ("c-now", "进行中"),
        ("rural-food-2026", "进行中"),
        ("e-undated", "进行中"),
        // 未开始, newest start first.
        ("a-future", "未开始"),
        ("d-sooner", "未开始"),
        // 已结束.
        ("chunlei-2021", "已结束"),
        ("b-old", "已结束"),
    ]
    .iter()
    .map(|(d, st)| (format!("/campaigns/{d}/"), st.to_string()))
    .collect();
    let home = s.html("index.html");
    assert_eq!(cards(&home, ".home-campaigns"), expected);
    // The campaigns column lists them in the same order.
    assert_eq!(
        cards(&s.html("campaigns/index.html"), ".campaigns"),
        expected
    );
    // Figures formatted as the kpi cards show them; fewer than three when
    // the statistics have fewer; none without statistics.
    assert_eq!(
        figures(&home, "/campaigns/c-now/"),
        ["检查户次=4.86万 户次", "合格率=98.50 %"]
    );
    assert_eq!(
        kpi_rows(&s.html("campaigns/c-now/index.html"), 3),
        ["检查户次=48600 户次", "合格率=98.50 %"]
    );
    assert!(figures(&home, "/campaigns/a-future/").is_empty());
    assert_eq!(
        home.select(&sel(".home-campaigns dl.campaign-figures"))
            .count(),
        3,
        "only campaigns with statistics have figures"
    );
}
