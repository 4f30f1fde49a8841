//! Commands of the `text` area (scaffolding: arguments and code are filled in by this area's work).

use crate::i18n::Lang;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct TokenizeArgs {}

pub fn tokenize(_args: TokenizeArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "{}",
        lang.pick("lệnh này chưa có", "this command is not available yet")
    )
}

#[derive(clap::Args, Debug)]
pub struct TrainSegmenterArgs {}

pub fn train_segmenter(_args: TrainSegmenterArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "{}",
        lang.pick("lệnh này chưa có", "this command is not available yet")
    )
}

#[derive(clap::Args, Debug)]
pub struct EvalSegmentArgs {}

pub fn eval_segment(_args: EvalSegmentArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "{}",
        lang.pick("lệnh này chưa có", "this command is not available yet")
    )
}
