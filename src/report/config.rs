//! Targets, quotas and peak periods: data, not code (each officer is bound by a different
//! provincial plan).
//!
//! Read from `--config FILE`, else `$CHISOGIOI_LEXICONS/indicator-set.toml`, else
//! `lexicons/indicator-set.toml`; built-in defaults (the national programme and the plans
//! quoted in the indicator spec) fill whatever a file does not say. The reader is tolerant:
//! it accepts the report section either under `[report]` or at the top level, and both the
//! spellings below. Keys:
//!
//! ```toml
//! [report]
//! examples = 20                    # flagged passages shown as examples
//! outlet_compliance_min = 0.8      # an outlet-period is "đạt" when I20 ≥ this
//!
//! [targets]                        # share of outlets that must be compliant (QĐ 1790)
//! pilot_2025 = 0.70
//! official_2030 = 0.90
//!
//! [[report.target]]                # extra per-outlet targets (optional)
//! indicator = "I02"                # I01…I20; share indicators compare the women share,
//! min = 0.3                        # rate indicators the share of articles, I12 the density
//! # max = …
//!
//! [[quotas]]                       # or [[report.quota]]
//! outlet_type = "commune_portal"   # or outlet_types = [...]
//! per = "quarter"                  # month | quarter
//! min_ge_items = 4                 # or min_items
//! description = "…"                # Vietnamese label (description_en / label_en for English)
//!
//! [[peak_periods]]                 # or [[report.peak]]
//! name = "Ngày Phụ nữ Việt Nam"    # name_en optional
//! from = "20/10"                   # DD/MM (or MM-DD)
//! to = "20/10"
//! ```

use crate::model::OutletType;
use anyhow::{Context, bail};
use serde::Serialize;
use std::path::{Path, PathBuf};
use toml::Value;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub indicator: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    Month,
    Quarter,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quota {
    pub id: String,
    pub outlet_types: Vec<OutletType>,
    pub per: Per,
    pub min_items: u64,
    pub label_vi: String,
    pub label_en: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Peak {
    pub name_vi: String,
    pub name_en: String,
    /// (month, day)
    pub from: (u32, u32),
    pub to: (u32, u32),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportConfig {
    /// Where the configuration came from ("built-in defaults" or a path).
    pub source: String,
    pub examples: usize,
    pub outlet_compliance_min: f64,
    /// (label, share of outlets) e.g. ("pilot_2025", 0.7).
    pub agency_targets: Vec<(String, f64)>,
    pub targets: Vec<Target>,
    pub quotas: Vec<Quota>,
    pub peaks: Vec<Peak>,
}

fn peak(vi: &str, en: &str, from: (u32, u32), to: (u32, u32)) -> Peak {
    Peak {
        name_vi: vi.into(),
        name_en: en.into(),
        from,
        to,
    }
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            source: "built-in defaults".into(),
            examples: 20,
            outlet_compliance_min: 0.8,
            agency_targets: vec![("pilot_2025".into(), 0.70), ("official_2030".into(), 0.90)],
            targets: vec![],
            quotas: vec![
                Quota {
                    id: "commune_portal-quarter".into(),
                    outlet_types: vec![OutletType::CommunePortal],
                    per: Per::Quarter,
                    min_items: 4,
                    label_vi: "Hệ thống thông tin cơ sở cấp xã: ít nhất 4 tin, bài về bình đẳng giới mỗi quý".into(),
                    label_en: "Commune information system: at least 4 gender-equality items per quarter".into(),
                },
                Quota {
                    id: "broadcaster-month".into(),
                    outlet_types: vec![OutletType::Broadcaster, OutletType::MediaCentre],
                    per: Per::Month,
                    min_items: 1,
                    label_vi: "Đài PT-TH, trung tâm truyền thông: chuyên mục về bình đẳng giới mỗi tháng".into(),
                    label_en: "Radio/TV stations and media centres: a gender-equality column every month".into(),
                },
            ],
            peaks: vec![
                peak(
                    "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới",
                    "Action Month for Gender Equality and GBV Prevention and Response",
                    (11, 15),
                    (12, 15),
                ),
                peak("Ngày Quốc tế Phụ nữ (8/3)", "International Women's Day (8 March)", (3, 8), (3, 8)),
                peak("Ngày Quốc tế Hạnh phúc (20/3)", "International Day of Happiness (20 March)", (3, 20), (3, 20)),
                peak("Ngày Gia đình Việt Nam (28/6)", "Vietnamese Family Day (28 June)", (6, 28), (6, 28)),
                peak("Ngày Phụ nữ Việt Nam (20/10)", "Vietnamese Women's Day (20 October)", (10, 20), (10, 20)),
                peak(
                    "Ngày Quốc tế xóa bỏ bạo lực đối với phụ nữ (25/11)",
                    "International Day for the Elimination of Violence against Women (25 November)",
                    (11, 25),
                    (11, 25),
                ),
            ],
        }
    }
}

fn parse_day_month(s: &str, ctx: &str) -> anyhow::Result<(u32, u32)> {
    let s = s.trim();
    let (m, d) = if let Some((d, m)) = s.split_once('/') {
        (m, d)
    } else if let Some((m, d)) = s.split_once('-') {
        (m, d)
    } else {
        bail!("{ctx}: `{s}` is not a day of the year (write DD/MM, e.g. 15/11)");
    };
    let m: u32 = m
        .trim()
        .parse()
        .with_context(|| format!("{ctx}: bad month in `{s}`"))?;
    let d: u32 = d
        .trim()
        .parse()
        .with_context(|| format!("{ctx}: bad day in `{s}`"))?;
    if chrono::NaiveDate::from_ymd_opt(2024, m, d).is_none() {
        bail!("{ctx}: `{s}` is not a day of the year (write DD/MM, e.g. 15/11)");
    }
    Ok((m, d))
}

fn str_of<'a>(t: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| t.get(*k).and_then(Value::as_str))
}

fn num_of(t: &Value, keys: &[&str]) -> Option<f64> {
    keys.iter().find_map(|k| {
        t.get(*k)
            .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
    })
}

fn array<'a>(root: &'a Value, keys: &[&str]) -> Option<&'a Vec<Value>> {
    let report = root.get("report");
    for k in keys {
        if let Some(a) = report.and_then(|r| r.get(*k)).and_then(Value::as_array) {
            return Some(a);
        }
        if let Some(a) = root.get(*k).and_then(Value::as_array) {
            return Some(a);
        }
    }
    None
}

impl ReportConfig {
    /// Parse a configuration file's text (`source` names it in error messages).
    pub fn from_toml(text: &str, source: &str) -> anyhow::Result<ReportConfig> {
        let root: Value =
            toml::from_str(text).map_err(|e| anyhow::anyhow!("{source}: not valid TOML: {e}"))?;
        let mut c = ReportConfig {
            source: source.to_string(),
            ..Default::default()
        };
        let report = root.get("report");
        if let Some(r) = report {
            if let Some(n) = num_of(r, &["examples"]) {
                c.examples = n.max(0.0) as usize;
            }
            if let Some(n) = num_of(r, &["outlet_compliance_min", "compliance_min"]) {
                if !(0.0..=1.0).contains(&n) {
                    bail!("{source}: report.outlet_compliance_min must be between 0 and 1");
                }
                c.outlet_compliance_min = n;
            }
        }
        if let Some(t) = root.get("targets").and_then(Value::as_table) {
            let mut v: Vec<(String, f64)> = t
                .iter()
                .filter_map(|(k, v)| {
                    v.as_float()
                        .or_else(|| v.as_integer().map(|i| i as f64))
                        .map(|x| (k.clone(), x))
                })
                .collect();
            v.sort_by(|a, b| a.0.cmp(&b.0));
            if !v.is_empty() {
                c.agency_targets = v;
            }
        }
        if let Some(a) = array(&root, &["target", "outlet_targets"]) {
            c.targets.clear();
            for (i, t) in a.iter().enumerate() {
                let ctx = format!("{source}: target #{}", i + 1);
                let ind = str_of(t, &["indicator", "id"])
                    .with_context(|| format!("{ctx}: missing `indicator` (I01…I20)"))?
                    .to_uppercase();
                if !super::build::INDICATOR_IDS.contains(&ind.as_str()) {
                    bail!("{ctx}: unknown indicator `{ind}` (I01…I20)");
                }
                let min = num_of(t, &["min"]);
                let max = num_of(t, &["max"]);
                if min.is_none() && max.is_none() {
                    bail!("{ctx}: give `min` or `max`");
                }
                c.targets.push(Target {
                    indicator: ind,
                    min,
                    max,
                });
            }
        }
        if let Some(a) = array(&root, &["quota", "quotas"]) {
            c.quotas.clear();
            for (i, q) in a.iter().enumerate() {
                let ctx = format!("{source}: quota #{}", i + 1);
                let mut types = Vec::new();
                if let Some(t) = str_of(q, &["outlet_type"]) {
                    types.push(t.to_string());
                }
                if let Some(ts) = q.get("outlet_types").and_then(Value::as_array) {
                    types.extend(ts.iter().filter_map(|v| v.as_str().map(str::to_string)));
                }
                if types.is_empty() {
                    bail!("{ctx}: missing `outlet_type`");
                }
                let outlet_types = types
                    .iter()
                    .map(|t| {
                        crate::index::store::parse_outlet_type(t)
                            .with_context(|| format!("{ctx}: unknown outlet type `{t}`"))
                    })
                    .collect::<anyhow::Result<Vec<_>>>()?;
                let per = match str_of(q, &["per"]).unwrap_or("quarter") {
                    "month" => Per::Month,
                    "quarter" => Per::Quarter,
                    other => bail!("{ctx}: per = `{other}`: use month or quarter"),
                };
                let min_items = num_of(q, &["min_ge_items", "min_items", "min"])
                    .with_context(|| format!("{ctx}: missing `min_ge_items`"))?
                    .max(0.0) as u64;
                let label_vi = str_of(q, &["description", "label_vi", "description_vi"])
                    .unwrap_or("")
                    .to_string();
                let label_en = str_of(q, &["description_en", "label_en"])
                    .map(str::to_string)
                    .unwrap_or_else(|| {
                        format!(
                            "{}: at least {min_items} gender-equality item(s) per {}",
                            types.join(", "),
                            if per == Per::Month {
                                "month"
                            } else {
                                "quarter"
                            }
                        )
                    });
                c.quotas.push(Quota {
                    id: str_of(q, &["id"])
                        .map(str::to_string)
                        .unwrap_or_else(|| format!("{}-{:?}", types.join("+"), per).to_lowercase()),
                    outlet_types,
                    per,
                    min_items,
                    label_vi: if label_vi.is_empty() {
                        label_en.clone()
                    } else {
                        label_vi
                    },
                    label_en,
                });
            }
        }
        if let Some(a) = array(&root, &["peak", "peaks", "peak_periods"]) {
            c.peaks.clear();
            for (i, p) in a.iter().enumerate() {
                let ctx = format!("{source}: peak period #{}", i + 1);
                let name_vi = str_of(p, &["name", "name_vi"])
                    .with_context(|| format!("{ctx}: missing `name`"))?
                    .to_string();
                let from = parse_day_month(
                    str_of(p, &["from"]).with_context(|| format!("{ctx}: missing `from`"))?,
                    &ctx,
                )?;
                let to = match str_of(p, &["to"]) {
                    Some(t) => parse_day_month(t, &ctx)?,
                    None => from,
                };
                c.peaks.push(Peak {
                    name_en: str_of(p, &["name_en"]).unwrap_or(&name_vi).to_string(),
                    name_vi,
                    from,
                    to,
                });
            }
        }
        Ok(c)
    }

    /// Load `path`, or discover the configuration as described in the module docs.
    pub fn load(path: Option<&Path>) -> anyhow::Result<ReportConfig> {
        let candidates: Vec<PathBuf> = match path {
            Some(p) => vec![p.to_path_buf()],
            None => {
                let mut v = Vec::new();
                if let Ok(d) = std::env::var("CHISOGIOI_LEXICONS") {
                    v.push(Path::new(&d).join("indicator-set.toml"));
                }
                v.push(PathBuf::from("lexicons/indicator-set.toml"));
                v
            }
        };
        for p in &candidates {
            if p.exists() {
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("cannot read {}", p.display()))?;
                return ReportConfig::from_toml(&text, &p.display().to_string());
            }
        }
        if let Some(p) = path {
            bail!("configuration file {} does not exist", p.display());
        }
        Ok(ReportConfig::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_indicator_set_layout() {
        let t = r#"
[targets]
pilot_2025 = 0.75
[[quotas]]
outlet_type = "commune_portal"
per = "quarter"
min_ge_items = 5
description = "Xã: 5 tin mỗi quý"
[[peak_periods]]
name = "Ngày Phụ nữ Việt Nam"
from = "20/10"
to = "20/10"
"#;
        let c = ReportConfig::from_toml(t, "x.toml").unwrap();
        assert_eq!(c.agency_targets, vec![("pilot_2025".to_string(), 0.75)]);
        assert_eq!(c.quotas.len(), 1);
        assert_eq!(c.quotas[0].min_items, 5);
        assert_eq!(c.quotas[0].outlet_types, vec![OutletType::CommunePortal]);
        assert_eq!(c.peaks.len(), 1);
        assert_eq!(c.peaks[0].from, (10, 20));
        // what the file does not say keeps its default
        assert_eq!(c.examples, 20);
    }

    #[test]
    fn reads_the_report_section_and_rejects_bad_entries() {
        let t = r#"
[report]
examples = 5
outlet_compliance_min = 0.9
[[report.target]]
indicator = "i02"
min = 0.3
[[report.peak]]
name = "Tháng hành động"
from = "11-15"
to = "12-15"
"#;
        let c = ReportConfig::from_toml(t, "x.toml").unwrap();
        assert_eq!(c.examples, 5);
        assert_eq!(c.targets[0].indicator, "I02");
        assert_eq!(c.peaks[0].to, (12, 15));
        assert_eq!(c.quotas.len(), 2, "default quotas kept");
        let bad = "[[quotas]]\noutlet_type = \"tv\"\nmin_ge_items = 1\n";
        let e = ReportConfig::from_toml(bad, "y.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("y.toml") && e.contains("tv"), "{e}");
        let e = ReportConfig::from_toml("[[peaks]]\nname='x'\nfrom='31/02'\n", "z.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("31/02"), "{e}");
        assert!(ReportConfig::from_toml("not = [toml", "w.toml").is_err());
    }
}
