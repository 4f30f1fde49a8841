//! Normalised URL keys: one key per article however it was linked.
//!
//! Vietnamese outlets link the same article as `https://www.x.vn/…`, `https://m.x.vn/…`,
//! `https://x.vn/amp/…`, `…?utm_source=zalo` or `…#comments`. The key folds these so the
//! frontier holds each article once; the URL actually fetched is kept separately.

use url::Url;

/// Query parameters that only track the visitor and never select content.
fn is_tracking_param(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("utm_")
        || matches!(
            n.as_str(),
            "fbclid"
                | "gclid"
                | "dclid"
                | "gbraid"
                | "wbraid"
                | "msclkid"
                | "zarsrc"
                | "zalo_source"
                | "igshid"
                | "mc_cid"
                | "mc_eid"
                | "_ga"
                | "ref"
                | "ref_src"
                | "refer"
                | "cmpid"
                | "spm"
                | "amp"
                | "outputtype"
        )
}

/// The host with `www.`, `m.`, `mobile.` and `amp.` prefixes removed.
pub fn fold_host(host: &str) -> &str {
    let mut h = host;
    for p in ["www.", "m.", "mobile.", "amp."] {
        if let Some(rest) = h.strip_prefix(p)
            && rest.contains('.')
        {
            h = rest;
            break;
        }
    }
    h
}

/// The frontier key of a URL: scheme-less, host folded, tracking parameters, fragment,
/// default port, AMP markers and trailing slashes removed, remaining query sorted.
/// Returns `None` for anything that is not an http(s) URL with a host.
pub fn key(u: &str) -> Option<String> {
    let url = Url::parse(u.trim()).ok()?;
    key_of(&url)
}

pub fn key_of(url: &Url) -> Option<String> {
    if url.scheme() != "http" && url.scheme() != "https" {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let host = fold_host(&host);
    let mut out = String::with_capacity(url.as_str().len());
    out.push_str(host);
    if let Some(p) = url.port() {
        out.push(':');
        out.push_str(&p.to_string());
    }
    // AMP variants: /amp/… prefix, …/amp suffix, ….amp or .amp.html endings.
    let mut path = url.path().to_string();
    if let Some(rest) = path.strip_prefix("/amp/") {
        path = format!("/{rest}");
    }
    if let Some(rest) = path.strip_suffix("/amp") {
        path = rest.to_string();
    }
    if let Some(rest) = path.strip_suffix("/amp/") {
        path = rest.to_string();
    }
    if let Some(rest) = path.strip_suffix(".amp.html") {
        path = format!("{rest}.html");
    } else if let Some(rest) = path.strip_suffix(".amp") {
        path = rest.to_string();
    }
    while path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    if path.is_empty() {
        path.push('/');
    }
    out.push_str(&path);
    let mut q: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking_param(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if !q.is_empty() {
        q.sort();
        out.push('?');
        let mut ser = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &q {
            ser.append_pair(k, v);
        }
        out.push_str(&ser.finish());
    }
    Some(out)
}

/// The host a politeness budget applies to: `host[:port]` as written (not folded —
/// `m.x.vn` and `www.x.vn` may be different servers, and being polite to both is safe).
pub fn host_key(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{}:{p}", h.to_ascii_lowercase()),
        (Some(h), None) => h.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// Same site after folding `www.`/`m.` (used to keep section-page links on the outlet).
pub fn same_site(a: &Url, b: &Url) -> bool {
    match (a.host_str(), b.host_str()) {
        (Some(x), Some(y)) => {
            fold_host(&x.to_ascii_lowercase()) == fold_host(&y.to_ascii_lowercase())
                && a.port_or_known_default() == b.port_or_known_default()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_variants_of_one_article() {
        let k = key("https://dantri.com.vn/xa-hoi/phu-nu-20240812103000123.htm").unwrap();
        for v in [
            "https://www.dantri.com.vn/xa-hoi/phu-nu-20240812103000123.htm",
            "http://m.dantri.com.vn/xa-hoi/phu-nu-20240812103000123.htm?utm_source=zalo&fbclid=abc",
            "https://dantri.com.vn/amp/xa-hoi/phu-nu-20240812103000123.htm#binh-luan",
            "https://DANTRI.com.vn/xa-hoi/phu-nu-20240812103000123.htm/",
        ] {
            assert_eq!(key(v).unwrap(), k, "{v}");
        }
        assert_ne!(
            key("https://dantri.com.vn/xa-hoi.htm?page=2").unwrap(),
            key("https://dantri.com.vn/xa-hoi.htm?page=3").unwrap()
        );
        assert_eq!(
            key("https://a.vn/tin?id=5&cat=2").unwrap(),
            key("https://a.vn/tin?cat=2&id=5&utm_medium=x").unwrap()
        );
        assert!(key("mailto:toasoan@baoquangninh.vn").is_none());
        // "m.vn" alone is not a mobile prefix.
        assert_eq!(fold_host("m.vn"), "m.vn");
    }
}
