//! The shipped lexicons load, and broken entries give file:line errors.
use chisogioi::lexicon::{Lexicons, NameAnswer};
use std::path::Path;

fn lex() -> Lexicons {
    Lexicons::load(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("lexicons")
            .as_path(),
    )
    .unwrap()
}

#[test]
fn shipped_lexicons_load_with_versions() {
    let l = lex();
    for f in [
        "indicator-set",
        "stereo",
        "benevolent",
        "appear",
        "derog",
        "gmark",
        "family",
        "gbv",
        "persons",
        "titles",
        "say",
        "stance",
        "topics",
        "allow",
        "names",
    ] {
        assert!(l.versions.contains_key(f), "missing version for {f}");
    }
    for r in &l.flags {
        assert!(
            !r.vi.is_empty() && !r.en.is_empty() && !r.not_stereotype.is_empty(),
            "{}",
            r.id
        );
    }
}

fn copy_lexicons() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), d.path().join(e.file_name())).unwrap();
    }
    d
}

#[test]
fn broken_entry_names_file_and_line() {
    let d = copy_lexicons();
    let p = d.path().join("stereo.toml");
    let src = std::fs::read_to_string(&p).unwrap();
    // break the severity of the second entry
    let broken = src.replacen("severity = \"info\"", "severity = \"fatal\"", 1);
    let line = broken
        .lines()
        .position(|l| l.contains("\"fatal\""))
        .unwrap()
        + 1;
    std::fs::write(&p, broken).unwrap();
    let e = Lexicons::load(d.path()).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("stereo.toml"), "{msg}");
    assert!(msg.contains("severity must be"), "{msg}");
    // the entry's line (the [[entry]] header) is at or before the broken field
    assert!(e.line > 0 && e.line <= line, "{msg} vs {line}");
}

#[test]
fn empty_explanation_is_rejected() {
    let d = copy_lexicons();
    let p = d.path().join("gbv.toml");
    let src = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        src.replacen("en = \"Blames the victim's clothing.\"", "en = \"\"", 1),
    )
    .unwrap();
    let msg = Lexicons::load(d.path()).unwrap_err().to_string();
    assert!(
        msg.contains("gbv.toml:") && msg.contains("en of rule GBV-DRESS-BLAME is empty"),
        "{msg}"
    );
}

#[test]
fn toml_syntax_error_has_line() {
    let d = copy_lexicons();
    let p = d.path().join("titles.toml");
    let mut src = std::fs::read_to_string(&p).unwrap();
    src.push_str("\n[[title]\n");
    let lines = src.lines().count();
    std::fs::write(&p, src).unwrap();
    let e = Lexicons::load(d.path()).unwrap_err();
    assert!(e.to_string().contains("titles.toml"));
    assert!(e.line >= lines - 1, "{e}");
}

#[test]
fn bad_names_row_is_reported() {
    let d = copy_lexicons();
    let p = d.path().join("names.tsv");
    let mut src = std::fs::read_to_string(&p).unwrap();
    src.push_str("given\tLan\n");
    std::fs::write(&p, &src).unwrap();
    let e = Lexicons::load(d.path()).unwrap_err();
    assert_eq!(e.line, src.lines().count());
}

#[test]
fn name_priors_use_middle_name_for_ambiguous_given_names() {
    let l = lex();
    assert_eq!(l.names.guess("Tuấn Anh"), NameAnswer::Male);
    assert_eq!(l.names.guess("Vân Anh"), NameAnswer::Female);
    assert_eq!(l.names.guess("Thị Minh"), NameAnswer::Female);
    assert_eq!(l.names.guess("Văn Hà"), NameAnswer::Male);
    assert_eq!(l.names.guess("Lan"), NameAnswer::Female);
    assert_eq!(l.names.guess("Hùng"), NameAnswer::Male);
    // tone placement and ETH variants
    assert_eq!(l.names.guess("Thanh Thuỷ"), l.names.guess("Thanh Thủy"));
    assert_eq!(l.names.guess("Anh Ðức"), NameAnswer::Male);
}
