//! `quotes` (being written).
