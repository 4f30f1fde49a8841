//! Publication dates as Vietnamese outlets write them, normalised to RFC 3339 in UTC+7.
//!
//! Machine-readable sources (JSON-LD `datePublished`, `article:published_time`, `<time datetime>`)
//! come first; the visible forms are the fallback:
//! - "Thứ hai, 12/8/2024, 10:30 (GMT+7)" (VnExpress),
//! - "12/08/2024 10:30 GMT+7", "10:30 12/08/2024", "12-08-2024 - 10:30" (most CMSs),
//! - "ngày 12 tháng 8 năm 2024" (government and commune portals).
//!
//! Day-first is the Vietnamese order; month-first is never assumed. A time without a zone is
//! Vietnam time (UTC+7, no DST). A date without a time is returned as a plain `YYYY-MM-DD`
//! rather than inventing midnight.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use once_cell::sync::Lazy;
use regex::Regex;

fn vn() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("valid offset")
}

fn fmt(dt: DateTime<FixedOffset>) -> String {
    dt.with_timezone(&vn())
        .format("%Y-%m-%dT%H:%M:%S+07:00")
        .to_string()
}

fn local(d: NaiveDate, t: NaiveTime) -> String {
    match vn().from_local_datetime(&NaiveDateTime::new(d, t)).single() {
        Some(dt) => fmt(dt),
        None => d.format("%Y-%m-%d").to_string(),
    }
}

fn plausible(d: NaiveDate) -> bool {
    use chrono::Datelike;
    (1990..=2100).contains(&d.year())
}

/// Parse a machine-readable timestamp (ISO 8601 / RFC 3339 and common CMS variants).
pub fn parse_iso(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return plausible(dt.date_naive()).then(|| fmt(dt));
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S %z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(s, f) {
            return plausible(dt.date_naive()).then(|| fmt(dt));
        }
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
    ] {
        if let Ok(ndt) = NaiveDateTime::parse_from_str(s, f) {
            return plausible(ndt.date()).then(|| local(ndt.date(), ndt.time()));
        }
    }
    if let Some(d) = s
        .get(..10)
        .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
        && s.len() == 10
    {
        return plausible(d).then(|| d.format("%Y-%m-%d").to_string());
    }
    parse_vietnamese(s)
}

static DMY_TIME: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?x)
        (?:(?P<h1>\d{1,2})[:hg](?P<m1>\d{2})(?::\d{2})?\s*(?:,|-|\||\s)\s*(?:ngày\s*)?)?
        (?P<d>\d{1,2})\s*[/.\-]\s*(?P<mo>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})
        (?:\s*(?:,|-|\||\s)\s*(?:lúc\s*)?(?P<h2>\d{1,2})[:hg](?P<m2>\d{2})(?::\d{2})?)?",
    )
    .expect("valid regex")
});

static WORDY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?ix)
        (?:(?P<h1>\d{1,2})[:hg](?P<m1>\d{2})\D{0,12})?
        ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<mo>\d{1,2})\s+năm\s+(?P<y>\d{4})
        (?:\D{0,12}?(?P<h2>\d{1,2})[:hg](?P<m2>\d{2}))?",
    )
    .expect("valid regex")
});

/// Parse a visible Vietnamese date such as "Thứ hai, 12/8/2024, 10:30 (GMT+7)" or
/// "ngày 12 tháng 8 năm 2024".
pub fn parse_vietnamese(s: &str) -> Option<String> {
    // Case-fold and compose so "Ngày 12 Tháng 8 Năm 2024" and decomposed input match.
    let s = crate::extract::charset::nfc(s.to_lowercase());
    for re in [&*WORDY, &*DMY_TIME] {
        for c in re.captures_iter(&s) {
            let num = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
            let (Some(d), Some(mo), Some(y)) = (num("d"), num("mo"), num("y")) else {
                continue;
            };
            let Some(date) = NaiveDate::from_ymd_opt(y as i32, mo, d).filter(|d| plausible(*d))
            else {
                continue;
            };
            let time = num("h2")
                .zip(num("m2"))
                .or_else(|| num("h1").zip(num("m1")))
                .and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0));
            return Some(match time {
                Some(t) => local(date, t),
                None => date.format("%Y-%m-%d").to_string(),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_visible_forms() {
        let cases = [
            (
                "Thứ hai, 12/8/2024, 10:30 (GMT+7)",
                "2024-08-12T10:30:00+07:00",
            ),
            ("12/08/2024 10:30 GMT+7", "2024-08-12T10:30:00+07:00"),
            ("10:30 12/08/2024", "2024-08-12T10:30:00+07:00"),
            ("12-08-2024 - 10:30", "2024-08-12T10:30:00+07:00"),
            ("Cập nhật ngày 12 tháng 8 năm 2024", "2024-08-12"),
            (
                "09:05, Ngày 3 Tháng 1 Năm 2025",
                "2025-01-03T09:05:00+07:00",
            ),
            ("Ngày đăng: 03/01/2025 | 14h20", "2025-01-03T14:20:00+07:00"),
            ("Thứ Sáu, 01/11/2024", "2024-11-01"),
        ];
        for (input, want) in cases {
            assert_eq!(parse_vietnamese(input).as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert_eq!(parse_vietnamese("31/02/2024"), None);
        assert_eq!(parse_vietnamese("Số điện thoại 0912/345/6789"), None);
        assert_eq!(parse_vietnamese("không có ngày"), None);
    }

    #[test]
    fn iso_forms_are_moved_to_utc_plus_7() {
        assert_eq!(
            parse_iso("2024-08-12T03:30:00Z").as_deref(),
            Some("2024-08-12T10:30:00+07:00")
        );
        assert_eq!(
            parse_iso("2024-08-12T10:30:00+07:00").as_deref(),
            Some("2024-08-12T10:30:00+07:00")
        );
        assert_eq!(
            parse_iso("2024-08-12T10:30:00").as_deref(),
            Some("2024-08-12T10:30:00+07:00")
        );
        assert_eq!(
            parse_iso("2024-08-12T10:30:00+0700").as_deref(),
            Some("2024-08-12T10:30:00+07:00")
        );
        assert_eq!(parse_iso("2024-08-12").as_deref(), Some("2024-08-12"));
    }
}
