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
