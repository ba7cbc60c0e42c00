//! The duplicate rule (`duplicate`): two items whose texts are the same or
//! nearly so, as when a release is posted again under another title (重复
//!发布). Reported on the newer item, naming the older.
//!
//! A text is taken as a reader reads it (the text rules' units: no
//! Markdown, HTML tags, code or URLs), and of that only the characters
//! that carry meaning (Han characters, letters and digits), cut into
//! overlapping runs of [`SHINGLE`] characters. Two texts are near
//! duplicates when at least [`THRESHOLD`] of their runs are shared
//! (Jaccard similarity). Comparing every pair would be quadratic, so each
//! text gets a MinHash signature (one permutation hashing: [`BINS`] bins,
//! the least hash in each), signatures are banded for locality-sensitive
//! hashing, and only the pairs that share a band are compared, by
//! signature: with [`BINS`] bins the estimate is within 0.05 of the
//! similarity for nineteen pairs in twenty, and a pair near the
//! threshold is similar enough to be worth a look. Texts shorter than
//! [`MIN_CHARS`] are left out: two notices that say only 详见附件 are no
//! repost.

use std::collections::HashMap;

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use crate::base::cjk::is_han;
use crate::base::diagnostic::Diagnostic;
use crate::content::rel_path;
use crate::model::Site;

pub(super) const DUPLICATE: &str = "duplicate";

/// Characters per shingle.
const SHINGLE: usize = 5;
/// Shorter texts are not compared.
const MIN_CHARS: usize = 100;
/// Only the start of a long text is signed: a repost repeats it whole.
const MAX_CHARS: usize = 1000;
/// The share of shingles two texts must have in common.
const THRESHOLD: f64 = 0.8;
/// Bins of the signature, and the bits of a hash that pick one.
const BINS: usize = 128;
const BIN_BITS: u32 = 7;
/// Bands of [`ROWS`] bins: a pair of similarity 0.8 shares one with
/// probability 0.9999, a pair of 0.3 with 0.06.
const BANDS: usize = 24;
const ROWS: usize = 5;
/// A bin no shingle fell in (no hash is this large, the top bits being
/// the bin's).
const EMPTY: u64 = u64::MAX;
/// At most this many older members of each band are compared.
const PER_BAND: usize = 4;

/// The MinHash signature of a text.
pub(super) struct Signature {
    mins: [u64; BINS],
    /// The hash of all the text's meaningful characters: equal hashes
    /// are the same text.
    whole: u64,
}

/// The text's signature, or `None` when it is too short to compare. One
/// pass over the text, with nothing allocated: at 10,000 items every
/// item's text is signed.
pub(super) fn signature(body: &str) -> Option<Signature> {
    // A polynomial hash over the window, rolled one character at a time,
    // then mixed so that every bit is random.
    const BASE: u64 = 0x100_0000_01b3;
    const DROP: u64 = BASE.wrapping_pow(SHINGLE as u32);
    let mut mins = [EMPTY; BINS];
    let (mut window, mut rolling, mut whole) = ([0u64; SHINGLE], 0u64, 0u64);
    let mut count = 0;
    for c in body.chars().filter(|&c| meaningful(c)) {
        let c = u64::from(c.to_ascii_lowercase());
        whole = whole.wrapping_mul(BASE).wrapping_add(c);
        if count < MAX_CHARS {
            // The slot of the character that leaves the window.
            let slot = &mut window[count % SHINGLE];
            rolling = rolling
                .wrapping_mul(BASE)
                .wrapping_add(c)
                .wrapping_sub(slot.wrapping_mul(DROP));
            *slot = c;
            if count + 1 >= SHINGLE {
                // One multiplication mixes enough for the top bits (the
                // bin) and the order of the rest.
                let h = rolling.wrapping_mul(0x9e37_79b9_7f4a_7c15);
                // The top bits pick the bin, the rest compete in it.
                let bin = (h >> (64 - BIN_BITS)) as usize;
                mins[bin] = mins[bin].min(h & (u64::MAX >> BIN_BITS));
            }
        }
        count += 1;
    }
    (count >= MIN_CHARS).then(|| Signature {
        mins,
        whole: mix(whole ^ count as u64),
    })
}

/// Whether a character carries meaning: a Han character, a letter or a
/// digit. Punctuation and spaces are decided before the (slower) Unicode
/// tables are asked.
fn meaningful(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if is_han(c) {
        true
    } else {
        !matches!(c, '\u{2000}'..='\u{206f}' | '\u{3000}'..='\u{303f}' | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}')
            && c.is_alphanumeric()
    }
}

/// splitmix64's finaliser.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The share of two signatures' bins that agree, of those not empty in
/// both: an estimate of the texts' similarity, or 0 once it is sure to be
/// below the threshold. (A short text leaves bins
/// empty; that two texts both miss a bin says nothing of them.)
fn estimate(a: &Signature, b: &Signature) -> f64 {
    // Past this many differing bins the estimate is below the threshold
    // whatever the rest say: most pairs compared stop early.
    let most = (BINS as f64 * (1.0 - THRESHOLD)) as u32;
    let (mut same, mut used) = (0u32, 0u32);
    for (x, y) in a.mins.iter().zip(&b.mins) {
        if *x != EMPTY || *y != EMPTY {
            used += 1;
            same += u32::from(x == y);
            if used - same > most {
                return 0.0;
            }
        }
    }
    if used == 0 {
        0.0
    } else {
        f64::from(same) / f64::from(used)
    }
}

/// The near duplicates among the items of `signed` (item index and
/// signature, in the order of `Site::items`, newest first), each newer
/// item reported once, against the oldest text it repeats.
pub(super) fn duplicates(site: &Site, signed: &[(usize, Signature)]) -> Vec<Diagnostic> {
    let keys: Vec<Vec<u64>> = signed
        .iter()
        .map(|(_, sig)| band_keys(sig).collect())
        .collect();
    // Each band's bucket lists its members newest first, so its older
    // members are at its end.
    let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
    for (k, keys) in keys.iter().enumerate() {
        for &key in keys {
            buckets.entry(key).or_default().push(k);
        }
    }
    let mut out: Vec<Diagnostic> = signed
        .par_iter()
        .enumerate()
        .filter_map(|(k, (item, sig))| {
            let mut candidates: Vec<usize> = Vec::new();
            for key in &keys[k] {
                let members = &buckets[key];
                // A crowd of texts alike in a band but not near duplicates
                // (one template filled in many times) would make this
                // quadratic; the oldest few of each band are enough to
                // find the original of a repost.
                let older = members.iter().rev().take_while(|&&m| m > k);
                candidates.extend(older.take(PER_BAND));
            }
            candidates.sort_unstable();
            candidates.dedup();
            // The oldest text it repeats is the original.
            let (m, s) = candidates.iter().rev().find_map(|&m| {
                let s = estimate(sig, &signed[m].1);
                (s >= THRESHOLD).then_some((m, s))
            })?;
            let same = sig.whole == signed[m].1.whole;
            Some(finding(
                site,
                *item,
                signed[m].0,
                if same { 1.0 } else { s },
            ))
        })
        .collect();
    out.sort();
    out
}

/// The keys of a signature's bands (each band's number and bins), but
/// for bands all of whose bins are empty: those say nothing of the text.
fn band_keys(sig: &Signature) -> impl Iterator<Item = u64> + '_ {
    (0..BANDS).filter_map(|band| {
        let rows = &sig.mins[band * ROWS..(band + 1) * ROWS];
        if rows.iter().all(|&r| r == EMPTY) {
            return None;
        }
        let mut bytes = [0u8; 8 * (ROWS + 1)];
        bytes[..8].copy_from_slice(&(band as u64).to_le_bytes());
        for (i, r) in rows.iter().enumerate() {
            bytes[8 * (i + 1)..8 * (i + 2)].copy_from_slice(&r.to_le_bytes());
        }
        Some(xxh3_64(&bytes))
    })
}

/// The warning on item `newer`, which repeats item `old` with
/// similarity `s`.
fn finding(site: &Site, newer: usize, old: usize, s: f64) -> Diagnostic {
    let page = &site.items[newer].item;
    let other = rel_path(&site.items[old].item.source);
    let message = if s >= 1.0 {
        format!(
            "正文与{}相同：同一稿件重复发布的请删除一篇",
            other.display()
        )
    } else {
        format!(
            "正文与{}几乎相同（约{:.0}%相同）：同一稿件重复发布的请删除一篇，不同的信息请改写正文",
            other.display(),
            (s * 100.0).floor()
        )
    };
    Diagnostic::warning(rel_path(&page.source), page.body_line, message).with_rule(DUPLICATE)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RELEASE: &str = "4月2日，区市场监管局召开2021年春雷行动动员部署会，\
        安排部署打击侵权假冒、整治农村市场、规范网络交易等九个方面的重点任务。\
        会议要求，各市场监管所要提高政治站位，压实监管责任，聚焦群众反映强烈的\
        突出问题，坚持问题导向，集中力量查办一批大案要案，切实维护公平竞争的市场秩序，\
        让人民群众买得放心、吃得安心、用得舒心。";

    fn similarity(a: &str, b: &str) -> f64 {
        estimate(&signature(a).unwrap(), &signature(b).unwrap())
    }

    #[test]
    fn the_same_text_with_other_markup_is_the_same() {
        let reposted = format!("**{}**\n", RELEASE.replace('，', ",\n"));
        let (a, b) = (signature(RELEASE).unwrap(), signature(&reposted).unwrap());
        assert_eq!(estimate(&a, &b), 1.0);
        assert_eq!(a.whole, b.whole);
    }

    #[test]
    fn a_few_changed_words_are_near_and_another_text_is_far() {
        let edited = RELEASE
            .replace("九个", "十个")
            .replace("大案要案", "典型案件");
        let s = similarity(RELEASE, &edited);
        assert!((THRESHOLD..1.0).contains(&s), "{s}");
        assert_ne!(
            signature(RELEASE).unwrap().whole,
            signature(&edited).unwrap().whole
        );
        let other = "5月12日，区市场监管局联合区教育局对辖区中小学校食堂开展专项检查，\
            共检查学校食堂46家，发现问题隐患12处，已当场督促整改9处，\
            其余3处限期整改。检查组要求各学校落实食品安全校长负责制，\
            严格执行原料进货查验和索证索票制度，确保师生饮食安全。";
        let s = similarity(RELEASE, other);
        assert!(s < 0.1, "{s}");
    }

    #[test]
    fn short_texts_are_not_compared() {
        assert!(signature("详见附件。").is_none());
        assert!(signature(&"详见附件".repeat(30)).is_some());
    }
}
