//! The one place where the web application calls the rest of the crate.
//!
//! Handlers never touch the indicator engine, the index or the report layer directly; they
//! call the functions here, which return web-facing records.
//!
//! - Draft checking: [`check_draft`] runs [`Engine::score`] and the text core's positions;
//!   nothing is kept.
//! - Stored articles: a [`DataSet`] is a read handle on the tantivy index written by
//!   `chisogioi scan` ([`crate::index::open`]). Searches, per-outlet and per-month figures
//!   are the index's own queries and fast-field aggregates ([`crate::index::aggregate`],
//!   [`crate::index::matching`], [`crate::index::read_record`]); the web adds no counting of
//!   its own beyond renaming columns.
//! - Quotas, compliance and the period report come from the report layer
//!   ([`crate::report::build_report`] configured by `lexicons/indicator-set.toml`, rendered by
//!   [`crate::report::render`]); the web only summarises its rows for display.
//! - Rescoring is the index's own rescore ([`crate::index::cli::rescore_index`]).
//!
//! Without `--index`, `chisogioi serve` scans the demo corpus (`corpus/demo`) into a temporary
//! folder with the same pipeline as `chisogioi scan` and serves that ([`DataSet::demo`]).

use crate::i18n::Lang;
use crate::index::search::{Dim, GroupKey, Op, Where};
use crate::index::stats::{Agg, ShareStat};
use crate::index::store::Day;
use crate::index::{Fields, schema};
use crate::indicators::Engine;
use crate::model::{
    Article, Flag, Gender, Outlet, Person, Position, Quote, Scorecard, Severity, Share, Span,
    SpeakerKind, Stance,
};
use crate::report::{Period, Report, ReportConfig, Selection};
use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use tantivy::{Index, IndexReader};

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
    pub female: u64,
    pub male: u64,
    pub unknown: u64,
    /// female ÷ (female + male); null when nobody of known gender.
    pub women_share: Option<f64>,
}

impl From<Share> for ShareView {
    fn from(s: Share) -> Self {
        ShareView {
            female: s.female.into(),
            male: s.male.into(),
            unknown: s.unknown.into(),
            women_share: s.women_share(),
        }
    }
}

impl From<ShareStat> for ShareView {
    fn from(s: ShareStat) -> Self {
        ShareView {
            female: s.female,
            male: s.male,
            unknown: s.unknown,
            women_share: s.women_share,
        }
    }
}

impl ShareView {
    pub fn total(&self) -> u64 {
        self.female + self.male + self.unknown
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
    let flags = flag_views(text, &sc.flags);
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

/// The flags whose spans are valid in `text`, with line/column positions.
pub fn flag_views(text: &str, flags: &[Flag]) -> Vec<FlagView> {
    let doc = crate::text::Document::analyze(text);
    flags
        .iter()
        .filter(|f| valid_span(text, f.span))
        .map(|f| FlagView {
            flag: f.clone(),
            start: doc.position(f.span.start),
            end: doc.position(f.span.end),
        })
        .collect()
}

/// Whether a span can be sliced from `text` (engine bugs must never panic the server).
pub fn valid_span(text: &str, s: Span) -> bool {
    s.start < s.end
        && s.end <= text.len()
        && text.is_char_boundary(s.start)
        && text.is_char_boundary(s.end)
}

// ---------------------------------------------------------------------------------------------
// Stored articles: the tantivy index
// ---------------------------------------------------------------------------------------------

/// One scored article with its outlet, as read back from the index.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub article: Article,
    pub outlet: Outlet,
    pub scorecard: Scorecard,
}

impl From<crate::index::StoredRecord> for Record {
    fn from(r: crate::index::StoredRecord) -> Self {
        Record {
            article: r.article,
            outlet: r.outlet,
            scorecard: r.scorecard,
        }
    }
}

impl Record {
    /// Year-month `YYYY-MM` of the publication date, if it has one.
    pub fn month(&self) -> Option<&str> {
        let d = self.article.date.as_deref()?;
        (d.len() >= 7 && d.is_char_boundary(7)).then(|| &d[..7])
    }
    pub fn endorsed_flags(&self) -> impl Iterator<Item = &Flag> {
        crate::index::store::endorsed_flags(&self.scorecard)
    }
}

/// Selects articles: the CLI's `query` filters that the web exposes (one value each).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Filter {
    /// Full-text query (tantivy syntax; accent-insensitive through the folded field).
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
    /// Topic: `gbv`, `policy`, `ge`, `ge/strong`, or a domain name.
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
    /// Numeric conditions on indicators, as the CLI's `--where` (`i02_female>=1`).
    #[serde(default)]
    pub wheres: Vec<String>,
    /// Only articles with at least one flag in the author's voice (the dashboard's drill-down).
    #[serde(default)]
    pub flagged: bool,
}

fn nonempty(o: &Option<String>) -> Option<&str> {
    o.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A date bound given as `YYYY-MM` (whole month) or a day (`YYYY-MM-DD`, `DD/MM/YYYY`).
/// `end` picks the last day of a month.
pub fn parse_bound(s: &str, end: bool) -> anyhow::Result<Day> {
    let s = s.trim();
    if s.len() == 7 && s.as_bytes()[4] == b'-' {
        let p = Period::parse(s)
            .with_context(|| format!("`{s}`: expected a month YYYY-MM or a day YYYY-MM-DD"))?;
        return Ok(if end { p.to } else { p.from });
    }
    crate::index::cli::parse_day(s)
}

/// The outlet-type names the index knows.
pub const OUTLET_TYPES: [&str; 8] = [
    "national_press",
    "provincial_press",
    "broadcaster",
    "media_centre",
    "government_portal",
    "commune_portal",
    "magazine",
    "other",
];

impl Filter {
    /// The index's filter for this selection (what `chisogioi query` builds from its flags).
    pub fn to_index(&self) -> anyhow::Result<crate::index::Filter> {
        let one = |o: &Option<String>| nonempty(o).map(|s| vec![s.to_string()]).unwrap_or_default();
        let mut wheres = self
            .wheres
            .iter()
            .filter(|w| !w.trim().is_empty())
            .map(|w| Where::parse(w))
            .collect::<anyhow::Result<Vec<_>>>()?;
        if self.flagged {
            wheres.push(Where {
                column: schema::scalar_index("flags_endorsed"),
                op: Op::Ge,
                value: 1,
            });
        }
        let flag = nonempty(&self.flag).map(|f| {
            // categories are stored upper case; rule ids as written
            if f.chars().all(|c| c.is_ascii_alphabetic()) {
                f.to_ascii_uppercase()
            } else {
                f.to_string()
            }
        });
        Ok(crate::index::Filter {
            text: nonempty(&self.q).map(str::to_string),
            outlets: one(&self.outlet),
            provinces: one(&self.province),
            types: one(&self.kind),
            from: nonempty(&self.from)
                .map(|s| parse_bound(s, false))
                .transpose()?,
            to: nonempty(&self.to)
                .map(|s| parse_bound(s, true))
                .transpose()?,
            topics: one(&self.topic),
            flags: flag.into_iter().collect(),
            has_woman_source: self.has_woman_source == Some(true),
            source_genders: one(&self.source_gender),
            person_genders: one(&self.person_gender),
            roles: one(&self.role),
            wheres,
            indicator_set: None,
            undated: false,
        })
    }
}

/// One row of the per-outlet statistics (one outlet and/or one month), from the index's
/// fast-field aggregates.
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
    /// I02: sources (persons quoted) by gender.
    pub sources: ShareView,
    /// I01: people mentioned by gender.
    pub people: ShareView,
    /// Articles with at least one flag in the author's voice.
    pub flagged_articles: u64,
    /// Flags in the author's voice.
    pub flag_hits: u64,
    pub syllables: u64,
    /// Articles with at least one woman source.
    pub with_woman_source: u64,
    /// Gender-equality items (I17), what the quotas count.
    pub ge_items: u64,
    /// Articles meeting the per-article standard (I20).
    pub compliant: u64,
}

impl StatRow {
    pub fn flagged_rate(&self) -> Option<f64> {
        (self.articles > 0).then(|| self.flagged_articles as f64 / self.articles as f64)
    }
    pub fn flags_per_1000(&self) -> Option<f64> {
        (self.syllables > 0).then(|| self.flag_hits as f64 * 1000.0 / self.syllables as f64)
    }
    fn from_agg(a: &Agg, flagged: u64) -> StatRow {
        StatRow {
            articles: a.n,
            sources: a.share("i02").into(),
            people: a.share("i01").into(),
            flagged_articles: flagged,
            flag_hits: a.scalar("flags_endorsed"),
            syllables: a.scalar("syllables"),
            with_woman_source: a.with_woman_source,
            ge_items: a.scalar("i17"),
            compliant: a.scalar("i20"),
            ..Default::default()
        }
    }
}

/// An outlet's quota status for a period, summarised from the report's quota rows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuotaStatus {
    /// The quota ids of the configuration that apply (empty: none applies).
    pub rule: String,
    /// `met`, `not_met`, `partial` (only units not wholly inside the period are short) or `none`.
    pub status: String,
    /// Met in every judged unit; null when no quota applies or nothing could be judged yet.
    pub met: Option<bool>,
    /// Each unit: `2025-Q3: 4/4`, `2025-10: 0/1 (…)` for a partial unit.
    pub detail: Vec<String>,
}

impl QuotaStatus {
    /// Summarise the report's quota rows of one outlet.
    pub fn of(report: &Report, outlet: &str) -> QuotaStatus {
        let rows: Vec<_> = report
            .quotas
            .iter()
            .filter(|q| q.outlet == outlet)
            .collect();
        let mut ids: Vec<&str> = rows.iter().map(|q| q.quota.as_str()).collect();
        ids.dedup();
        let any = |s: &str| rows.iter().any(|q| q.status == s);
        let (status, met) = if rows.is_empty() {
            ("none", None)
        } else if any("not_met") {
            ("not_met", Some(false))
        } else if any("met") {
            if any("partial") {
                ("partial", Some(true))
            } else {
                ("met", Some(true))
            }
        } else {
            ("partial", None)
        };
        QuotaStatus {
            rule: ids.join(", "),
            status: status.into(),
            met,
            detail: rows
                .iter()
                .map(|q| {
                    format!(
                        "{}: {}/{}{}",
                        q.unit,
                        q.ge_items,
                        q.required,
                        if q.status == "partial" { " (…)" } else { "" }
                    )
                })
                .collect(),
        }
    }
}

/// What the index holds, read once at start-up and after a rescore.
#[derive(Debug, Clone, Default)]
struct Meta {
    outlets: BTreeMap<String, Outlet>,
    months: BTreeSet<String>,
    articles: u64,
}

/// A read handle on an index, with the report configuration and outlet registry.
struct Ix {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    reader: IndexReader,
    registry: Vec<Outlet>,
    config: ReportConfig,
    meta: RwLock<Meta>,
    /// Built reports by period and selection (dashboards ask for the same period over and
    /// over); emptied when the index changes.
    reports: Mutex<HashMap<String, Arc<Report>>>,
    /// Held while a report is built.
    building: Mutex<()>,
    /// One rescore at a time.
    writing: Mutex<()>,
    /// The demo index's temporary folder, removed when the server stops.
    _tmp: Option<tempfile::TempDir>,
}

const REPORT_CACHE: usize = 64;

/// The articles the web application reads: the tantivy index written by `chisogioi scan`.
#[derive(Default)]
pub struct DataSet {
    ix: Option<Ix>,
    /// Where the data came from, shown in the page footer.
    pub source: String,
    /// Served from the demo corpus (pages say so).
    pub demo: bool,
}

impl std::fmt::Debug for DataSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataSet")
            .field("source", &self.source)
            .field("demo", &self.demo)
            .finish()
    }
}

/// Where the demo corpus is: `./corpus/demo`, else the source tree's.
pub fn find_demo_corpus() -> Option<PathBuf> {
    [
        PathBuf::from("corpus/demo"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/demo"),
    ]
    .into_iter()
    .find(|p| p.join("outlets.toml").is_file())
}

impl DataSet {
    /// Open the index in `dir` (written by `chisogioi scan`). `registry` adds outlets that
    /// published nothing (quotas need them); `config` is the report configuration.
    pub fn open(
        dir: &Path,
        registry: Vec<Outlet>,
        config: ReportConfig,
    ) -> anyhow::Result<DataSet> {
        Self::open_with(dir, registry, config, None, dir.display().to_string())
    }

    fn open_with(
        dir: &Path,
        registry: Vec<Outlet>,
        config: ReportConfig,
        tmp: Option<tempfile::TempDir>,
        source: String,
    ) -> anyhow::Result<DataSet> {
        let (index, fields) = crate::index::open(dir)?;
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .with_context(|| format!("cannot read index {}", dir.display()))?;
        let ix = Ix {
            dir: dir.to_path_buf(),
            index,
            fields,
            reader,
            registry,
            config,
            meta: RwLock::new(Meta::default()),
            reports: Mutex::new(HashMap::new()),
            building: Mutex::new(()),
            writing: Mutex::new(()),
            _tmp: tmp,
        };
        ix.refresh()?;
        Ok(DataSet {
            ix: Some(ix),
            source,
            demo: false,
        })
    }

    /// Scan the demo corpus (`corpus/demo`: JSONL articles and `outlets.toml`) into a
    /// temporary folder with the pipeline of `chisogioi scan --from-dir`, and open it.
    pub fn demo(engine: &Engine, corpus: &Path, config: ReportConfig) -> anyhow::Result<DataSet> {
        let registry = crate::report::scan::load_registry(&corpus.join("outlets.toml"))?;
        let tmp = tempfile::Builder::new()
            .prefix("chisogioi-demo-")
            .tempdir()
            .context("cannot create a temporary folder for the demo index")?;
        let opts = crate::report::scan::ScanOptions {
            from_dir: Some(corpus),
            registry: registry.clone(),
            only: Vec::new(),
            period: None,
            out: tmp.path().to_path_buf(),
            engine,
            progress: false,
            commit_every: 10_000,
            heap_bytes: 50_000_000,
            crawl: Default::default(),
        };
        let summary = crate::report::scan::scan_into_index(&opts)?;
        let mut d = Self::open_with(
            &summary.index_dir,
            registry,
            config,
            Some(tmp),
            format!("{} (demo)", corpus.display()),
        )?;
        d.demo = true;
        Ok(d)
    }

    /// Write scored records into a new index in a temporary folder and open it (tests and
    /// the load test use this for data whose numbers they know).
    pub fn from_records(
        records: Vec<Record>,
        registry: Vec<Outlet>,
        source: impl Into<String>,
    ) -> anyhow::Result<DataSet> {
        let tmp = tempfile::Builder::new()
            .prefix("chisogioi-web-")
            .tempdir()?;
        let dir = tmp.path().join("index");
        let mut st = crate::index::IndexStore::open(&dir, 50_000_000)?;
        for r in &records {
            st.upsert(&r.article, &r.outlet, &r.scorecard)?;
        }
        st.finish()?;
        Self::open_with(
            &dir,
            registry,
            ReportConfig::load(None)?,
            Some(tmp),
            source.into(),
        )
    }

    fn ix(&self) -> anyhow::Result<&Ix> {
        self.ix
            .as_ref()
            .context("no index: start the server with --index DIR (written by chisogioi scan)")
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Articles in the index.
    pub fn len(&self) -> usize {
        self.ix
            .as_ref()
            .map(|ix| ix.meta().articles as usize)
            .unwrap_or(0)
    }
    /// The index folder.
    pub fn dir(&self) -> Option<&Path> {
        self.ix.as_ref().map(|ix| ix.dir.as_path())
    }

    /// Outlets in the index and the registry, by id.
    pub fn outlets(&self) -> Vec<Outlet> {
        self.ix
            .as_ref()
            .map(|ix| ix.meta().outlets.into_values().collect())
            .unwrap_or_default()
    }
    pub fn outlet(&self, id: &str) -> Option<Outlet> {
        self.ix.as_ref()?.meta().outlets.get(id).cloned()
    }
    pub fn provinces(&self) -> BTreeSet<String> {
        self.outlets()
            .into_iter()
            .filter_map(|o| o.province)
            .collect()
    }
    /// Months with dated articles, `YYYY-MM`.
    pub fn months(&self) -> BTreeSet<String> {
        self.ix
            .as_ref()
            .map(|ix| ix.meta().months)
            .unwrap_or_default()
    }

    /// Per-outlet statistics (`index::aggregate` by outlet); `by_month` splits each outlet by
    /// month.
    pub fn stats(&self, filter: &Filter, by_month: bool) -> anyhow::Result<Vec<StatRow>> {
        let Some(ix) = &self.ix else {
            return Ok(vec![]);
        };
        let dims: &[Dim] = if by_month {
            &[Dim::Outlet, Dim::Month]
        } else {
            &[Dim::Outlet]
        };
        let meta = ix.meta();
        Ok(ix
            .grouped(filter, dims)?
            .into_iter()
            .map(|(k, mut row)| {
                let id = k.first().cloned().unwrap_or_default();
                if let Some(o) = meta.outlets.get(&id) {
                    row.outlet_name = o.name.clone();
                    row.kind = o.kind.as_str().to_string();
                    row.province = o.province.clone();
                } else {
                    row.outlet_name = id.clone();
                }
                row.outlet = id;
                row.month = k.get(1).filter(|m| !m.is_empty()).cloned();
                row
            })
            .collect())
    }

    /// Totals over the selected articles by month (`index::aggregate` by month), for the trend
    /// charts. Undated articles are left out.
    pub fn monthly_totals(&self, filter: &Filter) -> anyhow::Result<Vec<StatRow>> {
        let Some(ix) = &self.ix else {
            return Ok(vec![]);
        };
        Ok(ix
            .grouped(filter, &[Dim::Month])?
            .into_iter()
            .filter_map(|(k, mut row)| {
                let m = k.into_iter().next().filter(|m| !m.is_empty())?;
                row.month = Some(m);
                Some(row)
            })
            .collect())
    }

    /// Articles matching `filter`: the best full-text hits first when there are search words,
    /// else the newest first. Returns the total and at most `limit` records after `offset`.
    pub fn search(
        &self,
        filter: &Filter,
        offset: usize,
        limit: usize,
    ) -> anyhow::Result<(usize, Vec<Record>)> {
        let Some(ix) = &self.ix else {
            return Ok((0, vec![]));
        };
        let f = filter.to_index()?;
        let searcher = ix.reader.searcher();
        let (total, addrs) = if f.text.is_some() && f.wheres.is_empty() {
            let total: u64 = crate::index::aggregate(&ix.index, &ix.fields, &searcher, &f, &[])?
                .values()
                .map(|a| a.n)
                .sum();
            let want = offset.saturating_add(limit).min(total as usize);
            let hits = crate::index::search::top_hits(&ix.index, &ix.fields, &searcher, &f, want)?;
            (
                total as usize,
                hits.into_iter()
                    .map(|(_, a)| a)
                    .skip(offset)
                    .collect::<Vec<_>>(),
            )
        } else {
            let all = crate::index::matching(&ix.index, &ix.fields, &searcher, &f)?;
            let total = all.len();
            (
                total,
                all.into_iter().rev().skip(offset).take(limit).collect(),
            )
        };
        let recs = addrs
            .into_iter()
            .take(limit)
            .map(|a| crate::index::read_record(&searcher, &ix.fields, a).map(Record::from))
            .collect::<anyhow::Result<_>>()?;
        Ok((total, recs))
    }

    /// One article by its id.
    pub fn article(&self, id: &str) -> anyhow::Result<Option<Record>> {
        let Some(ix) = &self.ix else {
            return Ok(None);
        };
        use tantivy::collector::TopDocs;
        use tantivy::query::TermQuery;
        let searcher = ix.reader.searcher();
        let q = TermQuery::new(
            tantivy::Term::from_field_text(ix.fields.id, id),
            tantivy::schema::IndexRecordOption::Basic,
        );
        let top = searcher.search(&q, &TopDocs::with_limit(1))?;
        top.first()
            .map(|(_, a)| crate::index::read_record(&searcher, &ix.fields, *a).map(Record::from))
            .transpose()
    }

    /// The report layer's period report for the outlets `filter` selects (outlet, province,
    /// outlet type; other filters do not apply to reports). Cached until the index changes.
    pub fn report(&self, period: &Period, filter: &Filter) -> anyhow::Result<Arc<Report>> {
        let ix = self.ix()?;
        let mut outlets: Vec<String> = nonempty(&filter.outlet)
            .map(|o| vec![o.to_string()])
            .unwrap_or_default();
        if let Some(t) = nonempty(&filter.kind) {
            if !OUTLET_TYPES.contains(&t) {
                bail!("unknown outlet type `{t}` ({})", OUTLET_TYPES.join(", "));
            }
            let of_type: Vec<String> = ix
                .meta()
                .outlets
                .values()
                .filter(|o| o.kind.as_str() == t)
                .map(|o| o.id.clone())
                .filter(|id| outlets.is_empty() || outlets.contains(id))
                .collect();
            // No outlet of that type: select an id no outlet has (an empty selection would
            // mean "every outlet" to the report layer).
            outlets = if of_type.is_empty() {
                vec!["\u{0}".into()]
            } else {
                of_type
            };
        }
        let sel = Selection {
            outlets,
            provinces: nonempty(&filter.province)
                .map(|p| vec![p.to_string()])
                .unwrap_or_default(),
            registry: ix.registry.clone(),
        };
        let key = format!(
            "{}\u{1f}{:?}\u{1f}{:?}",
            period.label, sel.outlets, sel.provinces
        );
        if let Some(r) = ix.cache().get(&key) {
            return Ok(r.clone());
        }
        // One build at a time: concurrent dashboards of the same period wait for the first
        // build instead of each reading every stored scorecard of the period.
        let _building = ix.building.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = ix.cache().get(&key) {
            return Ok(r.clone());
        }
        let r = Arc::new(crate::report::build_report(
            &ix.index, &ix.fields, period, &sel, &ix.config,
        )?);
        let mut c = ix.cache();
        if c.len() >= REPORT_CACHE {
            c.clear();
        }
        c.insert(key, r.clone());
        Ok(r)
    }

    /// Re-score every stored article with `engine` through the index's rescore
    /// (`chisogioi rescore`), then read the new state.
    pub fn rescore(&self, engine: &Engine) -> anyhow::Result<crate::index::cli::RescoreSummary> {
        let ix = self.ix()?;
        let _one = ix
            .writing
            .try_lock()
            .map_err(|_| anyhow::anyhow!("a rescore is already running"))?;
        let s = crate::index::cli::rescore_index(&ix.dir, engine)?;
        ix.reader.reload()?;
        ix.refresh()?;
        Ok(s)
    }
}

impl Ix {
    fn meta(&self) -> Meta {
        self.meta.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Report>>> {
        self.reports.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Re-read the outlets and months the index holds and forget cached reports.
    fn refresh(&self) -> anyhow::Result<()> {
        let searcher = self.reader.searcher();
        let all = crate::index::Filter::default();
        let groups = crate::index::aggregate(
            &self.index,
            &self.fields,
            &searcher,
            &all,
            &[Dim::Outlet, Dim::Month],
        )?;
        let mut m = Meta::default();
        for o in &self.registry {
            m.outlets.insert(o.id.clone(), o.clone());
        }
        for (k, a) in &groups {
            m.articles += a.n;
            if let Some(month) = k.get(1).filter(|s| !s.is_empty()) {
                m.months.insert(month.clone());
            }
            let id = k.first().cloned().unwrap_or_default();
            if m.outlets.contains_key(&id) {
                continue;
            }
            // An outlet outside the registry: its name, type and province as indexed.
            let one = crate::index::Filter {
                outlets: vec![id.clone()],
                ..Default::default()
            };
            let hit =
                crate::index::search::top_hits(&self.index, &self.fields, &searcher, &one, 1)?;
            let o = match hit.first() {
                Some((_, a)) => crate::index::read_record(&searcher, &self.fields, *a)?.outlet,
                None => Outlet {
                    name: id.clone(),
                    id: id.clone(),
                    ..Default::default()
                },
            };
            m.outlets.insert(id, o);
        }
        *self.meta.write().unwrap_or_else(|e| e.into_inner()) = m;
        self.cache().clear();
        Ok(())
    }

    /// Aggregate by `dims`; the flagged-article count (a flag in the outlet's own voice)
    /// comes from the same pass.
    fn grouped(&self, filter: &Filter, dims: &[Dim]) -> anyhow::Result<Vec<(GroupKey, StatRow)>> {
        let searcher = self.reader.searcher();
        let f = filter.to_index()?;
        let groups = crate::index::aggregate(&self.index, &self.fields, &searcher, &f, dims)?;
        Ok(groups
            .into_iter()
            .map(|(k, a)| {
                let row = StatRow::from_agg(&a, a.with_endorsed_flag);
                (k, row)
            })
            .collect())
    }
}

/// The dashboard's period for a span of months: one month is that month (so the report
/// compares with the month before), a whole calendar quarter, half-year or year is named as
/// such, anything else is a date range.
pub fn period_of_months(from: &str, to: &str) -> anyhow::Result<Period> {
    let a = Period::parse(from)?;
    let b = Period::parse(to)?;
    if a.from > b.to {
        bail!("the period ends ({to}) before it starts ({from})");
    }
    if a == b {
        return Ok(a);
    }
    let (y1, m1, y2, m2) = (a.from.y, a.from.m, b.to.y, b.to.m);
    if y1 == y2 {
        let named = match (m1, m2) {
            (1, 12) => Some(format!("{y1}")),
            (1, 6) => Some(format!("{y1}-H1")),
            (7, 12) => Some(format!("{y1}-H2")),
            (m, e) if m % 3 == 1 && e == m + 2 => Some(format!("{y1}-Q{}", m.div_ceil(3))),
            _ => None,
        };
        if let Some(n) = named {
            return Period::parse(&n);
        }
    }
    Period::range(a.from.naive(), b.to.naive())
}

/// The period a filter's `from`/`to` cover (months or days), defaulting to the first and last
/// month with articles; `None` when there is nothing dated.
pub fn period_of_filter(data: &DataSet, f: &Filter) -> anyhow::Result<Option<Period>> {
    let months = data.months();
    let from = nonempty(&f.from)
        .map(str::to_string)
        .or_else(|| months.first().cloned());
    let to = nonempty(&f.to)
        .map(str::to_string)
        .or_else(|| months.last().cloned());
    let (Some(from), Some(to)) = (from, to) else {
        return Ok(None);
    };
    if from.len() == 7 && to.len() == 7 {
        return period_of_months(&from, &to).map(Some);
    }
    let (a, b) = (parse_bound(&from, false)?, parse_bound(&to, true)?);
    Period::range(a.naive(), b.naive()).map(Some)
}

// ---------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------

/// Report file formats the web offers (the report layer's formats, with MIME types).
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
        self.layer().ext()
    }
    fn layer(&self) -> crate::report::ReportFormat {
        match self {
            ReportFormat::Xlsx => crate::report::ReportFormat::Xlsx,
            ReportFormat::Csv => crate::report::ReportFormat::Csv,
            ReportFormat::Html => crate::report::ReportFormat::Html,
            ReportFormat::Json => crate::report::ReportFormat::Json,
        }
    }
}

/// The period report (`chisogioi report`) for `period` (`2025-09`, `2025-Q3`, `2025-H2`,
/// `2025`, `2025-09-01..2025-10-15`) and the outlets `filter` selects, rendered by the report
/// layer.
pub fn report(
    data: &DataSet,
    period: &str,
    filter: &Filter,
    format: ReportFormat,
    lang: Lang,
) -> anyhow::Result<Vec<u8>> {
    let p = Period::parse(period)?;
    let r = data.report(&p, filter)?;
    crate::report::render(&r, format.layer(), lang)
}

// ---------------------------------------------------------------------------------------------
// Data-changing operations
// ---------------------------------------------------------------------------------------------

/// Re-score the stored articles with the engine's current lexicons (`chisogioi rescore`).
pub fn rescore(
    data: &DataSet,
    engine: &Engine,
) -> anyhow::Result<crate::index::cli::RescoreSummary> {
    data.rescore(engine)
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
            let _ = period_of_months(&p, &d);
            let _ = parse_bound(&p, true);
            let _ = parse_bound(&d, false);
            let f = Filter {
                from: Some(p.clone()),
                to: Some(d.clone()),
                q: Some(p.clone()),
                flag: Some(d.clone()),
                wheres: vec![p.clone()],
                ..Default::default()
            };
            let _ = f.to_index();
        }
    }

    #[test]
    fn month_bounds_cover_the_whole_month() {
        assert_eq!(parse_bound("2025-09", false).unwrap().yyyymmdd(), 20250901);
        assert_eq!(parse_bound("2025-09", true).unwrap().yyyymmdd(), 20250930);
        assert_eq!(parse_bound("2024-02", true).unwrap().yyyymmdd(), 20240229);
        assert_eq!(
            parse_bound("2025-09-15", true).unwrap().yyyymmdd(),
            20250915
        );
        assert!(parse_bound("2025-13", true).is_err());
        assert!(parse_bound("tháng chín", true).is_err());
    }

    #[test]
    fn dashboard_spans_are_named_like_an_officer_names_them() {
        let l = |a, b| period_of_months(a, b).unwrap().label;
        assert_eq!(l("2025-09", "2025-09"), "2025-09");
        assert_eq!(l("2025-07", "2025-09"), "2025-Q3");
        assert_eq!(l("2025-07", "2025-12"), "2025-H2");
        assert_eq!(l("2025-01", "2025-12"), "2025");
        assert_eq!(l("2025-08", "2025-10"), "2025-08-01..2025-10-31");
        assert_eq!(l("2025-11", "2026-02"), "2025-11-01..2026-02-28");
        assert!(period_of_months("2025-10", "2025-09").is_err());
    }

    #[test]
    fn filters_become_the_cli_filters() {
        let f = Filter {
            q: Some("phụ nữ".into()),
            kind: Some("commune_portal".into()),
            from: Some("2025-09".into()),
            to: Some("2025-10".into()),
            flag: Some("stereo".into()),
            flagged: true,
            ..Default::default()
        }
        .to_index()
        .unwrap();
        assert_eq!(f.text.as_deref(), Some("phụ nữ"));
        assert_eq!(f.types, vec!["commune_portal"]);
        assert_eq!(f.flags, vec!["STEREO"]);
        assert_eq!(f.from.unwrap().yyyymmdd(), 20250901);
        assert_eq!(f.to.unwrap().yyyymmdd(), 20251031);
        assert_eq!(f.wheres.len(), 1);
        let bad = Filter {
            wheres: vec!["i99>=1".into()],
            ..Default::default()
        };
        assert!(bad.to_index().is_err());
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
