//! `extract` (being written).

pub mod cli;
