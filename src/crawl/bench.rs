//! `bench crawl` (being written).
