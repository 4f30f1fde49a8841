//! Body-text evaluation in the layout of the public article-extraction-benchmark (AEB):
//! `ground-truth.json` = `{id: {"articleBody": …, "url": …}}`, pages in `html/<id>.html.gz`.
//!
//! Scoring follows AEB: the text is lower-cased and split into word tokens, each side becomes
//! a set of 4-token shingles, and precision/recall/F1 are computed per page and averaged.
//! The prediction compared with `articleBody` is the sapo followed by the body, since the lead
//! paragraph is part of the article body in AEB's annotations.
//!
//! Empty cases: both sides empty scores 1; an empty prediction against a non-empty truth
//! scores precision 0 as well as recall 0 (so an extractor cannot win by returning nothing).

use super::{Extractor, Overrides};
use anyhow::{Context, anyhow};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::Path;

#[derive(Debug, Deserialize)]
struct Truth {
    #[serde(rename = "articleBody", default)]
    article_body: String,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageScore {
    pub id: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub extractor: String,
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub pages_per_sec: f64,
    /// Pages that could not be read or extracted (scored 0).
    pub errors: Vec<String>,
    pub per_page: Vec<PageScore>,
}

/// Lower-cased word tokens (letters/digits runs, Unicode-aware).
pub fn tokens(s: &str) -> Vec<String> {
    let lower = super::charset::nfc(s.to_lowercase());
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// 4-token shingles; a text shorter than 4 tokens is one shingle of all of them.
pub fn shingles(s: &str) -> HashSet<Vec<String>> {
    let t = tokens(s);
    if t.is_empty() {
        return HashSet::new();
    }
    if t.len() < 4 {
        return std::iter::once(t).collect();
    }
    t.windows(4).map(|w| w.to_vec()).collect()
}

/// Precision, recall and F1 of `pred` against `truth`.
pub fn prf(pred: &str, truth: &str) -> (f64, f64, f64) {
    let p = shingles(pred);
    let t = shingles(truth);
    match (p.is_empty(), t.is_empty()) {
        (true, true) => return (1.0, 1.0, 1.0),
        (true, false) | (false, true) => return (0.0, 0.0, 0.0),
        _ => {}
    }
    let tp = p.intersection(&t).count() as f64;
    let precision = tp / p.len() as f64;
    let recall = tp / t.len() as f64;
    let f1 = if tp == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    (precision, recall, f1)
}

/// Read a gzip (or, leniently, plain) page.
fn read_page(path: &Path) -> anyhow::Result<Vec<u8>> {
    let raw = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if raw.get(..2) == Some(&[0x1f, 0x8b][..]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .with_context(|| format!("{} is not valid gzip", path.display()))?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

/// Pages of an AEB folder: (id, url, truth body, page bytes), sorted by id.
pub type Loaded = Vec<(String, Option<String>, String, anyhow::Result<Vec<u8>>)>;

pub fn load(dir: &Path) -> anyhow::Result<Loaded> {
    let gt_path = dir.join("ground-truth.json");
    let gt: BTreeMap<String, Truth> = serde_json::from_str(
        &std::fs::read_to_string(&gt_path)
            .with_context(|| format!("cannot read {}", gt_path.display()))?,
    )
    .with_context(|| {
        format!(
            "{}: expected {{id: {{\"articleBody\", \"url\"}}}}",
            gt_path.display()
        )
    })?;
    if gt.is_empty() {
        return Err(anyhow!("{} lists no pages", gt_path.display()));
    }
    Ok(gt
        .into_iter()
        .map(|(id, t)| {
            let p = dir.join("html").join(format!("{id}.html.gz"));
            let page = read_page(&p);
            (id, t.url, t.article_body, page)
        })
        .collect())
}

/// Extract and score every page. Only extraction is timed (not reading files).
pub fn run(dir: &Path, ex: &Extractor) -> anyhow::Result<Report> {
    let pages = load(dir)?;
    let ov = Overrides::default();
    let mut per_page = Vec::with_capacity(pages.len());
    let mut errors = Vec::new();
    let mut elapsed = std::time::Duration::ZERO;
    for (id, url, truth, page) in &pages {
        let pred = match page {
            Ok(bytes) => {
                let t0 = std::time::Instant::now();
                let r = ex.extract(bytes, url.as_deref(), None, &ov);
                elapsed += t0.elapsed();
                match r {
                    Ok(a) => body_text(&a),
                    Err(e) => {
                        errors.push(format!("{id}: {e:#}"));
                        String::new()
                    }
                }
            }
            Err(e) => {
                errors.push(format!("{id}: {e:#}"));
                String::new()
            }
        };
        let (precision, recall, f1) = prf(&pred, truth);
        per_page.push(PageScore {
            id: id.clone(),
            precision,
            recall,
            f1,
        });
    }
    let n = per_page.len().max(1) as f64;
    let avg = |f: fn(&PageScore) -> f64| per_page.iter().map(f).sum::<f64>() / n;
    Ok(Report {
        extractor: ex.name().to_owned(),
        pages: per_page.len(),
        precision: avg(|p| p.precision),
        recall: avg(|p| p.recall),
        f1: avg(|p| p.f1),
        pages_per_sec: per_page.len() as f64 / elapsed.as_secs_f64().max(1e-9),
        errors,
        per_page,
    })
}

/// The text compared with AEB's `articleBody`: sapo then body.
pub fn body_text(a: &crate::model::Article) -> String {
    if a.sapo.is_empty() {
        a.text.clone()
    } else {
        format!("{}\n{}", a.sapo, a.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingle_scores() {
        let truth = "Hội nghị tổng kết công tác bình đẳng giới năm 2024 diễn ra tại xã.";
        assert_eq!(prf(truth, truth), (1.0, 1.0, 1.0));
        let (p, r, f) = prf(
            &format!("{truth} Đăng nhập để bình luận bài viết này ngay"),
            truth,
        );
        assert!(p < 1.0 && (r - 1.0).abs() < 1e-9 && f < 1.0 && f > 0.5);
        assert_eq!(prf("", truth), (0.0, 0.0, 0.0));
        assert_eq!(prf("", ""), (1.0, 1.0, 1.0));
        // Case and punctuation do not matter; tone marks do.
        assert_eq!(prf("BÌNH ĐẲNG, giới!", "bình đẳng giới").2, 1.0);
        assert_eq!(prf("binh dang gioi", "bình đẳng giới").2, 0.0);
    }
}
