//! Period reports and the monthly scan.
//!
//! - [`period`]: months, quarters, half-years, years and date ranges, and the period before;
//! - [`config`]: targets, quotas and peak periods read from the indicator-set configuration;
//! - [`build`]: the report computed from the index (per-outlet I01–I20, compliance, quotas,
//!   peak periods, change against the previous period, example passages);
//! - [`render`]: XLSX, CSV, JSON and self-contained HTML;
//! - [`scan`]: crawl/collected material → extract → score → index, then the report.

pub mod build;
pub mod cli;
pub mod config;
pub mod period;
pub mod render;
pub mod scan;

pub use build::{Report, Selection, build_report};
pub use config::ReportConfig;
pub use period::Period;
pub use render::{ReportFormat, render};
