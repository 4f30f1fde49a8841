//! Machine-readable metadata: JSON-LD, Open Graph / `article:*` and plain `<meta>` tags.

use super::dom::clean;
use super::select::{Index, Q};
use serde_json::Value;

/// The fields of the page's article-like JSON-LD object(s).
#[derive(Debug, Default, Clone)]
pub struct JsonLd {
    pub types: Vec<String>,
    pub headline: Option<String>,
    pub description: Option<String>,
    pub date_published: Option<String>,
    pub authors: Vec<String>,
    pub section: Option<String>,
    pub keywords: Vec<String>,
    pub transcript: Option<String>,
    pub in_language: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "BlogPosting",
    "ReportageNews",
    "AnalysisNewsArticle",
    "VideoObject",
    "AudioObject",
    "PodcastEpisode",
    "RadioEpisode",
    "Clip",
    "TVEpisode",
];

/// Read every JSON-LD block; the first article-like object fills each field.
/// Broken JSON (common: trailing commas, raw newlines in strings) is skipped, not fatal.
pub fn json_ld(ix: &Index<'_>) -> JsonLd {
    let mut out = JsonLd::default();
    for script in ix.select(Q::JsonLd) {
        let raw: String = script.text().collect();
        let v: Value = match serde_json::from_str(raw.trim()) {
            Ok(v) => v,
            Err(_) => {
                // Raw control characters inside strings are the usual breakage.
                let fixed: String = raw
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                match serde_json::from_str(fixed.trim()) {
                    Ok(v) => v,
                    Err(_) => continue,
                }
            }
        };
        let mut stack = vec![&v];
        let mut seen = 0;
        while let Some(v) = stack.pop() {
            seen += 1;
            if seen > 500 {
                break;
            }
            match v {
                Value::Array(a) => stack.extend(a.iter().rev()),
                Value::Object(o) => {
                    if let Some(g) = o.get("@graph") {
                        stack.push(g);
                    }
                    let types = strings(o.get("@type"));
                    if !types.iter().any(|t| ARTICLE_TYPES.contains(&t.as_str())) {
                        continue;
                    }
                    for t in &types {
                        if !out.types.contains(t) {
                            out.types.push(t.clone());
                        }
                    }
                    fill(&mut out.headline, o.get("headline").or(o.get("name")));
                    fill(&mut out.description, o.get("description"));
                    fill(
                        &mut out.date_published,
                        o.get("datePublished").or(o.get("uploadDate")),
                    );
                    fill(&mut out.section, o.get("articleSection"));
                    fill(&mut out.transcript, o.get("transcript"));
                    fill(&mut out.in_language, o.get("inLanguage"));
                    if out.authors.is_empty() {
                        out.authors = names(o.get("author"));
                    }
                    if out.keywords.is_empty() {
                        out.keywords = strings(o.get("keywords"))
                            .iter()
                            .flat_map(|k| k.split(','))
                            .map(clean)
                            .filter(|k| !k.is_empty())
                            .collect();
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn fill(slot: &mut Option<String>, v: Option<&Value>) {
    if slot.is_none() {
        *slot = strings(v).into_iter().next().filter(|s| !s.is_empty());
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![clean(&html_unescape(s))],
        Some(Value::Array(a)) => a.iter().flat_map(|x| strings(Some(x))).collect(),
        Some(Value::Number(n)) => vec![n.to_string()],
        _ => vec![],
    }
}

fn names(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![clean(s)],
        Some(Value::Array(a)) => a.iter().flat_map(|x| names(Some(x))).collect(),
        Some(Value::Object(o)) => strings(o.get("name")),
        _ => vec![],
    }
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

/// JSON-LD strings sometimes carry HTML entities; decode the common ones.
fn html_unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// All `<meta>` values for a name/property (case-insensitive), in document order.
pub struct Metas {
    pairs: Vec<(String, String)>,
}

impl Metas {
    pub fn new(ix: &Index<'_>) -> Metas {
        let pairs = ix
            .select(Q::Meta)
            .filter_map(|m| {
                let v = m.value();
                let key = v
                    .attr("property")
                    .or(v.attr("name"))
                    .or(v.attr("itemprop"))
                    .or(v.attr("http-equiv"))?;
                let content = v.attr("content")?;
                Some((key.trim().to_ascii_lowercase(), clean(content)))
            })
            .collect();
        Metas { pairs }
    }
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }
    pub fn first(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| self.get(k))
    }
    pub fn all(&self, key: &str) -> impl Iterator<Item = &str> {
        self.pairs
            .iter()
            .filter(move |(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }
}
