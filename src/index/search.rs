//! Filters, full-text queries and the aggregation collector.
//!
//! Aggregation is a custom tantivy collector that reads the numeric fast fields of every
//! matching document and sums them per group key. Grouping keys come from fast fields too
//! (outlet and province as per-segment term ordinals, resolved to strings once per segment),
//! so an aggregate never touches the document store; that is what keeps per-outlet monthly
//! aggregates over a million articles under a second.

use super::schema::{self, Fields, NM};
use super::stats::Agg;
use super::store::{Day, parse_outlet_type};
use anyhow::{Context, bail};
use std::collections::{BTreeMap, HashMap};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocAddress, DocId, Index, Score, SegmentReader, Term};

/// A numeric condition on one measure: `i02_female>=1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Where {
    pub column: usize,
    pub op: Op,
    pub value: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Ge,
    Le,
    Gt,
    Lt,
    Eq,
    Ne,
}

impl Where {
    /// Parse `name OP number` with OP one of `>= <= > < = == !=`.
    pub fn parse(s: &str) -> anyhow::Result<Where> {
        let s = s.trim();
        let ops = [
            (">=", Op::Ge),
            ("<=", Op::Le),
            ("!=", Op::Ne),
            ("==", Op::Eq),
            (">", Op::Gt),
            ("<", Op::Lt),
            ("=", Op::Eq),
        ];
        for (tok, op) in ops {
            if let Some(i) = s.find(tok) {
                let name = s[..i].trim();
                let val = s[i + tok.len()..].trim();
                let column = schema::measure_index(name).with_context(|| {
                    format!(
                        "--where '{s}': unknown measure `{name}` (known: {})",
                        schema::measure_names().join(", ")
                    )
                })?;
                let value = match val {
                    "true" => 1,
                    "false" => 0,
                    v => v.parse::<u64>().with_context(|| {
                        format!("--where '{s}': `{v}` is not a non-negative whole number")
                    })?,
                };
                return Ok(Where { column, op, value });
            }
        }
        bail!("--where '{s}': expected NAME OP NUMBER, e.g. i02_female>=1")
    }
    pub fn test(&self, v: u64) -> bool {
        match self.op {
            Op::Ge => v >= self.value,
            Op::Le => v <= self.value,
            Op::Gt => v > self.value,
            Op::Lt => v < self.value,
            Op::Eq => v == self.value,
            Op::Ne => v != self.value,
        }
    }
}

/// Everything that selects articles.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Full-text query (tantivy syntax) over title, sapo, body and the accent-folded copy.
    pub text: Option<String>,
    pub outlets: Vec<String>,
    pub provinces: Vec<String>,
    pub types: Vec<String>,
    /// Inclusive calendar days (Vietnam time).
    pub from: Option<Day>,
    pub to: Option<Day>,
    /// Topic facets: `gbv`, `policy`, `ge/strong`, `domain/y tế`, or a bare domain name.
    pub topics: Vec<String>,
    /// Flag category (upper case, e.g. STEREO) or rule id.
    pub flags: Vec<String>,
    pub has_woman_source: bool,
    pub source_genders: Vec<String>,
    pub person_genders: Vec<String>,
    pub roles: Vec<String>,
    pub wheres: Vec<Where>,
    /// Indicator-set version.
    pub indicator_set: Option<String>,
    /// Only articles without a usable publication date.
    pub undated: bool,
}

fn any_of(field: tantivy::schema::Field, values: &[String]) -> Box<dyn Query> {
    let subs: Vec<(Occur, Box<dyn Query>)> = values
        .iter()
        .map(|v| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, q)
        })
        .collect();
    Box::new(BooleanQuery::new(subs))
}

impl Filter {
    /// The tantivy query for everything except `wheres` (applied by the collectors).
    pub fn to_query(&self, index: &Index, f: &Fields) -> anyhow::Result<Box<dyn Query>> {
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(t) = self.text.as_deref().filter(|t| !t.trim().is_empty()) {
            let mut qp = QueryParser::for_index(
                index,
                vec![f.title, f.sapo, f.body, f.folded, f.person_name, f.byline],
            );
            qp.set_conjunction_by_default();
            qp.set_field_boost(f.title, 2.0);
            let t = crate::text::normalize(t);
            let q = qp
                .parse_query(&t)
                .map_err(|e| anyhow::anyhow!("cannot read the search text `{t}`: {e}"))?;
            must.push((Occur::Must, q));
        }
        if !self.outlets.is_empty() {
            must.push((Occur::Must, any_of(f.outlet, &self.outlets)));
        }
        if !self.provinces.is_empty() {
            must.push((Occur::Must, any_of(f.province, &self.provinces)));
        }
        if !self.types.is_empty() {
            for t in &self.types {
                if parse_outlet_type(t).is_none() {
                    bail!(
                        "unknown outlet type `{t}` (national_press, provincial_press, broadcaster, media_centre, government_portal, commune_portal, magazine, other)"
                    );
                }
            }
            must.push((Occur::Must, any_of(f.outlet_type, &self.types)));
        }
        if self.from.is_some() || self.to.is_some() {
            use std::ops::Bound;
            let lo = self.from.map(|d| d.yyyymmdd()).unwrap_or(1);
            let hi = self.to.map(|d| d.yyyymmdd()).unwrap_or(99_991_231);
            must.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_u64(f.day, lo)),
                    Bound::Included(Term::from_field_u64(f.day, hi)),
                )),
            ));
        }
        for t in &self.topics {
            let path = if t.starts_with('/') {
                t.clone()
            } else if matches!(t.as_str(), "gbv" | "policy")
                || t.starts_with("ge")
                || t.starts_with("domain/")
                || t.starts_with("tag/")
            {
                format!("/{t}")
            } else {
                format!("/domain/{t}")
            };
            let facet = Facet::from_text(&path)
                .map_err(|e| anyhow::anyhow!("--topic {t}: not a topic path: {e}"))?;
            must.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_facet(f.topic, &facet),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        for fl in &self.flags {
            // category if upper case (STEREO), otherwise a rule id
            let subs: Vec<(Occur, Box<dyn Query>)> = vec![
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.flag_category, fl),
                        IndexRecordOption::Basic,
                    )),
                ),
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.flag_rule, fl),
                        IndexRecordOption::Basic,
                    )),
                ),
            ];
            must.push((Occur::Must, Box::new(BooleanQuery::new(subs))));
        }
        let mut sg = self.source_genders.clone();
        if self.has_woman_source {
            sg.push("female".into());
        }
        for g in &sg {
            check_gender(g)?;
        }
        for r in &self.roles {
            check_role(r)?;
        }
        if !self.roles.is_empty() && !sg.is_empty() {
            // a source of this role AND this gender (the same person)
            let combos: Vec<String> = self
                .roles
                .iter()
                .flat_map(|r| sg.iter().map(move |g| format!("{r}:{g}")))
                .collect();
            must.push((Occur::Must, any_of(f.source_role_gender, &combos)));
        } else {
            for g in &sg {
                must.push((
                    Occur::Must,
                    any_of(f.source_gender, std::slice::from_ref(g)),
                ));
            }
            if !self.roles.is_empty() {
                must.push((Occur::Must, any_of(f.person_role, &self.roles)));
            }
        }
        for g in &self.person_genders {
            check_gender(g)?;
            must.push((
                Occur::Must,
                any_of(f.person_gender, std::slice::from_ref(g)),
            ));
        }
        if self.undated {
            must.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.day, 0),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if let Some(v) = &self.indicator_set {
            must.push((
                Occur::Must,
                any_of(f.v_indicator_set, std::slice::from_ref(v)),
            ));
        }
        if must.is_empty() {
            return Ok(Box::new(AllQuery));
        }
        Ok(Box::new(BooleanQuery::new(must)))
    }
}

fn check_gender(g: &str) -> anyhow::Result<()> {
    if !matches!(g, "female" | "male" | "unknown") {
        bail!("unknown gender `{g}` (female, male, unknown)");
    }
    Ok(())
}

fn check_role(r: &str) -> anyhow::Result<()> {
    if !matches!(r, "expert" | "official" | "citizen" | "subject" | "other") {
        bail!("unknown role `{r}` (expert, official, citizen, subject, other)");
    }
    Ok(())
}

/// A grouping dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dim {
    Outlet,
    Province,
    Type,
    Month,
    Quarter,
    Year,
}

impl Dim {
    pub fn name(&self) -> &'static str {
        match self {
            Dim::Outlet => "outlet",
            Dim::Province => "province",
            Dim::Type => "type",
            Dim::Month => "month",
            Dim::Quarter => "quarter",
            Dim::Year => "year",
        }
    }
}

/// Reads all measures of a document from one segment.
struct MeasureReader {
    cols: Vec<Column<u64>>,
}

impl MeasureReader {
    fn new(seg: &SegmentReader) -> tantivy::Result<MeasureReader> {
        let ff = seg.fast_fields();
        let cols = schema::measure_names()
            .iter()
            .map(|n| ff.u64(n))
            .collect::<tantivy::Result<_>>()?;
        Ok(MeasureReader { cols })
    }
    #[inline]
    fn read(&self, doc: DocId, out: &mut [u64; NM]) {
        for (o, c) in out.iter_mut().zip(&self.cols) {
            *o = c.first(doc).unwrap_or(0);
        }
    }
    /// Column-at-a-time read of a block of documents into `block` (`NM` runs of `docs.len()`).
    fn read_block(&self, docs: &[DocId], block: &mut Vec<Option<u64>>) {
        let n = docs.len();
        block.clear();
        block.resize(NM * n, None);
        for (i, c) in self.cols.iter().enumerate() {
            c.first_vals(docs, &mut block[i * n..(i + 1) * n]);
        }
    }
}

fn passes(wheres: &[Where], m: &[u64; NM]) -> bool {
    wheres.iter().all(|w| w.test(m[w.column]))
}

/// Sums measures per group.
pub struct GroupCollector {
    pub dims: Vec<Dim>,
    pub wheres: Vec<Where>,
}

/// Per-segment state of [`GroupCollector`].
pub struct GroupSegment {
    dims: Vec<Dim>,
    wheres: Vec<Where>,
    measures: MeasureReader,
    outlet: Option<StrColumn>,
    province: Option<StrColumn>,
    type_code: Column<u64>,
    month: Column<u64>,
    quarter: Column<u64>,
    groups: HashMap<[u64; 4], Agg>,
    buf: [u64; NM],
    block: Vec<Option<u64>>,
}

/// Group key as displayed: one string per dimension.
pub type GroupKey = Vec<String>;

fn str_ord(col: &Option<StrColumn>, doc: DocId) -> u64 {
    col.as_ref()
        .and_then(|c| c.term_ords(doc).next())
        .unwrap_or(u64::MAX)
}

impl Collector for GroupCollector {
    type Fruit = BTreeMap<GroupKey, Agg>;
    type Child = GroupSegment;

    fn for_segment(&self, _ord: u32, seg: &SegmentReader) -> tantivy::Result<GroupSegment> {
        let ff = seg.fast_fields();
        Ok(GroupSegment {
            dims: self.dims.clone(),
            wheres: self.wheres.clone(),
            measures: MeasureReader::new(seg)?,
            outlet: ff.str("outlet")?,
            province: ff.str("province")?,
            type_code: ff.u64("outlet_type_code")?,
            month: ff.u64("month")?,
            quarter: ff.u64("quarter")?,
            groups: HashMap::new(),
            buf: [0; NM],
            block: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut out: BTreeMap<GroupKey, Agg> = BTreeMap::new();
        for fr in fruits {
            for (k, a) in fr {
                out.entry(k).or_default().merge(&a);
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for GroupSegment {
    type Fruit = BTreeMap<GroupKey, Agg>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.measures.read(doc, &mut self.buf);
        self.add_doc(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let mut block = std::mem::take(&mut self.block);
        self.measures.read_block(docs, &mut block);
        let n = docs.len();
        for (j, doc) in docs.iter().enumerate() {
            for i in 0..NM {
                self.buf[i] = block[i * n + j].unwrap_or(0);
            }
            self.add_doc(*doc);
        }
        self.block = block;
    }

    fn harvest(self) -> Self::Fruit {
        self.harvest_groups()
    }
}

impl GroupSegment {
    /// Group and add the measures in `self.buf` (already read for `doc`).
    #[inline]
    fn add_doc(&mut self, doc: DocId) {
        if !passes(&self.wheres, &self.buf) {
            return;
        }
        let mut key = [0u64; 4];
        for (i, d) in self.dims.iter().enumerate().take(4) {
            key[i] = match d {
                Dim::Outlet => str_ord(&self.outlet, doc),
                Dim::Province => str_ord(&self.province, doc),
                Dim::Type => self.type_code.first(doc).unwrap_or(0),
                Dim::Month => self.month.first(doc).unwrap_or(0),
                Dim::Quarter => self.quarter.first(doc).unwrap_or(0),
                Dim::Year => self.month.first(doc).unwrap_or(0) / 100,
            };
        }
        self.groups.entry(key).or_default().add(&self.buf);
    }

    fn harvest_groups(self) -> BTreeMap<GroupKey, Agg> {
        let mut out: BTreeMap<GroupKey, Agg> = BTreeMap::new();
        let resolve = |col: &Option<StrColumn>, ord: u64| -> String {
            let mut s = String::new();
            if ord != u64::MAX
                && let Some(c) = col
            {
                let _ = c.ord_to_str(ord, &mut s);
            }
            s
        };
        for (key, agg) in self.groups {
            let k: GroupKey = self
                .dims
                .iter()
                .enumerate()
                .take(4)
                .map(|(i, d)| match d {
                    Dim::Outlet => resolve(&self.outlet, key[i]),
                    Dim::Province => resolve(&self.province, key[i]),
                    Dim::Type => super::store::ALL_TYPES
                        .get(key[i] as usize)
                        .map(|t| t.as_str().to_string())
                        .unwrap_or_default(),
                    Dim::Month => month_label(key[i]),
                    Dim::Quarter => quarter_label(key[i]),
                    Dim::Year => {
                        if key[i] == 0 {
                            String::new()
                        } else {
                            key[i].to_string()
                        }
                    }
                })
                .collect();
            out.entry(k).or_default().merge(&agg);
        }
        out
    }
}

/// `202411` → `2024-11`; 0 (undated) → empty.
pub fn month_label(m: u64) -> String {
    if m == 0 {
        String::new()
    } else {
        format!("{}-{:02}", m / 100, m % 100)
    }
}

/// `20244` → `2024-Q4`; 0 (undated) → empty.
pub fn quarter_label(q: u64) -> String {
    if q == 0 {
        String::new()
    } else {
        format!("{}-Q{}", q / 10, q % 10)
    }
}

/// Collects matching document addresses (after `wheres`) with a deterministic sort key:
/// (day, fingerprint), so exports do not depend on segment layout.
pub struct MatchCollector {
    pub wheres: Vec<Where>,
}

pub struct MatchSegment {
    ord: u32,
    wheres: Vec<Where>,
    measures: Option<MeasureReader>,
    day: Column<u64>,
    fp: Column<u64>,
    out: Vec<(u64, u64, DocAddress)>,
    buf: [u64; NM],
}

impl Collector for MatchCollector {
    type Fruit = Vec<(u64, u64, DocAddress)>;
    type Child = MatchSegment;

    fn for_segment(&self, ord: u32, seg: &SegmentReader) -> tantivy::Result<MatchSegment> {
        let ff = seg.fast_fields();
        Ok(MatchSegment {
            ord,
            wheres: self.wheres.clone(),
            measures: if self.wheres.is_empty() {
                None
            } else {
                Some(MeasureReader::new(seg)?)
            },
            day: ff.u64("day")?,
            fp: ff.u64("fingerprint")?,
            out: Vec::new(),
            buf: [0; NM],
        })
    }
    fn requires_scoring(&self) -> bool {
        false
    }
    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut v: Vec<_> = fruits.into_iter().flatten().collect();
        v.sort_by_key(|(d, f, _)| (*d, *f));
        Ok(v)
    }
}

impl SegmentCollector for MatchSegment {
    type Fruit = Vec<(u64, u64, DocAddress)>;
    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(m) = &self.measures {
            m.read(doc, &mut self.buf);
            if !passes(&self.wheres, &self.buf) {
                return;
            }
        }
        self.out.push((
            self.day.first(doc).unwrap_or(0),
            self.fp.first(doc).unwrap_or(0),
            DocAddress::new(self.ord, doc),
        ));
    }
    fn harvest(self) -> Self::Fruit {
        self.out
    }
}

/// Aggregate the articles selected by `filter`, grouped by `dims` (at most 4).
pub fn aggregate(
    index: &Index,
    f: &Fields,
    searcher: &tantivy::Searcher,
    filter: &Filter,
    dims: &[Dim],
) -> anyhow::Result<BTreeMap<GroupKey, Agg>> {
    if dims.len() > 4 {
        bail!("--by: at most 4 dimensions");
    }
    let q = filter.to_query(index, f)?;
    let c = GroupCollector {
        dims: dims.to_vec(),
        wheres: filter.wheres.clone(),
    };
    Ok(searcher.search(&q, &c)?)
}

/// The addresses of the articles selected by `filter`, in (day, fingerprint) order.
pub fn matching(
    index: &Index,
    f: &Fields,
    searcher: &tantivy::Searcher,
    filter: &Filter,
) -> anyhow::Result<Vec<DocAddress>> {
    let q = filter.to_query(index, f)?;
    let c = MatchCollector {
        wheres: filter.wheres.clone(),
    };
    Ok(searcher
        .search(&q, &c)?
        .into_iter()
        .map(|(_, _, a)| a)
        .collect())
}

/// The best full-text hits (for `query TEXT --hits N`).
pub fn top_hits(
    index: &Index,
    f: &Fields,
    searcher: &tantivy::Searcher,
    filter: &Filter,
    limit: usize,
) -> anyhow::Result<Vec<(f32, DocAddress)>> {
    let q = filter.to_query(index, f)?;
    if filter.wheres.is_empty() {
        let top = tantivy::collector::TopDocs::with_limit(limit.max(1));
        let mut v = searcher.search(&q, &top)?;
        v.truncate(limit);
        return Ok(v);
    }
    let all = matching(index, f, searcher, filter)?;
    Ok(all.into_iter().take(limit).map(|a| (0.0, a)).collect())
}
