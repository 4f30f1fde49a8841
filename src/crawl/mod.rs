//! `crawl` (being written).

pub mod cli;
