//! Finding an outlet's articles and their dates: sitemaps (plain, news, indexes), RSS/Atom
//! feeds and section pages with pagination.
//!
//! Everything here parses untrusted bytes and is pure (no I/O), so it is property-tested
//! for panics. Dates come, best first, from a news sitemap's `news:publication_date`, a
//! feed item's `published`, a date written in the URL (`/2024/08/12/`,
//! `…-20240812103000123.htm`, Thanh Niên's `…-185240812…htm`), a date printed next to the
//! link on a section page, and finally a sitemap `lastmod`/feed `updated`, which is only
//! an upper bound (an article is published no later than it was last modified).
//! An article with no date at all is kept and fetched; the extractor dates it from the
//! page and `scan` drops it if it falls outside the window.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use once_cell::sync::Lazy;
use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use url::Url;

/// What is known about when an article was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateHint {
    Unknown,
    /// Published that day (Vietnam time).
    Published(NaiveDate),
    /// Published that month.
    Month(i32, u32),
    /// Published on or before that day (from a modification date).
    NotAfter(NaiveDate),
}

impl DateHint {
    /// Keep the more precise of two hints.
    pub fn or(self, other: DateHint) -> DateHint {
        fn rank(h: &DateHint) -> u8 {
            match h {
                DateHint::Published(_) => 3,
                DateHint::Month(..) => 2,
                DateHint::NotAfter(_) => 1,
                DateHint::Unknown => 0,
            }
        }
        if rank(&other) > rank(&self) {
            other
        } else {
            self
        }
    }
    pub fn published(&self) -> Option<NaiveDate> {
        match self {
            DateHint::Published(d) => Some(*d),
            _ => None,
        }
    }
}

/// The collection window, inclusive, in Vietnam dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Window {
    /// Could an article with this hint have been published inside the window?
    pub fn admits(&self, h: DateHint) -> bool {
        match h {
            DateHint::Unknown => true,
            DateHint::Published(d) => d >= self.from && d <= self.to,
            DateHint::NotAfter(d) => d >= self.from,
            DateHint::Month(y, m) => {
                let a = (self.from.year(), self.from.month());
                let b = (self.to.year(), self.to.month());
                (y, m) >= a && (y, m) <= b
            }
        }
    }
}

/// One discovered article link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub url: String,
    pub date: DateHint,
}

fn vn() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// Parse a W3C/RFC 3339/RFC 2822 date-time or a plain date into a Vietnam date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&vn()).date_naive());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&vn()).date_naive());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d.date());
        }
    }
    // "2024-08-12T10:30+07:00" (no seconds) and similar.
    for f in [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S %z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(d.with_timezone(&vn()).date_naive());
        }
    }
    s.get(..10)
        .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
        .or_else(|| NaiveDate::parse_from_str(s, "%d/%m/%Y").ok())
}

static URL_YMD: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"/(20\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_]|\.html?|$)")
        .expect("valid regex")
});
static URL_STAMP: Lazy<Regex> = Lazy::new(|| {
    // Dân Trí, Tuổi Trẻ, VOV… "-20240812103000123.htm"; Thanh Niên "-185240812103000123.htm".
    Regex::new(r"[-/_](185)?(20\d\d|\d\d)(0[1-9]|1[0-2])([0-2]\d|3[01])([01]\d|2[0-3])[0-5]\d\d{2,}\.(?:html?|vov|vnp|chn|aspx|tpo|ldo)$")
        .expect("valid regex")
});
static URL_YM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"/(20\d\d)[/-]?(0[1-9]|1[0-2])/").expect("valid regex"));

/// A date written in an article or sitemap URL.
pub fn date_from_url(u: &str) -> DateHint {
    let path = match Url::parse(u) {
        Ok(p) => p.path().to_string(),
        Err(_) => return DateHint::Unknown,
    };
    if let Some(c) = URL_YMD.captures(&path) {
        let y = c[1].parse().unwrap_or(0);
        let m = c[2].parse().unwrap_or(0);
        let d = c[3].parse().unwrap_or(0);
        if let Some(nd) = NaiveDate::from_ymd_opt(y, m, d) {
            return DateHint::Published(nd);
        }
    }
    if let Some(c) = URL_STAMP.captures(&path) {
        let thanh_nien = c.get(1).is_some();
        let yy = &c[2];
        let y: i32 = match (thanh_nien, yy.len()) {
            (true, 2) => 2000 + yy.parse::<i32>().unwrap_or(0),
            (false, 4) => yy.parse().unwrap_or(0),
            _ => 0,
        };
        let m = c[3].parse().unwrap_or(0);
        let d = c[4].parse().unwrap_or(0);
        if let Some(nd) = NaiveDate::from_ymd_opt(y, m, d)
            && y >= 2000
        {
            return DateHint::Published(nd);
        }
    }
    if let Some(c) = URL_YM.captures(&path) {
        let y = c[1].parse().unwrap_or(0);
        let m: u32 = c[2].parse().unwrap_or(0);
        if (1..=12).contains(&m) {
            return DateHint::Month(y, m);
        }
    }
    DateHint::Unknown
}

/// A parsed sitemap: article URLs, and child sitemaps when it is an index.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Sitemap {
    pub urls: Vec<Found>,
    pub children: Vec<Found>,
}

fn resolve_ref(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        n => {
            let n = n.strip_prefix('#')?;
            let v = if let Some(h) = n.strip_prefix('x').or_else(|| n.strip_prefix('X')) {
                u32::from_str_radix(h, 16).ok()?
            } else {
                n.parse().ok()?
            };
            char::from_u32(v)
        }
    }
}

/// Gunzip when the bytes are gzip (sitemaps are often served as `.xml.gz`), capped.
pub fn maybe_gunzip(bytes: &[u8], cap: usize) -> std::borrow::Cow<'_, [u8]> {
    use std::io::Read;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        let d = flate2::read::MultiGzDecoder::new(bytes);
        let _ = d.take(cap as u64).read_to_end(&mut out);
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(bytes)
    }
}

/// Parse a sitemap or sitemap index (including Google News sitemaps). Relative or
/// invalid `<loc>`s are resolved against `base` or skipped. Malformed XML yields what was
/// read before the error.
pub fn parse_sitemap(bytes: &[u8], base: &Url) -> Sitemap {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    let bytes = maybe_gunzip(bytes, 64 << 20);
    let mut r = Reader::from_reader(&bytes[..]);
    r.config_mut().trim_text(true);
    let mut out = Sitemap::default();
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    // Current entry.
    let mut loc: Option<String> = None;
    let mut lastmod: Option<String> = None;
    let mut published: Option<String> = None;
    let mut steps = 0usize;
    loop {
        steps += 1;
        if steps > 5_000_000 {
            break;
        }
        let ev = match r.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(_) => break,
        };
        match ev {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                if name == "url" || name == "sitemap" {
                    loc = None;
                    lastmod = None;
                    published = None;
                }
                path.push(name);
                text.clear();
            }
            Event::Text(t) => {
                if let Ok(s) = t.decode() {
                    text.push_str(&s);
                }
            }
            Event::CData(t) => text.push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(g) => {
                if let Ok(n) = g.decode()
                    && let Some(c) = resolve_ref(&n)
                {
                    text.push(c);
                }
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                match name.as_str() {
                    "loc" => loc = Some(text.trim().to_string()),
                    "lastmod" => lastmod = Some(text.trim().to_string()),
                    "publication_date" => published = Some(text.trim().to_string()),
                    "url" | "sitemap" => {
                        if let Some(l) = loc.take()
                            && let Ok(u) = base.join(&l)
                            && (u.scheme() == "http" || u.scheme() == "https")
                        {
                            let mut hint = date_from_url(u.as_str());
                            if let Some(p) = published.as_deref().and_then(parse_date) {
                                hint = DateHint::Published(p);
                            } else if let Some(m) = lastmod.as_deref().and_then(parse_date) {
                                hint = hint.or(DateHint::NotAfter(m));
                            }
                            let f = Found {
                                url: u.to_string(),
                                date: hint,
                            };
                            if name == "url" {
                                out.urls.push(f);
                            } else {
                                out.children.push(f);
                            }
                        }
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// Parse an RSS/Atom/JSON feed into article links. Returns an error message for
/// something that is not a feed.
pub fn parse_feed(bytes: &[u8], base: &Url) -> Result<Vec<Found>, String> {
    let bytes = maybe_gunzip(bytes, 64 << 20);
    let feed = feed_rs::parser::parse(&bytes[..]).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(feed.entries.len());
    for e in feed.entries {
        let href = e
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(e.links.first())
            .map(|l| l.href.clone())
            .or_else(|| {
                // Some Vietnamese CMS feeds put the article URL only in <guid>.
                (e.id.starts_with("http://") || e.id.starts_with("https://")).then(|| e.id.clone())
            });
        let Some(href) = href else { continue };
        let Ok(u) = base.join(href.trim()) else {
            continue;
        };
        if u.scheme() != "http" && u.scheme() != "https" {
            continue;
        }
        let mut hint = date_from_url(u.as_str());
        if let Some(p) = e.published {
            hint = DateHint::Published(p.with_timezone(&vn()).date_naive());
        } else if let Some(up) = e.updated {
            hint = hint.or(DateHint::NotAfter(up.with_timezone(&vn()).date_naive()));
        }
        out.push(Found {
            url: u.to_string(),
            date: hint,
        });
    }
    Ok(out)
}

/// Decode an HTML page to text for link discovery: the `charset` of the Content-Type
/// header, then a `<meta charset>`, then chardetng's guess (which handles windows-1258
/// and TCVN-era pages served without a label).
pub fn decode_html(bytes: &[u8], content_type: Option<&str>) -> String {
    fn label(s: &str) -> Option<&'static encoding_rs::Encoding> {
        let i = s.to_ascii_lowercase().find("charset=")?;
        let v = s[i + 8..]
            .trim_start_matches(['"', '\''])
            .split(|c: char| {
                c == '"' || c == '\'' || c == ';' || c.is_whitespace() || c == '>' || c == '/'
            })
            .next()?;
        encoding_rs::Encoding::for_label(v.as_bytes())
    }
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc.decode_with_bom_removal(bytes).0.into_owned();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let meta = head
        .to_ascii_lowercase()
        .find("charset=")
        .and_then(|_| label(&head));
    let header = content_type.and_then(label);
    // A UTF-8 label on bytes that are not UTF-8 is a wrong header: fall through to detection.
    let enc = match (header, meta) {
        (Some(h), _) if h != encoding_rs::UTF_8 || std::str::from_utf8(bytes).is_ok() => Some(h),
        (_, Some(m)) if m != encoding_rs::UTF_8 || std::str::from_utf8(bytes).is_ok() => Some(m),
        _ => None,
    };
    let enc = enc.unwrap_or_else(|| {
        if std::str::from_utf8(bytes).is_ok() {
            encoding_rs::UTF_8
        } else {
            let mut d = chardetng::EncodingDetector::new();
            d.feed(bytes, true);
            d.guess(Some(b"vn"), true)
        }
    });
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

static ARTICLE_EXT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\.(html?|vnp|vov|chn|aspx|tpo|ldo|php)$").expect("valid regex"));
static LONG_ID: Lazy<Regex> = Lazy::new(|| Regex::new(r"\d{5,}").expect("valid regex"));
static PRINTED_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:^|\D)([0-3]?\d)/([01]?\d)/(20\d\d)(?:\D|$)").expect("valid regex")
});
static NEXT_WORDS: &[&str] = &[
    "trang sau",
    "trang tiếp",
    "tiếp",
    "sau",
    "xem thêm",
    "»",
    "›",
    ">",
    ">>",
    "next",
    "tiếp theo",
];

/// Does this link look like an article (not a section, tag or utility page)?
fn looks_like_article(u: &Url, pattern: Option<&Regex>) -> bool {
    if let Some(p) = pattern {
        return p.is_match(u.as_str());
    }
    let path = u.path();
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    if last.is_empty() {
        return false;
    }
    let lower = path.to_ascii_lowercase();
    for bad in [
        "/tag/",
        "/tags/",
        "/tim-kiem",
        "/search",
        "/video/",
        "/lien-he",
        "/rss",
    ] {
        if lower.contains(bad) && !LONG_ID.is_match(last) {
            return false;
        }
    }
    let hyphens = last.matches('-').count();
    (ARTICLE_EXT.is_match(last) && (hyphens >= 3 || LONG_ID.is_match(last)))
        || LONG_ID.is_match(last) && hyphens >= 2
        || hyphens >= 5
}

fn in_chrome(a: &ElementRef<'_>) -> bool {
    a.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|e| matches!(e.value().name(), "nav" | "header" | "footer" | "aside"))
}

/// A date printed near a link (a `<time datetime>` or "12/08/2024" in a small container).
fn nearby_date(a: &ElementRef<'_>) -> Option<NaiveDate> {
    static TIME: Lazy<Selector> =
        Lazy::new(|| Selector::parse("time[datetime]").expect("valid selector"));
    static LINKS: Lazy<Selector> =
        Lazy::new(|| Selector::parse("a[href]").expect("valid selector"));
    for anc in a.ancestors().filter_map(ElementRef::wrap).take(3) {
        // Past the link's own item: a container of several items has several dates.
        if anc.select(&LINKS).nth(3).is_some() {
            break;
        }
        if let Some(t) = anc.select(&TIME).next()
            && let Some(d) = t.value().attr("datetime").and_then(parse_date)
        {
            return Some(d);
        }
        let text: String = anc.text().take(50).collect::<Vec<_>>().join(" ");
        if text.len() > 800 {
            break;
        }
        if let Some(c) = PRINTED_DATE.captures(&text) {
            let d = c[1].parse().ok()?;
            let m = c[2].parse().ok()?;
            let y = c[3].parse().ok()?;
            return NaiveDate::from_ymd_opt(y, m, d);
        }
    }
    None
}

/// What a section page yields.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SectionPage {
    pub articles: Vec<Found>,
    /// The next page of the same section, if the page links one.
    pub next: Option<String>,
}

/// Find article links and the next page on a section page. `page_no` is this page's
/// 1-based number in the section (used to recognise a "2 3 4 …" pager).
pub fn parse_section(
    html: &str,
    page: &Url,
    pattern: Option<&Regex>,
    page_no: usize,
) -> SectionPage {
    static A: Lazy<Selector> = Lazy::new(|| Selector::parse("a[href]").expect("valid selector"));
    static NEXT: Lazy<Selector> = Lazy::new(|| {
        Selector::parse("link[rel=next][href], a[rel~=next][href]").expect("valid selector")
    });
    let doc = Html::parse_document(html);
    let mut out = SectionPage::default();
    let mut seen = std::collections::HashSet::new();
    let base = doc
        .select(&Selector::parse("base[href]").expect("valid selector"))
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|h| page.join(h).ok())
        .unwrap_or_else(|| page.clone());
    let page_key = super::urlnorm::key_of(page);
    for a in doc.select(&A) {
        let Some(href) = a.value().attr("href") else {
            continue;
        };
        let href = href.trim();
        if href.starts_with('#') || href.starts_with("javascript:") {
            continue;
        }
        let Ok(u) = base.join(href) else { continue };
        if (u.scheme() != "http" && u.scheme() != "https") || !super::urlnorm::same_site(&u, page) {
            continue;
        }
        if super::urlnorm::key_of(&u) == page_key {
            continue;
        }
        if out.next.is_none() {
            let text: String = a.text().collect::<String>().trim().to_lowercase();
            let class = a.value().attr("class").unwrap_or("").to_ascii_lowercase();
            let is_next = NEXT_WORDS.contains(&text.as_str())
                || class
                    .split_whitespace()
                    .any(|c| c == "next" || c.ends_with("-next") || c.starts_with("next-"))
                || text == (page_no + 1).to_string();
            if is_next && !looks_like_article(&u, pattern) {
                out.next = Some(u.to_string());
                continue;
            }
        }
        if in_chrome(&a) || !looks_like_article(&u, pattern) {
            continue;
        }
        let mut u = u;
        u.set_fragment(None);
        if !seen.insert(super::urlnorm::key_of(&u)) {
            continue;
        }
        let mut hint = date_from_url(u.as_str());
        if hint.published().is_none()
            && let Some(d) = nearby_date(&a)
        {
            hint = DateHint::Published(d);
        }
        out.articles.push(Found {
            url: u.to_string(),
            date: hint,
        });
    }
    if let Some(n) = doc
        .select(&NEXT)
        .next()
        .and_then(|e| e.value().attr("href"))
        && let Ok(u) = base.join(n.trim())
        && super::urlnorm::same_site(&u, page)
    {
        out.next = Some(u.to_string());
    }
    out
}

/// Today's date in Vietnam.
pub fn today_vn() -> NaiveDate {
    vn().from_utc_datetime(&chrono::Utc::now().naive_utc())
        .date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn url_dates_of_vietnamese_cms() {
        assert_eq!(
            date_from_url("https://dantri.com.vn/xa-hoi/nu-bac-si-20240812103000123.htm"),
            DateHint::Published(d("2024-08-12"))
        );
        assert_eq!(
            date_from_url("https://thanhnien.vn/nu-cong-nhan-185240812103000123.htm"),
            DateHint::Published(d("2024-08-12"))
        );
        assert_eq!(
            date_from_url("https://baoquangninh.vn/2024/08/03/phu-nu-ha-long"),
            DateHint::Published(d("2024-08-03"))
        );
        assert_eq!(
            date_from_url("https://example.vn/uploads/2024/08/anh.jpg"),
            DateHint::Month(2024, 8)
        );
        assert_eq!(
            date_from_url("https://vnexpress.net/phu-nu-khoi-nghiep-4781234.html"),
            DateHint::Unknown
        );
    }

    #[test]
    fn window_rules() {
        let w = Window {
            from: d("2024-08-01"),
            to: d("2024-08-31"),
        };
        assert!(w.admits(DateHint::Unknown));
        assert!(w.admits(DateHint::NotAfter(d("2024-09-10"))));
        assert!(!w.admits(DateHint::NotAfter(d("2024-07-31"))));
        assert!(!w.admits(DateHint::Published(d("2024-09-01"))));
        assert!(w.admits(DateHint::Month(2024, 8)));
        assert!(!w.admits(DateHint::Month(2024, 7)));
    }

    #[test]
    fn news_sitemap_and_index() {
        let base = Url::parse("https://baoquangninh.vn/").unwrap();
        let x = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://baoquangninh.vn/nu-can-bo-xa-3301.html?a=1&amp;b=2</loc>
<news:news><news:publication><news:name>Báo Quảng Ninh</news:name><news:language>vi</news:language></news:publication>
<news:publication_date>2024-08-01T06:30:00+07:00</news:publication_date><news:title>Nữ cán bộ xã</news:title></news:news></url>
<url><loc>/tin-cu-3300.html</loc><lastmod>2024-07-30T23:30:00Z</lastmod></url>
</urlset>"#;
        let s = parse_sitemap(x.as_bytes(), &base);
        assert_eq!(s.urls.len(), 2);
        assert_eq!(
            s.urls[0].url,
            "https://baoquangninh.vn/nu-can-bo-xa-3301.html?a=1&b=2"
        );
        assert_eq!(s.urls[0].date, DateHint::Published(d("2024-08-01")));
        // 23:30 UTC is 06:30 the next day in Vietnam.
        assert_eq!(s.urls[1].date, DateHint::NotAfter(d("2024-07-31")));
        let idx = br#"<sitemapindex><sitemap><loc>https://a.vn/sitemap-2024-08.xml</loc></sitemap></sitemapindex>"#;
        let s = parse_sitemap(idx, &base);
        assert_eq!(s.children.len(), 1);
        assert!(s.urls.is_empty());
    }

    #[test]
    fn section_links_and_pager() {
        let page = Url::parse("https://www.baotravinh.vn/xa-hoi/").unwrap();
        let html = r#"<html><body><header><a href="/phap-luat-doi-song/ve-chung-toi-12345-abc-def.html">menu</a></header>
<div class="item"><a href="/xa-hoi/hoi-lhpn-tra-vinh-ra-quan-38291.html">Hội LHPN</a><span>12/08/2024</span></div>
<div class="item"><a href="https://m.baotravinh.vn/xa-hoi/nu-giao-vien-vung-kho-38290.html?utm_source=fb">Nữ giáo viên</a></div>
<a href="https://facebook.com/share?u=x-1-2-3-4-5">fb</a>
<div class="paging"><a href="/xa-hoi/?page=1">1</a><a href="/xa-hoi/?page=2">2</a></div></body></html>"#;
        let s = parse_section(html, &page, None, 1);
        let urls: Vec<&str> = s.articles.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(urls.len(), 2, "{urls:?}");
        assert_eq!(s.articles[0].date, DateHint::Published(d("2024-08-12")));
        assert_eq!(
            s.next.as_deref(),
            Some("https://www.baotravinh.vn/xa-hoi/?page=2")
        );
    }

    #[test]
    fn atom_feed_dates_and_guid_only_rss() {
        let base = Url::parse("https://vov.vn/").unwrap();
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>VOV</title><id>urn:x</id><updated>2024-08-12T00:00:00Z</updated>
<entry><title>Nữ phi công đầu tiên</title><id>urn:1</id><link rel="alternate" href="/xa-hoi/nu-phi-cong-post1112233.vov"/>
<published>2024-08-11T18:30:00Z</published><updated>2024-08-12T01:00:00Z</updated></entry>
<entry><title>Chỉ có updated</title><id>urn:2</id><link href="https://vov.vn/b-post1.vov"/><updated>2024-08-20T01:00:00Z</updated></entry>
</feed>"#;
        let f = parse_feed(atom.as_bytes(), &base).unwrap();
        assert_eq!(
            f[0].url,
            "https://vov.vn/xa-hoi/nu-phi-cong-post1112233.vov"
        );
        // 18:30 UTC on the 11th is 01:30 on the 12th in Vietnam.
        assert_eq!(f[0].date, DateHint::Published(d("2024-08-12")));
        assert_eq!(f[1].date, DateHint::NotAfter(d("2024-08-20")));
        let rss = r#"<rss version="2.0"><channel><title>x</title><item><title>t</title>
<guid>https://baolamdong.vn/phu-nu-dan-toc-k-ho-lam-du-lich-cong-dong-123456.html</guid></item></channel></rss>"#;
        let f = parse_feed(rss.as_bytes(), &base).unwrap();
        assert_eq!(f.len(), 1);
        assert!(parse_feed(b"<html>not a feed</html>", &base).is_err());
    }

    #[test]
    fn decodes_windows_1258() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode("Phụ nữ");
        let s = decode_html(&bytes, Some("text/html; charset=utf-8"));
        assert!(s.starts_with("Ph"), "{s}");
        let s = decode_html(&bytes, Some("text/html; charset=windows-1258"));
        assert_eq!(s, encoding_rs::WINDOWS_1258.decode(&bytes).0);
    }
}
