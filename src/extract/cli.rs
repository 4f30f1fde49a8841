//! Commands of the `extract` area (scaffolding: arguments and code are filled in by this area's work).

use crate::i18n::Lang;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ExtractArgs {}

pub fn extract(_args: ExtractArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "{}",
        lang.pick("lệnh này chưa có", "this command is not available yet")
    )
}

#[derive(clap::Args, Debug)]
pub struct EvalExtractArgs {}

pub fn eval_extract(_args: EvalExtractArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "{}",
        lang.pick("lệnh này chưa có", "this command is not available yet")
    )
}
