//! One DOM pass for all the built-in selectors.
//!
//! `scraper`'s `select` tests every element of the page against every part of a selector list;
//! with a dozen lists of up to 25 parts each, that was the largest cost of extraction
//! (more than parsing the HTML). Each part of a built-in list, however, names one thing an
//! element must carry to match: a class, an id, a tag or an attribute (`h1.title` needs the
//! class `title`). [`Index::new`] walks the page once, looks each element's tag, classes, id
//! and attribute names up in a table of those keys, and files the element under every list
//! it may match. [`Index::select`] then runs the real selector only on those candidates, so
//! the answers (and their order) are exactly `Html::select`'s.
//!
//! A selector part whose key cannot be read (a pseudo-class, `*`) makes its list match-tested
//! on every element, as before: slower, never wrong.

use super::dom::sel;
use ego_tree::NodeId;
use once_cell::sync::Lazy;
use rustc_hash::FxHashMap;
use scraper::{ElementRef, Html, Selector};

/// The built-in selector lists, by the field they look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Q {
    Title,
    H1,
    TitleTag,
    Sapo,
    Author,
    Date,
    Caption,
    ArticleScope,
    Breadcrumb,
    Tags,
    Canonical,
    Html,
    Media,
    Meta,
    JsonLd,
    Containers,
    CaptionLike,
    Paragraphs,
}

/// Every list, in the order of [`Q`]'s variants.
const LISTS: &[(Q, &str)] = &[
    (Q::Title, super::TITLE_CSS),
    (Q::H1, "h1"),
    (Q::TitleTag, "title"),
    (Q::Sapo, super::SAPO_CSS),
    (Q::Author, super::AUTHOR_CSS),
    (Q::Date, super::DATE_CSS),
    (Q::Caption, super::CAPTION_CSS),
    (
        Q::ArticleScope,
        "article, [itemprop=articleBody], main, #main, .main-content, body",
    ),
    (Q::Breadcrumb, super::BREADCRUMB_CSS),
    (Q::Tags, super::TAGS_CSS),
    (Q::Canonical, "link[rel=canonical]"),
    (Q::Html, "html"),
    (Q::Media, super::MEDIA_CSS),
    (Q::Meta, "meta"),
    (Q::JsonLd, r#"script[type="application/ld+json"]"#),
    (Q::Containers, ""), // filled from body::CONTAINER_CSS
    (Q::CaptionLike, super::body::CAPTION_LIKE_CSS),
    (Q::Paragraphs, "body p, body td, body div, body pre"),
];

/// What an element must carry to match one selector part.
#[derive(Debug, PartialEq, Eq)]
enum Key {
    Class(String),
    Id(String),
    Tag(String),
    Attr(String),
}

/// The key of a selector part: from its last compound, a class first, then an id, a tag,
/// an attribute name. `None` when the part uses anything else (pseudo-classes, `*`, `>`…).
fn key_of(part: &str) -> Option<Key> {
    let compound = part.split_ascii_whitespace().next_back()?;
    let b = compound.as_bytes();
    let ident = |from: usize| {
        from + b[from..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'))
            .count()
    };
    let (mut classes, mut ids, mut attrs) = (Vec::new(), Vec::new(), Vec::new());
    let mut i = ident(0);
    let tag = &compound[..i];
    while i < b.len() {
        match b[i] {
            b'.' | b'#' => {
                let end = ident(i + 1);
                if end == i + 1 {
                    return None;
                }
                let name = compound[i + 1..end].to_owned();
                if b[i] == b'.' {
                    classes.push(name)
                } else {
                    ids.push(name)
                }
                i = end;
            }
            b'[' => {
                let end = ident(i + 1);
                if end == i + 1 {
                    return None;
                }
                attrs.push(compound[i + 1..end].to_ascii_lowercase());
                i += memchr::memchr(b']', &b[i..])? + 1;
            }
            _ => return None,
        }
    }
    if let Some(c) = classes.into_iter().next() {
        Some(Key::Class(c))
    } else if let Some(id) = ids.into_iter().next() {
        Some(Key::Id(id))
    } else if !tag.is_empty() {
        Some(Key::Tag(tag.to_ascii_lowercase()))
    } else {
        attrs.into_iter().next().map(Key::Attr)
    }
}

/// The compiled lists and the key tables of the one-pass walk.
struct Table {
    selectors: Vec<Selector>,
    tags: FxHashMap<String, u64>,
    classes: FxHashMap<String, u64>,
    ids: FxHashMap<String, u64>,
    attrs: FxHashMap<String, u64>,
    /// Lists with a part that has no key: every element is their candidate.
    always: u64,
}

static TABLE: Lazy<Table> = Lazy::new(|| {
    let containers = super::body::CONTAINER_CSS.join(", ");
    let mut t = Table {
        selectors: Vec::new(),
        tags: FxHashMap::default(),
        classes: FxHashMap::default(),
        ids: FxHashMap::default(),
        attrs: FxHashMap::default(),
        always: 0,
    };
    for (i, (q, css)) in LISTS.iter().enumerate() {
        debug_assert_eq!(*q as usize, i, "LISTS follows the order of Q");
        let css = if *q == Q::Containers {
            containers.as_str()
        } else {
            css
        };
        let bit = 1u64 << i;
        t.selectors.push(sel(css));
        for part in css.split(',') {
            let map = match key_of(part) {
                Some(Key::Class(k)) => t.classes.entry(k),
                Some(Key::Id(k)) => t.ids.entry(k),
                Some(Key::Tag(k)) => t.tags.entry(k),
                Some(Key::Attr(k)) => t.attrs.entry(k),
                None => {
                    t.always |= bit;
                    continue;
                }
            };
            *map.or_default() |= bit;
        }
    }
    t
});

impl Table {
    /// The lists `el` may match.
    fn mask(&self, el: &scraper::node::Element) -> u64 {
        let mut m = self.always;
        if let Some(b) = self.tags.get(el.name()) {
            m |= b;
        }
        for c in el.classes() {
            if let Some(b) = self.classes.get(c) {
                m |= b;
            }
        }
        if let Some(b) = el.id().and_then(|id| self.ids.get(id)) {
            m |= b;
        }
        for (name, _) in el.attrs() {
            if let Some(b) = self.attrs.get(name) {
                m |= b;
            }
        }
        m
    }
}

/// The candidates of every built-in list in one page, from one walk.
pub struct Index<'a> {
    doc: &'a Html,
    lists: Vec<Vec<NodeId>>,
}

impl<'a> Index<'a> {
    pub fn new(doc: &'a Html) -> Index<'a> {
        let t = &*TABLE;
        let mut lists: Vec<Vec<NodeId>> = vec![Vec::new(); LISTS.len()];
        // Arena order, as `Html::select` iterates.
        for node in doc.tree.nodes() {
            if let Some(el) = node.value().as_element() {
                let mut m = t.mask(el);
                while m != 0 {
                    let i = m.trailing_zeros() as usize;
                    lists[i].push(node.id());
                    m &= m - 1;
                }
            }
        }
        Index { doc, lists }
    }

    /// The page.
    pub fn doc(&self) -> &'a Html {
        self.doc
    }

    /// The compiled selector of a list.
    pub fn selector(q: Q) -> &'static Selector {
        &TABLE.selectors[q as usize]
    }

    /// The elements matching list `q`, exactly as `doc.select(selector)` returns them.
    pub fn select(&self, q: Q) -> impl Iterator<Item = ElementRef<'a>> + '_ {
        let s = Self::selector(q);
        self.lists[q as usize]
            .iter()
            .filter_map(|&id| self.doc.tree.get(id).and_then(ElementRef::wrap))
            .filter(move |el| s.matches(el))
    }

    /// The descendants of `scope` matching list `q`, exactly as `scope.select(selector)`
    /// returns them (document order).
    pub fn select_in(scope: ElementRef<'a>, q: Q) -> impl Iterator<Item = ElementRef<'a>> {
        let t = &*TABLE;
        let bit = 1u64 << q as usize;
        let s = Self::selector(q);
        scope
            .descendants()
            .skip(1)
            .filter_map(ElementRef::wrap)
            .filter(move |el| t.mask(el.value()) & bit != 0)
            .filter(move |el| s.matches_with_scope(el, Some(scope)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_selector_parts() {
        assert_eq!(
            key_of("h1.title-detail"),
            Some(Key::Class("title-detail".into()))
        );
        assert_eq!(
            key_of(" #main-detail-body"),
            Some(Key::Id("main-detail-body".into()))
        );
        assert_eq!(key_of("body p"), Some(Key::Tag("p".into())));
        assert_eq!(
            key_of("[itemprop=author]"),
            Some(Key::Attr("itemprop".into()))
        );
        assert_eq!(
            key_of("iframe[src*=youtube]"),
            Some(Key::Tag("iframe".into()))
        );
        assert_eq!(
            key_of("[itemtype*=BreadcrumbList] [itemprop=name]"),
            Some(Key::Attr("itemprop".into()))
        );
        assert_eq!(key_of("a:hover"), None);
        assert_eq!(key_of("*"), None);
        assert_eq!(key_of("ul > li"), Some(Key::Tag("li".into())));
    }

    /// The index gives `select`'s answers, in `select`'s order, on every list and page of
    /// the gold set (and on a quirks-mode page with odd markup).
    #[test]
    fn index_agrees_with_select() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/extract/aeb-vi/html");
        let mut pages: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| {
                let raw = std::fs::read(e.unwrap().path()).unwrap();
                let mut s = Vec::new();
                std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&raw[..]), &mut s)
                    .unwrap();
                super::super::charset::decode(&s, None).text
            })
            .collect();
        assert!(pages.len() >= 20);
        pages.push(
            "<TABLE><TR><TD><P CLASS='Title caption'>Tiêu đề<FORM><DIV class=sapo>Tóm tắt \
             <a rel=author>Lan</a></DIV></TABLE><b><i>x</b>y</i><time datetime=2024-08-12>"
                .into(),
        );
        for html in &pages {
            let doc = Html::parse_document(html);
            let ix = Index::new(&doc);
            for (q, _) in LISTS {
                let want: Vec<NodeId> = doc.select(Index::selector(*q)).map(|e| e.id()).collect();
                let got: Vec<NodeId> = ix.select(*q).map(|e| e.id()).collect();
                assert_eq!(got, want, "{q:?}");
                for scope in doc.select(&sel("div, article, body")) {
                    let want: Vec<NodeId> =
                        scope.select(Index::selector(*q)).map(|e| e.id()).collect();
                    let got: Vec<NodeId> = Index::select_in(scope, *q).map(|e| e.id()).collect();
                    assert_eq!(got, want, "{q:?} in scope");
                }
            }
        }
    }
}
