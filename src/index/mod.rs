//! `index` (being written).

pub mod cli;
