//! Commands of the `report` area (scaffolding: arguments and code are filled in by this area's work).

use crate::i18n::Lang;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ScanArgs {}

pub fn scan(_args: ScanArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "{}",
        lang.pick("lệnh này chưa có", "this command is not available yet")
    )
}

#[derive(clap::Args, Debug)]
pub struct ReportArgs {}

pub fn report(_args: ReportArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "{}",
        lang.pick("lệnh này chưa có", "this command is not available yet")
    )
}
