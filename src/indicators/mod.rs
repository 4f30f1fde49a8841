//! The indicator engine: one [`Article`] in, one [`Scorecard`] out.
//!
//! API contract used by `index`, `report`, `scan` and `web` (internals being written):
//! [`Engine::load`] reads the lexicons and the indicator-set configuration once;
//! [`Engine::score`] is pure and thread-safe, so callers run it under rayon.

pub mod cli;

use crate::model::{Article, Scorecard};
use std::path::Path;

pub struct Engine {
    _private: (),
}

impl Engine {
    /// Load lexicons and configuration from a `lexicons/` directory.
    pub fn load(dir: &Path) -> anyhow::Result<Engine> {
        let _ = dir;
        Ok(Engine { _private: () })
    }
    /// Load from `$CHISOGIOI_LEXICONS`, else `./lexicons`, else the copy next to the executable's crate.
    pub fn load_default() -> anyhow::Result<Engine> {
        Engine::load(Path::new("lexicons"))
    }
    /// Score one article. Deterministic; safe to call from many threads.
    pub fn score(&self, article: &Article) -> Scorecard {
        Scorecard {
            article_id: article.id.clone(),
            ..Default::default()
        }
    }
}
