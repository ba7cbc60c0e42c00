//! The search index as written: found by decoding it as search.js does,
//! byte-identical from one build to the next, and small per query on a
//! large site. (The page itself is tested in tests/browser/search.test.mjs.)

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{self, Site};

/// `bulletinSearch.NAME(…);` → the JSON inside (after `N,` for shards).
fn payload(file: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(file).unwrap();
    let open = text.find('(').unwrap();
    let mut inner = &text[open + 1..text.rfind(");").unwrap()];
    if let Some((n, rest)) = inner.split_once(',') {
        if n.chars().all(|c| c.is_ascii_digit()) {
            inner = rest;
        }
    }
    serde_json::from_str(inner).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The keys of a query, as src/pages/search.rs and search.js make them: pairs of
/// each Chinese run (a lone character as itself), and each run of letters
/// and digits; full-width folded, lower case. Written anew here, so that
/// the test checks the index against the rule rather than the code.
fn keys(query: &str) -> Vec<String> {
    let cjk = |c: char| matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{3007}');
    let folded: String = query
        .chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap(),
            c => c,
        })
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let mut out = Vec::new();
    let mut rest = folded.as_str();
    while let Some(c) = rest.chars().next() {
        let kind = |c: char| {
            if cjk(c) {
                1
            } else if c.is_ascii_alphanumeric() {
                2
            } else {
                0
            }
        };
        let k = kind(c);
        let end = rest.find(|x: char| kind(x) != k).unwrap_or(rest.len());
        let run: Vec<char> = rest[..end].chars().collect();
        match k {
            1 if run.len() == 1 => out.push(run[0].to_string()),
            1 => out.extend(run.windows(2).map(|w| w.iter().collect::<String>())),
            2 => out.push(run.iter().collect()),
            _ => {}
        }
        rest = &rest[end..];
    }
    out
}

fn shard_of(key: &str, shards: u64) -> u64 {
    let mut h: u32 = 0x811c_9dc5;
    for b in key.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    u64::from(h) & (shards - 1)
}

/// doc → tf << 1 | in_title, from a postings string.
fn postings(s: &str) -> BTreeMap<u64, u64> {
    const LAST: &str = "0123456789abcdefghijklmnopqrstuv";
    const MORE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&*";
    let mut out = BTreeMap::new();
    let (mut v, mut doc, mut gap) = (0u64, 0u64, true);
    for c in s.chars() {
        match LAST.find(c) {
            Some(d) => {
                v = v * 32 + d as u64;
                if gap {
                    doc += v;
                } else {
                    out.insert(doc, v);
                }
                gap = !gap;
                v = 0;
            }
            None => v = v * 32 + MORE.find(c).expect("a digit") as u64,
        }
    }
    out
}

/// The index of a built site.
struct Index<'a> {
    dir: &'a Path,
    manifest: serde_json::Value,
}

impl<'a> Index<'a> {
    fn of(out: &'a Path) -> Index<'a> {
        Index {
            dir: out,
            manifest: payload(&out.join("search/index.js")),
        }
    }

    fn shards(&self) -> u64 {
        self.manifest["shards"].as_u64().unwrap()
    }

    fn shard_file(&self, key: &str) -> std::path::PathBuf {
        self.dir
            .join(format!("search/t/{}.js", shard_of(key, self.shards())))
    }

    /// Items holding every key of the query → packed values of the first key.
    fn find(&self, query: &str) -> BTreeMap<u64, u64> {
        let mut found: Option<BTreeMap<u64, u64>> = None;
        for k in keys(query) {
            let shard = payload(&self.shard_file(&k));
            let list = postings(shard[&k].as_str().unwrap_or(""));
            found = Some(match found {
                None => list,
                Some(f) => f
                    .into_iter()
                    .filter(|(d, _)| list.contains_key(d))
                    .collect(),
            });
        }
        found.unwrap_or_default()
    }

    /// Path of item `doc` (its place in the index).
    fn path(&self, doc: u64) -> String {
        let per = self.manifest["perFile"].as_u64().unwrap();
        let docs = payload(&self.dir.join(format!("search/d/{}.js", doc / per)));
        docs[(doc % per) as usize][1].as_str().unwrap().to_string()
    }

    /// What a query downloads: the manifest, a shard per key, and the item
    /// files of ten results (the largest ones, to be safe).
    fn cost(&self, query: &str) -> u64 {
        let size = |p: &Path| std::fs::metadata(p).unwrap().len();
        let mut shards: Vec<_> = keys(query).iter().map(|k| self.shard_file(k)).collect();
        shards.sort();
        shards.dedup();
        let mut docs: Vec<u64> = std::fs::read_dir(self.dir.join("search/d"))
            .unwrap()
            .map(|e| size(&e.unwrap().path()))
            .collect();
        docs.sort_unstable_by(|a, b| b.cmp(a));
        size(&self.dir.join("search/index.js"))
            + shards.iter().map(|p| size(p)).sum::<u64>()
            + docs.iter().take(10).sum::<u64>()
    }
}

#[test]
fn the_index_finds_words_as_search_js_reads_it() {
    let site = Site::demo();
    site.build_ok(&[]);
    let out = site.out();
    let index = Index::of(&out);
    let paths = |q: &str| -> Vec<String> { index.find(q).keys().map(|&d| index.path(d)).collect() };
    let cold = paths("冷链");
    assert!(
        cold.contains(&"news/2020-12-18-market-cold-chain/".to_string()),
        "{cold:?}"
    );
    assert!(!cold.contains(&"news/2021-03-08-business-start/".to_string()));
    assert_eq!(paths("KN95"), ["news/2020-03-06-mask-supply/"]);
    assert_eq!(paths("ＧＢ/Ｔ"), ["news/2020-03-06-mask-supply/"]);
    assert!(paths("12315").contains(&"news/2021-01-20-consumer-rights-2020/".to_string()));
    assert!(paths("量子计算机").is_empty());
    // The title flag: 冷链 is in the cold-chain item's title.
    let found = index.find("冷链");
    let (&doc, &packed) = found
        .iter()
        .find(|(&d, _)| index.path(d) == "news/2020-12-18-market-cold-chain/")
        .unwrap();
    assert_eq!(packed & 1, 1, "in the title of item {doc}");
    assert!(packed >> 1 >= 2, "and more than once");
    // Items are numbered newest first; years are ranges of them.
    let years = index.manifest["years"].as_array().unwrap();
    assert_eq!(years[0][1], 0);
    assert!(years
        .windows(2)
        .all(|w| w[0][0].as_i64() > w[1][0].as_i64()));
}

#[test]
fn the_index_is_the_same_every_build() {
    let site = Site::demo();
    site.build_ok(&[]);
    let first = common::files(&site.out().join("search"));
    let bytes: Vec<Vec<u8>> = first
        .iter()
        .map(|f| std::fs::read(site.out().join("search").join(f)).unwrap())
        .collect();
    std::fs::remove_dir_all(site.out()).unwrap();
    site.build_ok(&[]);
    assert_eq!(common::files(&site.out().join("search")), first);
    for (f, b) in first.iter().zip(bytes) {
        assert!(
            std::fs::read(site.out().join("search").join(f)).unwrap() == b,
            "{f}"
        );
    }
}

/// A site of `n` generated items of real Chinese prose (the demo's
/// paragraphs, cut into overlapping texts of 2,700 characters).
fn large_site(n: usize) -> Site {
    let site = Site::demo();
    let mut prose = String::new();
    for f in common::files(&site.root().join("content")) {
        if !f.ends_with(".md") {
            continue;
        }
        let text = site.read_source(&format!("content/{f}"));
        let body = text.splitn(3, "---").nth(2).unwrap_or("");
        for line in body.lines() {
            let plain = !line.contains(['[', ']', '(', '|', '#', '`', '*', ':', '<', '>']);
            if plain && line.chars().count() > 20 {
                prose.push_str(line.trim());
            }
        }
    }
    let chars: Vec<char> = prose.chars().collect();
    assert!(chars.len() > 5000, "enough prose: {}", chars.len());
    for i in 0..n {
        let at = (i * 7919) % (chars.len() - 2700);
        let text: String = chars[at..at + 2700].iter().collect();
        let title: String = chars[(at + 13) % (chars.len() - 30)..][..24]
            .iter()
            .collect();
        site.write(
            &format!("content/news/gen/{i:05}.md"),
            format!(
                "---\ntitle: \"{}\"\ndate: {}-{:02}-{:02}\n---\n\n{text}\n",
                title.replace('"', ""),
                2016 + i % 10,
                1 + i % 12,
                1 + i % 28
            ),
        );
    }
    site
}

/// Issue 7: a query on a large site loads less than 1 MB. The shards grow
/// with the site (about 16,000 postings each), so what a query costs does
/// not; 2,000 items keep the test quick, `BULLETIN_SEARCH_ITEMS=10000`
/// measures the size.
#[test]
fn a_query_on_a_large_site_loads_less_than_a_megabyte() {
    let n = std::env::var("BULLETIN_SEARCH_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let site = large_site(n);
    site.build_ok(&[]);
    let out = site.out();
    let index = Index::of(&out);
    let mut report = Vec::new();
    for q in [
        "冷链",
        "春雷行动",
        "知识产权",
        "12315",
        "KN95",
        "市场监督管理局 食品安全 检查",
        "价格监督检查科",
    ] {
        let cost = index.cost(q);
        report.push(format!("{q}: {} KB", cost / 1024));
        assert!(cost < 1024 * 1024, "{q} loads {cost} bytes");
    }
    let largest = common::files(&site.out().join("search/t"))
        .iter()
        .map(|f| {
            std::fs::metadata(site.out().join("search/t").join(f))
                .unwrap()
                .len()
        })
        .max()
        .unwrap();
    eprintln!(
        "{n} items, {} shards, largest {} KB; {}",
        index.shards(),
        largest / 1024,
        report.join(", ")
    );
    assert!(largest < 200 * 1024, "largest shard {largest} bytes");
}
