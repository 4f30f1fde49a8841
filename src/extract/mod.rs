//! Article extraction: raw HTML (any charset) or WARC archives → [`Article`]s.
//!
//! API contract used by `scan` (the internals are being written):
//! - [`extract_html`] for one page;
//! - [`read_warc`] for every HTML response in a `.warc`/`.warc.gz` file.

pub mod cli;

use crate::model::Article;
use std::collections::BTreeMap;
use std::path::Path;

/// Per-outlet extraction hints (CSS selectors by field: title, sapo, body, author, date, caption).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub selectors: BTreeMap<String, String>,
}

/// Extract one page. `url` is the page's URL when known (for ids, canonical links and outlet hints).
pub fn extract_html(
    bytes: &[u8],
    url: Option<&str>,
    overrides: &Overrides,
) -> anyhow::Result<Article> {
    let _ = (bytes, url, overrides);
    anyhow::bail!("extract_html: not written yet")
}

/// Extract every HTML response of a WARC archive. Errors per record are returned, not fatal.
pub fn read_warc(
    path: &Path,
    overrides: &Overrides,
) -> anyhow::Result<Vec<anyhow::Result<Article>>> {
    let _ = (path, overrides);
    anyhow::bail!("read_warc: not written yet")
}
