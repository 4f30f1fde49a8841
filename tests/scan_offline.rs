//! `chisogioi scan --from-dir`: collected material → index → report, end to end through the
//! real binary and the (current) indicator engine.

mod index_support;

use index_support::*;
use std::path::Path;
use std::process::Command;

fn write_corpus(dir: &Path) {
    let mut registry = String::new();
    for o in outlets() {
        registry.push_str(&format!(
            "[[outlet]]\nid = \"{}\"\nname = \"{}\"\ntype = \"{}\"\nprovince = \"{}\"\nhome = \"{}\"\n\n",
            o.id,
            o.name,
            o.kind.as_str(),
            o.province.as_deref().unwrap_or(""),
            o.home
        ));
    }
    std::fs::write(dir.join("outlets.toml"), registry).unwrap();
    let mut by_outlet: std::collections::BTreeMap<String, String> = Default::default();
    for (a, o, _) in corpus() {
        let line = serde_json::to_string(&a).unwrap();
        let e = by_outlet.entry(o.id.clone()).or_default();
        e.push_str(&line);
        e.push('\n');
    }
    for (id, body) in &by_outlet {
        std::fs::write(dir.join(format!("{id}.jsonl")), body).unwrap();
    }
    // one article without `outlet`, placed in a folder named after its outlet
    let sub = dir.join("ptth-hailam");
    std::fs::create_dir_all(&sub).unwrap();
    let mut a = article(
        "ptth-hailam",
        99,
        "2024-11-20",
        "Bản tin tối: phụ nữ khởi nghiệp",
    );
    a.outlet = None;
    std::fs::write(
        sub.join("extra.jsonl"),
        serde_json::to_string(&a).unwrap() + "\n",
    )
    .unwrap();
    // a broken line: reported with file and line, the rest is processed
    std::fs::write(
        dir.join("zz-broken.jsonl"),
        "{\"id\": \"ok-1\", \"outlet\": \"nhatbao-sao\", \"title\": \"Tin ngắn\", \"date\": \"2024-12-02\"}\n{not json\n",
    )
    .unwrap();
}

fn run_scan(dir: &Path, out: &Path, extra: &[&str]) -> String {
    let exe = env!("CARGO_BIN_EXE_chisogioi");
    let o = Command::new(exe)
        .args(["scan", "--quiet", "--period", "2024-Q4", "--from-dir"])
        .arg(dir)
        .arg("--out")
        .arg(out)
        .args(extra)
        .env_remove("CHISOGIOI_LANG")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        o.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    stdout
}

#[test]
fn scanning_twice_gives_the_same_index_and_report() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus_dir = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus_dir).unwrap();
    write_corpus(&corpus_dir);
    let out = tmp.path().join("out");

    let first = run_scan(&corpus_dir, &out, &[]);
    // 14 corpus articles + 1 in the outlet folder + 1 valid line of the broken file
    assert!(first.contains("16 mới"), "{first}");
    assert!(
        first.contains("zz-broken.jsonl:2"),
        "the bad line is named: {first}"
    );
    let report = out.join("report-2024-Q4.html");
    assert!(
        first.contains(&report.display().to_string()),
        "says where the report is: {first}"
    );
    let names = ["html", "xlsx", "json", "csv"].map(|e| out.join(format!("report-2024-Q4.{e}")));
    let bytes1: Vec<Vec<u8>> = names.iter().map(|p| std::fs::read(p).unwrap()).collect();

    let second = run_scan(&corpus_dir, &out, &["--lang", "vi"]);
    assert!(
        second.contains("0 mới, 0 cập nhật, 16 không đổi"),
        "{second}"
    );
    let bytes2: Vec<Vec<u8>> = names.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert_eq!(bytes1, bytes2, "same report bytes");

    // the article found by folder was attributed to its outlet, and the report covers it
    let j: serde_json::Value = serde_json::from_slice(&bytes1[2]).unwrap();
    let ptth = j["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["outlet"] == "ptth-hailam")
        .unwrap();
    assert_eq!(ptth["articles"], 4);

    // query and export work on the scan's index
    let exe = env!("CARGO_BIN_EXE_chisogioi");
    let q = Command::new(exe)
        .args([
            "--lang",
            "en",
            "query",
            "--by",
            "outlet,quarter",
            "--format",
            "csv",
            "--index",
        ])
        .arg(out.join("index"))
        .output()
        .unwrap();
    assert!(q.status.success());
    let csv_text = String::from_utf8(q.stdout).unwrap();
    assert!(csv_text.starts_with("outlet,quarter,articles,"));
    assert!(csv_text.contains("xa-binhminh,2024-Q4,6,"), "{csv_text}");
    let e = Command::new(exe)
        .args([
            "export",
            "--table",
            "articles",
            "--fields",
            "article_id,outlet,date,i20",
            "--index",
        ])
        .arg(out.join("index"))
        .output()
        .unwrap();
    assert!(e.status.success());
    assert_eq!(String::from_utf8(e.stdout).unwrap().lines().count(), 1 + 16);
}

#[test]
fn only_selected_outlets_and_clear_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus_dir = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus_dir).unwrap();
    write_corpus(&corpus_dir);
    let out = tmp.path().join("out");
    let s = run_scan(
        &corpus_dir,
        &out,
        &["--only", "xa-binhminh", "--lang", "en", "--formats", "json"],
    );
    assert!(s.contains("7 added"), "{s}");
    let j: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report-2024-Q4.json")).unwrap()).unwrap();
    assert_eq!(j["outlets"].as_array().unwrap().len(), 1);

    let exe = env!("CARGO_BIN_EXE_chisogioi");
    for (args, needle) in [
        (
            vec![
                "scan",
                "--from-dir",
                "/nonexistent/chisogioi",
                "--period",
                "2024-11",
            ],
            "nonexistent",
        ),
        (vec!["scan", "--period", "2024-13"], "2024-13"),
        (
            vec![
                "report",
                "--period",
                "2024-11",
                "--index",
                "/nonexistent/idx",
            ],
            "scan",
        ),
    ] {
        let o = Command::new(exe)
            .args(&args)
            .arg("--lang")
            .arg("en")
            .output()
            .unwrap();
        assert!(!o.status.success());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}
