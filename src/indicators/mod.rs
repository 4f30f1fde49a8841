//! `indicators` (being written).

pub mod cli;
