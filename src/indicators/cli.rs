//! Commands of the `indicators` area (scaffolding: arguments and code are filled in by this area's work).

use crate::i18n::Lang;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ScoreArgs {}

pub fn score(_args: ScoreArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "{}",
        lang.pick("lệnh này chưa có", "this command is not available yet")
    )
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {}

pub fn check(_args: CheckArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "{}",
        lang.pick("lệnh này chưa có", "this command is not available yet")
    )
}

#[derive(clap::Args, Debug)]
pub struct EvalQuotesArgs {}

pub fn eval_quotes(_args: EvalQuotesArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "{}",
        lang.pick("lệnh này chưa có", "this command is not available yet")
    )
}

#[derive(clap::Args, Debug)]
pub struct EvalFlagsArgs {}

pub fn eval_flags(_args: EvalFlagsArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "{}",
        lang.pick("lệnh này chưa có", "this command is not available yet")
    )
}

#[derive(clap::Args, Debug)]
pub struct EvalNamesArgs {}

pub fn eval_names(_args: EvalNamesArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "{}",
        lang.pick("lệnh này chưa có", "this command is not available yet")
    )
}
