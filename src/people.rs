//! `people` (being written).
