//! A small SVG writer: escapes every text and attribute, writes numbers with
//! one fixed decimal at most (no float noise, the same bytes on every run),
//! and puts the root element with `viewBox`, `role="img"`, the CJK font
//! stack, `<title>` and `<desc>` around the drawing once its height is known.

use std::fmt::Write;

use super::text;

/// The fonts a Chinese reader's system has, the Latin fallback last.
pub(super) const FONT_STACK: &str = "\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",sans-serif";

pub(super) use crate::base::escape::xml as esc;

/// A coordinate: at most one decimal, no `-0`, no trailing `.0`.
pub(super) fn n(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.1}");
    let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// Horizontal alignment of a text at its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }

    /// Left edge of a text of width `w` anchored at `x`.
    pub(super) fn left(self, x: f64, w: f64) -> f64 {
        match self {
            Anchor::Start => x,
            Anchor::Middle => x - w / 2.0,
            Anchor::End => x - w,
        }
    }
}

/// One line of text to draw.
#[derive(Debug, Clone)]
pub(super) struct Text<'a> {
    pub x: f64,
    /// Baseline.
    pub y: f64,
    pub size: f64,
    pub anchor: Anchor,
    pub fill: &'a str,
    pub content: &'a str,
    pub bold: bool,
    /// `class` attribute (e.g. `v` for value labels the tests compare with the table).
    pub class: Option<&'a str>,
    /// Full text of a label shortened with `…`, as a `<title>` child.
    pub full: Option<&'a str>,
}

impl<'a> Text<'a> {
    pub(super) fn new(x: f64, y: f64, size: f64, content: &'a str) -> Text<'a> {
        Text {
            x,
            y,
            size,
            anchor: Anchor::Start,
            fill: super::palette::TEXT,
            content,
            bold: false,
            class: None,
            full: None,
        }
    }
    pub(super) fn anchor(mut self, a: Anchor) -> Self {
        self.anchor = a;
        self
    }
    pub(super) fn fill(mut self, f: &'a str) -> Self {
        self.fill = f;
        self
    }
    pub(super) fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub(super) fn class(mut self, c: &'a str) -> Self {
        self.class = Some(c);
        self
    }
    pub(super) fn full(mut self, f: Option<&'a str>) -> Self {
        self.full = f;
        self
    }

    /// The box the text takes: left, top, right, bottom.
    pub(super) fn bbox(&self) -> Rect {
        let w = text::width(self.content, self.size);
        let left = self.anchor.left(self.x, w);
        Rect {
            x0: left,
            y0: self.y - text::ASCENT * self.size,
            x1: left + w,
            y1: self.y + text::DESCENT * self.size,
        }
    }
}

/// An axis-aligned box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub(super) fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// The drawing being written; [`Svg::finish`] wraps it in the root element.
pub(super) struct Svg {
    body: String,
    /// Boxes of the texts written so far, for layouts that must avoid them.
    pub texts: Vec<Rect>,
}

impl Svg {
    pub(super) fn new() -> Svg {
        Svg {
            body: String::with_capacity(4096),
            texts: Vec::new(),
        }
    }

    /// A rectangle; `extra` is further attributes, already escaped.
    pub(super) fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, extra: &str) {
        let _ = writeln!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{extra}/>",
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0)),
            esc(fill)
        );
    }

    pub(super) fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
        let _ = writeln!(
            self.body,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>",
            n(x1),
            n(y1),
            n(x2),
            n(y2),
            esc(stroke),
            n(width)
        );
    }

    /// A path; `d` is built with [`n`] by the caller.
    pub(super) fn path(&mut self, d: &str, fill: &str, extra: &str) {
        let _ = writeln!(
            self.body,
            "<path d=\"{}\" fill=\"{}\"{extra}/>",
            esc(d),
            esc(fill)
        );
    }

    pub(super) fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: &str, extra: &str) {
        let _ = writeln!(
            self.body,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"{extra}/>",
            n(cx),
            n(cy),
            n(r),
            esc(fill)
        );
    }

    /// Opens a group with a tooltip (for a bar or slice).
    pub(super) fn group_titled(&mut self, title: &str) {
        let _ = writeln!(self.body, "<g><title>{}</title>", esc(title));
    }

    pub(super) fn end_group(&mut self) {
        self.body.push_str("</g>\n");
    }

    pub(super) fn text(&mut self, t: &Text) {
        self.texts.push(t.bbox());
        let _ = write!(
            self.body,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\"",
            n(t.x),
            n(t.y),
            n(t.size)
        );
        if t.anchor != Anchor::Start {
            let _ = write!(self.body, " text-anchor=\"{}\"", t.anchor.attr());
        }
        if t.bold {
            self.body.push_str(" font-weight=\"bold\"");
        }
        if let Some(c) = t.class {
            let _ = write!(self.body, " class=\"{}\"", esc(c));
        }
        let _ = write!(self.body, " fill=\"{}\">", esc(t.fill));
        if let Some(full) = t.full {
            let _ = write!(self.body, "<title>{}</title>", esc(full));
        }
        self.body.push_str(&esc(t.content));
        self.body.push_str("</text>\n");
    }

    /// Whether a text box would overlap one already written.
    pub(super) fn collides(&self, r: &Rect) -> bool {
        self.texts.iter().any(|t| t.overlaps(r))
    }

    /// The complete document.
    pub(super) fn finish(self, width: f64, height: f64, title: &str, desc: &str) -> String {
        let (w, h) = (n(width), n(height.ceil()));
        let mut out = String::with_capacity(self.body.len() + 512);
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" font-family=\"{}\">\n<title id=\"chart-title\">{}</title>\n<desc id=\"chart-desc\">{}</desc>\n",
            esc(FONT_STACK),
            esc(title),
            esc(desc)
        );
        let _ = writeln!(out, "<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>");
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_no_float_noise() {
        assert_eq!(n(0.1 + 0.2), "0.3");
        assert_eq!(n(12.0), "12");
        assert_eq!(n(-0.01), "0");
        assert_eq!(n(f64::NAN), "0");
        assert_eq!(n(599.96), "600");
    }

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(esc("a\u{1}b\nc"), "ab c");
    }

    #[test]
    fn document_starts_with_title_and_desc() {
        let mut s = Svg::new();
        s.text(
            &Text::new(10.0, 20.0, 14.0, "<标签>")
                .anchor(Anchor::Middle)
                .full(Some("全文")),
        );
        let doc = s.finish(600.0, 99.5, "标题 & 说明", "desc");
        let x = roxmltree::Document::parse(&doc).unwrap();
        let root = x.root_element();
        assert_eq!(root.attribute("viewBox"), Some("0 0 600 100"));
        assert_eq!(root.attribute("role"), Some("img"));
        let first = root.children().find(roxmltree::Node::is_element).unwrap();
        assert_eq!(first.tag_name().name(), "title");
        assert_eq!(first.text(), Some("标题 & 说明"));
        assert!(root
            .attribute("font-family")
            .unwrap()
            .starts_with("\"PingFang SC\""));
        let t = root.descendants().find(|c| c.has_tag_name("text")).unwrap();
        assert_eq!(t.attribute("text-anchor"), Some("middle"));
        assert!(doc.contains("&lt;标签&gt;"));
    }
}
