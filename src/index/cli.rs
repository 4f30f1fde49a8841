//! Commands of the `index` area (scaffolding: arguments and code are filled in by this area's work).

use crate::i18n::Lang;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct QueryArgs {}

pub fn query(_args: QueryArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "{}",
        lang.pick("lệnh này chưa có", "this command is not available yet")
    )
}

#[derive(clap::Args, Debug)]
pub struct RescoreArgs {}

pub fn rescore(_args: RescoreArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "{}",
        lang.pick("lệnh này chưa có", "this command is not available yet")
    )
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {}

pub fn export(_args: ExportArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "{}",
        lang.pick("lệnh này chưa có", "this command is not available yet")
    )
}

#[derive(clap::Args, Debug)]
pub struct BenchIndexArgs {}

pub fn bench_index(_args: BenchIndexArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "{}",
        lang.pick("lệnh này chưa có", "this command is not available yet")
    )
}
