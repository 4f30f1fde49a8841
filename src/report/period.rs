//! Reporting periods: `2024-11`, `2024-Q4`, `2024-H2`, `2024`, or `FROM..TO`.
//!
//! Plans set different deadlines (six-monthly before 10/6, yearly before 10/12 or 15/12), so
//! any date range works; named periods exist because that is how officers speak of them.
//! The previous period is the same kind of period just before (the month before, the
//! quarter before…); for a date range it is the range of equal length ending the day before.

use crate::index::store::Day;
use anyhow::{Context, bail};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Month,
    Quarter,
    Half,
    Year,
    Range,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub kind: Kind,
    /// As written canonically: `2024-11`, `2024-Q4`, `2024-H2`, `2024`, `2024-11-15..2024-12-15`.
    pub label: String,
    #[serde(serialize_with = "ser_day")]
    pub from: Day,
    #[serde(serialize_with = "ser_day")]
    pub to: Day,
}

fn ser_day<S: serde::Serializer>(d: &Day, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.naive().format("%Y-%m-%d").to_string())
}

fn ymd(y: i32, m: u32, d: u32) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).with_context(|| format!("{y}-{m:02}-{d:02} is not a date"))
}

fn last_of_month(y: i32, m: u32) -> anyhow::Result<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    Ok(ymd(ny, nm, 1)?.pred_opt().expect("valid"))
}

fn parse_date(s: &str) -> anyhow::Result<NaiveDate> {
    for fmt in ["%Y-%m-%d", "%d/%m/%Y", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s.trim(), fmt) {
            return Ok(d);
        }
    }
    bail!("`{s}` is not a date (expected YYYY-MM-DD)")
}

fn year(s: &str) -> anyhow::Result<i32> {
    let y: i32 = s.parse().with_context(|| format!("`{s}` is not a year"))?;
    if !(1900..=2200).contains(&y) {
        bail!("year {y} is out of range");
    }
    Ok(y)
}

impl Period {
    fn new(kind: Kind, label: String, from: NaiveDate, to: NaiveDate) -> Period {
        Period {
            kind,
            label,
            from: Day::from_naive(from),
            to: Day::from_naive(to),
        }
    }

    pub fn month(y: i32, m: u32) -> anyhow::Result<Period> {
        Ok(Period::new(
            Kind::Month,
            format!("{y}-{m:02}"),
            ymd(y, m, 1)?,
            last_of_month(y, m)?,
        ))
    }
    pub fn quarter(y: i32, q: u32) -> anyhow::Result<Period> {
        if !(1..=4).contains(&q) {
            bail!("quarter must be Q1–Q4");
        }
        Ok(Period::new(
            Kind::Quarter,
            format!("{y}-Q{q}"),
            ymd(y, q * 3 - 2, 1)?,
            last_of_month(y, q * 3)?,
        ))
    }
    pub fn half(y: i32, h: u32) -> anyhow::Result<Period> {
        if !(1..=2).contains(&h) {
            bail!("half-year must be H1 or H2");
        }
        Ok(Period::new(
            Kind::Half,
            format!("{y}-H{h}"),
            ymd(y, h * 6 - 5, 1)?,
            last_of_month(y, h * 6)?,
        ))
    }
    pub fn year(y: i32) -> anyhow::Result<Period> {
        Ok(Period::new(
            Kind::Year,
            format!("{y}"),
            ymd(y, 1, 1)?,
            ymd(y, 12, 31)?,
        ))
    }
    pub fn range(from: NaiveDate, to: NaiveDate) -> anyhow::Result<Period> {
        if to < from {
            bail!("the period ends ({to}) before it starts ({from})");
        }
        Ok(Period::new(
            Kind::Range,
            format!("{}..{}", from.format("%Y-%m-%d"), to.format("%Y-%m-%d")),
            from,
            to,
        ))
    }

    /// Parse a period as officers write it.
    pub fn parse(s: &str) -> anyhow::Result<Period> {
        let s = s.trim();
        let err = || {
            format!(
                "`{s}` is not a period: use 2024-11 (month), 2024-Q4 (quarter), 2024-H2 (half-year), 2024 (year) or 2024-11-15..2024-12-15"
            )
        };
        if let Some((a, b)) = s.split_once("..") {
            return Period::range(
                parse_date(a).with_context(err)?,
                parse_date(b).with_context(err)?,
            );
        }
        let up = s.to_uppercase();
        if let Some((y, rest)) = up.split_once('-') {
            let y = year(y).with_context(err)?;
            if let Some(q) = rest.strip_prefix('Q') {
                return Period::quarter(y, q.parse().with_context(err)?).with_context(err);
            }
            if let Some(h) = rest.strip_prefix('H') {
                return Period::half(y, h.parse().with_context(err)?).with_context(err);
            }
            let m: u32 = rest.parse().with_context(err)?;
            if !(1..=12).contains(&m) {
                bail!("{}", err());
            }
            return Period::month(y, m);
        }
        // MM/YYYY as written in Vietnamese documents
        if let Some((m, y)) = s.split_once('/') {
            let m: u32 = m.parse().with_context(err)?;
            if !(1..=12).contains(&m) {
                bail!("{}", err());
            }
            return Period::month(year(y).with_context(err)?, m);
        }
        Period::year(year(s).with_context(err)?)
    }

    /// The period of the same kind just before this one.
    pub fn previous(&self) -> Period {
        let f = self.from.naive();
        let y = f.year();
        let r = match self.kind {
            Kind::Month => {
                let (py, pm) = if f.month() == 1 {
                    (y - 1, 12)
                } else {
                    (y, f.month() - 1)
                };
                Period::month(py, pm)
            }
            Kind::Quarter => {
                let q = (f.month() - 1) / 3 + 1;
                if q == 1 {
                    Period::quarter(y - 1, 4)
                } else {
                    Period::quarter(y, q - 1)
                }
            }
            Kind::Half => {
                if f.month() <= 6 {
                    Period::half(y - 1, 2)
                } else {
                    Period::half(y, 1)
                }
            }
            Kind::Year => Period::year(y - 1),
            Kind::Range => {
                let t = self.to.naive();
                let to = f.pred_opt().expect("valid");
                // Whole calendar months (e.g. 09-01..11-30) compare with the same number of
                // whole months before; other ranges with the same number of days before.
                let whole_months = f.day() == 1 && t.succ_opt().is_none_or(|n| n.day() == 1);
                let months = (t.year() - y) * 12 + t.month() as i32 - f.month() as i32 + 1;
                match f.checked_sub_months(chrono::Months::new(months.max(1) as u32)) {
                    Some(from) if whole_months => Period::range(from, to),
                    _ => {
                        let len = (t - f).num_days();
                        Period::range(to - chrono::Days::new(len as u64), to)
                    }
                }
            }
        };
        r.expect("previous of a valid period is valid")
    }

    pub fn contains(&self, d: Day) -> bool {
        self.from <= d && d <= self.to
    }

    /// Calendar months touching the period, as (year, month, fully inside?).
    pub fn months(&self) -> Vec<(i32, u32, bool)> {
        let mut v = Vec::new();
        let (mut y, mut m) = (self.from.y, self.from.m);
        while (y, m) <= (self.to.y, self.to.m) {
            let p = Period::month(y, m).expect("valid");
            v.push((y, m, self.from <= p.from && p.to <= self.to));
            if m == 12 {
                y += 1;
                m = 1;
            } else {
                m += 1;
            }
        }
        v
    }

    /// Calendar quarters touching the period, as (year, quarter, fully inside?).
    pub fn quarters(&self) -> Vec<(i32, u32, bool)> {
        let mut v: Vec<(i32, u32, bool)> = Vec::new();
        for (y, m, _) in self.months() {
            let q = (m - 1) / 3 + 1;
            if v.last().map(|l| (l.0, l.1)) != Some((y, q)) {
                let p = Period::quarter(y, q).expect("valid");
                v.push((y, q, self.from <= p.from && p.to <= self.to));
            }
        }
        v
    }

    /// Number of days in the period.
    pub fn days(&self) -> i64 {
        (self.to.naive() - self.from.naive()).num_days() + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_named_periods_and_ranges() {
        let p = Period::parse("2024-11").unwrap();
        assert_eq!((p.from.yyyymmdd(), p.to.yyyymmdd()), (20241101, 20241130));
        let p = Period::parse("2024-q4").unwrap();
        assert_eq!((p.from.yyyymmdd(), p.to.yyyymmdd()), (20241001, 20241231));
        let p = Period::parse("2024-H1").unwrap();
        assert_eq!((p.from.yyyymmdd(), p.to.yyyymmdd()), (20240101, 20240630));
        let p = Period::parse("2024").unwrap();
        assert_eq!(p.days(), 366);
        let p = Period::parse("2024-11-15..2024-12-15").unwrap();
        assert_eq!(p.days(), 31);
        assert_eq!(Period::parse("02/2024").unwrap().to.d, 29);
        for bad in [
            "2024-13",
            "2024-Q5",
            "2024-H3",
            "abc",
            "2024-12-01..2024-11-01",
            "",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn previous_periods() {
        assert_eq!(
            Period::parse("2024-01").unwrap().previous().label,
            "2023-12"
        );
        assert_eq!(
            Period::parse("2024-Q1").unwrap().previous().label,
            "2023-Q4"
        );
        assert_eq!(
            Period::parse("2024-H1").unwrap().previous().label,
            "2023-H2"
        );
        assert_eq!(Period::parse("2024").unwrap().previous().label, "2023");
        let r = Period::parse("2024-11-15..2024-12-15").unwrap().previous();
        assert_eq!(r.label, "2024-10-15..2024-11-14");
        // whole months compare with as many whole months before, not as many days
        let r = Period::parse("2025-09-01..2025-11-30").unwrap().previous();
        assert_eq!(r.label, "2025-06-01..2025-08-31");
        let r = Period::parse("2024-03-01..2024-03-31").unwrap().previous();
        assert_eq!(r.label, "2024-02-01..2024-02-29");
    }

    #[test]
    fn months_and_quarters_touching_a_range() {
        let p = Period::parse("2024-11-15..2025-01-31").unwrap();
        let m = p.months();
        assert_eq!(
            m,
            vec![(2024, 11, false), (2024, 12, true), (2025, 1, true)]
        );
        assert_eq!(p.quarters(), vec![(2024, 4, false), (2025, 1, false)]);
    }
}
