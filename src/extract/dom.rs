//! Small DOM helpers shared by the extractors: whitespace-normalised text, boilerplate tests,
//! and paragraph collection that skips what is not article text.

use scraper::{ElementRef, Node, Selector};

/// Compile a selector known to be valid at build time.
pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("invalid built-in selector {s:?}: {e}"))
}

/// Compile a user-supplied selector (outlet overrides); `None` if it does not parse.
pub fn user_sel(s: &str) -> Option<Selector> {
    Selector::parse(s).ok()
}

/// Collapse whitespace (including NBSP and zero-width characters) and trim.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{200C}' | '\u{200D}') {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The visible text of an element, skipping scripts, styles and hidden subtrees.
pub fn text_of(el: ElementRef<'_>) -> String {
    let mut raw = String::new();
    push_text(el, &mut raw, &|_| false, 0);
    clean(&raw)
}

/// Recursion bound for DOM walks: hostile pages nest thousands of elements deep, and no
/// article text lives below this depth.
pub const MAX_DEPTH: usize = 256;

fn push_text(
    el: ElementRef<'_>,
    out: &mut String,
    skip: &dyn Fn(ElementRef<'_>) -> bool,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                let Some(c) = ElementRef::wrap(child) else {
                    continue;
                };
                if never_text(e.name()) || skip(c) {
                    continue;
                }
                if e.name() == "br" {
                    out.push(' ');
                    continue;
                }
                let block = is_block(e.name());
                if block {
                    out.push(' ');
                }
                push_text(c, out, skip, depth + 1);
                if block {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
}

/// Elements whose content is never article text.
pub fn never_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "canvas"
            | "form"
            | "button"
            | "select"
            | "input"
            | "textarea"
            | "head"
            | "video"
            | "audio"
            | "picture"
            | "img"
    )
}

pub fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "aside"
            | "header"
            | "footer"
            | "nav"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "tbody"
            | "thead"
            | "tr"
            | "td"
            | "th"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "center"
            | "address"
            | "hr"
    )
}

/// Structural elements that hold page furniture rather than the story.
pub fn furniture_tag(name: &str) -> bool {
    matches!(name, "nav" | "aside" | "header" | "footer" | "menu")
}

/// Class/id words that mark page furniture (English and Vietnamese CMS vocabulary); with
/// [`FIELD_TOKENS`], the words that mark what is never body text.
const FURNITURE_TOKENS: &[&str] = &[
    "related",
    "relate",
    "relates",
    "relation",
    "lienquan",
    "tinlienquan",
    "tinkhac",
    "comment",
    "comments",
    "binhluan",
    "share",
    "sharing",
    "social",
    "ads",
    "ad",
    "adv",
    "advert",
    "advertisement",
    "quangcao",
    "qc",
    "banner",
    "sponsor",
    "breadcrumb",
    "breadcrumbs",
    "menu",
    "nav",
    "navbar",
    "navigation",
    "footer",
    "widget",
    "popular",
    "mostread",
    "docnhieu",
    "newsletter",
    "subscribe",
    "tag",
    "tags",
    "keyword",
    "keywords",
    "print",
    "toolbar",
    "tool",
    "tools",
    "rating",
    "vote",
    "login",
    "cookie",
    "hidden",
    "recommend",
    "suggest",
    "readmore",
    "xemthem",
    "other",
    "facebook",
    "zalo",
    "follow",
    "hotline",
    "copyright",
];

const BOILER_SUBSTRINGS: &[&str] = &[
    "lienquan",
    "tinkhac",
    "binhluan",
    "quangcao",
    "related",
    "comment",
    "advert",
    "xemthem",
    "docnhieu",
    "breadcrumb",
    "sharing",
    "social",
    "cungchuyenmuc",
    "morenews",
    "othernews",
    "newsother",
];

/// Words that mark other article fields (title, sapo, byline, captions): not body text,
/// but not furniture either.
const FIELD_TOKENS: &[&str] = &[
    "author",
    "byline",
    "sapo",
    "description",
    "summary",
    "lead",
    "title",
    "date",
    "time",
    "meta",
    "caption",
    "image",
    "img",
    "photo",
    "header",
];

/// Does this element's class or id say it is boilerplate or another field (never body text)?
pub fn boiler_attr(el: ElementRef<'_>) -> bool {
    attr_test(el, true)
}

/// Does this element's class or id say it is page furniture (menus, related links, comments,
/// ads)? Used to ignore metadata-looking elements inside related-news boxes.
pub fn furniture_attr(el: ElementRef<'_>) -> bool {
    attr_test(el, false)
}

/// Is `el` inside furniture (an ancestor is `nav`/`aside`/`footer` or furniture-classed)?
pub fn in_furniture(el: ElementRef<'_>) -> bool {
    let mut cur = el.parent().and_then(ElementRef::wrap);
    while let Some(a) = cur {
        let n = a.value().name();
        if matches!(n, "nav" | "aside" | "footer" | "menu") || furniture_attr(a) {
            return true;
        }
        // The site header (often showing today's date), not an article's own <header>.
        if n == "header"
            && !a
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|b| b.value().name() == "article")
        {
            return true;
        }
        cur = a.parent().and_then(ElementRef::wrap);
    }
    false
}

fn attr_test(el: ElementRef<'_>, fields_too: bool) -> bool {
    let v = el.value();
    // Stack buffers: this runs for every element of an article container, so no allocation.
    let mut lower = [0u8; 256];
    let mut squashed = [0u8; 256];
    for attr in [v.attr("class"), v.id()].into_iter().flatten() {
        let bytes = attr.as_bytes();
        let n = bytes.len().min(lower.len());
        for (d, s) in lower.iter_mut().zip(&bytes[..n]) {
            *d = s.to_ascii_lowercase();
        }
        let lower = &lower[..n];
        let words = || {
            lower
                .split(|c| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| std::str::from_utf8(w).unwrap_or(""))
        };
        for word in words() {
            if FURNITURE_TOKENS.contains(&word) || (fields_too && FIELD_TOKENS.contains(&word)) {
                return true;
            }
        }
        // "header" alone is the site header; "entry-header", "detail-header" belong to the story.
        const STORY: &[&str] = &[
            "article", "detail", "entry", "post", "news", "story", "content", "singular",
        ];
        if !fields_too
            && words().any(|w| w.starts_with("header"))
            && !words().any(|w| STORY.contains(&w))
        {
            return true;
        }
        let mut m = 0;
        for &b in lower {
            if b.is_ascii_alphanumeric() {
                squashed[m] = b;
                m += 1;
            }
        }
        let sq = &squashed[..m];
        if BOILER_SUBSTRINGS
            .iter()
            .any(|s| memchr::memmem::find(sq, s.as_bytes()).is_some())
        {
            return true;
        }
    }
    if let Some(style) = v.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true")
}

/// Paragraph-like elements whose whole text is one paragraph.
fn leaf_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "pre" | "dd" | "dt" | "td" | "th"
    )
}

/// A paragraph found in a container, with the facts the callers filter on.
#[derive(Debug, Clone)]
pub struct Block {
    pub text: String,
    /// Characters of text inside links.
    pub link_chars: usize,
    /// The paragraph is entirely bold (a lead set in bold, or a byline).
    pub bold: bool,
    /// The paragraph is right-aligned: the Vietnamese byline convention.
    pub right: bool,
}

/// Collect the paragraphs of `root` in document order. `skip` removes subtrees
/// (boilerplate, captions, sapo…); text directly in divs and `<br>`-separated lines become
/// paragraphs too, as old provincial CMSs write them.
pub fn blocks(root: ElementRef<'_>, skip: &dyn Fn(ElementRef<'_>) -> bool) -> Vec<Block> {
    let mut out = Vec::new();
    let mut inline = String::new();
    let mut inline_links = 0usize;
    walk(root, skip, &mut out, &mut inline, &mut inline_links, 0);
    flush(&mut out, &mut inline, &mut inline_links, (false, false));
    out
}

fn flush(out: &mut Vec<Block>, buf: &mut String, links: &mut usize, style: (bool, bool)) {
    let text = clean(buf);
    if !text.is_empty() {
        out.push(Block {
            text,
            link_chars: *links,
            bold: style.0,
            right: style.1,
        });
    }
    buf.clear();
    *links = 0;
}

fn walk(
    el: ElementRef<'_>,
    skip: &dyn Fn(ElementRef<'_>) -> bool,
    out: &mut Vec<Block>,
    buf: &mut String,
    links: &mut usize,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for child in el.children() {
        match child.value() {
            Node::Text(t) => buf.push_str(t),
            Node::Element(e) => {
                let Some(c) = ElementRef::wrap(child) else {
                    continue;
                };
                let name = e.name();
                if never_text(name) || skip(c) {
                    continue;
                }
                if name == "br" {
                    flush(out, buf, links, (false, false));
                    continue;
                }
                if leaf_block(name) && !has_block_child(c) {
                    flush(out, buf, links, (false, false));
                    let mut t = String::new();
                    push_text(c, &mut t, skip, depth + 1);
                    let mut l = link_chars(c);
                    let style = (all_bold(c), right_aligned(c));
                    std::mem::swap(buf, &mut t);
                    std::mem::swap(links, &mut l);
                    flush(out, buf, links, style);
                } else if is_block(name) {
                    flush(out, buf, links, (false, false));
                    walk(c, skip, out, buf, links, depth + 1);
                    flush(out, buf, links, (false, false));
                } else {
                    let before = buf.len();
                    walk(c, skip, out, buf, links, depth + 1);
                    if name == "a" {
                        *links += buf[before..].chars().filter(|c| !c.is_whitespace()).count();
                    }
                }
            }
            _ => {}
        }
    }
}

fn has_block_child(el: ElementRef<'_>) -> bool {
    el.children().any(|c| {
        c.value()
            .as_element()
            .is_some_and(|e| matches!(e.name(), "p" | "div" | "ul" | "ol" | "table" | "blockquote"))
    })
}

/// Non-whitespace characters inside links (nested links count again, as `select("a")` did).
fn link_chars(el: ElementRef<'_>) -> usize {
    el.descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .filter(|a| a.value().name() == "a")
        .map(|a| {
            a.text()
                .flat_map(|t| t.chars())
                .filter(|c| !c.is_whitespace())
                .count()
        })
        .sum()
}

/// Right-aligned (style, `align` or an author/right class): how VnExpress and many
/// provincial papers set the reporter's name at the end of the body.
fn right_aligned(el: ElementRef<'_>) -> bool {
    let v = el.value();
    v.attr("style")
        .map(|s| s.to_ascii_lowercase().replace(' ', ""))
        .is_some_and(|s| s.contains("text-align:right"))
        || v.attr("align")
            .is_some_and(|a| a.eq_ignore_ascii_case("right"))
        || v.classes().any(|c| {
            let c = c.to_ascii_lowercase();
            c.contains("author") || c.contains("right")
        })
}

/// All of the paragraph's text inside one `<strong>`/`<b>` (bylines, and leads on portals).
fn all_bold(el: ElementRef<'_>) -> bool {
    let own = clean(&el.text().collect::<String>());
    if own.is_empty() {
        return false;
    }
    el.children().any(|c| {
        c.value()
            .as_element()
            .is_some_and(|e| matches!(e.name(), "strong" | "b"))
            && ElementRef::wrap(c).is_some_and(|s| clean(&s.text().collect::<String>()) == own)
    })
}

/// Count non-whitespace characters.
pub fn chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// Nesting beyond this is flattened before parsing (real article pages stay under ~80).
pub const MAX_NESTING: usize = 1000;

/// Drop opening tags nested deeper than [`MAX_NESTING`], so the HTML parser (whose scope
/// checks are linear in the depth of open elements) stays linear on hostile pages.
/// A cheap tag scan, not a parser: unclosed `<p>`s over-count depth, which only matters
/// on pages that are pathological anyway.
pub fn flatten_deep_nesting(html: &str) -> std::borrow::Cow<'_, str> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "option", "td", "tr", "th", "dt", "dd",
    ];
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let start = i + off;
        let Some(end) = memchr::memchr(b'>', &b[start..]).map(|e| start + e + 1) else {
            break;
        };
        let tag = &html[start + 1..end - 1];
        i = end;
        if let Some(rest) = tag.strip_prefix('/') {
            let _ = rest;
            depth = depth.saturating_sub(1);
            continue;
        }
        if tag.starts_with('!') || tag.starts_with('?') || tag.ends_with('/') {
            continue;
        }
        let name_len = tag
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = &tag[..name_len];
        if name.is_empty() || VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
            continue;
        }
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
            // Skip raw text up to the closing tag.
            let mut j = i;
            let mut found = None;
            while let Some(p) = memchr::memmem::find(&b[j..], b"</") {
                let at = j + p;
                let nm = &b[at + 2..(at + 2 + name.len()).min(b.len())];
                if nm.eq_ignore_ascii_case(name.as_bytes()) {
                    found = Some(at);
                    break;
                }
                j = at + 2;
            }
            match found {
                Some(at) => i = at,
                None => break,
            }
            continue;
        }
        depth += 1;
        if depth > MAX_NESTING {
            cuts.push((start, end));
            depth -= 1;
        }
    }
    if cuts.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for (s, e) in cuts {
        out.push_str(&html[last..s]);
        last = e;
    }
    out.push_str(&html[last..]);
    std::borrow::Cow::Owned(out)
}
