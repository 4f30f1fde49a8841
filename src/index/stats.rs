//! Aggregates of article measures and the numbers published from them.
//!
//! Every women share is published with its counts (female, male, unknown) and a 95% Wilson
//! score interval: it behaves well for small samples and shares near 0 or 1, which is where
//! a single outlet-month usually is. The interval treats persons as independent draws; it
//! does not model clustering within articles, so it is a lower bound on the uncertainty.

use super::schema::{self, NM, SHARES};
use serde::Serialize;

/// 95% Wilson score interval for `k` successes out of `n`.
pub fn wilson(k: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let z = 1.959_963_984_540_054_f64;
    let n = n as f64;
    let p = k as f64 / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z * ((p * (1.0 - p) + z2 / (4.0 * n)) / n).sqrt() / denom;
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// Sums of measures over a set of articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agg {
    pub n: u64,
    pub sums: [u64; NM],
    /// I18: sources by byline gender (rows: unknown, female, male) × source gender
    /// (columns: female, male, unknown).
    pub i18: [[u64; 3]; 3],
    /// Articles with at least one woman source.
    pub with_woman_source: u64,
    /// Articles with two or more sources of known gender.
    pub two_known_sources: u64,
    /// Articles with at least one flag in the outlet's own voice (`flags_endorsed` ≥ 1): the
    /// dashboard's flagged-article rate, counted in the same pass instead of a second one.
    pub with_endorsed_flag: u64,
}

impl Default for Agg {
    fn default() -> Self {
        Agg {
            n: 0,
            sums: [0; NM],
            i18: [[0; 3]; 3],
            with_woman_source: 0,
            two_known_sources: 0,
            with_endorsed_flag: 0,
        }
    }
}

/// Columns read for every document, looked up once.
static I02_COL: once_cell::sync::Lazy<usize> =
    once_cell::sync::Lazy::new(|| schema::share_index("i02").expect("i02"));
static I18_COL: once_cell::sync::Lazy<usize> =
    once_cell::sync::Lazy::new(|| schema::scalar_index("i18_author"));
static ENDORSED_COL: once_cell::sync::Lazy<usize> =
    once_cell::sync::Lazy::new(|| schema::scalar_index("flags_endorsed"));

impl Agg {
    #[inline]
    pub fn add(&mut self, m: &[u64; NM]) {
        self.n += 1;
        for (s, v) in self.sums.iter_mut().zip(m) {
            *s += v;
        }
        let i02 = *I02_COL;
        let author = m[*I18_COL].min(2) as usize;
        for g in 0..3 {
            self.i18[author][g] += m[i02 + g];
        }
        if m[i02] > 0 {
            self.with_woman_source += 1;
        }
        if m[i02] + m[i02 + 1] >= 2 {
            self.two_known_sources += 1;
        }
        if m[*ENDORSED_COL] > 0 {
            self.with_endorsed_flag += 1;
        }
    }
    pub fn merge(&mut self, o: &Agg) {
        self.n += o.n;
        for (s, v) in self.sums.iter_mut().zip(o.sums.iter()) {
            *s += v;
        }
        for r in 0..3 {
            for c in 0..3 {
                self.i18[r][c] += o.i18[r][c];
            }
        }
        self.with_woman_source += o.with_woman_source;
        self.two_known_sources += o.two_known_sources;
        self.with_endorsed_flag += o.with_endorsed_flag;
    }
    pub fn scalar(&self, name: &str) -> u64 {
        self.sums[schema::scalar_index(name)]
    }
    /// The share indicator with this prefix (`i02`).
    pub fn share(&self, prefix: &str) -> ShareStat {
        let i = schema::share_index(prefix).expect("known share");
        ShareStat::new(self.sums[i], self.sums[i + 1], self.sums[i + 2])
    }
    /// Share of articles for which the 0/1 scalar is 1.
    pub fn rate(&self, name: &str) -> RateStat {
        RateStat::new(self.scalar(name), self.n)
    }
    /// I12: endorsed stereotype hits per 1,000 syllables.
    pub fn i12_density(&self) -> Option<f64> {
        let syl = self.scalar("syllables");
        (syl > 0).then(|| self.scalar("i12_hits") as f64 * 1000.0 / syl as f64)
    }
}

/// A women share, ready to publish.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ShareStat {
    pub female: u64,
    pub male: u64,
    pub unknown: u64,
    /// women ÷ (women + men)
    pub women_share: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// unknown ÷ all
    pub unknown_rate: Option<f64>,
}

impl ShareStat {
    pub fn new(female: u64, male: u64, unknown: u64) -> ShareStat {
        let known = female + male;
        let ci = wilson(female, known);
        let all = known + unknown;
        ShareStat {
            female,
            male,
            unknown,
            women_share: (known > 0).then(|| female as f64 / known as f64),
            ci_low: ci.map(|c| c.0),
            ci_high: ci.map(|c| c.1),
            unknown_rate: (all > 0).then(|| unknown as f64 / all as f64),
        }
    }
    pub fn total(&self) -> u64 {
        self.female + self.male + self.unknown
    }
}

/// A proportion of articles, ready to publish.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RateStat {
    pub count: u64,
    pub n: u64,
    pub rate: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

impl RateStat {
    pub fn new(count: u64, n: u64) -> RateStat {
        let ci = wilson(count, n);
        RateStat {
            count,
            n,
            rate: (n > 0).then(|| count as f64 / n as f64),
            ci_low: ci.map(|c| c.0),
            ci_high: ci.map(|c| c.1),
        }
    }
}

/// The rate-type indicators published for a group: (key, label id, scalar).
pub const RATES: &[(&str, &str)] = &[
    ("I14", "i14"),
    ("I16", "i16"),
    ("I17", "i17"),
    ("I20", "i20"),
];

/// A group's published numbers (for `query` output).
#[derive(Debug, Clone, Serialize)]
pub struct GroupSummary {
    pub articles: u64,
    pub with_woman_source: RateStat,
    pub shares: std::collections::BTreeMap<String, ShareStat>,
    pub rates: std::collections::BTreeMap<String, RateStat>,
    pub i12_hits: u64,
    pub i12_per_1000_syllables: Option<f64>,
    pub i13_marked_female: u64,
    pub i13_marked_male: u64,
    /// byline gender → source gender → sources
    pub i18_sources_by_author: std::collections::BTreeMap<String, ShareStat>,
}

impl GroupSummary {
    pub fn from_agg(a: &Agg) -> GroupSummary {
        let shares = SHARES
            .iter()
            .map(|(p, _)| (p.to_string(), a.share(p)))
            .collect();
        let rates = RATES
            .iter()
            .map(|(k, s)| (k.to_string(), a.rate(s)))
            .collect();
        let names = ["unknown", "female", "male"];
        let i18 = (0..3)
            .map(|r| {
                (
                    names[r].to_string(),
                    ShareStat::new(a.i18[r][0], a.i18[r][1], a.i18[r][2]),
                )
            })
            .collect();
        GroupSummary {
            articles: a.n,
            with_woman_source: RateStat::new(a.with_woman_source, a.n),
            shares,
            rates,
            i12_hits: a.scalar("i12_hits"),
            i12_per_1000_syllables: a.i12_density(),
            i13_marked_female: a.scalar("i13_female"),
            i13_marked_male: a.scalar("i13_male"),
            i18_sources_by_author: i18,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_reference_values() {
        // 5 of 10: [0.2366, 0.7634] (Wilson 1927; Newcombe 1998 table I)
        let (lo, hi) = wilson(5, 10).unwrap();
        assert!((lo - 0.2366).abs() < 1e-4 && (hi - 0.7634).abs() < 1e-4);
        // 0 of 10: [0, 0.2775]
        let (lo, hi) = wilson(0, 10).unwrap();
        assert!(lo == 0.0 && (hi - 0.2775).abs() < 1e-4);
        assert!(wilson(0, 0).is_none());
    }
}
