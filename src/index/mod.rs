//! The article index (tantivy): one document per scored article, upserted by normalised URL
//! and content hash, with every indicator count as a fast field so per-outlet, per-month
//! aggregates run on columns without reading stored documents.
//!
//! - [`schema`]: fields, the numeric measures, the analyzer registration;
//! - [`store`]: building documents and upserting them;
//! - [`search`]: filters, full-text queries, aggregation collectors;
//! - [`stats`]: sums, women shares, rates and 95% Wilson intervals;
//! - [`export`]: the articles/people/quotes tables for researchers;
//! - [`bench`]: synthetic indexes for the `bench index` command.

pub mod bench;
pub mod cli;
pub mod export;
pub mod schema;
pub mod search;
pub mod stats;
pub mod store;

pub use schema::{Fields, open, open_or_create, register_tokenizers};
pub use search::{Dim, Filter, Where, aggregate, matching};
pub use stats::{Agg, GroupSummary, RateStat, ShareStat, wilson};
pub use store::{IndexStore, StoredRecord, Upsert, UpsertStats, read_record};

/// Default index location, relative to the working directory.
pub const DEFAULT_INDEX_DIR: &str = "out/index";
