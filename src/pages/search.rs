//! The site search index: made at build time, read in the browser by the
//! theme's `js/search.js`. No server, nothing from other hosts.
//!
//! Chinese is written without spaces, so the index holds pairs of
//! characters: 知识产权 is found as 知识 ∧ 识产 ∧ 产权, and a run of one
//! character is its own term. Letters and digits make whole words (kn95,
//! 12315, gb, t). Full-width letters and digits become half-width and
//! letters lower-case first; both sides do exactly this (search.js mirrors
//! [`each_term`]). A query term matches an item holding all its pairs; for
//! a word of several terms the page then checks each candidate against the
//! item's title, tags and text, the very words that were indexed, so that
//! the count it shows is the count of results it lists.
//!
//! The files, all JavaScript that calls `bulletinSearch.…`, so that they
//! load by `<script>` tags from any sub-path and from file:// (where
//! `fetch` is refused):
//!
//! - `search/index.js`: how many shards and items, the columns, each
//!   item's column, and the items of each year (items are numbered newest
//!   first, so a year is a range);
//! - `search/t/N.js`: the terms whose hash falls in shard N, each with its
//!   postings; a query loads one shard per distinct term;
//! - `search/d/N.js`: title, path, date, column, text and tags of
//!   [`DOCS_PER_FILE`] items, loaded for the results on screen and to check
//!   the candidates of a word of several terms.
//!
//! Postings are per item, in order: the gap from the previous item, then
//! `tf << 1 | in_title` (tf capped at [`MAX_TF`]), each number written in
//! base-32 digits, most significant first: `0-9a-v` ends a number,
//! `A-Z!#$%&*` carries on. On the 10,000-item corpus the terms take about
//! 21 MB and the items' texts 100 MB; a query loads a few hundred KB.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use rayon::prelude::*;

use crate::base::cjk::is_han;
use crate::base::diagnostic::Diagnostic;
use crate::base::sink::Sink;
use crate::base::store::{Store, Stored};
use crate::model::{Page, Site};

/// Items in each `search/d/N.js`: results on screen come ten at a time,
/// mostly neighbours in date.
pub const DOCS_PER_FILE: usize = 4;

/// The words behind word keys (see [`key`]), sorted by key.
type Words = Vec<(u64, String)>;

/// Items whose terms are found together, in parallel, before their
/// postings are appended in order.
const BLOCK: usize = 512;

/// The most occurrences of a term in one item that count.
const MAX_TF: u32 = 15;

/// About how many postings a shard holds: a shard is loaded whole for one
/// term, so this bounds what a query term costs (~40 KB).
const POSTINGS_PER_SHARD: usize = 16_000;

/// Digits that end a number, and digits that carry on (see module docs).
const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
const MORE: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&*";

/// Writes the term index: `search/index.js` and the shards. The item
/// files come from [`docs_file`], one job each.
///
/// Items are taken a block at a time, in order, so that each term's
/// postings are written as they come and only the encoded index is held:
/// about a fifth of the items' plain text.
///
/// With `cache` (`bulletin serve`), the terms of items whose text, title
/// and tags are unchanged come from the last time: finding them is most of
/// the work.
pub fn write(site: &Site, cache: Option<&mut TermCache>, out: &dyn Sink) -> Result<(), Diagnostic> {
    let shards = shard_count(site);
    let mut kept = TermCache::default();
    let mut index = Index::new(&site.store, shards, HELD_BYTES);
    let mut words: HashMap<u64, String> = HashMap::new();
    // A block's entries by shard: (item, `key << 5 | packed`).
    let mut by_shard: Vec<Vec<(u32, u64)>> = vec![Vec::new(); shards];
    for (b, items) in site.items.chunks(BLOCK).enumerate() {
        let last = cache.as_deref();
        // Each item's terms, and the shard of each.
        let terms: Vec<(Arc<ItemTerms>, Vec<u16>)> = items
            .par_iter()
            .map(|p| {
                let t = match last.and_then(|c| c.get(p)) {
                    Some(known) => known,
                    None => Arc::new(item_terms(site, p)?),
                };
                let placed = t
                    .list
                    .iter()
                    .map(|e| key_shard(e >> 5, &t.words, shards) as u16);
                let placed = placed.collect();
                Ok::<_, Diagnostic>((t, placed))
            })
            .collect::<Result<_, _>>()?;
        // In order, so that each term's postings are too.
        for (j, (p, (t, placed))) in items.iter().zip(terms).enumerate() {
            let doc = (b * BLOCK + j) as u32;
            for (&e, s) in t.list.iter().zip(placed) {
                by_shard[usize::from(s)].push((doc, e));
            }
            for (k, w) in &t.words {
                words.entry(*k).or_insert_with(|| w.clone());
            }
            if cache.is_some() {
                kept.put(p, t);
            }
        }
        index.add(&mut by_shard)?;
    }
    drop(by_shard);
    if let Some(c) = cache {
        // Only this site's items: the terms of deleted ones are dropped.
        *c = kept;
    }
    // Each shard is gathered, made into its file, written and dropped in
    // turn: the index is never held whole.
    index
        .into_shards()
        .into_par_iter()
        .enumerate()
        .try_for_each(|(n, shard)| {
            let mut terms: Vec<(u64, Postings)> = shard.gather()?.into_iter().collect();
            terms.sort_unstable_by_key(|(k, _)| *k);
            let mut js = format!("bulletinSearch.shard({n},{{");
            for (i, (key, p)) in terms.iter().enumerate() {
                if i > 0 {
                    js.push(',');
                }
                // Chinese characters, letters and digits: nothing to escape.
                js.push('"');
                js.push_str(&key_text(*key, &words));
                js.push_str("\":\"");
                js.push_str(&p.digits);
                js.push('"');
            }
            js.push_str("});\n");
            out.write(&shard_path(n), js.as_bytes())
        })?;
    out.write("search/index.js", &manifest(site, shards))
}

/// The terms of each item of the last index (`bulletin serve`), by source,
/// with what they were found in.
#[derive(Default)]
pub struct TermCache(HashMap<String, (Stored, String, Vec<String>, Arc<ItemTerms>)>);

impl TermCache {
    /// The terms of `p`, if its text, title and tags are as last time.
    fn get(&self, p: &Page) -> Option<Arc<ItemTerms>> {
        let (text, title, tags, terms) = self.0.get(&p.item.source)?;
        let same =
            text.same(&p.text) && *title == p.item.front.title.value && *tags == p.item.front.tags;
        same.then(|| terms.clone())
    }

    fn put(&mut self, p: &Page, terms: Arc<ItemTerms>) {
        let found_in = (
            p.text.clone(),
            p.item.front.title.value.clone(),
            p.item.front.tags.clone(),
            terms,
        );
        self.0.insert(p.item.source.clone(), found_in);
    }
}

/// An item's terms as `key << 5 | tf << 1 | in_title`, sorted, and the
/// words of its word keys.
struct ItemTerms {
    list: Vec<u64>,
    words: Words,
}

/// A term's postings so far, in the digits of the module docs.
#[derive(Default)]
struct Postings {
    digits: String,
    /// The item of the last posting: the next one is written as the gap.
    last: u32,
}

impl Postings {
    /// Appends `later`, the postings of later items begun from nothing:
    /// its first gap counts from item 0, and becomes the gap from `last`.
    fn append(&mut self, later: Postings) {
        if self.digits.is_empty() {
            *self = later;
            return;
        }
        let (first, len) = read_number(&later.digits);
        push_number(&mut self.digits, first - self.last);
        self.digits.push_str(&later.digits[len..]);
        self.last = later.last;
    }
}

/// About how many bytes of postings the index holds in memory before it
/// puts them in the store: the index of 10,000 items fits (about 20 MB
/// encoded), that of 100,000 would take a third of a gigabyte.
const HELD_BYTES: usize = 64 << 20;

/// The postings of each shard's terms as the blocks of items come. When
/// those held pass a budget they go to the site's store as one run per
/// shard, and each shard is gathered from its runs at the end: its terms
/// appear in several runs, each run's postings later than the last's.
struct Index<'a> {
    store: &'a Store,
    budget: usize,
    /// By shard: the postings since the last spill, by term key.
    held: Vec<HashMap<u64, Postings>>,
    /// About how many bytes `held` takes.
    held_bytes: usize,
    /// By shard: the runs put in the store, oldest first.
    runs: Vec<Vec<Stored>>,
}

/// One shard's runs and held postings, to be gathered.
struct Shard<'a> {
    store: &'a Store,
    runs: Vec<Stored>,
    held: HashMap<u64, Postings>,
}

impl<'a> Index<'a> {
    fn new(store: &'a Store, shards: usize, budget: usize) -> Index<'a> {
        Index {
            store,
            budget,
            held: (0..shards).map(|_| HashMap::new()).collect(),
            held_bytes: 0,
            runs: vec![Vec::new(); shards],
        }
    }

    /// Adds a block's postings, `(item, key << 5 | packed)` by shard, each
    /// shard's in item order; empties `by_shard`.
    fn add(&mut self, by_shard: &mut [Vec<(u32, u64)>]) -> Result<(), Diagnostic> {
        let grown: usize = self
            .held
            .par_iter_mut()
            .zip(by_shard.par_iter_mut())
            .map(|(terms, entries)| {
                // A new term costs its map entry as well as its digits.
                let before = terms.capacity() * 48;
                let mut grown = 0;
                for (doc, e) in entries.drain(..) {
                    let p = terms.entry(e >> 5).or_default();
                    let had = p.digits.capacity();
                    push_number(&mut p.digits, doc - p.last);
                    push_number(&mut p.digits, (e & 31) as u32);
                    p.last = doc;
                    grown += p.digits.capacity() - had;
                }
                grown + (terms.capacity() * 48).saturating_sub(before)
            })
            .sum();
        self.held_bytes += grown;
        if self.held_bytes > self.budget {
            self.spill()?;
        }
        Ok(())
    }

    /// Puts what is held in the store, one run per shard: a line per term,
    /// `key last digits`, the key in hex.
    fn spill(&mut self) -> Result<(), Diagnostic> {
        let store = self.store;
        let runs: Vec<Option<Stored>> = self
            .held
            .par_iter_mut()
            .map(|terms| {
                if terms.is_empty() {
                    return Ok(None);
                }
                let mut run = String::new();
                for (key, p) in std::mem::take(terms) {
                    let _ = writeln!(run, "{key:x} {} {}", p.last, p.digits);
                }
                store.put(&run).map(Some)
            })
            .collect::<Result<_, Diagnostic>>()?;
        for (shard, run) in self.runs.iter_mut().zip(runs) {
            shard.extend(run);
        }
        self.held_bytes = 0;
        Ok(())
    }

    fn into_shards(self) -> Vec<Shard<'a>> {
        let store = self.store;
        self.runs
            .into_iter()
            .zip(self.held)
            .map(|(runs, held)| Shard { store, runs, held })
            .collect()
    }
}

impl Shard<'_> {
    /// The shard's terms with all their postings.
    fn gather(self) -> Result<HashMap<u64, Postings>, Diagnostic> {
        if self.runs.is_empty() {
            return Ok(self.held);
        }
        let mut terms: HashMap<u64, Postings> = HashMap::new();
        for run in &self.runs {
            let text = self.store.get(run)?;
            for line in text.lines() {
                let mut parts = line.split(' ');
                let (Some(key), Some(last), Some(digits)) = (
                    parts.next().and_then(|k| u64::from_str_radix(k, 16).ok()),
                    parts.next().and_then(|l| l.parse().ok()),
                    parts.next(),
                ) else {
                    return Err(Diagnostic::error(
                        "search",
                        0,
                        "the search index's scratch data is damaged; build again",
                    ));
                };
                let later = Postings {
                    digits: digits.to_string(),
                    last,
                };
                terms.entry(key).or_default().append(later);
            }
        }
        for (key, later) in self.held {
            terms.entry(key).or_default().append(later);
        }
        Ok(terms)
    }
}

/// How many shards the terms are split into. A shard is loaded whole for
/// a term, so its size bounds what a term costs; postings are about a
/// ninth of the text's bytes in Chinese.
fn shard_count(site: &Site) -> usize {
    let text: usize = site.items.iter().map(|p| p.text.len()).sum();
    (text / 9 / POSTINGS_PER_SHARD)
        .max(1)
        .next_power_of_two()
        .clamp(16, 4096)
}

/// The paths of the files [`write`] writes, known without making the
/// index (`bulletin check` declares them: pages link to none, but a
/// writer may).
pub fn index_files(site: &Site) -> Vec<String> {
    let mut files: Vec<String> = (0..shard_count(site)).map(shard_path).collect();
    files.push("search/index.js".to_string());
    files
}

/// The path of the `n`th `search/t/N.js` file.
fn shard_path(n: usize) -> String {
    format!("search/t/{n}.js")
}

/// The path of the `n`th `search/d/N.js` file.
pub fn docs_path(n: usize) -> String {
    format!("search/d/{n}.js")
}

/// How many `search/d/N.js` files the site has.
pub fn doc_files(site: &Site) -> usize {
    site.items.len().div_ceil(DOCS_PER_FILE)
}

/// `search/d/N.js`: title, path, date, column, text and tags of its items:
/// everything [`item_terms`] indexes, so that the page's check of a result
/// sees the words that made it one.
pub fn docs_file(site: &Site, n: usize) -> Result<(String, Vec<u8>), Diagnostic> {
    let from = n * DOCS_PER_FILE;
    let chunk =
        &site.items[from.min(site.items.len())..(from + DOCS_PER_FILE).min(site.items.len())];
    let docs: Vec<serde_json::Value> = chunk
        .iter()
        .map(|p| {
            Ok(serde_json::json!([
                p.item.front.title.value,
                p.item.url_path,
                p.item.date.date(),
                site.columns[p.column].section.title,
                site.store.get(&p.text)?,
                item_tags(p).collect::<Vec<_>>(),
            ]))
        })
        .collect::<Result<_, Diagnostic>>()?;
    let json = serde_json::to_string(&docs).unwrap_or_default();
    Ok((
        docs_path(n),
        format!("bulletinSearch.docs({n},{json});\n").into_bytes(),
    ))
}

/// An item's terms (see [`ItemTerms`]), from its title, tags and text.
fn item_terms(site: &Site, p: &Page) -> Result<ItemTerms, Diagnostic> {
    let mut words = Vec::new();
    let mut title: Vec<u64> = Vec::new();
    each_term(&p.item.front.title.value, |t| {
        title.push(key(t, &mut words));
    });
    let mut all = title.clone();
    title.sort_unstable();
    for tag in item_tags(p) {
        each_term(tag, |t| all.push(key(t, &mut words)));
    }
    each_term(&site.store.get(&p.text)?, |t| all.push(key(t, &mut words)));
    all.sort_unstable();
    let mut out = Vec::with_capacity(all.len() / 2);
    let mut i = 0;
    while i < all.len() {
        let k = all[i];
        let mut n = 0;
        while i < all.len() && all[i] == k {
            n += 1;
            i += 1;
        }
        let in_title = u64::from(title.binary_search(&k).is_ok());
        out.push(k << 5 | u64::from(n.min(MAX_TF)) << 1 | in_title);
    }
    words.sort_unstable();
    words.dedup();
    Ok(ItemTerms { list: out, words })
}

/// An item's tags as the index and the item files hold them.
fn item_tags(p: &Page) -> impl Iterator<Item = &str> {
    p.item
        .front
        .tags
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
}

/// A term as a number: a pair of characters as their two code points, one
/// character as its code point, a word as a 40-bit hash (its text kept in
/// `words`). Chinese characters of the index are all below U+10000.
fn key(t: Term, words: &mut Vec<(u64, String)>) -> u64 {
    match t {
        Term::Pair(a, b) => 1 << 40 | u64::from(a) << 16 | u64::from(b),
        Term::One(c) => 2 << 40 | u64::from(c),
        Term::Word(w) => {
            let k = 3 << 40 | (xxhash_rust::xxh3::xxh3_64(w.as_bytes()) & ((1 << 40) - 1));
            words.push((k, w.to_string()));
            k
        }
    }
}

/// The shard of a term from its key, without making its text for the
/// Chinese ones (almost all); `words` are the item's words by key.
fn key_shard(key: u64, words: &[(u64, String)], shards: usize) -> usize {
    let mut buf = [0u8; 6];
    let mut len = 0;
    let mut put = |v: u64| {
        let c = char::from_u32((v & 0xffff) as u32).unwrap_or(' ');
        len += c.encode_utf8(&mut buf[len..]).len();
    };
    match key >> 40 {
        1 => {
            put(key >> 16);
            put(key);
        }
        2 => put(key),
        _ => {
            let word = words
                .binary_search_by_key(&key, |(k, _)| *k)
                .map_or("", |i| words[i].1.as_str());
            return shard_of(word, shards);
        }
    }
    fnv_shard(&buf[..len], shards)
}

/// The text of a term from its key.
fn key_text(key: u64, words: &HashMap<u64, String>) -> String {
    let ch = |v: u64| char::from_u32((v & 0xffff) as u32).unwrap_or(' ');
    match key >> 40 {
        1 => [ch(key >> 16), ch(key)].iter().collect(),
        2 => ch(key).to_string(),
        _ => words.get(&key).cloned().unwrap_or_default(),
    }
}

/// `search/index.js`.
fn manifest(site: &Site, shards: usize) -> Vec<u8> {
    // Items are filtered by the column of the main navigation they are in.
    let top = |mut c: usize| {
        while let Some(p) = site.columns[c].parent {
            if p == 0 {
                break;
            }
            c = p;
        }
        c
    };
    let columns: Vec<usize> = site.nav.clone();
    let titles: Vec<&str> = columns
        .iter()
        .map(|&c| site.columns[c].section.title.as_str())
        .collect();
    // One character per item: its column's place in `columns`, counted
    // from U+0100 (no character JSON must escape); U+00FF for none.
    let col: String = site
        .items
        .iter()
        .map(|p| {
            let at = columns.iter().position(|&c| c == top(p.column));
            at.and_then(|i| char::from_u32(0x100 + i as u32))
                .unwrap_or('\u{ff}')
        })
        .collect();
    let years: Vec<[i64; 3]> = site
        .years
        .iter()
        .filter_map(|y| {
            let first = *y.items.first()? as i64;
            let last = *y.items.last()? as i64;
            Some([i64::from(y.year), first, last])
        })
        .collect();
    let manifest = serde_json::json!({
        "version": 1,
        "shards": shards,
        "docs": site.items.len(),
        "perFile": DOCS_PER_FILE,
        "columns": titles,
        "col": col,
        "years": years,
    });
    format!("bulletinSearch.manifest({manifest});\n").into_bytes()
}

/// Appends `n` in the digits of the module docs.
fn push_number(out: &mut String, n: u32) {
    let mut digits = [0u8; 7];
    let mut len = 0;
    let mut v = n;
    loop {
        digits[len] = (v & 31) as u8;
        len += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        let d = digits[i] as usize;
        out.push(if i == 0 { LAST[d] } else { MORE[d] } as char);
    }
}

/// The first number of `digits` and how many bytes it takes.
fn read_number(digits: &str) -> (u32, usize) {
    let mut v: u64 = 0;
    for (i, b) in digits.bytes().enumerate() {
        if let Some(d) = LAST.iter().position(|&x| x == b) {
            return ((v << 5 | d as u64) as u32, i + 1);
        }
        let d = MORE.iter().position(|&x| x == b).unwrap_or(0);
        v = v << 5 | d as u64;
    }
    (v as u32, digits.len())
}

/// The shard of a term: FNV-1a over its UTF-8 bytes (search.js computes
/// the same).
fn shard_of(term: &str, shards: usize) -> usize {
    fnv_shard(term.as_bytes(), shards)
}

fn fnv_shard(bytes: &[u8], shards: usize) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (h as usize) & (shards - 1)
}

/// A character as the index sees it: full-width ASCII as half-width,
/// letters lower-case. One UTF-16 unit in, one out, so that search.js can
/// find words in the normalised text and mark them in the original.
fn normal(c: char) -> char {
    let c = match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        c => c,
    };
    c.to_ascii_lowercase()
}

/// A term of the index.
#[derive(Clone, Copy)]
enum Term<'a> {
    /// Two Chinese characters in a row (code points below U+10000).
    Pair(u16, u16),
    /// A Chinese character standing alone.
    One(u16),
    /// A run of letters and digits, normalised.
    Word(&'a str),
}

/// Calls `f` with each term of `text`, in order, repeats included:
/// character pairs of each Chinese run (or the character of a run of one),
/// and each run of letters and digits.
fn each_term(text: &str, mut f: impl FnMut(Term)) {
    let mut han: Vec<u16> = Vec::new();
    let mut word = String::new();
    let flush_han = |han: &mut Vec<u16>, f: &mut dyn FnMut(Term)| {
        match han.len() {
            0 => {}
            1 => f(Term::One(han[0])),
            _ => han.windows(2).for_each(|w| f(Term::Pair(w[0], w[1]))),
        }
        han.clear();
    };
    for c in text.chars().map(normal) {
        if is_han(c) {
            if !word.is_empty() {
                f(Term::Word(&word));
                word.clear();
            }
            han.push(c as u32 as u16);
        } else if c.is_ascii_alphanumeric() {
            flush_han(&mut han, &mut f);
            word.push(c);
        } else {
            flush_han(&mut han, &mut f);
            if !word.is_empty() {
                f(Term::Word(&word));
                word.clear();
            }
        }
    }
    flush_han(&mut han, &mut f);
    if !word.is_empty() {
        f(Term::Word(&word));
    }
}

/// The terms of a text as strings (what search.js computes for a query).
#[cfg(test)]
fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut words = Vec::new();
    each_term(text, |t| {
        let k = key(t, &mut words);
        let map: HashMap<u64, String> = words.iter().cloned().collect();
        out.push(key_text(k, &map));
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_pairs_and_latin_words() {
        assert_eq!(terms("知识产权"), ["知识", "识产", "产权"]);
        assert_eq!(terms("冷链"), ["冷链"]);
        assert_eq!(terms("药"), ["药"]);
        assert_eq!(
            terms("ＫＮ95口罩，GB/T 32610—2016"),
            ["kn95", "口罩", "gb", "t", "32610", "2016"]
        );
        assert_eq!(terms("拨打12315热线"), ["拨打", "12315", "热线"]);
        assert_eq!(terms("  "), Vec::<String>::new());
    }

    #[test]
    fn numbers_round_trip_in_the_digits() {
        fn decode(s: &str) -> Vec<u32> {
            let mut out = Vec::new();
            let mut v = 0u32;
            for b in s.bytes() {
                if let Some(d) = LAST.iter().position(|&x| x == b) {
                    out.push(v * 32 + d as u32);
                    v = 0;
                } else {
                    let d = MORE.iter().position(|&x| x == b).expect("a digit");
                    v = v * 32 + d as u32;
                }
            }
            out
        }
        let ns = [0, 1, 31, 32, 33, 1023, 1024, 99_999, u32::MAX];
        let mut s = String::new();
        for n in ns {
            push_number(&mut s, n);
        }
        assert_eq!(decode(&s), ns);
        assert!(!s.contains(['"', '\\']));
    }

    #[test]
    fn an_index_put_in_the_store_in_runs_gathers_as_one_held_whole() {
        // Postings of 40 blocks of items over 8 shards, some terms in many
        // blocks, some in few; gaps of 0 (item 0), 1 and thousands.
        let shards = 8;
        let blocks: Vec<Vec<Vec<(u32, u64)>>> = (0..40u32)
            .map(|b| {
                let mut by_shard = vec![Vec::new(); shards];
                // Items of later blocks are later, as in `write`.
                for k in (0..100).step_by(1 + (b as usize % 7)) {
                    let doc = b * 1000 + k * (1 + b % 3);
                    let rare = 50 + u64::from(b % 13 != 0);
                    let terms = [
                        1u64,
                        2,
                        3 + u64::from(doc % 5),
                        8,
                        900 + u64::from(b / 10),
                        rare,
                    ];
                    for term in terms {
                        let packed = term << 5 | u64::from(doc % 31);
                        by_shard[(term as usize) % shards].push((doc, packed));
                    }
                }
                // Each shard's postings in item order, as `write` makes them.
                by_shard.iter_mut().for_each(|s| s.sort_unstable());
                by_shard
            })
            .collect();
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::scratch_in(dir.path()).expect("scratch file");
        let gathered = |budget: usize| {
            let mut index = Index::new(&store, shards, budget);
            for block in &blocks {
                index.add(&mut block.clone()).expect("add");
            }
            let spilled = index.runs.iter().map(Vec::len).sum::<usize>();
            let shards: Vec<Vec<(u64, String, u32)>> = index
                .into_shards()
                .into_iter()
                .map(|shard| {
                    let mut terms: Vec<_> = shard
                        .gather()
                        .expect("gather")
                        .into_iter()
                        .map(|(k, p)| (k, p.digits, p.last))
                        .collect();
                    terms.sort();
                    terms
                })
                .collect();
            (shards, spilled)
        };
        let (whole, none) = gathered(usize::MAX);
        let (in_runs, spilled) = gathered(0);
        assert_eq!(none, 0);
        assert!(spilled >= 40 * 5, "every block spilled: {spilled} runs");
        assert_eq!(in_runs, whole);
        assert!(whole.iter().all(|s| !s.is_empty()));
    }

    #[test]
    fn read_number_reads_what_push_number_wrote() {
        for n in [0, 5, 31, 32, 1 << 20, u32::MAX] {
            let mut s = String::new();
            push_number(&mut s, n);
            let len = s.len();
            s.push_str("7A0");
            assert_eq!(read_number(&s), (n, len));
        }
    }

    #[test]
    fn shards_are_fnv_1a() {
        // The same values as search.js's shardOf (FNV-1a 32 of UTF-8).
        assert_eq!(shard_of("", 1 << 31), 0x811c_9dc5 & 0x7fff_ffff);
        assert_eq!(shard_of("a", 1 << 31), 0xe40c_292c & 0x7fff_ffff);
        assert!(shard_of("冷链", 512) < 512);
    }
}
