//! User-facing language. Vietnamese is the default; English on request.
//!
//! Messages are written inline at the call site as a pair, `lang.pick("…", "…")`,
//! so a reader sees both wordings together and none can go missing.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Choose the Vietnamese or the English wording.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
    /// Read `CHISOGIOI_LANG` (vi|en); default Vietnamese.
    pub fn from_env() -> Lang {
        match std::env::var("CHISOGIOI_LANG").as_deref() {
            Ok("en") | Ok("EN") => Lang::En,
            _ => Lang::Vi,
        }
    }
}
