//! Gold annotations (`shared/spec/gold-format.md` §1) and joining label-only files with
//! the article text kept outside the repository.
//!
//! The repository may not ship article text from `shared/data`. Our own gold files
//! therefore carry, instead of `title`/`text`, a `source` reference: the corpus, the
//! article id and a SHA-256 of `title + "\n" + text`. [`load`] fills the text in from
//! the shared data and refuses to continue if the hash does not match (the offsets
//! would be meaningless).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldPerson {
    pub id: String,
    pub name: String,
    pub gender: crate::model::Gender,
    #[serde(default)]
    pub role: Option<String>,
    /// `[start, end)` in characters of `title + "\n" + text`.
    pub mentions: Vec<[usize; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldQuote {
    pub span: [usize; 2],
    pub speaker: Option<String>,
    pub direct: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldFlag {
    pub span: [usize; 2],
    pub category: String,
    pub stance: crate::model::Stance,
}

/// Where the text of a label-only record lives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldSource {
    /// `vi-news` (shared/data/vi-news/dantri_unc.jsonl).
    pub corpus: String,
    pub id: String,
    /// Hex SHA-256 of `title + "\n" + text`.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldArticle {
    pub id: String,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<GoldSource>,
    #[serde(default)]
    pub people: Option<Vec<GoldPerson>>,
    #[serde(default)]
    pub quotes: Option<Vec<GoldQuote>>,
    /// Absent means "not annotated", not "none".
    #[serde(default)]
    pub flags: Option<Vec<GoldFlag>>,
    #[serde(default)]
    pub ge_topic: Option<bool>,
}

impl GoldArticle {
    /// The string all offsets index into (in characters).
    pub fn full_text(&self) -> String {
        format!("{}\n{}", self.title, self.text)
    }
}

use anyhow::{Context, bail};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// Flag categories a gold file may use (`lexicon-sources.md` §2.0).
pub const FLAG_CATEGORIES: [&str; 7] = [
    "STEREO",
    "BENEVOLENT",
    "APPEAR",
    "DEROG",
    "GMARK",
    "FAMILY",
    "GBV",
];

/// Relative path, inside the shared folder, of each corpus a `source` may name.
fn corpus_file(corpus: &str) -> Option<&'static str> {
    match corpus {
        "vi-news" => Some("data/vi-news/dantri_unc.jsonl"),
        _ => None,
    }
}

/// Finds the shared data folder (the one holding `data/vi-news/…`): `$CHISOGIOI_SHARED`,
/// then `<CARGO_MANIFEST_DIR>/../shared` (CI keeps it beside the clone), then `/work/shared`.
/// `None` when none of them exists.
pub fn shared_data_dir() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(v) = std::env::var_os("CHISOGIOI_SHARED") {
        candidates.push(PathBuf::from(v));
    }
    candidates.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("shared"),
    );
    candidates.push(PathBuf::from("/work/shared"));
    candidates.into_iter().find(|c| c.join("data").is_dir())
}

/// Hex SHA-256 of `title + "\n" + text`, the hash a `source` record carries.
pub fn text_sha256(title: &str, text: &str) -> String {
    let mut h = Sha256::new();
    h.update(title.as_bytes());
    h.update(b"\n");
    h.update(text.as_bytes());
    hex::encode(h.finalize())
}

/// Reads a gold JSONL file (`gold-format.md` §1), joins label-only records with their
/// text from the shared folder found by [`shared_data_dir`], and validates every record.
pub fn load(path: &Path) -> anyhow::Result<Vec<GoldArticle>> {
    load_with_shared(path, shared_data_dir().as_deref())
}

/// Like [`load`] with an explicit shared folder (`None`: not available, which is only an
/// error when a record has a `source`).
pub fn load_with_shared(path: &Path, shared: Option<&Path>) -> anyhow::Result<Vec<GoldArticle>> {
    let file = std::fs::File::open(path).with_context(|| {
        format!(
            "không mở được tệp gold / cannot open gold file {}",
            path.display()
        )
    })?;
    let mut records: Vec<(usize, GoldArticle)> = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let lineno = i + 1;
        let line = line.with_context(|| format!("{}:{lineno}: read error", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: GoldArticle = serde_json::from_str(&line).with_context(|| {
            format!(
                "{}:{lineno}: bản ghi JSON không hợp lệ / not a valid gold record (see shared/spec/gold-format.md §1)",
                path.display()
            )
        })?;
        records.push((lineno, rec));
    }
    fill_from_sources(path, &mut records, shared)?;
    let mut seen = HashSet::new();
    for (lineno, rec) in &records {
        let at = format!("{}:{lineno} ({})", path.display(), rec.id);
        if !seen.insert(rec.id.clone()) {
            bail!("{at}: id trùng lặp / duplicate record id");
        }
        validate(rec).with_context(|| at.clone())?;
    }
    Ok(records.into_iter().map(|(_, r)| r).collect())
}

/// Fills `title`/`text` of records that carry a `source`, checking the hash.
fn fill_from_sources(
    path: &Path,
    records: &mut [(usize, GoldArticle)],
    shared: Option<&Path>,
) -> anyhow::Result<()> {
    // corpus -> ids wanted
    let mut wanted: HashMap<String, HashSet<String>> = HashMap::new();
    for (lineno, rec) in records.iter() {
        match &rec.source {
            Some(src) => {
                if corpus_file(&src.corpus).is_none() {
                    bail!(
                        "{}:{lineno}: kho văn bản không rõ / unknown source corpus {:?} (known: vi-news)",
                        path.display(),
                        src.corpus
                    );
                }
                if !rec.title.is_empty() || !rec.text.is_empty() {
                    bail!(
                        "{}:{lineno}: bản ghi có cả `source` và `title`/`text` / record has both `source` and inline text; keep one",
                        path.display()
                    );
                }
                wanted
                    .entry(src.corpus.clone())
                    .or_default()
                    .insert(src.id.clone());
            }
            None => {
                if rec.text.is_empty() {
                    bail!(
                        "{}:{lineno}: thiếu văn bản / record {:?} has neither `text` nor `source`",
                        path.display(),
                        rec.id
                    );
                }
            }
        }
    }
    if wanted.is_empty() {
        return Ok(());
    }
    let Some(shared) = shared else {
        bail!(
            "{}: cần thư mục dữ liệu dùng chung / this gold file references article text in the shared data folder, \
             which was not found. Set CHISOGIOI_SHARED to the folder that contains data/vi-news/dantri_unc.jsonl \
             (CI keeps it as ../shared beside the repository).",
            path.display()
        );
    };
    #[derive(Deserialize)]
    struct CorpusRecord {
        id: String,
        title: String,
        text: String,
    }
    let mut texts: HashMap<(String, String), (String, String)> = HashMap::new();
    for (corpus, ids) in &wanted {
        let rel = corpus_file(corpus).expect("checked above");
        let cpath = shared.join(rel);
        let f = std::fs::File::open(&cpath).with_context(|| {
            format!(
                "{}: không mở được kho văn bản / cannot open corpus {} (is CHISOGIOI_SHARED right?)",
                path.display(),
                cpath.display()
            )
        })?;
        for (i, line) in BufReader::new(f).lines().enumerate() {
            let line =
                line.with_context(|| format!("{}:{}: read error", cpath.display(), i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let r: CorpusRecord = serde_json::from_str(&line)
                .with_context(|| format!("{}:{}: not a corpus record", cpath.display(), i + 1))?;
            if ids.contains(&r.id) {
                texts.insert((corpus.clone(), r.id), (r.title, r.text));
            }
        }
    }
    for (lineno, rec) in records.iter_mut() {
        let Some(src) = rec.source.clone() else {
            continue;
        };
        let Some((title, text)) = texts.remove(&(src.corpus.clone(), src.id.clone())) else {
            bail!(
                "{}:{lineno}: không tìm thấy bài {:?} trong kho {} / article id not found in the shared corpus; \
                 the shared data may be a different release",
                path.display(),
                src.id,
                src.corpus
            );
        };
        let got = text_sha256(&title, &text);
        if !got.eq_ignore_ascii_case(&src.sha256) {
            bail!(
                "{}:{lineno}: mã băm không khớp / SHA-256 mismatch for {} {:?}: the gold file expects {}, the shared \
                 text gives {got}. The offsets were made against another version of the text; use the shared data \
                 release the labels were made with, or re-annotate this record.",
                path.display(),
                src.corpus,
                src.id,
                src.sha256
            );
        }
        rec.title = title;
        rec.text = text;
    }
    Ok(())
}

/// Checks one record's internal consistency: spans inside `title + "\n" + text` with
/// `start < end`, unique person ids, known speakers and flag categories.
pub fn validate(rec: &GoldArticle) -> anyhow::Result<()> {
    let len = rec.title.chars().count() + 1 + rec.text.chars().count();
    let check = |what: &str, span: [usize; 2]| -> anyhow::Result<()> {
        if span[0] >= span[1] || span[1] > len {
            bail!(
                "{what}: khoảng ký tự không hợp lệ / span [{}, {}) is empty or outside the text ({len} characters)",
                span[0],
                span[1]
            );
        }
        Ok(())
    };
    let mut ids = HashSet::new();
    for p in rec.people.iter().flatten() {
        if !ids.insert(p.id.as_str()) {
            bail!("person {:?}: id trùng / duplicate person id", p.id);
        }
        if let Some(role) = &p.role
            && !["expert", "official", "citizen", "subject", "other"].contains(&role.as_str())
        {
            bail!("person {:?}: unknown role {role:?}", p.id);
        }
        for m in &p.mentions {
            check(&format!("person {:?} mention", p.id), *m)?;
        }
    }
    for q in rec.quotes.iter().flatten() {
        check("quote", q.span)?;
        if let Some(s) = &q.speaker
            && !ids.contains(s.as_str())
        {
            bail!(
                "quote [{}, {}): người nói không có trong `people` / speaker {s:?} is not a person id of this record",
                q.span[0],
                q.span[1]
            );
        }
    }
    for f in rec.flags.iter().flatten() {
        check("flag", f.span)?;
        if !FLAG_CATEGORIES.contains(&f.category.as_str()) {
            bail!(
                "flag [{}, {}): loại không hợp lệ / unknown category {:?} (one of {})",
                f.span[0],
                f.span[1],
                f.category,
                FLAG_CATEGORIES.join(", ")
            );
        }
    }
    Ok(())
}

/// Characters `[start, end)` of `full` (a [`GoldArticle::full_text`]) as a `String`.
pub fn span_text(full: &str, span: [usize; 2]) -> String {
    full.chars()
        .skip(span[0])
        .take(span[1].saturating_sub(span[0]))
        .collect()
}
