//! Article extraction: raw HTML (any charset) or WARC archives → [`Article`]s.
//!
//! API contract used by `scan`:
//! - [`extract_html`] for one page;
//! - [`read_warc`] for every HTML response in a `.warc`/`.warc.gz` file.
//!
//! Pipeline per page: [`charset::decode`] (declared charset only as a hint, output NFC) →
//! one `scraper` parse → one walk filing every element under the built-in selector lists it
//! may match ([`select::Index`]) → metadata from outlet overrides, known Vietnamese CMS markup,
//! JSON-LD and `<meta>` tags ([`meta`]) → body text from a [`body::BodyExtractor`] →
//! clean-up that keeps title, sapo, body and captions disjoint.
//!
//! The body extractor is a trait so the default can be chosen by measurement
//! (`chisogioi eval extract --extractor vietcms|trafilatura|auto`); see [`DEFAULT_EXTRACTOR`].

pub mod body;
pub mod charset;
pub mod cli;
pub mod date;
pub mod dom;
pub mod eval;
pub mod meta;
pub mod select;
pub mod warc;

use crate::model::{Article, ItemKind};
use body::{Body, BodyExtractor, Page};
use dom::{clean, in_furniture, text_of};
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};
use select::{Index, Q};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Per-outlet extraction hints (CSS selectors by field: title, sapo, body, author, date, caption).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub selectors: BTreeMap<String, String>,
}

/// The body extractor used by [`extract_html`] and the CLI unless told otherwise;
/// chosen by `chisogioi eval extract` on the project's Vietnamese gold set (see README).
pub const DEFAULT_EXTRACTOR: &str = "vietcms";

/// Pages larger than this are cut (the crawler caps bodies too; this guards direct callers).
pub const MAX_PAGE_BYTES: usize = 16 << 20;

/// Extract one page. `url` is the page's URL when known (for ids, canonical links and outlet hints).
pub fn extract_html(
    bytes: &[u8],
    url: Option<&str>,
    overrides: &Overrides,
) -> anyhow::Result<Article> {
    Extractor::default().extract(bytes, url, None, overrides)
}

/// Extract every HTML response of a WARC archive. Errors per record are returned, not fatal.
pub fn read_warc(
    path: &Path,
    overrides: &Overrides,
) -> anyhow::Result<Vec<anyhow::Result<Article>>> {
    let ex = Extractor::default();
    let mut out = Vec::new();
    warc::for_each_html_response(path, |rec| {
        out.push(match rec {
            Ok(r) => ex
                .extract(
                    &r.body,
                    Some(&r.target_uri),
                    r.charset.as_deref(),
                    overrides,
                )
                .map_err(|e| e.context(format!("WARC record {}", r.target_uri))),
            Err(e) => Err(e),
        });
    })?;
    Ok(out)
}

/// An extraction configuration: which body extractor to use.
pub struct Extractor {
    body: Box<dyn BodyExtractor>,
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor::named(DEFAULT_EXTRACTOR).expect("default extractor exists")
    }
}

impl Extractor {
    /// `vietcms`, `trafilatura` or `auto`.
    pub fn named(name: &str) -> Option<Extractor> {
        body::by_name(name).map(|body| Extractor { body })
    }

    pub fn name(&self) -> &'static str {
        self.body.name()
    }

    /// Extract one page; `http_charset` is the `charset=` the server declared, if known.
    pub fn extract(
        &self,
        bytes: &[u8],
        url: Option<&str>,
        http_charset: Option<&str>,
        overrides: &Overrides,
    ) -> anyhow::Result<Article> {
        let bytes = &bytes[..bytes.len().min(MAX_PAGE_BYTES)];
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            anyhow::bail!("empty page");
        }
        let decoded = charset::decode(bytes, http_charset);
        Ok(self.extract_str(&decoded.text, url, overrides))
    }

    /// Extract from already-decoded HTML.
    pub fn extract_str(&self, html: &str, url: Option<&str>, overrides: &Overrides) -> Article {
        let html = &*dom::flatten_deep_nesting(html);
        let doc = Html::parse_document(html);
        let ov = CompiledOverrides::new(overrides);
        let ix = Index::new(&doc);
        let metas = meta::Metas::new(&ix);
        let ld = meta::json_ld(&ix);
        let mut used: HashSet<NodeId> = HashSet::new();

        let title = find_title(&ix, &ov, &ld, &metas, &mut used);
        let (mut sapo, sapo_from_markup) = find_sapo(&ix, &ov, &ld, &metas, &mut used);
        let mut author = find_author(&ix, &ov, &ld, &metas, &mut used);
        let date = find_date(&ix, &ov, &ld, &metas, &mut used);

        let page = Page {
            html,
            doc: &doc,
            index: &ix,
            url,
            body_override: ov.get("body"),
            used: &used,
        };
        let Body {
            mut paragraphs,
            container,
            byline,
            lead,
        } = self.body.extract(&page);
        let container = container
            .and_then(|id| doc.tree.get(id))
            .and_then(ElementRef::wrap);
        let captions = find_captions(&ix, &ov, container);

        // Keep title, sapo, body and captions disjoint: extractors differ in what they include.
        // All these strings are whitespace-clean already; compare case-insensitively.
        paragraphs.retain(|p| !same(p, &title));
        // Portals without sapo markup set the lead in bold: it beats a meta description.
        if let Some(lead) = lead.filter(|_| !sapo_from_markup)
            && paragraphs.first().is_some_and(|p| same(p, &lead))
        {
            sapo = paragraphs.remove(0);
        }
        if !sapo.is_empty() {
            let sapo_cut = sapo.trim_end_matches(['.', '…', ' ']).to_owned();
            if let Some(first) = paragraphs.first() {
                if !sapo_from_markup && starts_with_ci(first, &sapo_cut) {
                    // A meta description is often the lead paragraph, cut short.
                    sapo = paragraphs.remove(0);
                } else if same(first, &sapo)
                    || (starts_with_ci(first, &sapo_cut) && sapo_cut.len() > 40)
                {
                    paragraphs.remove(0);
                }
            }
            paragraphs.retain(|p| !same(p, &sapo));
        }
        paragraphs.retain(|p| !captions.iter().any(|c| same(p, c)));
        if author.is_none() {
            author = byline.map(|b| clean_author(&b)).filter(|a| !a.is_empty());
        }
        if let (Some(a), Some(last)) = (&author, paragraphs.last())
            && same(last, a)
        {
            paragraphs.pop();
        }

        let kind = find_kind(&ix, &ld, &metas, url, container);
        if kind != ItemKind::Article && paragraphs.is_empty() {
            // Broadcast items: the transcript, else the description, is the text.
            if let Some(t) = ld.transcript.as_ref().or(ld.description.as_ref())
                && !same(&clean(t), &sapo)
            {
                paragraphs = t.split('\n').map(clean).filter(|s| !s.is_empty()).collect();
            }
        }
        let text = paragraphs.join("\n");
        let canonical_url = find_canonical(&ix, &metas, url);
        let language = find_language(&ix, &metas, &ld, &text);
        let id = article_id(canonical_url.as_deref().or(url), &title, &text);
        Article {
            id,
            outlet: None,
            url: url.map(str::to_owned),
            canonical_url,
            title,
            sapo,
            text,
            captions,
            author,
            date,
            section: find_section(&ix, &ld, &metas),
            tags: find_tags(&ix, &ld, &metas),
            language,
            kind,
        }
    }
}

/// Case-insensitive equality without allocating (Vietnamese case pairs have equal UTF-8 length,
/// so the length test rejects almost every pair at once).
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && starts_with_ci(a, b)
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    if prefix.len() > s.len() + 8 {
        return false;
    }
    let mut it = s.chars();
    prefix.chars().all(|p| {
        it.next()
            .is_some_and(|c| c == p || c.to_lowercase().eq(p.to_lowercase()))
    })
}

/// Overrides compiled once per page; invalid selectors are ignored (reported by `outlets check`).
struct CompiledOverrides {
    map: BTreeMap<String, Selector>,
}

impl CompiledOverrides {
    fn new(o: &Overrides) -> Self {
        CompiledOverrides {
            map: o
                .selectors
                .iter()
                .filter_map(|(k, v)| dom::user_sel(v).map(|s| (k.to_ascii_lowercase(), s)))
                .collect(),
        }
    }
    fn get(&self, field: &str) -> Option<&Selector> {
        self.map.get(field)
    }
}

/// Check that every selector of an override set parses; the error names the field.
pub fn validate_overrides(o: &Overrides) -> Result<(), String> {
    for (k, v) in &o.selectors {
        if !matches!(
            k.as_str(),
            "title" | "sapo" | "body" | "author" | "date" | "caption"
        ) {
            return Err(format!(
                "unknown field {k:?} (title, sapo, body, author, date, caption)"
            ));
        }
        if dom::user_sel(v).is_none() {
            return Err(format!("{k}: invalid CSS selector {v:?}"));
        }
    }
    Ok(())
}

fn first_text<'a>(
    candidates: impl Iterator<Item = ElementRef<'a>>,
    min_chars: usize,
    used: &mut HashSet<NodeId>,
) -> Option<String> {
    for el in candidates {
        if in_furniture(el) {
            continue;
        }
        let t = text_of(el);
        if dom::chars(&t) >= min_chars {
            used.insert(el.id());
            return Some(t);
        }
    }
    None
}

pub(crate) const TITLE_CSS: &str = "h1.title-detail, h1.title_news_detail, h1.detail-title, h1.article-title, h1.article__title, \
         h1.title-page, h1.singular-title, h1.entry-title, h1.post-title, h1.news-title, h1.video-title, \
         h1[itemprop=headline], h1.title, .title-news, .news-title, .detail-title, .article-title, .title-detail";

fn find_title(
    ix: &Index<'_>,
    ov: &CompiledOverrides,
    ld: &meta::JsonLd,
    metas: &meta::Metas,
    used: &mut HashSet<NodeId>,
) -> String {
    if let Some(t) = ov
        .get("title")
        .and_then(|s| first_text(ix.doc().select(s), 1, used))
    {
        return t;
    }
    if let Some(t) = first_text(ix.select(Q::Title), 8, used) {
        return t;
    }
    for h in ix.select(Q::H1) {
        let logo = h
            .value()
            .attr("class")
            .is_some_and(|c| c.to_ascii_lowercase().contains("logo"));
        let in_header = h.ancestors().filter_map(ElementRef::wrap).any(|a| {
            a.value().name() == "header"
                && !a
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .any(|b| b.value().name() == "article")
        });
        let t = text_of(h);
        if !logo && !in_header && !in_furniture(h) && dom::chars(&t) >= 8 {
            used.insert(h.id());
            return t;
        }
    }
    if let Some(t) = ld
        .headline
        .clone()
        .or_else(|| metas.get("og:title").map(str::to_owned))
    {
        return t;
    }
    let t = ix
        .select(Q::TitleTag)
        .next()
        .map(text_of)
        .unwrap_or_default();
    // "Tiêu đề bài - Tên báo": drop the site suffix.
    match t.rsplit_once(" - ").or_else(|| t.rsplit_once(" | ")) {
        Some((head, _)) if dom::chars(head) >= 8 => head.trim().to_owned(),
        _ => t,
    }
}

pub(crate) const SAPO_CSS: &str = "h2.sapo, p.sapo, div.sapo, .detail-sapo, .article__sapo, .singular-sapo, .sapo_detail, \
         .sapo-detail, .detail__summary, .article-sapo, .news-sapo, p.description, .chapeau, \
         .article-summary, .news-summary, .entry-summary, .summary, .lead, .tomtat, .mota, .sapo";

/// Returns (sapo, found-in-visible-markup).
fn find_sapo(
    ix: &Index<'_>,
    ov: &CompiledOverrides,
    ld: &meta::JsonLd,
    metas: &meta::Metas,
    used: &mut HashSet<NodeId>,
) -> (String, bool) {
    if let Some(t) = ov
        .get("sapo")
        .and_then(|s| first_text(ix.doc().select(s), 1, used))
    {
        return (t, true);
    }
    if let Some(t) = first_text(ix.select(Q::Sapo), 20, used) {
        return (t, true);
    }
    let meta = metas
        .first(&["description", "og:description", "twitter:description"])
        .map(str::to_owned)
        .or_else(|| ld.description.clone());
    (meta.unwrap_or_default(), false)
}

pub(crate) const AUTHOR_CSS: &str = ".author_mail, .author-name, .author-info .name, .article__author, .detail-author, \
         .news-author, .author, .byline, [rel=author], [itemprop=author], .tacgia, .tac-gia, .post-author";

fn clean_author(s: &str) -> String {
    let mut a = clean(s);
    for p in [
        "Tác giả:",
        "Bài và ảnh:",
        "Bài, ảnh:",
        "Bài và ảnh",
        "Tin, ảnh:",
        "Tin và ảnh:",
        "Bài:",
        "Theo:",
        "By ",
        "bởi ",
        "Bởi ",
    ] {
        if let Some(rest) = a.strip_prefix(p) {
            a = rest.trim().to_owned();
        }
    }
    a.trim_matches(|c: char| c == '-' || c == '–' || c == '|' || c.is_whitespace())
        .to_owned()
}

fn find_author(
    ix: &Index<'_>,
    ov: &CompiledOverrides,
    ld: &meta::JsonLd,
    metas: &meta::Metas,
    used: &mut HashSet<NodeId>,
) -> Option<String> {
    let ok = |a: &str| !a.is_empty() && a.chars().count() <= 80 && !a.contains("://");
    if let Some(t) = ov
        .get("author")
        .and_then(|s| first_text(ix.doc().select(s), 1, used))
    {
        return Some(clean_author(&t)).filter(|a| ok(a));
    }
    let site = metas.get("og:site_name").map(str::to_lowercase);
    let not_site = |a: &str| site.as_deref() != Some(a.to_lowercase().as_str());
    if !ld.authors.is_empty() {
        let a = ld
            .authors
            .iter()
            .map(|a| clean_author(a))
            .filter(|a| ok(a) && not_site(a))
            .collect::<Vec<_>>()
            .join(", ");
        if !a.is_empty() {
            // Still mark the visible byline as used so it does not leak into the body.
            let _ = first_text(ix.select(Q::Author), 2, used);
            return Some(a);
        }
    }
    if let Some(t) = first_text(ix.select(Q::Author), 2, used) {
        let a = clean_author(&t);
        if ok(&a) {
            return Some(a);
        }
    }
    metas
        .first(&["author", "article:author", "dc.creator"])
        .map(clean_author)
        .filter(|a| ok(a) && not_site(a))
}

pub(crate) const DATE_CSS: &str = "time[datetime], [itemprop=datePublished], .detail-time, .author-time, .article__meta time, \
         .publish-date, .post-date, .ngaydang, .news-date, .date-time, .datetime, .time-post, .entry-date, \
         span.date, .date, .time, .meta, .article__meta, .detail-info, .post-meta, .date-post, \
         .date-news, .news-time, .time-update";

fn find_date(
    ix: &Index<'_>,
    ov: &CompiledOverrides,
    ld: &meta::JsonLd,
    metas: &meta::Metas,
    used: &mut HashSet<NodeId>,
) -> Option<String> {
    let from_el = |el: ElementRef<'_>| {
        let v = el.value();
        v.attr("datetime")
            .or(v.attr("content"))
            .and_then(date::parse_iso)
            .or_else(|| date::parse_vietnamese(&text_of(el)))
    };
    if let Some(s) = ov.get("date")
        && let Some((id, d)) = ix
            .doc()
            .select(s)
            .find_map(|el| from_el(el).map(|d| (el.id(), d)))
    {
        used.insert(id);
        return Some(d);
    }
    let machine = ld
        .date_published
        .as_deref()
        .and_then(date::parse_iso)
        .or_else(|| {
            metas
                .first(&[
                    "article:published_time",
                    "datepublished",
                    "pubdate",
                    "publishdate",
                    "dc.date.issued",
                    "dc.date",
                    "date",
                    "og:published_time",
                ])
                .and_then(|d| date::parse_iso(d).or_else(|| date::parse_vietnamese(d)))
        });
    // Visible date elements are marked used either way so they stay out of the body.
    let mut visible = None;
    for el in ix.select(Q::Date) {
        if in_furniture(el) {
            continue;
        }
        if let Some(d) = from_el(el) {
            used.insert(el.id());
            visible = Some(d);
            break;
        }
    }
    machine.or(visible)
}

pub(crate) const CAPTION_CSS: &str = "figcaption, .PhotoCMS_Caption, p.Image, .image-caption, .img-caption, td.caption, \
         .fig-caption, .caption, .expNoEdit, .image_desc, .photo-caption";

fn find_captions(
    ix: &Index<'_>,
    ov: &CompiledOverrides,
    container: Option<ElementRef<'_>>,
) -> Vec<String> {
    let scope = container
        .or_else(|| ix.select(Q::ArticleScope).next())
        .unwrap_or_else(|| ix.doc().root_element());
    let found: Box<dyn Iterator<Item = ElementRef<'_>> + '_> = match ov.get("caption") {
        Some(s) => Box::new(scope.select(s)),
        None => Box::new(Index::select_in(scope, Q::Caption)),
    };
    let mut out: Vec<String> = Vec::new();
    let mut ids: Vec<NodeId> = Vec::new();
    for el in found {
        // Nested caption elements (figcaption > p.Image) count once.
        if el.ancestors().any(|a| ids.contains(&a.id())) || in_furniture(el) {
            continue;
        }
        let t = text_of(el);
        if !t.is_empty() && !out.contains(&t) {
            ids.push(el.id());
            out.push(t);
        }
    }
    out
}

pub(crate) const BREADCRUMB_CSS: &str = ".breadcrumb a, .breadcrumbs a, .dt-breadcrumb a, .bread-crumb a, .bread-crumbs a, \
         [itemtype*=BreadcrumbList] [itemprop=name], .cate-parent a, .detail-cate a, .breadcrumb li, \
         .path a, .cat-links a";

fn find_section(ix: &Index<'_>, ld: &meta::JsonLd, metas: &meta::Metas) -> Option<String> {
    if let Some(s) = metas.get("article:section") {
        return Some(s.to_owned());
    }
    if let Some(s) = &ld.section {
        return Some(s.clone());
    }
    ix.select(Q::Breadcrumb).map(text_of).find(|t| {
        let l = t.to_lowercase();
        !t.is_empty() && l != "trang chủ" && l != "home" && l != "trang nhất" && dom::chars(t) < 40
    })
}

pub(crate) const TAGS_CSS: &str = ".tags a, .tag a, .detail-tab a, .article__tag a, a.tag-item, .tag-item a, a[rel=tag], \
         .keywords a, .box-tag a, .tags-item a, .the-tag a";

fn find_tags(ix: &Index<'_>, ld: &meta::JsonLd, metas: &meta::Metas) -> Vec<String> {
    let mut tags: Vec<String> = metas.all("article:tag").map(str::to_owned).collect();
    if tags.is_empty() {
        tags = ix.select(Q::Tags).map(text_of).collect();
    }
    if tags.is_empty() {
        tags = ld.keywords.clone();
    }
    if tags.is_empty() {
        // Plain `keywords` is SEO filler on most Vietnamese sites; only `news_keywords` counts.
        if let Some(k) = metas.get("news_keywords") {
            tags = k.split(',').map(clean).collect();
        }
    }
    let mut seen = HashSet::new();
    tags.into_iter()
        .map(|t| clean(t.trim_start_matches('#')))
        .filter(|t| !t.is_empty() && t.chars().count() <= 80 && seen.insert(t.to_lowercase()))
        .collect()
}

fn find_canonical(ix: &Index<'_>, metas: &meta::Metas, url: Option<&str>) -> Option<String> {
    let raw = ix
        .select(Q::Canonical)
        .find_map(|l| l.value().attr("href"))
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .or_else(|| metas.get("og:url"))?;
    let base = url.and_then(|u| url::Url::parse(u).ok());
    match base {
        Some(b) => b.join(raw).ok().map(|u| u.to_string()),
        None => url::Url::parse(raw).ok().map(|u| u.to_string()),
    }
}

fn find_language(
    ix: &Index<'_>,
    metas: &meta::Metas,
    ld: &meta::JsonLd,
    text: &str,
) -> Option<String> {
    let declared = ix
        .select(Q::Html)
        .next()
        .and_then(|h| h.value().attr("lang").or(h.value().attr("xml:lang")))
        .map(str::to_owned)
        .or_else(|| {
            metas
                .first(&["content-language", "language", "og:locale"])
                .map(str::to_owned)
        })
        .or_else(|| ld.in_language.clone());
    if let Some(l) = declared {
        let primary = l
            .split(['-', '_', ','])
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()) {
            return Some(primary);
        }
    }
    // Undeclared: Vietnamese-only letters in a fair share of words say "vi".
    let words = text.split_whitespace().take(400).count();
    let vi = text
        .split_whitespace()
        .take(400)
        .filter(|w| {
            w.chars().any(|c| {
                matches!(c, 'ă' | 'đ' | 'ơ' | 'ư' | 'Ă' | 'Đ' | 'Ơ' | 'Ư')
                    || (0x1EA0..=0x1EF9).contains(&(c as u32))
            })
        })
        .count();
    (words >= 5 && vi * 5 >= words).then(|| "vi".to_owned())
}

pub(crate) const MEDIA_CSS: &str = "video, audio, iframe[src*=youtube], iframe[src*=player], [data-video], [data-audio], .video-player, .audio-player";

fn find_kind(
    ix: &Index<'_>,
    ld: &meta::JsonLd,
    metas: &meta::Metas,
    url: Option<&str>,
    container: Option<ElementRef<'_>>,
) -> ItemKind {
    let has = |t: &[&str]| ld.types.iter().any(|x| t.contains(&x.as_str()));
    let article_ld = has(&["NewsArticle", "Article", "BlogPosting", "ReportageNews"]);
    if !article_ld {
        if has(&["VideoObject", "Clip", "TVEpisode"]) {
            return ItemKind::Video;
        }
        if has(&["AudioObject", "PodcastEpisode", "RadioEpisode"]) {
            return ItemKind::Audio;
        }
    }
    if let Some(t) = metas.get("og:type") {
        let t = t.to_ascii_lowercase();
        if t.starts_with("video") {
            return ItemKind::Video;
        }
        if t.starts_with("music") || t.contains("audio") || t.contains("podcast") {
            return ItemKind::Audio;
        }
    }
    // Short text around a player on a media path: a broadcast item without markup.
    let path = url
        .and_then(|u| url::Url::parse(u).ok())
        .map(|u| u.path().to_ascii_lowercase())
        .unwrap_or_default();
    let media_path = |words: &[&str]| {
        path.split(['/', '-', '.', '_'])
            .any(|seg| words.contains(&seg))
    };
    let player = ix
        .select(Q::Media)
        .next()
        .map(|m| m.value().name().to_owned());
    if player.is_some() && container.map(|c| dom::chars(&text_of(c))).unwrap_or(0) < 1500 {
        if player.as_deref() == Some("audio")
            || media_path(&["podcast", "radio", "audio", "phatthanh"])
        {
            return ItemKind::Audio;
        }
        if player.as_deref() == Some("video")
            || media_path(&["video", "videos", "clip", "truyenhinh", "tv"])
        {
            return ItemKind::Video;
        }
    }
    ItemKind::Article
}

fn article_id(url: Option<&str>, title: &str, text: &str) -> String {
    let mut h = Sha256::new();
    match url {
        Some(u) => h.update(u.as_bytes()),
        None => {
            h.update(title.as_bytes());
            h.update(b"\n");
            h.update(text.as_bytes());
        }
    }
    hex::encode(&h.finalize()[..8])
}
