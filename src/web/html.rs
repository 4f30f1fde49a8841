//! HTML building blocks: escaping, the page layout, the highlighted text and inline-SVG charts.
//!
//! Pages are plain strings built here and in `pages`; every value that comes from a user, a
//! draft, an article or a lexicon goes through [`esc`] (text and attribute values alike, since
//! it escapes quotes too). No template engine: the pages are small and this keeps every
//! escaping decision visible at the call site.

use super::backend::{self, FlagView, valid_span};
use crate::i18n::Lang;
use crate::model::{Flag, Quote, Span};
use std::fmt::Write;

/// Escape for HTML text and double- or single-quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // NUL and other C0 controls (except tab/newline/CR) are not allowed in HTML.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encode a query-string value.
pub fn qenc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Context every page needs.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub lang: Lang,
}

impl Ctx {
    pub fn t<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(vi, en)
    }
    /// `&lang=en` to keep the language in links (empty for Vietnamese, the default).
    pub fn lq(&self) -> &'static str {
        match self.lang {
            Lang::Vi => "",
            Lang::En => "&lang=en",
        }
    }
}

/// The page frame: header with navigation and language switch, content, footer.
pub fn layout(ctx: Ctx, active: &str, title: &str, path_and_query: &str, body: &str) -> String {
    let nav = [
        ("/", ctx.t("Kiểm tra bản thảo", "Draft check"), "check"),
        (
            "/dashboard",
            ctx.t("Bảng theo dõi", "Dashboard"),
            "dashboard",
        ),
        ("/search", ctx.t("Tìm kiếm", "Search"), "search"),
        ("/reports", ctx.t("Báo cáo", "Reports"), "reports"),
        ("/api/docs", "API", "api"),
    ];
    let mut s = String::with_capacity(body.len() + 2048);
    let _ = write!(
        s,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · chisogioi</title><link rel=\"stylesheet\" href=\"/static/style.css\">\
         <script src=\"/static/app.js\" defer></script></head><body>\
         <header><a class=\"brand\" href=\"/{}\">chisogioi</a><nav>",
        ctx.t("vi", "en"),
        esc(title),
        if ctx.lang == Lang::En { "?lang=en" } else { "" }
    );
    for (href, label, id) in nav {
        let sep = if href.contains('?') { '&' } else { '?' };
        let lq = if ctx.lang == Lang::En {
            format!("{sep}lang=en")
        } else {
            String::new()
        };
        let _ = write!(
            s,
            "<a href=\"{href}{lq}\"{}>{}</a>",
            if id == active {
                " class=\"active\" aria-current=\"page\""
            } else {
                ""
            },
            esc(label)
        );
    }
    // The language switch keeps the current page and its query.
    let (other, label) = match ctx.lang {
        Lang::Vi => ("en", "English"),
        Lang::En => ("vi", "Tiếng Việt"),
    };
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("lang="))
        .collect();
    let mut switch = format!("{path}?lang={other}");
    for k in kept {
        switch.push('&');
        switch.push_str(k);
    }
    let _ = write!(
        s,
        "</nav><a class=\"lang\" id=\"lang-switch\" href=\"{}\">{label}</a></header><main>",
        esc(&switch)
    );
    s.push_str(body);
    let _ = write!(
        s,
        "</main><footer>{}</footer></body></html>",
        ctx.t(
            "chisogioi — đo lường giới trong truyền thông theo Bộ chỉ số về giới trong truyền thông (QĐ 1790/QĐ-TTg). Bản thảo gửi kiểm tra không được lưu hay ghi nhật ký.",
            "chisogioi — measuring gender in media against the Gender Indicators for Media (Decision 1790/QĐ-TTg). Drafts sent for checking are never stored or logged."
        )
    );
    s
}

/// The CSS class of a flag category (a fixed set, never user text).
pub fn cat_class(cat: &str) -> &'static str {
    match cat {
        "STEREO" => "c-stereo",
        "BENEVOLENT" => "c-benevolent",
        "APPEAR" => "c-appear",
        "DEROG" => "c-derog",
        "GMARK" => "c-gmark",
        "FAMILY" => "c-family",
        "GBV" => "c-gbv",
        _ => "c-other",
    }
}

/// The text with every flag highlighted and quotes underlined.
///
/// Flags may overlap each other and quotes, so the text is cut at every span boundary and
/// each piece carries the set of flags covering it (`data-f="0 3"`, indices into `flags`).
/// The piece's colour is that of its first flag; the explanation is in `title` for hover and
/// in the numbered list under the text for click (see `app.js`). Invalid spans are skipped.
pub fn highlighted(text: &str, flags: &[&Flag], quotes: &[Quote], lang: Lang) -> String {
    let fspans: Vec<(usize, Span)> = flags
        .iter()
        .enumerate()
        .filter(|(_, f)| valid_span(text, f.span))
        .map(|(i, f)| (i, f.span))
        .collect();
    let qspans: Vec<Span> = quotes
        .iter()
        .map(|q| q.span)
        .filter(|s| valid_span(text, *s))
        .collect();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for (_, s) in &fspans {
        cuts.push(s.start);
        cuts.push(s.end);
    }
    for s in &qspans {
        cuts.push(s.start);
        cuts.push(s.end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(text.len() * 2);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a >= b {
            continue;
        }
        let piece = esc(&text[a..b]);
        let covering: Vec<usize> = fspans
            .iter()
            .filter(|(_, s)| s.start <= a && b <= s.end)
            .map(|(i, _)| *i)
            .collect();
        let in_quote = qspans.iter().any(|s| s.start <= a && b <= s.end);
        let mut inner = piece;
        if let Some(&first) = covering.first() {
            let f = flags[first];
            let title: Vec<String> = covering
                .iter()
                .map(|&i| {
                    let f = flags[i];
                    format!(
                        "{} · {}: {}",
                        backend::category_label(&f.category, lang),
                        f.rule,
                        lang.pick(&f.explanation_vi, &f.explanation_en)
                    )
                })
                .collect();
            inner = format!(
                "<mark class=\"flag {}\" tabindex=\"0\" data-f=\"{}\" title=\"{}\">{inner}</mark>",
                cat_class(&f.category),
                covering
                    .iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
                esc(&title.join("\n"))
            );
        }
        if in_quote {
            inner = format!("<span class=\"quote\">{inner}</span>");
        }
        out.push_str(&inner);
    }
    out
}

/// The numbered list of flags under a highlighted text.
pub fn flag_list(flags: &[FlagView], lang: Lang) -> String {
    let mut s = String::new();
    if flags.is_empty() {
        let _ = write!(
            s,
            "<p class=\"ok\" id=\"no-flags\">{}</p>",
            lang.pick(
                "Không phát hiện cách diễn đạt cần lưu ý.",
                "No wording to review was found."
            )
        );
        return s;
    }
    s.push_str("<ol class=\"flags\" id=\"flag-list\">");
    for (i, fv) in flags.iter().enumerate() {
        let f = &fv.flag;
        let _ = write!(
            s,
            "<li id=\"flag-{i}\" class=\"{}\"><span class=\"pos\">{}:{}</span> \
             <span class=\"chip {}\">{}</span> <b>“{}”</b> <span class=\"sev sev-{}\">{}</span> \
             <span class=\"stance\">{}</span><div class=\"expl\">{}</div>",
            cat_class(&f.category),
            fv.start.line,
            fv.start.column,
            cat_class(&f.category),
            esc(backend::category_label(&f.category, lang)),
            esc(&f.text),
            esc(backend::severity_label(f.severity, lang)),
            esc(backend::severity_label(f.severity, lang)),
            esc(backend::stance_label(f.stance, lang)),
            esc(lang.pick(&f.explanation_vi, &f.explanation_en)),
        );
        if !f.suggestions.is_empty() {
            let _ = write!(
                s,
                "<div class=\"sugg\">{}: {}</div>",
                lang.pick("Gợi ý thay thế", "Suggestions"),
                f.suggestions
                    .iter()
                    .map(|x| format!("<q>{}</q>", esc(x)))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        let _ = write!(s, "<code class=\"rule\">{}</code></li>", esc(&f.rule));
    }
    s.push_str("</ol>");
    s
}

/// Format a fraction as a percentage ("42,5 %" in Vietnamese, "42.5%" in English).
pub fn pct(x: Option<f64>, lang: Lang) -> String {
    match x {
        None => "—".into(),
        Some(v) => match lang {
            Lang::Vi => format!("{:.1} %", v * 100.0).replace('.', ","),
            Lang::En => format!("{:.1}%", v * 100.0),
        },
    }
}

/// A horizontal stacked bar of female / male / unknown with a legend, as inline SVG.
pub fn balance_svg(id: &str, s: &backend::ShareView, lang: Lang) -> String {
    let w = 320.0;
    let total = s.total() as f64;
    let (fw, mw) = if total > 0.0 {
        (w * s.female as f64 / total, w * s.male as f64 / total)
    } else {
        (0.0, 0.0)
    };
    let uw = if total > 0.0 { w - fw - mw } else { 0.0 };
    format!(
        "<svg id=\"{id}\" class=\"balance\" viewBox=\"0 0 {w} 46\" width=\"{w}\" height=\"46\" role=\"img\" aria-label=\"{}\">\
         <rect x=\"0\" y=\"0\" width=\"{w}\" height=\"20\" class=\"track\"/>\
         <rect x=\"0\" y=\"0\" width=\"{fw:.1}\" height=\"20\" class=\"g-female\"/>\
         <rect x=\"{fw:.1}\" y=\"0\" width=\"{mw:.1}\" height=\"20\" class=\"g-male\"/>\
         <rect x=\"{:.1}\" y=\"0\" width=\"{uw:.1}\" height=\"20\" class=\"g-unknown\"/>\
         <text x=\"0\" y=\"38\" class=\"lbl\">{} {} · {} {} · {} {}</text></svg>",
        esc(&format!(
            "{}: {} {}, {} {}, {} {}",
            lang.pick("cân bằng giới", "gender balance"),
            s.female,
            lang.pick("nữ", "female"),
            s.male,
            lang.pick("nam", "male"),
            s.unknown,
            lang.pick("chưa rõ", "unknown")
        )),
        fw + mw,
        lang.pick("nữ", "female"),
        s.female,
        lang.pick("nam", "male"),
        s.male,
        lang.pick("chưa rõ", "unknown"),
        s.unknown,
    )
}

/// A line chart of one or more series of fractions (0–1) over labelled points (months).
pub fn line_chart_svg(
    id: &str,
    labels: &[String],
    series: &[(&str, &str, Vec<Option<f64>>)],
    lang: Lang,
) -> String {
    let (w, h, l, r, t, b) = (640.0, 240.0, 44.0, 34.0, 12.0, 44.0);
    let pw = w - l - r;
    let ph = h - t - b;
    let n = labels.len().max(1);
    let x = |i: usize| {
        if n == 1 {
            l + pw / 2.0
        } else {
            l + pw * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: f64| t + ph * (1.0 - v.clamp(0.0, 1.0));
    let mut s = format!(
        "<svg id=\"{id}\" class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\">",
        esc(&series
            .iter()
            .map(|(name, _, _)| *name)
            .collect::<Vec<_>>()
            .join(", "))
    );
    for k in 0..=4 {
        let v = k as f64 / 4.0;
        let _ = write!(
            s,
            "<line x1=\"{l}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" class=\"grid\"/><text x=\"{}\" y=\"{:.1}\" class=\"axis\" text-anchor=\"end\">{}%</text>",
            w - r,
            l - 6.0,
            y(v) + 4.0,
            (v * 100.0) as u32,
            y = y(v)
        );
    }
    // 50 % parity line.
    let _ = write!(
        s,
        "<line x1=\"{l}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" class=\"parity\"/>",
        w - r,
        y = y(0.5)
    );
    for (i, lab) in labels.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">{}</text>",
            x(i),
            h - b + 16.0,
            esc(lab)
        );
    }
    for (si, (name, class, vals)) in series.iter().enumerate() {
        let mut d = String::new();
        let mut pen_up = true;
        for (i, v) in vals.iter().enumerate() {
            match v {
                Some(v) => {
                    let _ = write!(
                        d,
                        "{}{:.1},{:.1} ",
                        if pen_up { "M" } else { "L" },
                        x(i),
                        y(*v)
                    );
                    pen_up = false;
                }
                None => pen_up = true,
            }
        }
        let _ = write!(s, "<path d=\"{d}\" class=\"line {class}\"/>");
        for (i, v) in vals.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(
                    s,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" class=\"dot {class}\"><title>{}: {}</title></circle>",
                    x(i),
                    y(*v),
                    esc(&format!("{name} {}", labels[i])),
                    pct(Some(*v), lang)
                );
            }
        }
        let lx = l + 8.0 + 200.0 * si as f64;
        let _ = write!(
            s,
            "<rect x=\"{lx}\" y=\"{}\" width=\"12\" height=\"4\" class=\"sw {class}\"/><text x=\"{}\" y=\"{}\" class=\"lbl\">{}</text>",
            h - 14.0,
            lx + 16.0,
            h - 9.0,
            esc(name)
        );
    }
    s.push_str("</svg>");
    s
}

/// Horizontal bars of fractions per named item (outlets), with a 50 % line.
pub fn share_bars_svg(items: &[(String, Option<f64>)], lang: Lang) -> String {
    bars_svg("share-bars", items, "bar-female", true, lang)
}

/// Horizontal bars of fractions per item.
pub fn bars_svg(
    id: &str,
    items: &[(String, Option<f64>)],
    class: &str,
    parity: bool,
    lang: Lang,
) -> String {
    let (w, label_w, row) = (640.0, 260.0, 22.0);
    let bw = w - label_w - 60.0;
    let h = row * items.len().max(1) as f64 + 8.0;
    let mut s = format!(
        "<svg id=\"{id}\" class=\"chart bars\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{id}\">"
    );
    for (i, (name, v)) in items.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let short: String = name.chars().take(38).collect();
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"lbl\" text-anchor=\"end\">{}</text>",
            label_w - 6.0,
            y + 14.0,
            esc(&short)
        );
        let _ = write!(
            s,
            "<rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{bw}\" height=\"16\" class=\"track\"/>"
        );
        if let Some(v) = v {
            let _ = write!(
                s,
                "<rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"16\" class=\"{class}\"><title>{}</title></rect>",
                bw * v.clamp(0.0, 1.0),
                esc(&format!("{name}: {}", pct(Some(*v), lang)))
            );
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"lbl\">{}</text>",
            label_w + bw + 6.0,
            y + 14.0,
            esc(&pct(*v, lang))
        );
    }
    if parity {
        let px = label_w + bw / 2.0;
        let _ = write!(
            s,
            "<line x1=\"{px}\" x2=\"{px}\" y1=\"0\" y2=\"{h}\" class=\"parity\"/>"
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Gender, Severity, Stance};

    fn flag(cat: &str, s: usize, e: usize, text: &str) -> Flag {
        Flag {
            rule: format!("{cat}-test"),
            category: cat.into(),
            span: Span::new(s, e),
            text: text.into(),
            stance: Stance::Endorsed,
            severity: Severity::Warning,
            target: Gender::Female,
            explanation_vi: "giải thích <b>".into(),
            explanation_en: "explanation".into(),
            suggestions: vec![],
            person: None,
        }
    }

    proptest::proptest! {
        /// Any text with any spans (valid or not) renders without panicking, and the only
        /// markup in the output is the markup the renderer itself writes.
        #[test]
        fn highlighting_never_panics_or_leaks_markup(
            text in "\\PC{0,80}",
            spans in proptest::collection::vec((0usize..120, 0usize..120), 0..6),
            qspans in proptest::collection::vec((0usize..120, 0usize..120), 0..3),
        ) {
            let flags: Vec<Flag> = spans
                .iter()
                .map(|&(a, b)| flag("STEREO", a, b, "x\"<>"))
                .collect();
            let refs: Vec<&Flag> = flags.iter().collect();
            let quotes: Vec<Quote> = qspans
                .iter()
                .map(|&(a, b)| Quote {
                    span: Span::new(a, b),
                    direct: true,
                    verb: None,
                    speaker_kind: crate::model::SpeakerKind::Unattributed,
                    speaker: None,
                    organisation: None,
                    syllables: 0,
                })
                .collect();
            let html = highlighted(&text, &refs, &quotes, Lang::Vi);
            let stripped = regex::Regex::new(
                r#"<mark class="flag c-stereo" tabindex="0" data-f="[0-9 ]+" title="[^"<>]*">|</mark>|<span class="quote">|</span>"#,
            )
            .unwrap()
            .replace_all(&html, "");
            proptest::prop_assert!(!stripped.contains('<') && !stripped.contains('>'), "{}", html);
        }

        #[test]
        fn charts_never_panic(vals in proptest::collection::vec(proptest::option::of(-2.0f64..3.0), 0..14)) {
            let labels: Vec<String> = (0..vals.len()).map(|i| format!("<m{i}>")).collect();
            let svg = line_chart_svg("c", &labels, &[("a<b", "s-sources", vals.clone())], Lang::En);
            proptest::prop_assert!(!svg.contains("<m") && !svg.contains("a<b"));
            let items: Vec<(String, Option<f64>)> = vals.iter().map(|v| ("o\"x".to_string(), *v)).collect();
            let bars = share_bars_svg(&items, Lang::Vi);
            proptest::prop_assert!(!bars.contains("o\"x"));
        }
    }

    #[test]
    fn escapes_everything_dangerous() {
        assert_eq!(
            esc("<script>alert('x')</script>\" onload=\"x"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onload=&quot;x"
        );
        assert_eq!(esc("a\u{0}b"), "a\u{FFFD}b");
    }

    #[test]
    fn overlapping_flags_are_cut_and_escaped() {
        let text = "Cô ấy <xinh đẹp> và đảm đang";
        let a = text.find("xinh").unwrap();
        let b = a + "xinh đẹp".len();
        let c = text.find("đảm").unwrap();
        let f1 = flag("APPEAR", a, b, "xinh đẹp");
        let f2 = flag("STEREO", a, text.len(), "xinh … đảm đang");
        let f3 = flag("STEREO", c, 1000, "bad span");
        let html = highlighted(text, &[&f1, &f2, &f3], &[], Lang::Vi);
        assert!(html.contains("&lt;<mark class=\"flag c-appear\" tabindex=\"0\" data-f=\"0 1\""));
        assert!(html.contains("data-f=\"1\""));
        assert!(!html.contains("data-f=\"2\""), "invalid span skipped");
        assert!(!html.contains("<b>"), "explanation escaped in title");
        assert!(html.contains("&lt;") && html.contains("&gt;"));
    }
}
