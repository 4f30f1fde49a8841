//! `web` (being written).

pub mod cli;
