//! The tantivy schema: one document per article.
//!
//! Why this shape: officers and researchers ask two kinds of questions. "Which articles…"
//! needs the inverted index (full text, outlet, topic, flag, person filters); "how many /
//! what share, per outlet per month" needs column-oriented numbers. So every indicator count
//! is a `u64` fast field (see [`MEASURES`]) and the month and quarter are precomputed as
//! numbers, because tantivy's date histogram has no calendar months. The full [`Article`]
//! and [`Scorecard`] are stored as JSON so `rescore` can re-run the engine and reports can
//! quote flagged passages without going back to the web.
//!
//! [`Article`]: crate::model::Article
//! [`Scorecard`]: crate::model::Scorecard

use crate::model::{Scorecard, Share};
use std::path::Path;
use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// Bumped when the schema changes incompatibly; an index with another version is refused
/// with a message that says to rebuild it.
pub const SCHEMA_VERSION: u64 = 2;

/// The share-type indicators stored as `<prefix>_female`, `<prefix>_male`, `<prefix>_unknown`.
pub const SHARES: &[(&str, &str)] = &[
    ("i01", "I01"),
    ("i02", "I02"),
    ("i03", "I03"),
    ("i04", "I04"),
    ("i05", "I05"),
    ("i06", "I06"),
    ("i07", "I07"),
    ("i09", "I09"),
    ("i10", "I10"),
    ("i11_victim", "I11"),
    ("i11_survivor", "I11"),
    ("i15", "I15"),
    ("i19", "I19"),
];

/// Single-number measures per article (counts, or 0/1 for yes/no indicators).
pub const SCALARS: &[&str] = &[
    "syllables",
    "quotes",
    "flags",
    "flags_endorsed",
    "flags_error",
    "i12_hits",
    "i12_stereo",
    "i12_benevolent",
    "i12_appear",
    "i12_derog",
    "i12_gmark",
    "i12_family",
    "i12_gbv",
    "i13_female",
    "i13_male",
    "i14",
    "i16",
    "i17",
    "i17_strong",
    "gbv",
    "i18_author",
    "i20",
];

/// Flag categories with their own I12 column, in [`SCALARS`] order (`i12_<lowercase>`).
pub const I12_CATEGORIES: &[&str] = &[
    "STEREO",
    "BENEVOLENT",
    "APPEAR",
    "DEROG",
    "GMARK",
    "FAMILY",
    "GBV",
];

/// Number of numeric measures per article.
pub const NM: usize = SHARES.len() * 3 + SCALARS.len();

/// Names of all numeric measures in column order: shares first, then scalars.
pub fn measure_names() -> Vec<String> {
    let mut v = Vec::with_capacity(NM);
    for (p, _) in SHARES {
        for g in ["female", "male", "unknown"] {
            v.push(format!("{p}_{g}"));
        }
    }
    v.extend(SCALARS.iter().map(|s| s.to_string()));
    v
}

/// Column of a measure by name (`i02_female`, `i17`, …).
pub fn measure_index(name: &str) -> Option<usize> {
    static NAMES: once_cell::sync::Lazy<Vec<String>> = once_cell::sync::Lazy::new(measure_names);
    NAMES.iter().position(|n| n == name)
}

/// Column of the first (`_female`) value of a share indicator by prefix (`i02`).
pub fn share_index(prefix: &str) -> Option<usize> {
    SHARES.iter().position(|(p, _)| *p == prefix).map(|i| i * 3)
}

/// Column of a scalar measure.
pub fn scalar_index(name: &str) -> usize {
    SHARES.len() * 3
        + SCALARS
            .iter()
            .position(|s| *s == name)
            .unwrap_or_else(|| panic!("unknown scalar {name}"))
}

fn gender_code(g: crate::model::Gender) -> u64 {
    match g {
        crate::model::Gender::Unknown => 0,
        crate::model::Gender::Female => 1,
        crate::model::Gender::Male => 2,
    }
}

/// The numeric measures of one scorecard, in [`measure_names`] order.
pub fn measures(sc: &Scorecard) -> [u64; NM] {
    let ind = &sc.indicators;
    let shares: [&Share; 13] = [
        &ind.i01_people,
        &ind.i02_sources,
        &ind.i03_direct_sources,
        &ind.i04_quoted_syllables,
        &ind.i05_expert_sources,
        &ind.i06_official_sources,
        &ind.i07_citizen_sources,
        &ind.i09_family,
        &ind.i10_appearance,
        &ind.i11_victim,
        &ind.i11_survivor,
        &ind.i15_prominent,
        &ind.i19_chosen_sources,
    ];
    let mut m = [0u64; NM];
    for (i, s) in shares.iter().enumerate() {
        m[i * 3] = s.female as u64;
        m[i * 3 + 1] = s.male as u64;
        m[i * 3 + 2] = s.unknown as u64;
    }
    let endorsed = sc
        .flags
        .iter()
        .filter(|f| f.stance == crate::model::Stance::Endorsed);
    let mut set = |name: &str, v: u64| m[scalar_index(name)] = v;
    set("syllables", sc.syllables as u64);
    set("quotes", sc.quotes.len() as u64);
    set("flags", sc.flags.len() as u64);
    set("flags_endorsed", endorsed.clone().count() as u64);
    set(
        "flags_error",
        endorsed
            .filter(|f| f.severity == crate::model::Severity::Error)
            .count() as u64,
    );
    set(
        "i12_hits",
        ind.i12_hits.values().map(|v| *v as u64).sum::<u64>(),
    );
    for cat in I12_CATEGORIES {
        let v = ind.i12_hits.get(*cat).copied().unwrap_or(0) as u64;
        set(&format!("i12_{}", cat.to_lowercase()), v);
    }
    set("i13_female", ind.i13_marked_female as u64);
    set("i13_male", ind.i13_marked_male as u64);
    set("i14", ind.i14_women_central as u64);
    set("i16", ind.i16_policy as u64);
    set("i17", ind.i17_ge_topic as u64);
    set(
        "i17_strong",
        (sc.topics.ge_topic.as_deref() == Some("strong")) as u64,
    );
    set("gbv", sc.topics.gbv as u64);
    set("i18_author", gender_code(ind.i18_author_gender));
    set("i20", sc.compliant as u64);
    m
}

/// Field handles, looked up once.
#[derive(Clone)]
pub struct Fields {
    pub schema_version: Field,
    pub id: Field,
    pub url_key: Field,
    pub dedup_key: Field,
    pub content_hash: Field,
    pub fingerprint: Field,
    pub outlet: Field,
    pub outlet_name: Field,
    pub outlet_type: Field,
    pub outlet_type_code: Field,
    pub province: Field,
    pub url: Field,
    pub canonical_url: Field,
    pub title: Field,
    pub sapo: Field,
    pub body: Field,
    pub folded: Field,
    pub date: Field,
    pub day: Field,
    pub month: Field,
    pub quarter: Field,
    pub section: Field,
    pub byline: Field,
    pub topic: Field,
    pub flag_category: Field,
    pub flag_rule: Field,
    pub person_name: Field,
    pub person_gender: Field,
    pub person_role: Field,
    pub source_gender: Field,
    pub source_role_gender: Field,
    pub v_indicator_set: Field,
    pub v_lexicons: Field,
    pub v_engine: Field,
    pub article_json: Field,
    pub scorecard_json: Field,
    /// Numeric measures in [`measure_names`] order.
    pub measures: Vec<Field>,
}

/// Build the schema. Text fields use the text core's `vi_syllable` analyzer (normalised,
/// lower-cased syllables with positions): a researcher's short query cannot be word-segmented
/// the way a whole article is ("giới" alone vs "bình_đẳng_giới" in context), so words would lose
/// recall, while syllables plus phrase queries ("\"phụ nữ\"") keep both recall and precision.
/// `folded` (title + sapo + body) uses `vi_folded` so "Hoa" finds "Hòa" and "Huế" finds "Hue".
pub fn build_schema() -> Schema {
    let mut b = Schema::builder();
    let vi = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("vi_syllable")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let folded = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("vi_folded")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let key = STRING | STORED | FAST;
    b.add_u64_field("schema_version", STORED);
    b.add_text_field("id", STRING | STORED);
    b.add_text_field("url_key", STRING | STORED);
    b.add_text_field("dedup_key", STRING);
    b.add_text_field("content_hash", STRING | STORED);
    b.add_u64_field("fingerprint", FAST | STORED);
    b.add_text_field("outlet", key.clone());
    b.add_text_field("outlet_name", vi.clone() | STORED);
    b.add_text_field("outlet_type", key.clone());
    b.add_u64_field("outlet_type_code", FAST);
    b.add_text_field("province", key.clone());
    b.add_text_field("url", STRING | STORED);
    b.add_text_field("canonical_url", STRING | STORED);
    b.add_text_field("title", vi.clone() | STORED);
    b.add_text_field("sapo", vi.clone());
    b.add_text_field("body", vi.clone());
    b.add_text_field("folded", folded);
    b.add_date_field("date", INDEXED | FAST | STORED);
    b.add_u64_field("day", INDEXED | FAST | STORED);
    b.add_u64_field("month", INDEXED | FAST);
    b.add_u64_field("quarter", INDEXED | FAST);
    b.add_text_field("section", STRING | STORED | FAST);
    b.add_text_field("byline", vi.clone() | STORED);
    b.add_facet_field("topic", tantivy::schema::FacetOptions::default());
    b.add_text_field("flag_category", STRING);
    b.add_text_field("flag_rule", STRING);
    b.add_text_field("person_name", vi);
    b.add_text_field("person_gender", STRING);
    b.add_text_field("person_role", STRING);
    b.add_text_field("source_gender", STRING);
    b.add_text_field("source_role_gender", STRING);
    b.add_text_field("v_indicator_set", key.clone());
    b.add_text_field("v_lexicons", STRING | STORED);
    b.add_text_field("v_engine", key);
    b.add_bytes_field("article_json", STORED);
    b.add_bytes_field("scorecard_json", STORED);
    for name in measure_names() {
        b.add_u64_field(&name, FAST | STORED);
    }
    b.build()
}

impl Fields {
    pub fn new(schema: &Schema) -> anyhow::Result<Fields> {
        let f = |n: &str| {
            schema.get_field(n).map_err(|_| {
                anyhow::anyhow!(
                    "index schema has no field `{n}`: the index was built by another version; rebuild it"
                )
            })
        };
        Ok(Fields {
            schema_version: f("schema_version")?,
            id: f("id")?,
            url_key: f("url_key")?,
            dedup_key: f("dedup_key")?,
            content_hash: f("content_hash")?,
            fingerprint: f("fingerprint")?,
            outlet: f("outlet")?,
            outlet_name: f("outlet_name")?,
            outlet_type: f("outlet_type")?,
            outlet_type_code: f("outlet_type_code")?,
            province: f("province")?,
            url: f("url")?,
            canonical_url: f("canonical_url")?,
            title: f("title")?,
            sapo: f("sapo")?,
            body: f("body")?,
            folded: f("folded")?,
            date: f("date")?,
            day: f("day")?,
            month: f("month")?,
            quarter: f("quarter")?,
            section: f("section")?,
            byline: f("byline")?,
            topic: f("topic")?,
            flag_category: f("flag_category")?,
            flag_rule: f("flag_rule")?,
            person_name: f("person_name")?,
            person_gender: f("person_gender")?,
            person_role: f("person_role")?,
            source_gender: f("source_gender")?,
            source_role_gender: f("source_role_gender")?,
            v_indicator_set: f("v_indicator_set")?,
            v_lexicons: f("v_lexicons")?,
            v_engine: f("v_engine")?,
            article_json: f("article_json")?,
            scorecard_json: f("scorecard_json")?,
            measures: measure_names()
                .iter()
                .map(|n| f(n))
                .collect::<anyhow::Result<_>>()?,
        })
    }
}

/// Register the analyzers the schema names: the text core's Vietnamese `vi` (words),
/// `vi_folded` (accent-folded syllables) and `vi_syllable` tokenizers.
pub fn register_tokenizers(index: &Index) {
    crate::text::register_tokenizers(index);
}

/// Open the index in `dir`, creating it (and the directory) if needed.
pub fn open_or_create(dir: &Path) -> anyhow::Result<(Index, Fields)> {
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("cannot create index directory {}: {e}", dir.display()))?;
    let mmap = tantivy::directory::MmapDirectory::open(dir)
        .map_err(|e| anyhow::anyhow!("cannot open index directory {}: {e}", dir.display()))?;
    let index = Index::open_or_create(mmap, build_schema()).map_err(|e| {
        anyhow::anyhow!(
            "index {} was built with another schema ({e}); delete the folder and scan again",
            dir.display()
        )
    })?;
    register_tokenizers(&index);
    let fields = Fields::new(&index.schema())?;
    Ok((index, fields))
}

/// Open an existing index for reading, searching segments on all cores.
pub fn open_parallel(dir: &Path) -> anyhow::Result<(Index, Fields)> {
    let (mut index, fields) = open(dir)?;
    index.set_default_multithread_executor()?;
    Ok((index, fields))
}

/// Open an existing index for reading.
pub fn open(dir: &Path) -> anyhow::Result<(Index, Fields)> {
    if !dir.join("meta.json").exists() {
        anyhow::bail!(
            "no index at {} (run `chisogioi scan` first, or pass --index DIR)",
            dir.display()
        );
    }
    let index = Index::open_in_dir(dir)
        .map_err(|e| anyhow::anyhow!("cannot open index {}: {e}", dir.display()))?;
    register_tokenizers(&index);
    let fields = Fields::new(&index.schema())?;
    Ok((index, fields))
}
