//! Body extractors behind one trait, so the default can be chosen by measurement
//! (`chisogioi eval extract --extractor …`) and swapped without touching the metadata code.
//!
//! - [`VietCms`]: scraper-based, knows the article containers of the big Vietnamese CMSs
//!   (VnExpress, Tuổi Trẻ/Thanh Niên, Dân Trí, VietnamPlus, Liferay/.NET provincial and commune
//!   portals) and falls back to a paragraph-density search; honours per-outlet overrides.
//! - [`Trafilatura`]: the `rs-trafilatura` port (generic, multilingual, well maintained).
//! - [`Auto`]: [`VietCms`] when an override or a known container matches, otherwise
//!   [`Trafilatura`].

use super::dom::{self, Block, boiler_attr, furniture_tag, sel};
use super::select::{Index, Q};
use ego_tree::NodeId;
use once_cell::sync::Lazy;
use scraper::{ElementRef, Html, Selector};
use std::collections::HashSet;

/// One parsed page as the extractors see it.
pub struct Page<'a> {
    /// The decoded, NFC HTML.
    pub html: &'a str,
    pub doc: &'a Html,
    /// The page's one-pass selector index (built-in selectors).
    pub index: &'a Index<'a>,
    pub url: Option<&'a str>,
    /// The outlet's body selector, if configured.
    pub body_override: Option<&'a Selector>,
    /// Nodes already used for other fields (title, sapo, byline, date) — never body text.
    pub used: &'a HashSet<NodeId>,
}

/// What a body extractor returns.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub paragraphs: Vec<String>,
    /// The article container, when the extractor works on the DOM (used to scope captions).
    pub container: Option<NodeId>,
    /// A reporter's name found as the closing bold/right-aligned line of the body.
    pub byline: Option<String>,
    /// A first paragraph set entirely in bold: the lead on portals without sapo markup.
    pub lead: Option<String>,
}

/// Something that finds the article's body text in a page.
pub trait BodyExtractor: Send + Sync {
    fn name(&self) -> &'static str;
    fn extract(&self, page: &Page<'_>) -> Body;
}

/// Choose an extractor by name (`vietcms`, `trafilatura`, `auto`).
pub fn by_name(name: &str) -> Option<Box<dyn BodyExtractor>> {
    match name {
        "vietcms" => Some(Box::new(VietCms)),
        "trafilatura" => Some(Box::new(Trafilatura)),
        "auto" => Some(Box::new(Auto)),
        _ => None,
    }
}

/// Known article containers, most specific first.
pub(crate) const CONTAINER_CSS: &[&str] = &[
    "article.fck_detail",
    "div.fck_detail",
    "#main-detail-body",
    "div.detail-cmain",
    "div.detail-content",
    "div.singular-content",
    "div.dt-news__content",
    "div.article__body",
    "div.article-body",
    "[itemprop=articleBody]",
    "div.detail__content",
    "div.detail-content-body",
    "div.content-detail",
    "div.news-content",
    "div.article-content",
    "div.entry-content",
    "div.post-content",
    "div.journal-content-article",
    "div.noidung",
    "div.noi-dung",
    "div.chitiet",
    "div.ArticleContent",
    "#ArticleContent",
    "div.box-content-detail",
    "div.content-news",
    "div.detail-body",
    "div.video-description",
    "div.transcript",
    "div.media-description",
];

static CONTAINERS: Lazy<Vec<Selector>> =
    Lazy::new(|| CONTAINER_CSS.iter().map(|s| sel(s)).collect());

pub(crate) const CAPTION_LIKE_CSS: &str = "figcaption, .PhotoCMS_Caption, p.Image, .image-caption, .img-caption, .caption, td.caption, .fig-caption, .expNoEdit";

/// The Vietnamese-CMS-aware extractor.
pub struct VietCms;

impl VietCms {
    /// The container an override or a known CMS selector points at.
    fn known_container<'a>(page: &Page<'a>) -> Option<ElementRef<'a>> {
        if let Some(s) = page.body_override
            && let Some(el) = best_by_text(page.doc.select(s))
        {
            return Some(el);
        }
        // One document pass for all known containers, then the highest-priority match
        // with enough text (several matches of one selector: the one with most text).
        let mut best: Option<(usize, usize, ElementRef<'a>)> = None;
        for el in page.index.select(Q::Containers) {
            let Some(rank) = CONTAINERS.iter().position(|s| s.matches(&el)) else {
                continue;
            };
            if best.as_ref().is_some_and(|(r, _, _)| *r < rank) {
                continue;
            }
            let n = dom::chars(&dom::text_of(el));
            if n < 80 {
                continue;
            }
            if best.as_ref().is_none_or(|(r, m, _)| rank < *r || n > *m) {
                best = Some((rank, n, el));
            }
        }
        best.map(|(_, _, el)| el)
    }

    /// Readability-style density: each paragraph scores its parent fully and its
    /// grandparent half; the best-scoring element outside page furniture wins.
    fn densest<'a>(ix: &Index<'a>) -> Option<ElementRef<'a>> {
        let mut scores: std::collections::HashMap<NodeId, f64> = Default::default();
        let mut boiler_memo: std::collections::HashMap<NodeId, bool> = Default::default();
        for p in ix.select(Q::Paragraphs) {
            let name = p.value().name();
            // A div counts only for its own text (old CMSs put text straight into divs).
            let own: usize = if name == "div" || name == "td" {
                p.children()
                    .filter_map(|c| c.value().as_text())
                    .map(|t| dom::chars(t))
                    .sum()
            } else {
                dom::chars(&p.text().collect::<String>())
            };
            if own < 25 {
                continue;
            }
            let commas = p
                .text()
                .map(|t| t.matches([',', '.']).count())
                .sum::<usize>();
            let score = 1.0 + (own as f64 / 100.0).min(3.0) + commas.min(10) as f64 * 0.3;
            let mut anc = p.parent().and_then(ElementRef::wrap);
            // A paragraph inside furniture or boilerplate scores nothing.
            if inside_boiler(p, &mut boiler_memo) {
                continue;
            }
            if name == "div" || name == "td" {
                *scores.entry(p.id()).or_default() += score;
            }
            for w in [1.0, 0.5] {
                let Some(a) = anc else { break };
                *scores.entry(a.id()).or_default() += score * w;
                anc = a.parent().and_then(ElementRef::wrap);
            }
        }
        let best = scores
            .into_iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))?;
        ix.doc().tree.get(best.0).and_then(ElementRef::wrap)
    }
}

/// Is `el` or an ancestor page furniture or boilerplate? Memoised per node, so scoring every
/// paragraph of a page stays linear.
fn inside_boiler(el: ElementRef<'_>, memo: &mut std::collections::HashMap<NodeId, bool>) -> bool {
    let mut chain = Vec::new();
    let mut cur = Some(el);
    let mut answer = false;
    while let Some(e) = cur {
        if let Some(&known) = memo.get(&e.id()) {
            answer = known;
            break;
        }
        if furniture_tag(e.value().name()) || boiler_attr(e) {
            answer = true;
            chain.push(e.id());
            break;
        }
        chain.push(e.id());
        cur = e.parent().and_then(ElementRef::wrap);
    }
    // Everything below a boilerplate node is boilerplate; a clean chain is clean.
    for id in chain {
        memo.insert(id, answer);
    }
    answer
}

fn best_by_text<'a>(it: impl Iterator<Item = ElementRef<'a>>) -> Option<ElementRef<'a>> {
    it.map(|el| (dom::chars(&dom::text_of(el)), el))
        .max_by_key(|(n, _)| *n)
        .filter(|(n, _)| *n > 0)
        .map(|(_, el)| el)
}

impl BodyExtractor for VietCms {
    fn name(&self) -> &'static str {
        "vietcms"
    }
    fn extract(&self, page: &Page<'_>) -> Body {
        let container = Self::known_container(page).or_else(|| Self::densest(page.index));
        let Some(container) = container else {
            return Body::default();
        };
        let caption_ids: HashSet<NodeId> = Index::select_in(container, Q::CaptionLike)
            .map(|e| e.id())
            .collect();
        let skip = |el: ElementRef<'_>| {
            let name = el.value().name();
            furniture_tag(name)
                || matches!(name, "figure" | "figcaption" | "h1")
                || boiler_attr(el)
                || caption_ids.contains(&el.id())
                || page.used.contains(&el.id())
        };
        let blocks = dom::blocks(container, &skip);
        let lead = blocks
            .first()
            .filter(|b| b.bold && !b.right && dom::chars(&b.text) >= 50)
            .map(|b| b.text.clone());
        let (paragraphs, byline) = filter_blocks(blocks);
        Body {
            paragraphs,
            container: Some(container.id()),
            byline,
            lead,
        }
    }
}

/// Lines that introduce related links or page furniture, not story text.
fn furniture_line(t: &str) -> bool {
    if dom::chars(t) > 100 {
        return false;
    }
    let l = t.to_lowercase();
    const PREFIXES: &[&str] = &[
        "xem thêm",
        "tin liên quan",
        "đọc thêm",
        "bài liên quan",
        "tin cùng chuyên mục",
        "tin khác",
        ">>",
        "»",
        "chia sẻ",
        "bình luận",
        "quảng cáo",
    ];
    // Only short lines: "Chia sẻ về câu chuyện của mình, anh cho biết…" is story text.
    dom::chars(t) <= 100 && PREFIXES.iter().any(|p| l.starts_with(p))
}

fn filter_blocks(blocks: Vec<Block>) -> (Vec<String>, Option<String>) {
    let mut keep: Vec<Block> = blocks
        .into_iter()
        .filter(|b| {
            let n = dom::chars(&b.text);
            n > 0 && (b.link_chars * 10 <= n * 6) && !furniture_line(&b.text)
        })
        .collect();
    let mut byline = None;
    if let Some(last) = keep.last() {
        let words = last.text.split_whitespace().count();
        if (last.bold || last.right)
            && words <= 7
            && dom::chars(&last.text) <= 45
            && !last.text.ends_with('.')
        {
            byline = keep.pop().map(|b| b.text);
        }
    }
    (keep.into_iter().map(|b| b.text).collect(), byline)
}

/// rs-trafilatura, the Rust port of trafilatura.
pub struct Trafilatura;

impl BodyExtractor for Trafilatura {
    fn name(&self) -> &'static str {
        "trafilatura"
    }
    fn extract(&self, page: &Page<'_>) -> Body {
        let opts = rs_trafilatura::Options {
            url: page.url.map(str::to_owned),
            include_tables: true,
            ..Default::default()
        };
        // The port is young; a panic inside it must not take the batch down.
        let res =
            std::panic::catch_unwind(|| rs_trafilatura::extract_with_options(page.html, &opts));
        let text = match res {
            Ok(Ok(r)) => r.content_text,
            _ => String::new(),
        };
        let blocks = text
            .lines()
            .map(dom::clean)
            .filter(|l| !l.is_empty())
            .map(|text| Block {
                text,
                link_chars: 0,
                bold: false,
                right: false,
            })
            .collect();
        let (paragraphs, _) = filter_blocks(blocks);
        Body {
            paragraphs,
            ..Default::default()
        }
    }
}

/// [`VietCms`] where it knows the layout (override or known container), else [`Trafilatura`].
pub struct Auto;

impl BodyExtractor for Auto {
    fn name(&self) -> &'static str {
        "auto"
    }
    fn extract(&self, page: &Page<'_>) -> Body {
        if VietCms::known_container(page).is_some() {
            VietCms.extract(page)
        } else {
            let t = Trafilatura.extract(page);
            if t.paragraphs.is_empty() {
                VietCms.extract(page)
            } else {
                t
            }
        }
    }
}
