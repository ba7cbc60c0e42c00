//! 扫码浏览: the QR code of a page's permalink as a small inline SVG, so a
//! reader can open on a phone the page printed or shown on a screen.
//!
//! The symbol is drawn by hand from the module matrix: one white `<rect>`
//! (the background with a 4-module quiet zone, as the QR standard asks)
//! and one `<path>` that strokes the horizontal runs of dark modules, each
//! a line one module wide along the middle of its row (`M4 4.5h7m1 0h1…`:
//! half the bytes of a filled rectangle per run, `M{x} {y}h{n}v1h-{n}z`,
//! which matters at 10,000 pages). The `viewBox` is in module units and the
//! width is a whole number of pixels per module, about 120 px, so the code
//! stays crisp on screen and scanners see square modules. The same text
//! always gives the same bytes.
//!
//! The `qrcode` crate encodes the text (segments, version, error
//! correction) and, once per version, shows where the function patterns
//! and each data bit go ([`Layout`]); the data is placed, masked and the
//! mask chosen here, on rows of bits. The crate's own `QrCode::new` scores
//! the eight masks with the standard's penalty rules too, but allocates for
//! every module it looks at: about 1 ms a code, 10 s of CPU for a
//! 10,000-item site. Here a code takes about 37 µs (0.4 s of CPU for 10,000
//! items), and a unit test checks that the symbol is the one the crate
//! draws. Symbols wider than 64 modules (URLs over 251 bytes) are left to
//! the crate.

use std::sync::OnceLock;

use qrcode::canvas::{Canvas, Module};
use qrcode::{bits, ec, Color, EcLevel, QrCode, Version};

/// Modules of light margin around the symbol (the standard's quiet zone).
const QUIET: usize = 4;

/// The size the code is drawn at, in CSS pixels (rounded to whole pixels
/// per module).
const TARGET_PX: usize = 120;

/// Error correction level M: a URL of up to 62 bytes fits a 33×33 symbol,
/// and up to 15% of it may be damaged or dirty.
const LEVEL: EcLevel = EcLevel::M;

/// The masks, numbered 0 to 7 as in the standard (000 to 111): on equal
/// penalties the lower number wins, as in the `qrcode` crate.
const MASKS: usize = 8;

/// The widest symbol whose rows fit a `u64`: up to version 11 (61 modules,
/// a URL of up to 251 bytes).
const MAX_FAST_WIDTH: usize = 64;

/// The SVG of the QR code of `text`, or None when the text is too long for
/// any QR code (more than about 2,300 bytes).
pub(super) fn svg(text: &str) -> Option<String> {
    let (width, dark) = matrix(text)?;
    let size = width + 2 * QUIET;
    let scale = ((TARGET_PX + size / 2) / size).max(2);
    let px = size * scale;
    let mut out: Vec<u8> = Vec::with_capacity(400 + width * width * 2);
    out.extend_from_slice(
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr-code\" role=\"img\" aria-label=\"",
    );
    out.extend_from_slice("本页网址二维码".as_bytes());
    out.extend_from_slice(b"\" viewBox=\"0 0 ");
    push_number(&mut out, size);
    out.push(b' ');
    push_number(&mut out, size);
    out.extend_from_slice(b"\" width=\"");
    push_number(&mut out, px);
    out.extend_from_slice(b"\" height=\"");
    push_number(&mut out, px);
    out.extend_from_slice(b"\" shape-rendering=\"crispEdges\"><rect width=\"");
    push_number(&mut out, size);
    out.extend_from_slice(b"\" height=\"");
    push_number(&mut out, size);
    out.extend_from_slice(b"\" fill=\"#fff\"/><path fill=\"none\" stroke=\"#000\" d=\"");
    // Each run of dark modules is a line one module thick along the middle
    // of its row: `M4 4.5h7` starts a row, `m2 0h1` moves past light
    // modules to the next run. About 6 bytes a run, 2 KB for a 33×33
    // symbol; written byte by byte, as `write!` took a third of the time
    // of a code.
    for (y, row) in dark.chunks(width).enumerate() {
        // Where the pen is in this row: None before the first run.
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            match pen {
                None => {
                    out.push(b'M');
                    push_number(&mut out, start + QUIET);
                    out.push(b' ');
                    push_number(&mut out, y + QUIET);
                    out.extend_from_slice(b".5");
                }
                Some(at) => {
                    out.push(b'm');
                    push_number(&mut out, start - at);
                    out.extend_from_slice(b" 0");
                }
            }
            out.push(b'h');
            push_number(&mut out, x - start);
            pen = Some(x);
        }
    }
    out.extend_from_slice(b"\"/></svg>");
    // UTF-8 by construction: this never fails.
    String::from_utf8(out).ok()
}

/// Appends the decimal digits of `n`.
fn push_number(s: &mut Vec<u8>, n: usize) {
    if n >= 10 {
        push_number(s, n / 10);
    }
    s.push(b'0' + (n % 10) as u8);
}

/// The symbol of `text`: its width in modules and whether each module is
/// dark, row by row.
fn matrix(text: &str) -> Option<(usize, Vec<bool>)> {
    let bits = bits::encode_auto(text.as_bytes(), LEVEL).ok()?;
    let version = bits.version();
    let width = usize::try_from(version.width()).ok()?;
    let (data, ec) = ec::construct_codewords(&bits.into_bytes(), version, LEVEL).ok()?;
    match layout(version, data.len(), ec.len()) {
        Some(layout) => {
            let rows = layout.masked(&data, &ec);
            let mut dark = Vec::with_capacity(width * width);
            for r in &rows[..width] {
                for x in 0..width {
                    dark.push((r >> x) & 1 == 1);
                }
            }
            Some((width, dark))
        }
        None => {
            let code = QrCode::with_error_correction_level(text.as_bytes(), LEVEL).ok()?;
            let dark = code.into_colors().into_iter().map(|c| c == Color::Dark);
            Some((width, dark.collect()))
        }
    }
}

/// A symbol of one version before its data, as rows (bit x of row y is the
/// module at (x, y)) and columns (bit y of column x) of bits. Worked out
/// once per version from the crate's own drawing.
struct Layout {
    width: usize,
    /// The function patterns (finders, separators, timing, alignment,
    /// version information, the dark module); the format information is
    /// light until a mask is chosen.
    rows: [u64; MAX_FAST_WIDTH],
    cols: [u64; MAX_FAST_WIDTH],
    /// The modules that hold data, which masks invert.
    data_rows: [u64; MAX_FAST_WIDTH],
    data_cols: [u64; MAX_FAST_WIDTH],
    /// Where each bit of the codewords goes, data then error correction,
    /// most significant bit first: (x, y).
    place: Vec<(u8, u8)>,
}

/// The layouts of versions 1 to 11, filled as they are needed (`None`: the
/// crate's drawing could not be read, which it always can).
static LAYOUTS: [OnceLock<Option<Layout>>; 11] = [const { OnceLock::new() }; 11];

/// The layout of `version` for `data` and `ec` codewords, or None for a
/// symbol wider than 64 modules.
fn layout(version: Version, data: usize, ec: usize) -> Option<&'static Layout> {
    let Version::Normal(n) = version else {
        return None;
    };
    let slot = LAYOUTS.get(usize::try_from(n).ok()?.checked_sub(1)?)?;
    let layout = slot
        .get_or_init(|| Layout::new(version, data, ec))
        .as_ref()?;
    // Every symbol of a version and level has as many codewords.
    (layout.place.len() == (data + ec) * 8).then_some(layout)
}

impl Layout {
    /// Reads the crate's canvas of `version`: its function patterns, then
    /// where `data` + `ec` codewords go. The bits are numbered from 1, and
    /// the k-th drawing sets the bits whose number has bit k set: a module
    /// dark in drawings 0 and 2 holds bit 5. A dozen drawings, once.
    fn new(version: Version, data: usize, ec: usize) -> Option<Layout> {
        let w = usize::try_from(version.width()).ok()?;
        if w > MAX_FAST_WIDTH {
            return None;
        }
        let mut canvas = Canvas::new(version, LEVEL);
        canvas.draw_all_functional_patterns();
        let mut layout = Layout {
            width: w,
            rows: [0; MAX_FAST_WIDTH],
            cols: [0; MAX_FAST_WIDTH],
            data_rows: [0; MAX_FAST_WIDTH],
            data_cols: [0; MAX_FAST_WIDTH],
            place: Vec::new(),
        };
        for y in 0..w {
            for x in 0..w {
                // Both below 64: the casts cannot truncate.
                let (dark, is_data) = match canvas.get(x as i16, y as i16) {
                    Module::Masked(c) | Module::Unmasked(c) => (c == Color::Dark, false),
                    Module::Empty => (false, true),
                };
                layout.rows[y] |= u64::from(dark) << x;
                layout.cols[x] |= u64::from(dark) << y;
                layout.data_rows[y] |= u64::from(is_data) << x;
                layout.data_cols[x] |= u64::from(is_data) << y;
            }
        }
        let bits = (data + ec) * 8;
        let mut number = vec![0usize; w * w];
        for k in 0..usize::BITS - bits.leading_zeros() {
            let mut bytes = vec![0u8; data + ec];
            for i in 0..bits {
                if (i + 1) >> k & 1 == 1 {
                    bytes[i / 8] |= 0x80 >> (i % 8);
                }
            }
            let mut c = canvas.clone();
            c.draw_data(&bytes[..data], &bytes[data..]);
            for y in 0..w {
                for x in 0..w {
                    if c.get(x as i16, y as i16) == Module::Unmasked(Color::Dark) {
                        number[y * w + x] |= 1 << k;
                    }
                }
            }
        }
        let mut place = vec![None; bits];
        for (at, &n) in number.iter().enumerate() {
            if n > 0 {
                let spot = place.get_mut(n - 1)?;
                *spot = Some(((at % w) as u8, (at / w) as u8));
            }
        }
        layout.place = place.into_iter().collect::<Option<Vec<_>>>()?;
        Some(layout)
    }

    /// The symbol of these codewords with the mask of the lowest penalty
    /// applied and the format information drawn, as rows of bits: what the
    /// crate's `Canvas::apply_mask` draws for that mask.
    fn masked(&self, data: &[u8], ec: &[u8]) -> [u64; MAX_FAST_WIDTH] {
        let w = self.width;
        let (mut rows, mut cols) = (self.rows, self.cols);
        let bits = data
            .iter()
            .chain(ec)
            .flat_map(|byte| (0..8).map(move |k| byte & (0x80 >> k) != 0));
        for (&(x, y), dark) in self.place.iter().zip(bits) {
            if dark {
                rows[usize::from(y)] |= 1 << x;
                cols[usize::from(x)] |= 1 << y;
            }
        }
        let mut best = (u32::MAX, [0u64; MAX_FAST_WIDTH]);
        for number in 0..MASKS {
            let mut r = [0u64; MAX_FAST_WIDTH];
            let mut c = [0u64; MAX_FAST_WIDTH];
            for i in 0..w {
                r[i] = rows[i] ^ (self.data_rows[i] & INVERT_ROWS[number][i % 12]);
                c[i] = cols[i] ^ (self.data_cols[i] & INVERT_COLS[number][i % 12]);
            }
            draw_format_info(&mut r, &mut c, w, number);
            let score = penalty(&r[..w], &c[..w], w);
            if score < best.0 {
                best = (score, r);
            }
        }
        best.1
    }
}

/// Whether mask `number` (0 to 7) inverts the data module at (x, y).
const fn inverts(number: usize, x: usize, y: usize) -> bool {
    match number {
        0 => (x + y).is_multiple_of(2),
        1 => y.is_multiple_of(2),
        2 => x.is_multiple_of(3),
        3 => (x + y).is_multiple_of(3),
        4 => (y / 2 + x / 3).is_multiple_of(2),
        5 => (x * y) % 2 + (x * y) % 3 == 0,
        6 => ((x * y) % 2 + (x * y) % 3).is_multiple_of(2),
        _ => ((x + y) % 2 + (x * y) % 3).is_multiple_of(2),
    }
}

/// The modules each mask inverts, as rows (`[mask][y % 12]`, bit x) and as
/// columns (`[mask][x % 12]`, bit y): every mask repeats every 12 modules.
const INVERT_ROWS: [[u64; 12]; MASKS] = invert_table(false);
const INVERT_COLS: [[u64; 12]; MASKS] = invert_table(true);

const fn invert_table(columns: bool) -> [[u64; 12]; MASKS] {
    let mut t = [[0u64; 12]; MASKS];
    let mut m = 0;
    while m < MASKS {
        let mut i = 0;
        while i < 12 {
            let mut k = 0;
            while k < 64 {
                let (x, y) = if columns { (i, k) } else { (k, i) };
                if inverts(m, x, y) {
                    t[m][i] |= 1 << k;
                }
                k += 1;
            }
            i += 1;
        }
        m += 1;
    }
    t
}

/// Sets the dark modules of the format information of level M and mask
/// `number` in `rows` and `cols` (its modules are light until then), in
/// both copies.
fn draw_format_info(rows: &mut [u64], cols: &mut [u64], w: usize, number: usize) {
    // Most significant bit first; negative coordinates count from the end.
    const MAIN: [(i32, i32); 15] = [
        (0, 8),
        (1, 8),
        (2, 8),
        (3, 8),
        (4, 8),
        (5, 8),
        (7, 8),
        (8, 8),
        (8, 7),
        (8, 5),
        (8, 4),
        (8, 3),
        (8, 2),
        (8, 1),
        (8, 0),
    ];
    const SIDE: [(i32, i32); 15] = [
        (8, -1),
        (8, -2),
        (8, -3),
        (8, -4),
        (8, -5),
        (8, -6),
        (8, -7),
        (-8, 8),
        (-7, 8),
        (-6, 8),
        (-5, 8),
        (-4, 8),
        (-3, 8),
        (-2, 8),
        (-1, 8),
    ];
    // Five bits (level M is 00, then the mask's number) and ten of their
    // BCH(15, 5) code, XORed with the standard's fixed pattern.
    let value = number as u32;
    let mut rem = value << 10;
    for i in (10..15).rev() {
        if rem & (1 << i) != 0 {
            rem ^= 0x537 << (i - 10);
        }
    }
    let format = ((value << 10) | rem) ^ 0x5412;
    let w = w as i32;
    for coords in [MAIN, SIDE] {
        for (i, (x, y)) in coords.into_iter().enumerate() {
            if format & (1 << (14 - i)) != 0 {
                let (x, y) = (x.rem_euclid(w), y.rem_euclid(w));
                rows[y as usize] |= 1 << x;
                cols[x as usize] |= 1 << y;
            }
        }
    }
}

/// The penalty of a masked symbol (its `rows` and `cols` of `w` modules,
/// bit k of a line being its k-th module) by the four rules
/// of ISO/IEC 18004 §7.8.3, scored as the `qrcode` crate scores them: a run
/// of n ≥ 5 modules of one colour in a row or column costs n − 2; each 2×2
/// block of one colour 3; each finder-like run `#.###.#` with four light
/// modules (or the edge) before or after it 40; and the dark share 1 per
/// half percent away from 50%. (The crate also subtracts the score of the
/// three real finder patterns, the same for every mask.)
fn penalty(rows: &[u64], cols: &[u64], w: usize) -> u32 {
    let full = if w >= 64 { !0 } else { (1u64 << w) - 1 };
    // Modules j..j+7 match #.###.# (bit t of FINDER is module j + t).
    const FINDER: [bool; 7] = [true, false, true, true, true, false, true];
    let starts = if w >= 7 { (1u64 << (w - 6)) - 1 } else { 0 };
    let mut score = 0;
    for line in rows.iter().chain(cols) {
        let r = *line;
        // Bit k: modules k and k + 1 alike; then the five from k alike.
        let same = !(r ^ (r >> 1)) & (full >> 1);
        let five = same & (same >> 1) & (same >> 2) & (same >> 3);
        // A run of n has n − 4 windows of five: n − 2 is that plus 2.
        score += five.count_ones() + 2 * (five & !(five << 1)).count_ones();
        let mut finder = starts;
        for (t, dark) in FINDER.into_iter().enumerate() {
            finder &= if dark { r >> t } else { !(r >> t) };
        }
        while finder != 0 {
            let j = finder.trailing_zeros() as usize;
            finder &= finder - 1;
            let span = |from: usize, to: usize| {
                let (from, to) = (from.min(w), to.min(w));
                ((1u64 << (to - from)) - 1) << from
            };
            let before = r & span(j.saturating_sub(4), j) != 0;
            let after = r & span(j + 7, j + 11) != 0;
            if !before || !after {
                score += 40;
            }
        }
    }
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let block = !(a ^ b) & !(a ^ (a >> 1)) & !(b ^ (b >> 1)) & (full >> 1);
        score += 3 * block.count_ones();
    }
    let dark: usize = rows.iter().map(|r| r.count_ones() as usize).sum();
    let ratio = dark * 200 / (w * w).max(1);
    score + ratio.abs_diff(100) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rasterises `svg` at `px` pixels per module and decodes it.
    fn decode(svg: &str, px: u32) -> Vec<String> {
        let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default()).unwrap();
        let w = view_size(svg) as u32 * px;
        let scale = w as f32 / tree.size().width();
        let mut pixmap = resvg::tiny_skia::Pixmap::new(w, w).unwrap();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        let pixels = pixmap.pixels();
        let mut img =
            rqrr::PreparedImage::prepare_from_greyscale(w as usize, w as usize, |x, y| {
                pixels[y * w as usize + x].green()
            });
        img.detect_grids()
            .iter()
            .map(|g| g.decode().expect("decodes").1)
            .collect()
    }

    /// The viewBox side of an SVG made here.
    fn view_size(svg: &str) -> usize {
        let v = svg.split("viewBox=\"0 0 ").nth(1).unwrap();
        v.split(' ').next().unwrap().parse().unwrap()
    }

    #[test]
    fn decodes_to_the_text() {
        for url in [
            "https://scjg.example.gov.cn/news/2021-04-02-chunlei-press/",
            "http://127.0.0.1:8080/sub/a/",
            "https://x.gov.cn/scjg/campaigns/chun-lei-xing-dong-2021/2021-01-15-bu-shu-hui-yi-zhao-kai/",
        ] {
            let svg = svg(url).unwrap();
            assert_eq!(decode(&svg, 4), [url]);
        }
        // Wider than 64 modules: the crate's own mask choice.
        let long = format!("https://x.gov.cn/{}/", "chun-lei-".repeat(35));
        let svg = svg(&long).unwrap();
        assert!(view_size(&svg) > MAX_FAST_WIDTH + 8);
        assert_eq!(decode(&svg, 4), [long]);
    }

    #[test]
    fn the_shape_of_the_svg() {
        let url = "https://scjg.example.gov.cn/news/2021-04-02-chunlei-press/";
        let s = svg(url).unwrap();
        // 58 bytes at level M: version 4, 33 modules, plus the quiet zone.
        assert_eq!(view_size(&s), 33 + 8);
        assert!(s.contains("width=\"123\" height=\"123\""), "{s}");
        assert!(s.contains("role=\"img\" aria-label=\"本页网址二维码\""));
        assert!(s.contains("shape-rendering=\"crispEdges\""));
        assert_eq!(s.matches("<path").count(), 1, "one path");
        assert!(
            !s.contains("href") && !s.contains("src="),
            "nothing to rewrite"
        );
        // The top row: the two finder patterns' 7 dark modules, from (4, 4)
        // and (30, 4), and the data between.
        assert!(s.contains("d=\"M4 4.5h7m"), "{s}");
        assert!(s.contains("h7M4 5.5h1m5 0h1m"), "{s}");
        // Same text, same bytes.
        assert_eq!(svg(url).unwrap(), s);
        assert_ne!(svg("https://scjg.example.gov.cn/news/b/").unwrap(), s);
    }

    #[test]
    fn whole_pixels_per_module() {
        for len in [10, 60, 100, 200, 400] {
            let s = svg(&"a".repeat(len)).unwrap();
            let size = view_size(&s);
            let px: usize = s
                .split("width=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert_eq!(px % size, 0, "{len}: {px} px for {size} modules");
            assert!(px / size >= 2);
        }
    }

    #[test]
    fn the_mask_is_the_one_the_qrcode_crate_chooses() {
        // Texts of many lengths (versions 1 to 10) and kinds; every mask
        // is chosen for some of them.
        let mut texts: Vec<String> = (0..100)
            .map(|n| {
                format!(
                    "https://scjg.example.gov.cn/{}/",
                    "news/a-".repeat(n % 25) + &n.to_string()
                )
            })
            .collect();
        texts.extend(
            [
                "",
                "0",
                "HELLO WORLD",
                "本页网址",
                "http://127.0.0.1:8080/sub/",
            ]
            .map(String::from),
        );
        let mut masks = std::collections::BTreeSet::new();
        for t in &texts {
            // Bits 3 to 5 of the format information (row 8, columns 2 to 4)
            // are the mask's number, XORed with 101.
            let (w, m) = matrix(t).unwrap();
            let bit = |x: usize| usize::from(m[8 * w + x]);
            masks.insert((bit(2) << 2 | bit(3) << 1 | bit(4)) ^ 0b101);
            let theirs: Vec<bool> =
                qrcode::QrCode::with_error_correction_level(t.as_bytes(), LEVEL)
                    .unwrap()
                    .to_colors()
                    .into_iter()
                    .map(|c| c == Color::Dark)
                    .collect();
            let (_, ours) = matrix(t).unwrap();
            assert!(ours == theirs, "{t}");
        }
        assert_eq!(masks.len(), MASKS, "{masks:?}");
    }

    #[test]
    fn too_long_is_none_not_a_panic() {
        assert!(svg(&"x".repeat(5000)).is_none());
        assert!(svg("").is_some());
    }
}
