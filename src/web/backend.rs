//! The one place where the web application calls the rest of the crate.
//!
//! Handlers never touch the indicator engine, the index or the report layer directly; they
//! call the functions here, which return web-facing records. That keeps the wiring to the
//! other areas in one thin module the lead can rewire at merge time.
//!
//! What is real today:
//! - draft checking: [`check_draft`] runs [`Engine::score`] and the text core's positions;
//! - a [`DataSet`] of scored articles held in memory, built either from records given by the
//!   caller (tests) or by scoring article JSONL files with the engine at start-up
//!   (`chisogioi serve --articles corpus/demo/*.jsonl --outlets corpus/demo/outlets.toml`).
//!
//! What waits for other areas (each marked `TODO(index)` / `TODO(report)`), with the calls the
//! index branch provides (as of its commit 929e451):
//! - [`DataSet`] gains an index-backed variant holding `(tantivy::Index, index::Fields)` from
//!   `index::open(dir)` (for `serve --index DIR`), and its methods map to:
//!   - [`DataSet::stats`] → `index::aggregate(&ix, &f, &searcher, &filter, &[Dim::Outlet])`
//!     (or `[Dim::Outlet, Dim::Month]`), each `Agg` → `GroupSummary::from_agg`, then
//!     `shares["i02"]` → [`StatRow::sources`], `shares["i01"]` → [`StatRow::people`],
//!     `with_woman_source.count`, `i12_hits`; the group key `Vec<String>` gives outlet/month;
//!   - [`DataSet::monthly_totals`] → the same with `&[Dim::Month]`;
//!   - [`DataSet::search`] → `index::top_hits` (full text) or `index::matching`, then
//!     `index::read_record(&searcher, &f, addr)` → `StoredRecord { article, scorecard, outlet }`
//!     which is [`Record`] field for field;
//!   - [`DataSet::quota`] → the report's quota rows (`report::build_report(...).quotas`);
//!   - [`Filter`] → `index::Filter { text: q, outlets, provinces, types, from, to, topics,
//!     flags, has_woman_source, .. }` (months become `Day`s: first/last day of the month);
//! - [`report`] → `report::build_report(&ix, &f, &report::Period::parse(period)?,
//!   &report::Selection { outlets, provinces, registry }, &report::ReportConfig::load(None)?)`
//!   then `report::render(&r, fmt, lang)` (the web's [`ReportFormat`] maps 1:1);
//! - [`rescore`] → `index::cli::rescore_index(dir, &engine)`.

use crate::i18n::Lang;
use crate::indicators::Engine;
use crate::model::{
    Article, Flag, Gender, Outlet, OutletType, Person, Position, Quote, Scorecard, Severity, Share,
    Span, SpeakerKind, Stance,
};
use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

// ---------------------------------------------------------------------------------------------
// Draft checking (real: indicator engine + text core)
// ---------------------------------------------------------------------------------------------

/// A flag as the web and the JSON API show it: the engine's flag plus positions.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FlagView {
    #[serde(flatten)]
    pub flag: Flag,
    pub start: Position,
    pub end: Position,
}

/// The result of checking a draft. Spans are in bytes of [`CheckResult::text`], which is the
/// draft exactly as supplied.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    #[serde(skip)]
    pub text: String,
    pub flags: Vec<FlagView>,
    pub people: Vec<Person>,
    pub quotes: Vec<Quote>,
    /// Sources (persons with at least one attributed quote) by gender.
    pub sources: ShareView,
    /// Everybody mentioned, by gender.
    pub persons: ShareView,
    pub scorecard: Scorecard,
}

/// A [`Share`] with its women share computed, for JSON and templates.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Default, PartialEq)]
pub struct ShareView {
    pub female: u32,
    pub male: u32,
    pub unknown: u32,
    /// female ÷ (female + male); null when nobody of known gender.
    pub women_share: Option<f64>,
}

impl From<Share> for ShareView {
    fn from(s: Share) -> Self {
        ShareView {
            female: s.female,
            male: s.male,
            unknown: s.unknown,
            women_share: s.women_share(),
        }
    }
}

impl ShareView {
    pub fn total(&self) -> u32 {
        self.female + self.male + self.unknown
    }
    fn add(&mut self, o: &ShareView) {
        self.female += o.female;
        self.male += o.male;
        self.unknown += o.unknown;
        let known = self.female + self.male;
        self.women_share = (known > 0).then(|| self.female as f64 / known as f64);
    }
}

/// Turn a pasted draft into an [`Article`] whose analysis text is the draft itself.
///
/// The first line is the headline (as in every newsroom CMS), the rest is the body, so
/// `title + "\n" + text` reproduces the draft byte for byte and the engine's spans point
/// straight into what the editor pasted.
pub fn draft_article(text: &str) -> Article {
    let (title, body) = match text.find('\n') {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    Article {
        id: "draft".into(),
        title: title.to_string(),
        text: body.to_string(),
        ..Default::default()
    }
}

/// Check a draft. Nothing is stored, logged or cached: the text lives only in the returned value.
pub fn check_draft(engine: &Engine, text: &str) -> CheckResult {
    let article = draft_article(text);
    let sc = engine.score(&article);
    let doc = crate::text::Document::analyze(text);
    let flags = sc
        .flags
        .iter()
        .filter(|f| valid_span(text, f.span))
        .map(|f| FlagView {
            flag: f.clone(),
            start: doc.position(f.span.start),
            end: doc.position(f.span.end),
        })
        .collect();
    CheckResult {
        text: text.to_string(),
        flags,
        people: sc.people.clone(),
        quotes: sc.quotes.clone(),
        sources: sc.indicators.i02_sources.into(),
        persons: sc.indicators.i01_people.into(),
        scorecard: sc,
    }
}

/// Whether a span can be sliced from `text` (engine bugs must never panic the server).
pub fn valid_span(text: &str, s: Span) -> bool {
    s.start < s.end
        && s.end <= text.len()
        && text.is_char_boundary(s.start)
        && text.is_char_boundary(s.end)
}

// ---------------------------------------------------------------------------------------------
// Stored articles: in-memory data set until the index is merged
// ---------------------------------------------------------------------------------------------

/// One scored article with its outlet (same shape as `index::StoredRecord`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub article: Article,
    pub outlet: Outlet,
    pub scorecard: Scorecard,
}

impl Record {
    /// Year-month `YYYY-MM` of the publication date, if it has one.
    pub fn month(&self) -> Option<&str> {
        let d = self.article.date.as_deref()?;
        (d.len() >= 7 && d.is_char_boundary(7)).then(|| &d[..7])
    }
    fn day(&self) -> Option<&str> {
        let d = self.article.date.as_deref()?;
        (d.len() >= 10 && d.is_char_boundary(10)).then(|| &d[..10])
    }
    pub fn endorsed_flags(&self) -> impl Iterator<Item = &Flag> {
        self.scorecard
            .flags
            .iter()
            .filter(|f| f.stance == Stance::Endorsed)
    }
    /// A gender-equality item for the quotas: about gender equality/GBV/women's rights.
    pub fn is_ge_item(&self) -> bool {
        self.scorecard.indicators.i17_ge_topic || self.scorecard.topics.ge_topic.is_some()
    }
}

/// The articles the web application reads.
///
/// TODO(index): replace with a handle on the tantivy index (`index::open(dir)` + a reader);
/// every method below names the index call that replaces it.
#[derive(Debug, Default)]
pub struct DataSet {
    records: Vec<Record>,
    outlets: BTreeMap<String, Outlet>,
    /// Where the data came from, shown in the page footer.
    pub source: String,
}

/// Selects articles: the CLI's `query` filters that the web exposes.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Filter {
    /// Full-text words (all must occur, accent-insensitive).
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub province: Option<String>,
    /// Outlet type (`national_press`, `commune_portal`, …).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// First day or month, inclusive (`YYYY-MM` or `YYYY-MM-DD`).
    #[serde(default)]
    pub from: Option<String>,
    /// Last day or month, inclusive.
    #[serde(default)]
    pub to: Option<String>,
    /// Flag category (STEREO, …) or rule id.
    #[serde(default)]
    pub flag: Option<String>,
    /// Topic: `gbv`, `policy`, `ge`, or a domain name.
    #[serde(default)]
    pub topic: Option<String>,
    /// Only articles with at least one woman source.
    #[serde(default)]
    pub has_woman_source: Option<bool>,
    /// At least one source of this gender (female, male, unknown).
    #[serde(default)]
    pub source_gender: Option<String>,
    /// At least one person of this gender.
    #[serde(default)]
    pub person_gender: Option<String>,
    /// At least one person in this role (expert, official, citizen, subject, other).
    #[serde(default)]
    pub role: Option<String>,
}

fn has_gender(s: &crate::model::Share, g: &str) -> bool {
    match g {
        "female" => s.female > 0,
        "male" => s.male > 0,
        "unknown" => s.unknown > 0,
        _ => false,
    }
}

/// The CLI's name of a role.
pub fn role_str(r: crate::model::Role) -> &'static str {
    use crate::model::Role::*;
    match r {
        Expert => "expert",
        Official => "official",
        Citizen => "citizen",
        Subject => "subject",
        Other => "other",
    }
}

fn nonempty(o: &Option<String>) -> Option<&str> {
    o.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Compare a record's date with a bound given as a month or a day.
fn date_in(day: &str, from: Option<&str>, to: Option<&str>) -> bool {
    if let Some(f) = from
        && day < f
    {
        return false;
    }
    if let Some(t) = to {
        // A month bound `2025-09` includes every day of that month.
        let prefix = day.get(..t.len().min(day.len())).unwrap_or(day);
        if prefix > t {
            return false;
        }
    }
    true
}

impl Filter {
    pub fn matches(&self, r: &Record) -> bool {
        if let Some(o) = nonempty(&self.outlet)
            && r.outlet.id != o
        {
            return false;
        }
        if let Some(p) = nonempty(&self.province)
            && r.outlet.province.as_deref() != Some(p)
        {
            return false;
        }
        if let Some(t) = nonempty(&self.kind)
            && r.outlet.kind.as_str() != t
        {
            return false;
        }
        if nonempty(&self.from).is_some() || nonempty(&self.to).is_some() {
            match r.day().or(r.month()) {
                Some(d) if date_in(d, nonempty(&self.from), nonempty(&self.to)) => {}
                _ => return false,
            }
        }
        if let Some(fl) = nonempty(&self.flag)
            && !r
                .endorsed_flags()
                .any(|f| f.category.eq_ignore_ascii_case(fl) || f.rule == fl)
        {
            return false;
        }
        if let Some(t) = nonempty(&self.topic) {
            let tp = &r.scorecard.topics;
            let ok = match t {
                "gbv" => tp.gbv,
                "policy" => tp.policy_reference,
                "ge" => r.is_ge_item(),
                d => tp.domains.iter().any(|x| x == d),
            };
            if !ok {
                return false;
            }
        }
        if self.has_woman_source == Some(true) && r.scorecard.indicators.i02_sources.female == 0 {
            return false;
        }
        if let Some(g) = nonempty(&self.source_gender)
            && !has_gender(&r.scorecard.indicators.i02_sources, g)
        {
            return false;
        }
        if let Some(g) = nonempty(&self.person_gender)
            && !has_gender(&r.scorecard.indicators.i01_people, g)
        {
            return false;
        }
        if let Some(role) = nonempty(&self.role)
            && !r.scorecard.people.iter().any(|p| role_str(p.role) == role)
        {
            return false;
        }
        if let Some(q) = nonempty(&self.q) {
            let hay = crate::text::fold(&format!(
                "{}\n{}\n{}",
                r.article.title, r.article.sapo, r.article.text
            ))
            .to_lowercase();
            let all = q
                .split_whitespace()
                .all(|w| hay.contains(&crate::text::fold(w).to_lowercase()));
            if !all {
                return false;
            }
        }
        true
    }
}

/// One row of the per-outlet statistics (one outlet, optionally one month).
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct StatRow {
    pub outlet: String,
    pub outlet_name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub province: Option<String>,
    /// `YYYY-MM`, or null for the whole period.
    pub month: Option<String>,
    pub articles: u64,
    pub sources: ShareView,
    pub people: ShareView,
    /// Articles with at least one endorsed flag.
    pub flagged_articles: u64,
    pub flag_hits: u64,
    pub syllables: u64,
    /// Articles with at least one woman source.
    pub with_woman_source: u64,
    /// Gender-equality items (for the quotas).
    pub ge_items: u64,
    /// Articles meeting the configured per-article rule (I20 at article level).
    pub compliant: u64,
}

impl StatRow {
    pub fn flagged_rate(&self) -> Option<f64> {
        (self.articles > 0).then(|| self.flagged_articles as f64 / self.articles as f64)
    }
    pub fn flags_per_1000(&self) -> Option<f64> {
        (self.syllables > 0).then(|| self.flag_hits as f64 * 1000.0 / self.syllables as f64)
    }
    fn add(&mut self, r: &Record) {
        let ind = &r.scorecard.indicators;
        self.articles += 1;
        self.sources.add(&ind.i02_sources.into());
        self.people.add(&ind.i01_people.into());
        let hits = r.endorsed_flags().count() as u64;
        self.flag_hits += hits;
        self.flagged_articles += u64::from(hits > 0);
        self.syllables += r.scorecard.syllables as u64;
        self.with_woman_source += u64::from(ind.i02_sources.female > 0);
        self.ge_items += u64::from(r.is_ge_item());
        self.compliant += u64::from(r.scorecard.compliant);
    }
}

/// Quota status of one outlet for a period (Decision 1790 targets as configured by provinces).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuotaStatus {
    /// `ge_items_per_quarter` (commune portals), `ge_column_monthly` (broadcasters, media
    /// centres) or `none`.
    pub rule: String,
    /// Met in every month/quarter of the period; null when the rule does not apply.
    pub met: Option<bool>,
    /// Human detail, e.g. "2025-Q3: 5/4".
    pub detail: Vec<String>,
}

/// The outlets the data knows, by id.
impl DataSet {
    pub fn from_records(records: Vec<Record>, source: impl Into<String>) -> DataSet {
        let mut outlets = BTreeMap::new();
        for r in &records {
            outlets
                .entry(r.outlet.id.clone())
                .or_insert_with(|| r.outlet.clone());
        }
        let mut records = records;
        records.sort_by(|a, b| {
            b.article
                .date
                .cmp(&a.article.date)
                .then(a.article.id.cmp(&b.article.id))
        });
        DataSet {
            records,
            outlets,
            source: source.into(),
        }
    }

    /// Score article JSONL files with the engine against an outlet registry.
    ///
    /// TODO(index): `chisogioi serve --index DIR` should open the tantivy index instead.
    pub fn load_articles(
        engine: &Engine,
        articles: &[std::path::PathBuf],
        outlets: Option<&Path>,
    ) -> anyhow::Result<DataSet> {
        let registry: BTreeMap<String, Outlet> = match outlets {
            Some(p) => load_outlets(p)?
                .into_iter()
                .map(|o| (o.id.clone(), o))
                .collect(),
            None => BTreeMap::new(),
        };
        let mut arts = Vec::new();
        for path in articles {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let a: Article = serde_json::from_str(line).with_context(|| {
                    format!(
                        "{}:{}: not an article JSON record (id, title, text…)",
                        path.display(),
                        i + 1
                    )
                })?;
                arts.push(a);
            }
        }
        use rayon::prelude::*;
        let records = arts
            .into_par_iter()
            .map(|a| {
                let sc = engine.score(&a);
                let id = a.outlet.clone().unwrap_or_default();
                let outlet = registry.get(&id).cloned().unwrap_or_else(|| Outlet {
                    name: id.clone(),
                    id,
                    ..Default::default()
                });
                Record {
                    article: a,
                    outlet,
                    scorecard: sc,
                }
            })
            .collect();
        let src = articles
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        Ok(DataSet::from_records(records, src))
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn outlets(&self) -> impl Iterator<Item = &Outlet> {
        self.outlets.values()
    }
    pub fn outlet(&self, id: &str) -> Option<&Outlet> {
        self.outlets.get(id)
    }
    pub fn provinces(&self) -> BTreeSet<String> {
        self.outlets
            .values()
            .filter_map(|o| o.province.clone())
            .collect()
    }
    pub fn months(&self) -> BTreeSet<String> {
        self.records
            .iter()
            .filter_map(|r| r.month().map(str::to_string))
            .collect()
    }

    /// Per-outlet statistics; `by_month` splits each outlet by month.
    ///
    /// TODO(index): `index::aggregate(…, &[Dim::Outlet])` / `&[Dim::Outlet, Dim::Month]` and
    /// map each `GroupSummary` (shares `i02`, `i01`, rates) onto a [`StatRow`].
    pub fn stats(&self, filter: &Filter, by_month: bool) -> Vec<StatRow> {
        let mut rows: BTreeMap<(String, Option<String>), StatRow> = BTreeMap::new();
        for r in self.records.iter().filter(|r| filter.matches(r)) {
            let month = if by_month {
                r.month().map(str::to_string)
            } else {
                None
            };
            let row = rows
                .entry((r.outlet.id.clone(), month.clone()))
                .or_insert_with(|| StatRow {
                    outlet: r.outlet.id.clone(),
                    outlet_name: r.outlet.name.clone(),
                    kind: r.outlet.kind.as_str().to_string(),
                    province: r.outlet.province.clone(),
                    month,
                    ..Default::default()
                });
            row.add(r);
        }
        rows.into_values().collect()
    }

    /// Totals over all selected articles, by month (for the trend charts).
    ///
    /// TODO(index): `index::aggregate(…, &[Dim::Month])`.
    pub fn monthly_totals(&self, filter: &Filter) -> Vec<StatRow> {
        let mut rows: BTreeMap<String, StatRow> = BTreeMap::new();
        for r in self.records.iter().filter(|r| filter.matches(r)) {
            let Some(m) = r.month() else { continue };
            rows.entry(m.to_string())
                .or_insert_with(|| StatRow {
                    month: Some(m.to_string()),
                    ..Default::default()
                })
                .add(r);
        }
        rows.into_values().collect()
    }

    /// Quota status of an outlet over the period selected by `filter`.
    ///
    /// TODO(report): use the report layer's configured quotas (`lexicons/` indicator-set
    /// configuration) instead of the two rules of Decision 1790 written here.
    pub fn quota(&self, outlet: &Outlet, filter: &Filter) -> QuotaStatus {
        let mut f = filter.clone();
        f.outlet = Some(outlet.id.clone());
        let counted: BTreeMap<String, u64> = self
            .stats(&f, true)
            .into_iter()
            .filter_map(|r| Some((r.month?, r.ge_items)))
            .collect();
        // Every month of the period counts, including months with nothing published.
        let months = match (nonempty(&filter.from), nonempty(&filter.to)) {
            (Some(a), Some(b)) => months_between(a, b),
            _ => counted.keys().cloned().collect(),
        };
        let monthly: BTreeMap<String, u64> = months
            .into_iter()
            .map(|m| {
                let n = counted.get(&m).copied().unwrap_or(0);
                (m, n)
            })
            .collect();
        match outlet.kind {
            OutletType::CommunePortal => {
                // Only quarters the period covers entirely are judged.
                let mut q: BTreeMap<String, (u64, u32)> = BTreeMap::new();
                for (m, n) in &monthly {
                    let month: u32 = m.get(5..7).and_then(|s| s.parse().ok()).unwrap_or(1);
                    let e = q
                        .entry(format!(
                            "{}-Q{}",
                            m.get(..4).unwrap_or(m),
                            month.div_ceil(3)
                        ))
                        .or_default();
                    e.0 += n;
                    e.1 += 1;
                }
                let full: Vec<(&String, u64)> = q
                    .iter()
                    .filter(|(_, v)| v.1 == 3)
                    .map(|(k, v)| (k, v.0))
                    .collect();
                QuotaStatus {
                    rule: "ge_items_per_quarter".into(),
                    met: (!full.is_empty()).then(|| full.iter().all(|(_, n)| *n >= 4)),
                    detail: q
                        .iter()
                        .map(|(k, (n, months))| {
                            if *months == 3 {
                                format!("{k}: {n}/4")
                            } else {
                                format!("{k}: {n}/4 (…)")
                            }
                        })
                        .collect(),
                }
            }
            OutletType::Broadcaster | OutletType::MediaCentre => QuotaStatus {
                rule: "ge_column_monthly".into(),
                met: (!monthly.is_empty()).then(|| monthly.values().all(|&n| n >= 1)),
                detail: monthly.iter().map(|(k, n)| format!("{k}: {n}/1")).collect(),
            },
            _ => QuotaStatus {
                rule: "none".into(),
                met: None,
                detail: vec![],
            },
        }
    }

    /// Articles matching `filter`, newest first, at most `limit` after skipping `offset`.
    ///
    /// TODO(index): `index::top_hits` (ranked full text) or `index::matching`, then
    /// `index::read_record` for each hit.
    pub fn search(&self, filter: &Filter, offset: usize, limit: usize) -> (usize, Vec<&Record>) {
        let all: Vec<&Record> = self.records.iter().filter(|r| filter.matches(r)).collect();
        let total = all.len();
        (total, all.into_iter().skip(offset).take(limit).collect())
    }

    /// One article by id.
    ///
    /// TODO(index): a term query on the id field + `index::read_record`.
    pub fn article(&self, id: &str) -> Option<&Record> {
        self.records.iter().find(|r| r.article.id == id)
    }
}

/// Every `YYYY-MM` from the month of `a` to the month of `b` (bounds may be days), at most 240.
pub fn months_between(a: &str, b: &str) -> Vec<String> {
    let ym = |s: &str| -> Option<(i32, u32)> {
        Some((s.get(..4)?.parse().ok()?, s.get(5..7)?.parse().ok()?))
    };
    let (Some((mut y, mut m)), Some(end)) = (ym(a), ym(b)) else {
        return vec![];
    };
    let mut out = Vec::new();
    while (y, m) <= end && out.len() < 240 && (1..=12).contains(&m) {
        out.push(format!("{y:04}-{m:02}"));
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    out
}

/// Read an outlet registry (`[[outlet]]` tables).
pub fn load_outlets(path: &Path) -> anyhow::Result<Vec<Outlet>> {
    #[derive(Deserialize)]
    struct Registry {
        #[serde(default)]
        outlet: Vec<Outlet>,
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read outlet registry {}", path.display()))?;
    let reg: Registry = toml::from_str(&text)
        .with_context(|| format!("{}: not a valid outlet registry", path.display()))?;
    Ok(reg.outlet)
}

// ---------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------

/// Report file formats the web offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Xlsx,
    Csv,
    Html,
    Json,
}

impl ReportFormat {
    pub fn parse(s: &str) -> Option<ReportFormat> {
        match s {
            "xlsx" => Some(ReportFormat::Xlsx),
            "csv" => Some(ReportFormat::Csv),
            "html" => Some(ReportFormat::Html),
            "json" => Some(ReportFormat::Json),
            _ => None,
        }
    }
    pub fn mime(&self) -> &'static str {
        match self {
            ReportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            ReportFormat::Csv => "text/csv; charset=utf-8",
            ReportFormat::Html => "text/html; charset=utf-8",
            ReportFormat::Json => "application/json",
        }
    }
    pub fn ext(&self) -> &'static str {
        match self {
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Csv => "csv",
            ReportFormat::Html => "html",
            ReportFormat::Json => "json",
        }
    }
}

/// A period by name: `2025-09` (month), `2025-Q3` (quarter), `2025-H2` (half-year), `2025`
/// (year), or `2025-09-01..2025-10-15` (a date range). Returns inclusive (from, to) bounds.
pub fn parse_period(p: &str) -> anyhow::Result<(String, String)> {
    let p = p.trim();
    let bad = || {
        anyhow::anyhow!(
            "period `{p}`: expected YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY or YYYY-MM-DD..YYYY-MM-DD"
        )
    };
    if let Some((a, b)) = p.split_once("..") {
        for d in [a, b] {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| bad())?;
        }
        return Ok((a.to_string(), b.to_string()));
    }
    let year: u32 = p.get(..4).and_then(|y| y.parse().ok()).ok_or_else(bad)?;
    let rest = &p[4..];
    let months = match rest {
        "" => (1, 12),
        r if r.starts_with("-Q") => match &r[2..] {
            "1" => (1, 3),
            "2" => (4, 6),
            "3" => (7, 9),
            "4" => (10, 12),
            _ => return Err(bad()),
        },
        "-H1" => (1, 6),
        "-H2" => (7, 12),
        r if r.len() == 3 && r.starts_with('-') => {
            let m: u32 = r[1..].parse().map_err(|_| bad())?;
            if !(1..=12).contains(&m) {
                return Err(bad());
            }
            (m, m)
        }
        _ => return Err(bad()),
    };
    Ok((
        format!("{year:04}-{:02}", months.0),
        format!("{year:04}-{:02}", months.1),
    ))
}

/// The period report for the articles selected by `filter`.
///
/// TODO(report): call the report layer (`report::build(period, selection)` and its XLSX/CSV/
/// HTML writers, which add I01–I20 with sample sizes, targets, peak periods and change against
/// the previous period). Until then this writes the per-outlet table the dashboard shows.
pub fn report(
    data: &DataSet,
    period: &str,
    filter: &Filter,
    format: ReportFormat,
    lang: Lang,
) -> anyhow::Result<Vec<u8>> {
    let (from, to) = parse_period(period)?;
    let mut f = filter.clone();
    f.from = Some(from);
    f.to = Some(to);
    let rows = data.stats(&f, false);
    let head = report_headers(lang);
    let cells = |r: &StatRow| -> Vec<String> {
        let quota = data
            .outlet(&r.outlet)
            .map(|o| data.quota(o, &f))
            .map(|q| match q.met {
                Some(true) => lang.pick("đạt", "met").to_string(),
                Some(false) => lang.pick("không đạt", "not met").to_string(),
                None => lang.pick("không áp dụng", "n/a").to_string(),
            })
            .unwrap_or_default();
        vec![
            r.outlet.clone(),
            r.outlet_name.clone(),
            r.kind.clone(),
            r.province.clone().unwrap_or_default(),
            r.articles.to_string(),
            r.sources.female.to_string(),
            r.sources.male.to_string(),
            r.sources.unknown.to_string(),
            pct(r.sources.women_share),
            r.people.female.to_string(),
            r.people.male.to_string(),
            r.people.unknown.to_string(),
            pct(r.people.women_share),
            r.flagged_articles.to_string(),
            pct(r.flagged_rate()),
            r.ge_items.to_string(),
            quota,
        ]
    };
    match format {
        ReportFormat::Json => Ok(serde_json::to_vec_pretty(&serde_json::json!({
            "period": period,
            "from": f.from,
            "to": f.to,
            "outlets": rows,
        }))?),
        ReportFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(&head)?;
            for r in &rows {
                w.write_record(cells(r))?;
            }
            Ok(w.into_inner()?)
        }
        ReportFormat::Xlsx => {
            use rust_xlsxwriter::{Format, Workbook};
            let mut wb = Workbook::new();
            let ws = wb.add_worksheet();
            ws.set_name(lang.pick("Theo cơ quan", "By outlet"))?;
            let bold = Format::new().set_bold();
            ws.write_string(0, 0, format!("{} {period}", lang.pick("Kỳ", "Period")))?;
            for (c, h) in head.iter().enumerate() {
                ws.write_string_with_format(2, c as u16, *h, &bold)?;
            }
            for (i, r) in rows.iter().enumerate() {
                for (c, v) in cells(r).into_iter().enumerate() {
                    let row = 3 + i as u32;
                    match v.parse::<f64>() {
                        Ok(n) if c >= 4 => ws.write_number(row, c as u16, n)?,
                        _ => ws.write_string(row, c as u16, v)?,
                    };
                }
            }
            Ok(wb.save_to_buffer()?)
        }
        ReportFormat::Html => {
            use super::html::esc;
            let mut s = String::new();
            s.push_str("<!doctype html><html lang=\"");
            s.push_str(lang.pick("vi", "en"));
            s.push_str("\"><head><meta charset=\"utf-8\"><title>");
            s.push_str(&esc(&format!(
                "{} {period}",
                lang.pick("Báo cáo kỳ", "Period report")
            )));
            s.push_str("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.3em .5em;text-align:right}td:nth-child(-n+4){text-align:left}</style></head><body>");
            s.push_str(&format!(
                "<h1>{} {}</h1>",
                lang.pick("Báo cáo kỳ", "Period report"),
                esc(period)
            ));
            s.push_str("<table><thead><tr>");
            for h in &head {
                s.push_str(&format!("<th>{}</th>", esc(h)));
            }
            s.push_str("</tr></thead><tbody>");
            for r in &rows {
                s.push_str("<tr>");
                for v in cells(r) {
                    s.push_str(&format!("<td>{}</td>", esc(&v)));
                }
                s.push_str("</tr>");
            }
            s.push_str("</tbody></table>");
            s.push_str(&super::html::share_bars_svg(
                &rows
                    .iter()
                    .map(|r| (r.outlet_name.clone(), r.sources.women_share))
                    .collect::<Vec<_>>(),
                lang,
            ));
            s.push_str("</body></html>");
            Ok(s.into_bytes())
        }
    }
}

fn report_headers(lang: Lang) -> Vec<&'static str> {
    vec![
        lang.pick("mã cơ quan", "outlet id"),
        lang.pick("tên cơ quan", "outlet name"),
        lang.pick("loại hình", "type"),
        lang.pick("tỉnh/thành", "province"),
        lang.pick("số bài", "articles"),
        lang.pick("nguồn tin nữ", "female sources"),
        lang.pick("nguồn tin nam", "male sources"),
        lang.pick("nguồn tin chưa rõ giới", "sources of unknown gender"),
        lang.pick("tỉ lệ nữ trong nguồn tin (%)", "women share of sources (%)"),
        lang.pick("nhân vật nữ", "female people"),
        lang.pick("nhân vật nam", "male people"),
        lang.pick("nhân vật chưa rõ giới", "people of unknown gender"),
        lang.pick("tỉ lệ nữ trong nhân vật (%)", "women share of people (%)"),
        lang.pick("số bài bị gắn cờ", "flagged articles"),
        lang.pick("tỉ lệ bài bị gắn cờ (%)", "flagged article rate (%)"),
        lang.pick("tin bài bình đẳng giới", "gender-equality items"),
        lang.pick("chỉ tiêu", "quota"),
    ]
}

/// A fraction as a percentage with one decimal, or empty.
pub fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.1}", v * 100.0)).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Data-changing operations
// ---------------------------------------------------------------------------------------------

/// Re-score the stored articles with the current lexicons.
///
/// TODO(index): `index::rescore(dir, engine)` once the index layer provides it; the web
/// handler already enforces the token.
pub fn rescore(_data: &DataSet) -> anyhow::Result<u64> {
    bail!("rescore needs the index layer (chisogioi rescore); not available in this build")
}

/// Human label of a category (the engine's STEREO, BENEVOLENT…).
pub fn category_label(cat: &str, lang: Lang) -> &'static str {
    match cat {
        "STEREO" => lang.pick("Định kiến giới", "Stereotype"),
        "BENEVOLENT" => lang.pick("Định kiến 'thiện ý'", "Benevolent sexism"),
        "APPEAR" => lang.pick("Ngoại hình", "Appearance"),
        "DEROG" => lang.pick("Miệt thị", "Derogatory"),
        "GMARK" => lang.pick("Đánh dấu giới", "Gender marking"),
        "FAMILY" => lang.pick("Khung gia đình", "Family framing"),
        "GBV" => lang.pick("Bạo lực giới", "Gender-based violence"),
        _ => lang.pick("Khác", "Other"),
    }
}

pub fn gender_label(g: Gender, lang: Lang) -> &'static str {
    match g {
        Gender::Female => lang.pick("nữ", "female"),
        Gender::Male => lang.pick("nam", "male"),
        Gender::Unknown => lang.pick("chưa rõ", "unknown"),
    }
}

pub fn severity_label(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Info => lang.pick("gợi ý", "info"),
        Severity::Warning => lang.pick("cảnh báo", "warning"),
        Severity::Error => lang.pick("lỗi", "error"),
    }
}

pub fn stance_label(s: Stance, lang: Lang) -> &'static str {
    match s {
        Stance::Endorsed => lang.pick("giọng tác giả", "endorsed"),
        Stance::Quoted => lang.pick("trích lời", "quoted"),
        Stance::Critiqued => lang.pick("phê phán", "critiqued"),
    }
}

pub fn speaker_label(q: &Quote, people: &[Person], lang: Lang) -> String {
    match q.speaker_kind {
        SpeakerKind::Person => q
            .speaker
            .as_deref()
            .and_then(|id| people.iter().find(|p| p.id == id))
            .map(|p| p.name.clone())
            .unwrap_or_else(|| lang.pick("(người)", "(person)").into()),
        SpeakerKind::Organisation => q
            .organisation
            .clone()
            .unwrap_or_else(|| lang.pick("(tổ chức)", "(organisation)").into()),
        SpeakerKind::Unattributed => lang.pick("(không rõ)", "(unattributed)").into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draft_article_reproduces_the_draft() {
        for t in [
            "Tiêu đề\nThân bài dòng 1\r\nDòng 2",
            "Một dòng",
            "\nBắt đầu bằng dòng trống",
        ] {
            let a = draft_article(t);
            let (s, _) = a.analysis_text();
            assert!(s.starts_with(t), "{s:?} vs {t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn untrusted_periods_and_filters_never_panic(p in "\\PC{0,24}", d in "[0-9-]{0,8}\\PC{0,6}") {
            let _ = parse_period(&p);
            let _ = months_between(&p, &d);
            let r = Record {
                article: Article { date: Some(d.clone()), ..Default::default() },
                outlet: Outlet::default(),
                scorecard: Scorecard::default(),
            };
            let f = Filter { from: Some(p.clone()), to: Some(d.clone()), q: Some(p.clone()), ..Default::default() };
            let _ = f.matches(&r);
            let _ = r.month();
        }
    }

    #[test]
    fn periods() {
        assert_eq!(
            parse_period("2025-09").unwrap(),
            ("2025-09".into(), "2025-09".into())
        );
        assert_eq!(
            parse_period("2025-Q4").unwrap(),
            ("2025-10".into(), "2025-12".into())
        );
        assert_eq!(
            parse_period("2025-H1").unwrap(),
            ("2025-01".into(), "2025-06".into())
        );
        assert_eq!(
            parse_period("2025").unwrap(),
            ("2025-01".into(), "2025-12".into())
        );
        assert!(parse_period("2025-13").is_err());
        assert!(parse_period("2025-Q5").is_err());
        assert!(parse_period("tháng chín").is_err());
        assert!(parse_period("2025-09-01..2025-99-01").is_err());
    }

    #[test]
    fn months_between_spans_years() {
        assert_eq!(
            months_between("2025-11", "2026-02-15"),
            vec!["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert!(months_between("2026-01", "2025-12").is_empty());
        assert!(months_between("x", "2025-12").is_empty());
    }

    #[test]
    fn month_bounds_include_every_day() {
        assert!(date_in("2025-09-30", Some("2025-09"), Some("2025-09")));
        assert!(!date_in("2025-10-01", Some("2025-09"), Some("2025-09")));
        assert!(!date_in("2025-08-31", Some("2025-09"), Some("2025-09")));
    }

    #[test]
    fn invalid_spans_are_rejected() {
        let t = "Phụ nữ";
        assert!(valid_span(t, Span::new(0, 5))); // "Phụ"
        assert!(!valid_span(t, Span::new(0, 3))); // inside "ụ"
        assert!(!valid_span(t, Span::new(0, 100)));
        assert!(!valid_span(t, Span::new(3, 3)));
    }
}
