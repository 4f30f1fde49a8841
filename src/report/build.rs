//! Computing a period report from the index.
//!
//! Aggregates come from the fast-field collector (per outlet, per outlet-month); one pass
//! over the stored scorecards of the period adds what has no column (I08 occupations by
//! gender) and picks the example passages. Everything is ordered by outlet id, date and
//! article id, and the report holds no clock time, so the same index always gives the same
//! bytes.

use super::config::{Per, ReportConfig};
use super::period::Period;
use crate::index::schema::Fields;
use crate::index::search::{self, Dim, Filter, GroupKey};
use crate::index::stats::{Agg, RateStat, ShareStat};
use crate::index::store::{self, Day};
use crate::model::{Outlet, OutletType, Severity, Share};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use tantivy::Index;

pub const INDICATOR_IDS: &[&str] = &[
    "I01", "I02", "I03", "I04", "I05", "I06", "I07", "I08", "I09", "I10", "I11", "I12", "I13",
    "I14", "I15", "I16", "I17", "I18", "I19", "I20",
];

/// One indicator for one outlet and period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorValue {
    pub id: String,
    /// `share` (women share of persons/sources/syllables), `rate` (share of articles),
    /// `asymmetry` (women's rate ÷ men's rate), `density` (per 1,000 syllables).
    pub kind: &'static str,
    pub value: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Counts behind the value: female/male/unknown for shares, count/n for rates.
    pub female: u64,
    pub male: u64,
    pub unknown: u64,
    pub count: u64,
    pub n: u64,
    pub unknown_rate: Option<f64>,
    /// For per-gender measures (I03, I09–I11): women's and men's rates. For I18 (`kind`
    /// `cross`): `female`/`male`/`unknown` count the sources under women's / men's / unknown
    /// bylines, and `female_rate`/`male_rate` are the women shares of sources under women's
    /// and under men's bylines (the full table is `OutletRow::i18_sources_by_author`).
    pub female_rate: Option<f64>,
    pub male_rate: Option<f64>,
}

impl IndicatorValue {
    fn share(id: &str, s: ShareStat) -> IndicatorValue {
        IndicatorValue {
            id: id.into(),
            kind: "share",
            value: s.women_share,
            ci_low: s.ci_low,
            ci_high: s.ci_high,
            female: s.female,
            male: s.male,
            unknown: s.unknown,
            count: s.female,
            n: s.total(),
            unknown_rate: s.unknown_rate,
            female_rate: None,
            male_rate: None,
        }
    }
    fn rate(id: &str, r: RateStat) -> IndicatorValue {
        IndicatorValue {
            id: id.into(),
            kind: "rate",
            value: r.rate,
            ci_low: r.ci_low,
            ci_high: r.ci_high,
            female: 0,
            male: 0,
            unknown: 0,
            count: r.count,
            n: r.n,
            unknown_rate: None,
            female_rate: None,
            male_rate: None,
        }
    }
    /// Women's rate vs men's rate of `part` among `whole` (e.g. described by a family word
    /// among persons mentioned); the value is the asymmetry ratio.
    fn asymmetry(id: &str, part: ShareStat, whole: ShareStat) -> IndicatorValue {
        let fr = (whole.female > 0).then(|| part.female as f64 / whole.female as f64);
        let mr = (whole.male > 0).then(|| part.male as f64 / whole.male as f64);
        let value = match (fr, mr) {
            (Some(f), Some(m)) if m > 0.0 => Some(f / m),
            _ => None,
        };
        IndicatorValue {
            id: id.into(),
            kind: "asymmetry",
            value,
            ci_low: None,
            ci_high: None,
            female: part.female,
            male: part.male,
            unknown: part.unknown,
            count: part.total(),
            n: whole.total(),
            unknown_rate: part.unknown_rate,
            female_rate: fr,
            male_rate: mr,
        }
    }
}

/// All indicators of one outlet (or of the whole selection).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutletRow {
    pub outlet: String,
    pub name: String,
    pub outlet_type: OutletType,
    pub province: Option<String>,
    pub articles: u64,
    pub indicators: Vec<IndicatorValue>,
    /// I08: occupation class → persons by gender.
    pub i08_occupations: BTreeMap<String, ShareStat>,
    /// I18: byline gender → its articles' sources by gender.
    pub i18_sources_by_author: BTreeMap<String, ShareStat>,
    /// I11, second half: women's vs men's rate of survivor framing among persons mentioned
    /// (the I11 row itself is victim framing).
    pub i11_survivor: IndicatorValue,
    /// I12 by category: endorsed hits per flag category (`STEREO`, `DEROG`, `APPEAR`, …).
    pub i12_categories: BTreeMap<String, u64>,
    /// I20 outlet-period verdict against `outlet_compliance_min`.
    pub compliant: Option<bool>,
}

impl OutletRow {
    pub fn get(&self, id: &str) -> Option<&IndicatorValue> {
        self.indicators.iter().find(|i| i.id == id)
    }
}

/// The indicators of an aggregate (I08 filled separately).
pub fn indicators_of(a: &Agg) -> Vec<IndicatorValue> {
    let people = a.share("i01");
    let sources = a.share("i02");
    let mut v = vec![
        IndicatorValue::share("I01", people),
        IndicatorValue::share("I02", sources),
    ];
    let mut i03 = IndicatorValue::share("I03", a.share("i03"));
    let direct = a.share("i03");
    i03.female_rate = (sources.female > 0).then(|| direct.female as f64 / sources.female as f64);
    i03.male_rate = (sources.male > 0).then(|| direct.male as f64 / sources.male as f64);
    v.push(i03);
    v.push(IndicatorValue::share("I04", a.share("i04")));
    v.push(IndicatorValue::share("I05", a.share("i05")));
    v.push(IndicatorValue::share("I06", a.share("i06")));
    v.push(IndicatorValue::share("I07", a.share("i07")));
    v.push(IndicatorValue::share("I08", ShareStat::new(0, 0, 0)));
    v.push(IndicatorValue::asymmetry("I09", a.share("i09"), people));
    v.push(IndicatorValue::asymmetry("I10", a.share("i10"), people));
    v.push(IndicatorValue::asymmetry(
        "I11",
        a.share("i11_victim"),
        people,
    ));
    let syl = a.scalar("syllables");
    v.push(IndicatorValue {
        id: "I12".into(),
        kind: "density",
        value: a.i12_density(),
        ci_low: None,
        ci_high: None,
        female: 0,
        male: 0,
        unknown: 0,
        count: a.scalar("i12_hits"),
        n: syl,
        unknown_rate: None,
        female_rate: None,
        male_rate: None,
    });
    let mut i13 = IndicatorValue::share(
        "I13",
        ShareStat::new(a.scalar("i13_female"), a.scalar("i13_male"), 0),
    );
    i13.kind = "share";
    v.push(i13);
    v.push(IndicatorValue::rate("I14", a.rate("i14")));
    v.push(IndicatorValue::share("I15", a.share("i15")));
    v.push(IndicatorValue::rate("I16", a.rate("i16")));
    v.push(IndicatorValue::rate("I17", a.rate("i17")));
    // I18 is a cross-table (byline gender × source gender, in `OutletRow::i18_sources_by_author`);
    // its one-line summary: sources under women's / men's / unknown bylines, and the women
    // share of sources under women's and under men's bylines. No single value.
    let by_u = ShareStat::new(a.i18[0][0], a.i18[0][1], a.i18[0][2]);
    let by_f = ShareStat::new(a.i18[1][0], a.i18[1][1], a.i18[1][2]);
    let by_m = ShareStat::new(a.i18[2][0], a.i18[2][1], a.i18[2][2]);
    v.push(IndicatorValue {
        id: "I18".into(),
        kind: "cross",
        value: None,
        ci_low: None,
        ci_high: None,
        female: by_f.total(),
        male: by_m.total(),
        unknown: by_u.total(),
        count: by_f.total() + by_m.total(),
        n: by_f.total() + by_m.total() + by_u.total(),
        unknown_rate: None,
        female_rate: by_f.women_share,
        male_rate: by_m.women_share,
    });
    v.push(IndicatorValue::share("I19", a.share("i19")));
    v.push(IndicatorValue::rate("I20", a.rate("i20")));
    v
}

/// I12 hits by flag category, from the `i12_<category>` columns (zero categories left out).
fn i12_categories(a: &Agg) -> BTreeMap<String, u64> {
    crate::index::schema::I12_CATEGORIES
        .iter()
        .map(|c| {
            let v = a.scalar(&format!("i12_{}", c.to_lowercase()));
            (c.to_string(), v)
        })
        .filter(|(_, v)| *v > 0)
        .collect()
}

fn i18_table(a: &Agg) -> BTreeMap<String, ShareStat> {
    ["unknown", "female", "male"]
        .iter()
        .enumerate()
        .map(|(r, n)| {
            (
                n.to_string(),
                ShareStat::new(a.i18[r][0], a.i18[r][1], a.i18[r][2]),
            )
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplianceRow {
    pub outlet: String,
    pub indicator: String,
    pub value: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// "met", "not_met" or "no_data".
    pub status: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgencyTarget {
    pub label: String,
    pub target: f64,
    pub compliant_outlets: u64,
    pub outlets_with_data: u64,
    pub share: Option<f64>,
    pub met: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuotaRow {
    pub quota: String,
    pub outlet: String,
    /// `2024-11` or `2024-Q4`.
    pub unit: String,
    pub ge_items: u64,
    pub required: u64,
    /// "met", "not_met", or "partial" (the unit is not wholly inside the period and the
    /// count so far is short).
    pub status: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeakRow {
    pub peak: String,
    pub from: String,
    pub to: String,
    pub outlet: String,
    pub articles: u64,
    pub ge_items: u64,
    pub women_sources: IndicatorValue,
    pub compliant: IndicatorValue,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeRow {
    pub outlet: String,
    pub measure: String,
    pub current: Option<f64>,
    pub previous: Option<f64>,
    pub change: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    pub outlet: String,
    pub date: String,
    pub title: String,
    pub url: Option<String>,
    pub rule: String,
    pub category: String,
    pub severity: Severity,
    pub text: String,
    /// The sentence-ish context around the passage, as written.
    pub context: String,
    pub explanation_vi: String,
    pub explanation_en: String,
    pub suggestions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub period: Period,
    pub previous: Period,
    pub outlets_selected: Vec<String>,
    pub provinces_selected: Vec<String>,
    pub config_source: String,
    pub outlet_compliance_min: f64,
    /// indicator-set version → articles scored with it
    pub indicator_set_versions: BTreeMap<String, u64>,
    pub total: OutletRow,
    pub outlets: Vec<OutletRow>,
    pub compliance: Vec<ComplianceRow>,
    pub agency_targets: Vec<AgencyTarget>,
    pub quotas: Vec<QuotaRow>,
    pub quota_labels: BTreeMap<String, (String, String)>,
    pub peaks: Vec<PeakRow>,
    pub changes: Vec<ChangeRow>,
    pub examples: Vec<Example>,
    /// Monthly GE items (I17) and articles per outlet: outlet → month → (articles, GE items).
    pub monthly: BTreeMap<String, BTreeMap<String, (u64, u64)>>,
    /// Articles of the selected outlets with no usable publication date (in no period).
    pub undated: u64,
}

/// What to report on.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub outlets: Vec<String>,
    pub provinces: Vec<String>,
    /// Registry entries to include even when they published nothing (quotas need them).
    pub registry: Vec<Outlet>,
}

fn period_filter(p: &Period, sel: &Selection) -> Filter {
    Filter {
        outlets: sel.outlets.clone(),
        provinces: sel.provinces.clone(),
        from: Some(p.from),
        to: Some(p.to),
        ..Default::default()
    }
}

fn by_outlet(groups: BTreeMap<GroupKey, Agg>) -> BTreeMap<String, Agg> {
    groups
        .into_iter()
        .map(|(k, a)| (k.into_iter().next().unwrap_or_default(), a))
        .collect()
}

fn status(value: Option<f64>, min: Option<f64>, max: Option<f64>) -> &'static str {
    match value {
        None => "no_data",
        Some(v) => {
            if min.is_some_and(|m| v < m) || max.is_some_and(|m| v > m) {
                "not_met"
            } else {
                "met"
            }
        }
    }
}

/// Outlet metadata known to the index (id → outlet), for outlets without a registry entry.
fn index_outlets(
    index: &Index,
    f: &Fields,
    searcher: &tantivy::Searcher,
) -> anyhow::Result<BTreeMap<String, Outlet>> {
    let mut out = BTreeMap::new();
    let groups = search::aggregate(index, f, searcher, &Filter::default(), &[Dim::Outlet])?;
    for k in groups.keys() {
        let id = k[0].clone();
        let filter = Filter {
            outlets: vec![id.clone()],
            ..Default::default()
        };
        if let Some((_, addr)) = search::top_hits(index, f, searcher, &filter, 1)?.first() {
            let r = store::read_record(searcher, f, *addr)?;
            out.insert(id, r.outlet);
        }
    }
    Ok(out)
}

fn snippet(text: &str, start: usize, end: usize) -> String {
    // spans come from the engine; never trust them to sit on character boundaries
    let mut s = start.min(text.len());
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    let mut e = end.min(text.len()).max(s);
    while !text.is_char_boundary(e) {
        e += 1;
    }
    let back = text[..s]
        .char_indices()
        .rev()
        .take(80)
        .last()
        .map(|(i, _)| i)
        .unwrap_or(s);
    // stop at a line break before the passage
    let line_start = text[..s].rfind('\n').map(|i| i + 1).unwrap_or(0);
    s = back.max(line_start);
    let fwd = text[e..]
        .char_indices()
        .nth(80)
        .map(|(i, _)| e + i)
        .unwrap_or(text.len());
    let line_end = text[e..].find('\n').map(|i| e + i).unwrap_or(text.len());
    e = fwd.min(line_end);
    let mut out = String::new();
    if s > line_start {
        out.push('…');
    }
    out.push_str(text[s..e].trim());
    if e < line_end {
        out.push('…');
    }
    out
}

/// Build the report for `period` over the selection.
pub fn build_report(
    index: &Index,
    f: &Fields,
    period: &Period,
    sel: &Selection,
    cfg: &ReportConfig,
) -> anyhow::Result<Report> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let filter = period_filter(period, sel);
    let per_outlet = by_outlet(search::aggregate(
        index,
        f,
        &searcher,
        &filter,
        &[Dim::Outlet],
    )?);
    let total_agg = {
        let mut t = Agg::default();
        for a in per_outlet.values() {
            t.merge(a);
        }
        t
    };
    // outlets: the registry selection plus everything with articles
    let mut meta: BTreeMap<String, Outlet> = BTreeMap::new();
    for o in &sel.registry {
        let chosen = (sel.outlets.is_empty() || sel.outlets.contains(&o.id))
            && (sel.provinces.is_empty()
                || o.province
                    .as_ref()
                    .is_some_and(|p| sel.provinces.contains(p)));
        if chosen {
            meta.insert(o.id.clone(), o.clone());
        }
    }
    let missing: Vec<&String> = per_outlet
        .keys()
        .filter(|k| !meta.contains_key(*k))
        .collect();
    if !missing.is_empty() {
        let known = index_outlets(index, f, &searcher)?;
        for k in missing {
            let o = known.get(k).cloned().unwrap_or_else(|| Outlet {
                id: k.clone(),
                name: k.clone(),
                ..Default::default()
            });
            meta.insert(k.clone(), o);
        }
    }

    // one pass over stored scorecards: I08, versions, examples
    let mut i08: BTreeMap<String, BTreeMap<String, Share>> = BTreeMap::new();
    let mut versions: BTreeMap<String, u64> = BTreeMap::new();
    let mut candidates: Vec<(std::cmp::Reverse<Severity>, u64, String, usize, Example)> =
        Vec::new();
    let addrs = search::matching(index, f, &searcher, &filter)?;
    for addr in &addrs {
        let r = store::read_record(&searcher, f, *addr)?;
        *versions
            .entry(r.scorecard.versions.indicator_set.clone())
            .or_default() += 1;
        let occ = i08.entry(r.outlet.id.clone()).or_default();
        for (k, s) in &r.scorecard.indicators.i08_occupations {
            let e = occ.entry(k.clone()).or_default();
            e.female += s.female;
            e.male += s.male;
            e.unknown += s.unknown;
        }
        if cfg.examples == 0 {
            continue;
        }
        let mut text: Option<String> = None;
        let day = r
            .article
            .date
            .as_deref()
            .and_then(store::parse_article_date)
            .map(|(d, _)| d);
        for fl in store::endorsed_flags(&r.scorecard) {
            if fl.severity == Severity::Info {
                continue;
            }
            let t = text.get_or_insert_with(|| r.article.analysis_text().0);
            let ex = Example {
                outlet: r.outlet.id.clone(),
                date: day
                    .map(|d| d.naive().format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                title: r.article.title.clone(),
                url: r.article.url.clone(),
                rule: fl.rule.clone(),
                category: fl.category.clone(),
                severity: fl.severity,
                text: fl.text.clone(),
                context: snippet(t, fl.span.start, fl.span.end),
                explanation_vi: fl.explanation_vi.clone(),
                explanation_en: fl.explanation_en.clone(),
                suggestions: fl.suggestions.clone(),
            };
            candidates.push((
                std::cmp::Reverse(fl.severity),
                day.map(|d| d.yyyymmdd()).unwrap_or(0),
                r.article.id.clone(),
                fl.span.start,
                ex,
            ));
        }
        // keep memory bounded on large periods
        if candidates.len() > cfg.examples * 20 + 1000 {
            candidates.sort_by(|a, b| (&a.0, a.1, &a.2, a.3).cmp(&(&b.0, b.1, &b.2, b.3)));
            candidates.truncate(cfg.examples * 10);
        }
    }
    candidates.sort_by(|a, b| (&a.0, a.1, &a.2, a.3).cmp(&(&b.0, b.1, &b.2, b.3)));
    // at most 3 passages per article so one article does not fill the list
    let mut per_article: BTreeMap<String, usize> = BTreeMap::new();
    let mut examples = Vec::new();
    for (_, _, id, _, ex) in candidates {
        let c = per_article.entry(id).or_default();
        if *c >= 3 {
            continue;
        }
        *c += 1;
        examples.push(ex);
        if examples.len() >= cfg.examples {
            break;
        }
    }

    let make_row = |id: &str, a: &Agg, o: Option<&Outlet>| -> OutletRow {
        let mut inds = indicators_of(a);
        let occ: BTreeMap<String, ShareStat> = if id.is_empty() {
            let mut all: BTreeMap<String, Share> = BTreeMap::new();
            for m in i08.values() {
                for (k, s) in m {
                    let e = all.entry(k.clone()).or_default();
                    e.female += s.female;
                    e.male += s.male;
                    e.unknown += s.unknown;
                }
            }
            all.iter()
                .map(|(k, s)| {
                    (
                        k.clone(),
                        ShareStat::new(s.female as u64, s.male as u64, s.unknown as u64),
                    )
                })
                .collect()
        } else {
            i08.get(id)
                .map(|m| {
                    m.iter()
                        .map(|(k, s)| {
                            (
                                k.clone(),
                                ShareStat::new(s.female as u64, s.male as u64, s.unknown as u64),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let (mut f8, mut m8, mut u8_) = (0, 0, 0);
        for s in occ.values() {
            f8 += s.female;
            m8 += s.male;
            u8_ += s.unknown;
        }
        if let Some(x) = inds.iter_mut().find(|x| x.id == "I08") {
            *x = IndicatorValue::share("I08", ShareStat::new(f8, m8, u8_));
        }
        let i20 = a.rate("i20").rate;
        OutletRow {
            outlet: id.to_string(),
            name: o.map(|o| o.name.clone()).unwrap_or_default(),
            outlet_type: o.map(|o| o.kind).unwrap_or_default(),
            province: o.and_then(|o| o.province.clone()),
            articles: a.n,
            indicators: inds,
            i08_occupations: occ,
            i18_sources_by_author: i18_table(a),
            i11_survivor: IndicatorValue::asymmetry("I11", a.share("i11_survivor"), a.share("i01")),
            i12_categories: i12_categories(a),
            compliant: i20.map(|r| r >= cfg.outlet_compliance_min),
        }
    };
    let empty = Agg::default();
    let outlets: Vec<OutletRow> = meta
        .iter()
        .map(|(id, o)| make_row(id, per_outlet.get(id).unwrap_or(&empty), Some(o)))
        .collect();
    let mut total = make_row("", &total_agg, None);
    total.name = "*".into();

    // compliance
    let mut compliance = Vec::new();
    for row in &outlets {
        compliance.push(ComplianceRow {
            outlet: row.outlet.clone(),
            indicator: "I20".into(),
            value: row.get("I20").and_then(|v| v.value),
            min: Some(cfg.outlet_compliance_min),
            max: None,
            status: status(
                row.get("I20").and_then(|v| v.value),
                Some(cfg.outlet_compliance_min),
                None,
            ),
        });
        for t in &cfg.targets {
            let v = row.get(&t.indicator).and_then(|v| v.value);
            compliance.push(ComplianceRow {
                outlet: row.outlet.clone(),
                indicator: t.indicator.clone(),
                value: v,
                min: t.min,
                max: t.max,
                status: status(v, t.min, t.max),
            });
        }
    }
    let with_data = outlets.iter().filter(|o| o.compliant.is_some()).count() as u64;
    let compliant_n = outlets.iter().filter(|o| o.compliant == Some(true)).count() as u64;
    let agency_targets = cfg
        .agency_targets
        .iter()
        .map(|(label, target)| {
            let share = (with_data > 0).then(|| compliant_n as f64 / with_data as f64);
            AgencyTarget {
                label: label.clone(),
                target: *target,
                compliant_outlets: compliant_n,
                outlets_with_data: with_data,
                share,
                met: share.map(|s| s >= *target),
            }
        })
        .collect();

    // monthly counts per outlet (quotas and the chart)
    let om = search::aggregate(index, f, &searcher, &filter, &[Dim::Outlet, Dim::Month])?;
    let mut monthly: BTreeMap<String, BTreeMap<String, (u64, u64)>> = BTreeMap::new();
    for (k, a) in &om {
        monthly
            .entry(k[0].clone())
            .or_default()
            .insert(k[1].clone(), (a.n, a.scalar("i17")));
    }
    let mut quotas = Vec::new();
    let mut quota_labels = BTreeMap::new();
    for q in &cfg.quotas {
        quota_labels.insert(q.id.clone(), (q.label_vi.clone(), q.label_en.clone()));
        let units: Vec<(String, Vec<String>, bool)> = match q.per {
            Per::Month => period
                .months()
                .into_iter()
                .map(|(y, m, full)| (format!("{y}-{m:02}"), vec![format!("{y}-{m:02}")], full))
                .collect(),
            Per::Quarter => period
                .quarters()
                .into_iter()
                .map(|(y, qq, full)| {
                    (
                        format!("{y}-Q{qq}"),
                        (qq * 3 - 2..=qq * 3)
                            .map(|m| format!("{y}-{m:02}"))
                            .collect(),
                        full,
                    )
                })
                .collect(),
        };
        for row in outlets
            .iter()
            .filter(|o| q.outlet_types.contains(&o.outlet_type))
        {
            let m = monthly.get(&row.outlet);
            for (label, months, full) in &units {
                let items: u64 = months
                    .iter()
                    .filter_map(|mm| m.and_then(|m| m.get(mm)).map(|x| x.1))
                    .sum();
                let st = if items >= q.min_items {
                    "met"
                } else if *full {
                    "not_met"
                } else {
                    "partial"
                };
                quotas.push(QuotaRow {
                    quota: q.id.clone(),
                    outlet: row.outlet.clone(),
                    unit: label.clone(),
                    ge_items: items,
                    required: q.min_items,
                    status: st,
                });
            }
        }
    }

    // peak periods intersecting the report period
    let mut peaks = Vec::new();
    let years: BTreeSet<i32> = (period.from.y - 1..=period.to.y).collect();
    let mut peak_ranges: Vec<(usize, Day, Day)> = Vec::new();
    for (pi, pk) in cfg.peaks.iter().enumerate() {
        for y in &years {
            let from = chrono::NaiveDate::from_ymd_opt(*y, pk.from.0, pk.from.1);
            let to_year = if pk.to < pk.from { y + 1 } else { *y };
            let to = chrono::NaiveDate::from_ymd_opt(to_year, pk.to.0, pk.to.1);
            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            let (from, to) = (Day::from_naive(from), Day::from_naive(to));
            let lo = from.max(period.from);
            let hi = to.min(period.to);
            if lo <= hi {
                peak_ranges.push((pi, lo, hi));
            }
        }
    }
    peak_ranges.sort_by_key(|(pi, lo, _)| (*lo, *pi));
    for (pi, lo, hi) in peak_ranges {
        let pk = &cfg.peaks[pi];
        let pf = Filter {
            from: Some(lo),
            to: Some(hi),
            ..period_filter(period, sel)
        };
        let g = by_outlet(search::aggregate(index, f, &searcher, &pf, &[Dim::Outlet])?);
        for id in meta.keys() {
            let a = g.get(id).unwrap_or(&empty);
            peaks.push(PeakRow {
                peak: pk.name_vi.clone(),
                from: lo.naive().format("%Y-%m-%d").to_string(),
                to: hi.naive().format("%Y-%m-%d").to_string(),
                outlet: id.clone(),
                articles: a.n,
                ge_items: a.scalar("i17"),
                women_sources: IndicatorValue::share("I02", a.share("i02")),
                compliant: IndicatorValue::rate("I20", a.rate("i20")),
            });
        }
    }

    // change against the previous period
    let previous = period.previous();
    let prev = by_outlet(search::aggregate(
        index,
        f,
        &searcher,
        &period_filter(&previous, sel),
        &[Dim::Outlet],
    )?);
    let mut changes = Vec::new();
    let mut ids: Vec<&String> = meta.keys().collect();
    let star = String::new();
    ids.push(&star);
    for id in ids {
        let (cur, old) = if id.is_empty() {
            let mut t = Agg::default();
            for a in prev.values() {
                t.merge(a);
            }
            (total_agg.clone(), t)
        } else {
            (
                per_outlet.get(id).cloned().unwrap_or_default(),
                prev.get(id).cloned().unwrap_or_default(),
            )
        };
        type Measure = Box<dyn Fn(&Agg) -> Option<f64>>;
        let measures: [(&str, Measure); 6] = [
            ("articles", Box::new(|a: &Agg| Some(a.n as f64))),
            ("I01", Box::new(|a: &Agg| a.share("i01").women_share)),
            ("I02", Box::new(|a: &Agg| a.share("i02").women_share)),
            ("I12", Box::new(|a: &Agg| a.i12_density())),
            ("I17", Box::new(|a: &Agg| Some(a.scalar("i17") as f64))),
            ("I20", Box::new(|a: &Agg| a.rate("i20").rate)),
        ];
        for (name, get) in measures.iter() {
            let c = get(&cur);
            let p = get(&old);
            changes.push(ChangeRow {
                outlet: if id.is_empty() {
                    "*".into()
                } else {
                    id.clone()
                },
                measure: name.to_string(),
                current: c,
                previous: p,
                change: match (c, p) {
                    (Some(c), Some(p)) => Some(c - p),
                    _ => None,
                },
            });
        }
    }

    let undated = search::aggregate(
        index,
        f,
        &searcher,
        &Filter {
            outlets: sel.outlets.clone(),
            provinces: sel.provinces.clone(),
            undated: true,
            ..Default::default()
        },
        &[],
    )?
    .values()
    .map(|a| a.n)
    .sum();
    Ok(Report {
        undated,
        period: period.clone(),
        previous,
        outlets_selected: sel.outlets.clone(),
        provinces_selected: sel.provinces.clone(),
        config_source: cfg.source.clone(),
        outlet_compliance_min: cfg.outlet_compliance_min,
        indicator_set_versions: versions,
        total,
        outlets,
        compliance,
        agency_targets,
        quotas,
        quota_labels,
        peaks,
        changes,
        examples,
        monthly,
    })
}
