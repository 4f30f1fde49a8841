//! chisogioi — measuring gender in Vietnamese media against the
//! "Bộ chỉ số về giới trong truyền thông" (Decision 1790/QĐ-TTg).
//!
//! The data flow is one-way:
//! `crawl` (fetch) → `extract` → analyse (`text`, `lexicon`, `people`, `quotes`,
//! `indicators`) → `index` → `report` (and `web`, which only reads).
//! Each module depends only on the ones to its left in that chain.

pub mod cli;
pub mod crawl;
pub mod extract;
pub mod gold;
pub mod i18n;
pub mod index;
pub mod indicators;
pub mod lexicon;
pub mod model;
pub mod people;
pub mod quotes;
pub mod report;
pub mod text;
pub mod web;
