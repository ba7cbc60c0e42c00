//! docs/templates.md tells a theme's author what each template receives.
//! Held here to what the demo site's templates are really given
//! (`pages::template_values`), both ways: a value documented but not given
//! fails, and a value given but not documented fails.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::common::repo;

/// Every page's template and values, for the demo site.
fn given() -> Vec<(&'static str, Value)> {
    given_for(&repo())
}

/// The same for the site at `root`.
fn given_for(root: &std::path::Path) -> Vec<(&'static str, Value)> {
    let root = root.to_path_buf();
    let config = bulletin::config::Site::load(&root, None).expect("the demo's site.toml");
    let theme_name = config.config.theme.clone();
    let mut timer = bulletin::pipeline::StageTimer::new();
    let store = bulletin::base::store::Store::memory();
    let site = bulletin::pipeline::model(&root, config, false, store, &mut timer)
        .expect("the demo builds");
    let theme = bulletin::pages::theme::Theme::load(&root, &theme_name).expect("the theme");
    bulletin::pages::template_values(&site, &theme).expect("every page prepares")
}

fn doc() -> String {
    std::fs::read_to_string(repo().join("docs/templates.md")).unwrap()
}

/// The keys of the first `{…}` after `label` in the document: `{a, b: […],
/// c (…)}` gives a, b, c.
fn brace_keys(doc: &str, label: &str) -> BTreeSet<String> {
    let at = doc
        .find(label)
        .unwrap_or_else(|| panic!("docs/templates.md has no {label:?}"));
    let rest = &doc[at + label.len()..];
    let open = rest.find('{').expect("a {…} after the label");
    let mut depth = 0;
    let mut keys = BTreeSet::new();
    let mut part = String::new();
    for c in rest[open..].chars() {
        match c {
            '{' | '[' | '(' => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            '}' | ']' | ')' => {
                depth -= 1;
                if depth == 0 {
                    keys.insert(key_of(&part));
                    break;
                }
            }
            ',' if depth == 1 => {
                keys.insert(key_of(&part));
                part.clear();
                continue;
            }
            _ => {}
        }
        if depth >= 1 {
            part.push(c);
        }
    }
    keys.remove("");
    keys
}

/// The name a part of a shape starts with: `cover (url or "")` → cover.
fn key_of(part: &str) -> String {
    part.trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// The names in backticks of the paragraph after `label` that follow the
/// word `plus`, outside parentheses (which explain a value):
/// `` `iso`, `updated` (`YYYY-MM-DD` or ""), `items: [summary]` `` gives
/// iso, updated, items.
fn plus_keys(doc: &str, label: &str) -> BTreeSet<String> {
    let at = doc.find(label).expect("the label");
    let para = &doc[at..];
    let para = &para[..para.find("\n\n").unwrap_or(para.len())];
    let after = &para[para.find("plus").expect("`plus` in the paragraph")..];
    let mut keys = BTreeSet::new();
    let (mut depth, mut in_code, mut code) = (0usize, false, String::new());
    for c in after.chars() {
        match c {
            '`' if in_code => {
                in_code = false;
                if depth == 0 {
                    keys.insert(key_of(&code));
                }
                code.clear();
            }
            '`' => in_code = true,
            _ if in_code => code.push(c),
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    keys.remove("");
    keys
}

/// The keys of the first column of the table after `label` that start
/// with `prefix` (`site.title` → title).
fn table_keys(doc: &str, label: &str, prefix: &str) -> BTreeSet<String> {
    let at = doc.find(label).expect("the table's label");
    let table = doc[at..]
        .lines()
        .skip(1)
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.starts_with('|'));
    let mut keys = BTreeSet::new();
    for line in table.filter(|l| l.starts_with("| `")) {
        let first = line.split('|').nth(1).unwrap_or("");
        for name in first.split('`').skip(1).step_by(2) {
            if let Some(k) = name.strip_prefix(prefix) {
                keys.insert(k.to_string());
            }
        }
    }
    keys
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

/// The first value of `template`'s pages at `path` (`column`,
/// `items.0`) that is not empty.
fn first<'a>(pages: &'a [(&str, Value)], template: &str, path: &str) -> &'a Value {
    pages
        .iter()
        .filter(|(t, _)| *t == template)
        .filter_map(|(_, v)| {
            path.split('.')
                .try_fold(v, |v, p| match p.parse::<usize>() {
                    Ok(i) => v.get(i),
                    Err(_) => v.get(p),
                })
        })
        .find(|v| !v.is_null())
        .unwrap_or_else(|| panic!("no {template} page of the demo has {path}"))
}

#[test]
fn every_template_gets_the_values_the_table_of_templates_names() {
    let doc = doc();
    // The demo, and the writers' fixture, which has no 联系我们 and 声明 of
    // its own and gets the built-in ones.
    let mut pages = given();
    pages.extend(given_for(&crate::common::fixture("writers")));
    let mut documented: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let table = &doc[doc.find("## Template names").unwrap()..];
    for line in table.lines().skip(4) {
        if !line.starts_with("| `") {
            break;
        }
        let cells: Vec<&str> = line.split('|').collect();
        let template = cells[1].trim().trim_matches('`').to_string();
        let extra: BTreeSet<String> = cells[3]
            .split('`')
            .skip(1)
            .step_by(2)
            .map(String::from)
            .collect();
        documented.insert(template, extra);
    }
    let mut seen = BTreeSet::new();
    for (template, values) in &pages {
        let mut got = keys(values);
        got.remove("site");
        got.remove("page");
        let want = documented
            .get(*template)
            .unwrap_or_else(|| panic!("{template} is not in docs/templates.md"));
        assert_eq!(
            &got, want,
            "{template}: values given (left) and documented (right)"
        );
        seen.insert(template.to_string());
    }
    // base.html is extended, never rendered itself.
    documented.remove("base.html");
    let unused: Vec<&String> = documented.keys().filter(|t| !seen.contains(*t)).collect();
    assert!(
        unused.is_empty(),
        "documented, but no page uses them: {unused:?}"
    );
}

#[test]
fn site_and_page_hold_what_the_document_lists() {
    let doc = doc();
    let pages = given();
    let (_, home) = pages.iter().find(|(t, _)| *t == "index.html").unwrap();
    assert_eq!(
        keys(&home["site"]),
        table_keys(&doc, "`site` (the same on every page):", "site."),
        "site"
    );
    assert_eq!(
        keys(&home["site"]["urls"]),
        brace_keys(&doc, "| `site.urls` |"),
        "site.urls"
    );
    assert_eq!(
        keys(&home["site"]["organization"]),
        brace_keys(&doc, "| `site.organization` |"),
        "site.organization"
    );
    for (template, values) in &pages {
        assert_eq!(
            keys(&values["page"]),
            table_keys(&doc, "`page` (per page):", "page."),
            "{template}: page"
        );
    }
}

#[test]
fn each_shape_of_the_document_is_the_shape_given() {
    let doc = doc();
    let pages = given();
    let summary = brace_keys(&doc, "An item summary (in every list):");
    let campaign_summary = brace_keys(&doc, "A campaign summary:");
    let with = |base: &BTreeSet<String>, more: BTreeSet<String>| -> BTreeSet<String> {
        base.union(&more).cloned().collect()
    };
    let cases: Vec<(&str, &str, &str, BTreeSet<String>)> = vec![
        ("summary", "column.html", "items.0", summary.clone()),
        (
            "paginator",
            "column.html",
            "paginator",
            brace_keys(&doc, "`paginator`:"),
        ),
        (
            "paginator.pages",
            "column.html",
            "paginator.pages.0",
            brace_keys(&doc, "pages: ["),
        ),
        (
            "column",
            "column.html",
            "column",
            brace_keys(&doc, "`column`:"),
        ),
        ("home", "index.html", "home", brace_keys(&doc, "`home`:")),
        (
            "campaign summary",
            "index.html",
            "home.campaigns.0",
            campaign_summary.clone(),
        ),
        (
            "campaign",
            "campaign.html",
            "campaign",
            with(
                &campaign_summary,
                plus_keys(&doc, "`campaign`: a campaign summary"),
            ),
        ),
        (
            "item",
            "item.html",
            "item",
            with(&summary, plus_keys(&doc, "`item` (item.html, page.html)")),
        ),
        (
            "archive",
            "archive.html",
            "archive",
            brace_keys(&doc, "`archive`:"),
        ),
        ("tags", "tags.html", "tags.0", brace_keys(&doc, "`tags`:")),
        ("tag", "tag.html", "tag", brace_keys(&doc, "`tag`:")),
        (
            "target",
            "alias.html",
            "target",
            brace_keys(&doc, "`target` (alias.html):"),
        ),
        (
            "sitemap",
            "sitemap.html",
            "sitemap",
            brace_keys(&doc, "`sitemap` (sitemap.html):"),
        ),
    ];
    for (name, template, path, want) in cases {
        let got = keys(first(&pages, template, path));
        assert_eq!(got, want, "{name}: given (left), documented (right)");
    }
}
