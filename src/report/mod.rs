//! `report` (being written).

pub mod cli;
