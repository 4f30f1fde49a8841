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
use scraper::node::Element;
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

/// Tags too common to be a useful key when the compound offers an attribute (`a[rel=tag]`).
const COMMON_TAGS: &[&str] = &["a", "div", "span", "p", "li", "td", "img", "ul"];

/// The key of one compound selector: a class first, then an id, an uncommon tag, an
/// attribute name, a common tag. `None` when it uses anything else (pseudo-classes, `*`).
fn compound_key(compound: &str) -> Option<Key> {
    let b = compound.as_bytes();
    let ident = |from: usize| {
        from + b[from..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'))
            .count()
    };
    let (mut classes, mut ids, mut attrs) = (Vec::new(), Vec::new(), Vec::new());
    let mut i = ident(0);
    let tag = compound[..i].to_ascii_lowercase();
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
    let common = COMMON_TAGS.contains(&tag.as_str());
    if let Some(c) = classes.into_iter().next() {
        Some(Key::Class(c))
    } else if let Some(id) = ids.into_iter().next() {
        Some(Key::Id(id))
    } else if !tag.is_empty() && !common {
        Some(Key::Tag(tag))
    } else if let Some(a) = attrs.into_iter().next() {
        Some(Key::Attr(a))
    } else {
        (!tag.is_empty()).then_some(Key::Tag(tag))
    }
}

/// The key of a selector part's subject (its last compound), and, when the part is
/// `X … Y` with descendant/child combinators only, the key some ancestor must carry (X's).
fn key_of(part: &str) -> Option<(Key, Option<Key>)> {
    let mut compounds = part.split_ascii_whitespace();
    let first = compounds.next()?;
    let subject = compound_key(compounds.clone().next_back().unwrap_or(first))?;
    let ancestor = compounds
        .next_back()
        .filter(|_| !part.contains(['+', '~']))
        .and_then(|_| compound_key(first));
    Some((subject, ancestor))
}

/// Values by the names an element carries: its tag, classes, id, attribute names.
struct Keys<V> {
    tags: FxHashMap<String, V>,
    classes: FxHashMap<String, V>,
    ids: FxHashMap<String, V>,
    attrs: FxHashMap<String, V>,
}

impl<V: Default> Keys<V> {
    fn new() -> Self {
        Keys {
            tags: FxHashMap::default(),
            classes: FxHashMap::default(),
            ids: FxHashMap::default(),
            attrs: FxHashMap::default(),
        }
    }
    fn slot(&mut self, k: Key) -> &mut V {
        match k {
            Key::Class(k) => self.classes.entry(k).or_default(),
            Key::Id(k) => self.ids.entry(k).or_default(),
            Key::Tag(k) => self.tags.entry(k).or_default(),
            Key::Attr(k) => self.attrs.entry(k).or_default(),
        }
    }
    /// Call `f` with the value of every name `el` carries.
    fn each<'s>(&'s self, el: &Element, mut f: impl FnMut(&'s V)) {
        if let Some(v) = self.tags.get(el.name()) {
            f(v);
        }
        for c in el.classes() {
            if let Some(v) = self.classes.get(c) {
                f(v);
            }
        }
        if let Some(v) = el.id().and_then(|id| self.ids.get(id)) {
            f(v);
        }
        if !self.attrs.is_empty() {
            for (name, _) in el.attrs() {
                if let Some(v) = self.attrs.get(name) {
                    f(v);
                }
            }
        }
    }
}

/// What an element's name says about the lists it may match.
#[derive(Default)]
struct Entry {
    /// Lists it may match outright.
    lists: u64,
    /// (list, ancestor key): lists it may match if an ancestor carries that key.
    under: Vec<(u64, u64)>,
}

/// The compiled lists and the key tables of the one-pass walk.
struct Table {
    selectors: Vec<Selector>,
    subject: Keys<Entry>,
    /// Ancestor keys, one bit each.
    ancestor: Keys<u64>,
    /// Lists with a part that has no key: every element is their candidate.
    always: u64,
}

static TABLE: Lazy<Table> = Lazy::new(|| {
    let containers = super::body::CONTAINER_CSS.join(", ");
    let mut t = Table {
        selectors: Vec::new(),
        subject: Keys::new(),
        ancestor: Keys::new(),
        always: 0,
    };
    let mut anc_bits = 0u32;
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
            match key_of(part) {
                None => t.always |= bit,
                Some((subject, None)) => t.subject.slot(subject).lists |= bit,
                Some((subject, Some(anc))) => {
                    let slot = t.ancestor.slot(anc);
                    if *slot == 0 {
                        *slot = 1u64 << anc_bits.min(63);
                        anc_bits += 1;
                    }
                    let a = if anc_bits > 64 { u64::MAX } else { *slot };
                    t.subject.slot(subject).under.push((bit, a));
                }
            }
        }
    }
    t
});

impl Table {
    /// The lists `el` may match; `closure` gives the ancestor keys above a node.
    fn mask(&self, el: ElementRef<'_>, closure: &mut impl FnMut(ElementRef<'_>) -> u64) -> u64 {
        let mut m = self.always;
        let mut conditional = false;
        self.subject.each(el.value(), |e| {
            m |= e.lists;
            conditional |= !e.under.is_empty();
        });
        if conditional {
            let above = closure(el);
            self.subject.each(el.value(), |e| {
                for &(list, anc) in &e.under {
                    if above & anc != 0 {
                        m |= list;
                    }
                }
            });
        }
        m
    }

    /// The ancestor keys `el` carries itself.
    fn own_ancestor_keys(&self, el: &Element) -> u64 {
        let mut m = 0;
        self.ancestor.each(el, |b| m |= b);
        m
    }

    /// The ancestor keys carried by the ancestors of `el`, memoised per node
    /// (`memo[n]` = keys of `n` and everything above it).
    fn above(&self, el: ElementRef<'_>, memo: &mut FxHashMap<NodeId, u64>) -> u64 {
        let mut chain = Vec::new();
        let mut acc = 0;
        let mut cur = el.parent();
        while let Some(n) = cur {
            let Some(e) = n.value().as_element() else {
                break;
            };
            if let Some(&v) = memo.get(&n.id()) {
                acc = v;
                break;
            }
            chain.push((n.id(), self.own_ancestor_keys(e)));
            cur = n.parent();
        }
        for (id, own) in chain.into_iter().rev() {
            acc |= own;
            memo.insert(id, acc);
        }
        acc
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
        let mut memo = FxHashMap::default();
        let mut above = |el: ElementRef<'_>| t.above(el, &mut memo);
        for node in doc.tree.nodes() {
            if let Some(el) = ElementRef::wrap(node) {
                let mut m = t.mask(el, &mut above);
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
        let mut memo = FxHashMap::default();
        scope
            .descendants()
            .skip(1)
            .filter_map(ElementRef::wrap)
            .filter(move |el| t.mask(*el, &mut |e| t.above(e, &mut memo)) & bit != 0)
            .filter(move |el| s.matches_with_scope(el, Some(scope)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_selector_parts() {
        let c = |s: &str| Key::Class(s.into());
        let t = |s: &str| Key::Tag(s.into());
        let a = |s: &str| Key::Attr(s.into());
        assert_eq!(key_of("h1.title-detail"), Some((c("title-detail"), None)));
        assert_eq!(
            key_of(" #main-detail-body"),
            Some((Key::Id("main-detail-body".into()), None))
        );
        assert_eq!(key_of("body p"), Some((t("p"), Some(t("body")))));
        assert_eq!(key_of("[itemprop=author]"), Some((a("itemprop"), None)));
        assert_eq!(key_of("iframe[src*=youtube]"), Some((t("iframe"), None)));
        assert_eq!(key_of("a[rel=tag]"), Some((a("rel"), None)));
        assert_eq!(
            key_of("[itemtype*=BreadcrumbList] [itemprop=name]"),
            Some((a("itemprop"), Some(a("itemtype"))))
        );
        assert_eq!(
            key_of(".breadcrumb ul > li"),
            Some((t("li"), Some(c("breadcrumb"))))
        );
        assert_eq!(key_of("h2 + p"), Some((t("p"), None)));
        assert_eq!(key_of("a:hover"), None);
        assert_eq!(key_of("*"), None);
        assert_eq!(key_of("* a"), Some((t("a"), None)));
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
