//! Writing articles into the index: document building and upserts.
//!
//! Identity is the normalised URL (tracking parameters, fragments, `www.` and trailing
//! slashes removed), or `id:<id>` when an item has no URL. An article already indexed with
//! the same fingerprint (article + outlet + scorecard) is left alone, so a second scan of the
//! same material changes nothing. The same text published twice by one outlet under
//! different URLs (print and mobile copies, tracking links) is counted once: the first URL
//! seen keeps it. Syndicated copies in *other* outlets are kept, since each outlet is
//! accountable for what it publishes.

use super::schema::{self, Fields, SCHEMA_VERSION};
use crate::model::{Article, Gender, Outlet, OutletType, Role, Scorecard, Stance};
use anyhow::Context;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Normalise a URL for identity: lower-case scheme and host, no `www.`, no default port,
/// no fragment, no tracking parameters (`utm_*`, `fbclid`, `gclid`, `zarsrc`), remaining
/// parameters sorted, no trailing slash. Unparseable input is trimmed and returned as is.
pub fn normalize_url(raw: &str) -> String {
    let raw = raw.trim();
    let Ok(mut u) = url::Url::parse(raw) else {
        return raw.to_string();
    };
    u.set_fragment(None);
    if let Some(h) = u.host_str() {
        let h = h.to_lowercase();
        let h = h.strip_prefix("www.").unwrap_or(&h).to_string();
        let _ = u.set_host(Some(&h));
    }
    if matches!(
        (u.scheme(), u.port()),
        ("http", Some(80)) | ("https", Some(443))
    ) {
        let _ = u.set_port(None);
    }
    let mut pairs: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| {
            let k = k.to_lowercase();
            !(k.starts_with("utm_") || matches!(k.as_str(), "fbclid" | "gclid" | "zarsrc"))
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.sort();
    if pairs.is_empty() {
        u.set_query(None);
    } else {
        u.query_pairs_mut().clear().extend_pairs(pairs);
    }
    let mut s = u.to_string();
    // http and https copies are the same article
    if let Some(rest) = s.strip_prefix("http://") {
        s = format!("https://{rest}");
    }
    while s.ends_with('/') && s.matches('/').count() > 3 {
        s.pop();
    }
    if s.ends_with('/') && u.path() == "/" && u.query().is_none() {
        s.pop();
    }
    s
}

/// The identity key of an article: normalised canonical URL, else URL, else `id:<id>`.
pub fn url_key(a: &Article) -> String {
    match a.canonical_url.as_deref().or(a.url.as_deref()) {
        Some(u) if !u.trim().is_empty() => normalize_url(u),
        _ => format!("id:{}", a.id),
    }
}

/// SHA-256 (hex) of the NFC analysis text: what the article says, wherever it was found.
pub fn content_hash(a: &Article) -> String {
    let (text, _) = a.analysis_text();
    let norm = crate::text::normalize(&text);
    hex::encode(Sha256::digest(norm.as_bytes()))
}

/// A publication date as the index stores it: Vietnam local calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

impl Day {
    pub fn yyyymmdd(&self) -> u64 {
        self.y as u64 * 10000 + self.m as u64 * 100 + self.d as u64
    }
    pub fn yyyymm(&self) -> u64 {
        self.y as u64 * 100 + self.m as u64
    }
    pub fn quarter_code(&self) -> u64 {
        self.y as u64 * 10 + (self.m as u64 - 1) / 3 + 1
    }
    pub fn naive(&self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(self.y, self.m, self.d).expect("valid day")
    }
    pub fn from_naive(d: chrono::NaiveDate) -> Day {
        use chrono::Datelike;
        Day {
            y: d.year(),
            m: d.month(),
            d: d.day(),
        }
    }
}

/// Parse an article date: RFC 3339 (converted to Vietnam time, UTC+7), `YYYY-MM-DD`,
/// `YYYY-MM-DD HH:MM[:SS]` (taken as Vietnam time), or `YYYYMMDD`.
pub fn parse_article_date(s: &str) -> Option<(Day, i64)> {
    let s = s.trim();
    let vn = chrono::FixedOffset::east_opt(7 * 3600)?;
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        let local = dt.with_timezone(&vn);
        return Some((Day::from_naive(local.date_naive()), dt.timestamp()));
    }
    for fmt in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(ndt) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
            let ts = ndt.and_utc().timestamp() - 7 * 3600;
            return Some((Day::from_naive(ndt.date()), ts));
        }
    }
    for fmt in ["%Y-%m-%d", "%Y%m%d", "%d/%m/%Y"] {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(s, fmt) {
            let ts = d.and_hms_opt(0, 0, 0)?.and_utc().timestamp() - 7 * 3600;
            return Some((Day::from_naive(d), ts));
        }
    }
    None
}

pub fn outlet_type_code(t: OutletType) -> u64 {
    ALL_TYPES.iter().position(|x| *x == t).unwrap_or(0) as u64
}

pub const ALL_TYPES: [OutletType; 8] = [
    OutletType::Other,
    OutletType::NationalPress,
    OutletType::ProvincialPress,
    OutletType::Broadcaster,
    OutletType::MediaCentre,
    OutletType::GovernmentPortal,
    OutletType::CommunePortal,
    OutletType::Magazine,
];

pub fn parse_outlet_type(s: &str) -> Option<OutletType> {
    ALL_TYPES.iter().copied().find(|t| t.as_str() == s)
}

pub fn role_str(r: Role) -> &'static str {
    match r {
        Role::Expert => "expert",
        Role::Official => "official",
        Role::Citizen => "citizen",
        Role::Subject => "subject",
        Role::Other => "other",
    }
}

fn fingerprint(article_json: &[u8], outlet: &Outlet, sc_json: &[u8]) -> u64 {
    let mut h = Sha256::new();
    h.update(SCHEMA_VERSION.to_le_bytes());
    h.update(article_json);
    h.update([0]);
    h.update(outlet.id.as_bytes());
    h.update([0]);
    h.update(outlet.name.as_bytes());
    h.update([0]);
    h.update(outlet.kind.as_str().as_bytes());
    h.update([0]);
    h.update(outlet.province.as_deref().unwrap_or("").as_bytes());
    h.update([0]);
    h.update(sc_json);
    let d = h.finalize();
    u64::from_le_bytes(d[..8].try_into().expect("8 bytes"))
}

/// Everything needed to write one document, computed without touching the index.
pub struct Prepared {
    pub url_key: String,
    pub dedup_key: String,
    pub fingerprint: u64,
    pub doc: TantivyDocument,
}

/// Build the tantivy document of one scored article.
pub fn prepare(f: &Fields, a: &Article, outlet: &Outlet, sc: &Scorecard) -> Prepared {
    let article_json = serde_json::to_vec(a).expect("article serialises");
    let sc_json = serde_json::to_vec(sc).expect("scorecard serialises");
    let key = url_key(a);
    let hash = content_hash(a);
    let fp = fingerprint(&article_json, outlet, &sc_json);
    let mut d = TantivyDocument::new();
    d.add_u64(f.schema_version, SCHEMA_VERSION);
    d.add_text(f.id, &a.id);
    d.add_text(f.url_key, &key);
    let dedup_key = format!("{}\u{1f}{hash}", outlet.id);
    d.add_text(f.dedup_key, &dedup_key);
    d.add_text(f.content_hash, &hash);
    d.add_u64(f.fingerprint, fp);
    d.add_text(f.outlet, &outlet.id);
    d.add_text(f.outlet_name, &outlet.name);
    d.add_text(f.outlet_type, outlet.kind.as_str());
    d.add_u64(f.outlet_type_code, outlet_type_code(outlet.kind));
    d.add_text(f.province, outlet.province.as_deref().unwrap_or(""));
    if let Some(u) = &a.url {
        d.add_text(f.url, u);
    }
    if let Some(u) = &a.canonical_url {
        d.add_text(f.canonical_url, u);
    }
    let title = crate::text::normalize(&a.title);
    let sapo = crate::text::normalize(&a.sapo);
    let body = crate::text::normalize(&a.text);
    d.add_text(f.title, &title);
    d.add_text(f.sapo, &sapo);
    d.add_text(f.body, &body);
    d.add_text(f.folded, &title);
    d.add_text(f.folded, &sapo);
    d.add_text(f.folded, &body);
    let (day, month, quarter) = match a.date.as_deref().and_then(parse_article_date) {
        Some((day, ts)) => {
            d.add_date(f.date, tantivy::DateTime::from_timestamp_secs(ts));
            (day.yyyymmdd(), day.yyyymm(), day.quarter_code())
        }
        None => (0, 0, 0),
    };
    d.add_u64(f.day, day);
    d.add_u64(f.month, month);
    d.add_u64(f.quarter, quarter);
    d.add_text(f.section, a.section.as_deref().unwrap_or(""));
    if let Some(b) = &a.author {
        d.add_text(f.byline, b);
    }
    for dom in &sc.topics.domains {
        d.add_facet(f.topic, Facet::from_path(["domain", dom.as_str()]));
    }
    if let Some(ge) = &sc.topics.ge_topic {
        d.add_facet(f.topic, Facet::from_path(["ge", ge.as_str()]));
    }
    if sc.topics.gbv {
        d.add_facet(f.topic, Facet::from_path(["gbv"]));
    }
    if sc.topics.policy_reference {
        d.add_facet(f.topic, Facet::from_path(["policy"]));
    }
    for t in &a.tags {
        d.add_facet(f.topic, Facet::from_path(["tag", t.as_str()]));
    }
    let mut cats: Vec<&str> = sc.flags.iter().map(|x| x.category.as_str()).collect();
    cats.sort();
    cats.dedup();
    for c in cats {
        d.add_text(f.flag_category, c);
    }
    let mut rules: Vec<&str> = sc.flags.iter().map(|x| x.rule.as_str()).collect();
    rules.sort();
    rules.dedup();
    for r in rules {
        d.add_text(f.flag_rule, r);
    }
    let sources: std::collections::HashSet<&str> = sc
        .quotes
        .iter()
        .filter_map(|q| q.speaker.as_deref())
        .collect();
    for p in &sc.people {
        d.add_text(f.person_name, &p.name);
        d.add_text(f.person_gender, p.gender.as_str());
        d.add_text(f.person_role, role_str(p.role));
        if sources.contains(p.id.as_str()) {
            d.add_text(f.source_gender, p.gender.as_str());
            d.add_text(
                f.source_role_gender,
                format!("{}:{}", role_str(p.role), p.gender.as_str()),
            );
        }
    }
    d.add_text(f.v_indicator_set, &sc.versions.indicator_set);
    d.add_text(f.v_lexicons, lexicon_versions(sc));
    d.add_text(f.v_engine, &sc.versions.engine);
    d.add_bytes(f.article_json, &article_json);
    d.add_bytes(f.scorecard_json, &sc_json);
    for (field, v) in f.measures.iter().zip(schema::measures(sc)) {
        d.add_u64(*field, v);
    }
    Prepared {
        url_key: key,
        dedup_key,
        fingerprint: fp,
        doc: d,
    }
}

/// `name=version` pairs of the lexicons that produced a score, `;`-separated, sorted.
pub fn lexicon_versions(sc: &Scorecard) -> String {
    sc.versions
        .lexicons
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(";")
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    Added,
    Updated,
    Unchanged,
    /// Same outlet, same text as an article already indexed under another URL.
    Duplicate,
}

/// Counts of upsert outcomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct UpsertStats {
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub duplicate: u64,
}

impl UpsertStats {
    pub fn record(&mut self, u: Upsert) {
        match u {
            Upsert::Added => self.added += 1,
            Upsert::Updated => self.updated += 1,
            Upsert::Unchanged => self.unchanged += 1,
            Upsert::Duplicate => self.duplicate += 1,
        }
    }
    pub fn changed(&self) -> u64 {
        self.added + self.updated
    }
}

/// An index open for writing.
pub struct IndexStore {
    pub index: Index,
    pub fields: Fields,
    writer: IndexWriter,
    reader: IndexReader,
    /// url_key → fingerprint of documents added since the last commit.
    pending: HashMap<String, u64>,
    /// dedup_key → url_key of documents added since the last commit.
    pending_dedup: HashMap<String, String>,
    dirty: bool,
    pub stats: UpsertStats,
}

impl IndexStore {
    /// Open (or create) the index in `dir` with a writer of `heap_bytes` memory budget.
    pub fn open(dir: &Path, heap_bytes: usize) -> anyhow::Result<IndexStore> {
        let (index, fields) = schema::open_or_create(dir)?;
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 4);
        let heap = heap_bytes.max(threads * 16_000_000);
        let writer: IndexWriter =
            index
                .writer_with_num_threads(threads, heap)
                .with_context(|| {
                    format!(
                        "cannot lock index {} for writing (is another scan running?)",
                        dir.display()
                    )
                })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(IndexStore {
            index,
            fields,
            writer,
            reader,
            pending: HashMap::new(),
            pending_dedup: HashMap::new(),
            dirty: false,
            stats: UpsertStats::default(),
        })
    }

    fn lookup(
        &self,
        field: tantivy::schema::Field,
        value: &str,
    ) -> anyhow::Result<Vec<DocAddress>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        );
        let mut v: Vec<DocAddress> = searcher.search(&q, &DocSetCollector)?.into_iter().collect();
        v.sort();
        Ok(v)
    }

    /// Insert or replace one scored article (see the module docs for the rules).
    pub fn upsert(
        &mut self,
        a: &Article,
        outlet: &Outlet,
        sc: &Scorecard,
    ) -> anyhow::Result<Upsert> {
        let p = prepare(&self.fields, a, outlet, sc);
        self.upsert_prepared(p)
    }

    /// Like [`IndexStore::upsert`] for a document built with [`prepare`] (possibly on another thread).
    pub fn upsert_prepared(&mut self, p: Prepared) -> anyhow::Result<Upsert> {
        let existed = if let Some(fp) = self.pending.get(&p.url_key) {
            if *fp == p.fingerprint {
                self.stats.record(Upsert::Unchanged);
                return Ok(Upsert::Unchanged);
            }
            true
        } else {
            let found = self.lookup(self.fields.url_key, &p.url_key)?;
            if !found.is_empty() {
                let searcher = self.reader.searcher();
                let mut same = false;
                for addr in &found {
                    let col = searcher
                        .segment_reader(addr.segment_ord)
                        .fast_fields()
                        .u64("fingerprint")?;
                    if col.first(addr.doc_id) == Some(p.fingerprint) {
                        same = true;
                    }
                }
                if same && found.len() == 1 {
                    self.stats.record(Upsert::Unchanged);
                    return Ok(Upsert::Unchanged);
                }
            }
            !found.is_empty()
        };
        if !existed {
            // a new URL: is the same text already there for this outlet?
            let dup = match self.pending_dedup.get(&p.dedup_key) {
                Some(k) => k != &p.url_key,
                None => !self.lookup(self.fields.dedup_key, &p.dedup_key)?.is_empty(),
            };
            if dup {
                self.stats.record(Upsert::Duplicate);
                return Ok(Upsert::Duplicate);
            }
        }
        self.writer
            .delete_term(Term::from_field_text(self.fields.url_key, &p.url_key));
        self.writer.add_document(p.doc)?;
        self.pending.insert(p.url_key.clone(), p.fingerprint);
        self.pending_dedup.insert(p.dedup_key, p.url_key);
        self.dirty = true;
        let out = if existed {
            Upsert::Updated
        } else {
            Upsert::Added
        };
        self.stats.record(out);
        Ok(out)
    }

    /// Make everything written so far durable and visible. A no-op when nothing changed,
    /// so re-running a scan leaves the index files untouched.
    pub fn commit(&mut self) -> anyhow::Result<()> {
        if !self.dirty {
            return Ok(());
        }
        self.writer.commit()?;
        self.reader.reload()?;
        self.pending.clear();
        self.pending_dedup.clear();
        self.dirty = false;
        Ok(())
    }

    /// Commit and wait for background merges so the folder is in its final state.
    pub fn finish(mut self) -> anyhow::Result<UpsertStats> {
        self.commit()?;
        let stats = self.stats;
        self.writer.wait_merging_threads()?;
        Ok(stats)
    }
}

/// One article as read back from the index.
#[derive(Debug, Clone)]
pub struct StoredRecord {
    pub article: Article,
    pub scorecard: Scorecard,
    pub outlet: Outlet,
    pub url_key: String,
}

/// Read the stored article, scorecard and outlet of one document.
pub fn read_record(
    searcher: &tantivy::Searcher,
    f: &Fields,
    addr: DocAddress,
) -> anyhow::Result<StoredRecord> {
    let doc: TantivyDocument = searcher.doc(addr)?;
    let text = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    let bytes = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_bytes().map(<[u8]>::to_vec))
            .unwrap_or_default()
    };
    let article: Article = serde_json::from_slice(&bytes(f.article_json))
        .context("stored article is not valid JSON (rebuild the index)")?;
    let scorecard: Scorecard = serde_json::from_slice(&bytes(f.scorecard_json))
        .context("stored scorecard is not valid JSON (rebuild the index)")?;
    let province = text(f.province);
    let outlet = Outlet {
        id: text(f.outlet),
        name: text(f.outlet_name),
        kind: parse_outlet_type(&text(f.outlet_type)).unwrap_or_default(),
        province: (!province.is_empty()).then_some(province),
        ..Default::default()
    };
    Ok(StoredRecord {
        article,
        scorecard,
        outlet,
        url_key: text(f.url_key),
    })
}

/// Stance-aware helper for reports: endorsed flags only.
pub fn endorsed_flags(sc: &Scorecard) -> impl Iterator<Item = &crate::model::Flag> {
    sc.flags.iter().filter(|f| f.stance == Stance::Endorsed)
}

/// Gender from the code stored in `i18_author`.
pub fn gender_from_code(c: u64) -> Gender {
    match c {
        1 => Gender::Female,
        2 => Gender::Male,
        _ => Gender::Unknown,
    }
}
