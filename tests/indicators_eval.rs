//! `eval quotes|flags|names` on small gold files written here (our own sentences, offsets in
//! characters of title + "\n" + text, as in shared/spec/gold-format.md).
use std::process::Command;

fn chars(hay: &str, needle: &str) -> [usize; 2] {
    let b = hay.find(needle).expect(needle);
    let s = hay[..b].chars().count();
    [s, s + needle.chars().count()]
}

fn run(args: &[&str]) -> serde_json::Value {
    let o = Command::new(env!("CARGO_BIN_EXE_chisogioi"))
        .args(args)
        .env(
            "CHISOGIOI_LEXICONS",
            concat!(env!("CARGO_MANIFEST_DIR"), "/lexicons"),
        )
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn eval_quotes_matches_spans_in_characters_and_speakers() {
    let title = "Giá rau tăng mạnh ở chợ đầu mối";
    let text = "Chị Trần Thị Mai, tiểu thương chợ Bến Thành, cho biết giá rau đã tăng gấp đôi từ đầu tuần.\n“Mưa lớn kéo dài nên hàng về ít, khách cũng ngại đi chợ”, ông Phạm Văn Hải nói.";
    let full = format!("{title}\n{text}");
    let rec = serde_json::json!({
        "id": "g1", "title": title, "text": text,
        "people": [
            {"id": "p1", "name": "Trần Thị Mai", "gender": "female", "role": "citizen", "mentions": [chars(&full, "Chị Trần Thị Mai")]},
            {"id": "p2", "name": "Phạm Văn Hải", "gender": "male", "role": "citizen", "mentions": [chars(&full, "ông Phạm Văn Hải")]},
        ],
        "quotes": [
            {"span": chars(&full, "giá rau đã tăng gấp đôi từ đầu tuần"), "speaker": "p1", "direct": false},
            {"span": chars(&full, "Mưa lớn kéo dài nên hàng về ít, khách cũng ngại đi chợ"), "speaker": "p2", "direct": true},
        ],
    });
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("gold.jsonl");
    std::fs::write(&p, format!("{rec}\n")).unwrap();
    let r = run(&[
        "eval",
        "quotes",
        "--gold",
        p.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(r["quotes_loose"]["recall"], 1.0, "{r}");
    assert_eq!(r["quotes_strict"]["precision"], 1.0, "{r}");
    assert_eq!(r["speaker_match"], 1.0, "{r}");
    assert_eq!(r["sources_female"]["recall"], 1.0);
    assert_eq!(r["women_source_share"]["abs_error_points"], 0.0);
}

#[test]
fn eval_flags_reports_stance_accuracy() {
    let text = "Phái yếu luôn cần được che chở. Cần xóa bỏ định kiến “phụ nữ chỉ lo bếp núc”.";
    let full = format!("\n{text}");
    let rec = serde_json::json!({
        "id": "f1", "title": "", "text": text,
        "flags": [
            {"span": chars(&full, "Phái yếu"), "category": "STEREO", "stance": "endorsed"},
            {"span": chars(&full, "chỉ lo bếp núc"), "category": "STEREO", "stance": "critiqued"},
        ],
    });
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("flags.jsonl");
    std::fs::write(&p, format!("{rec}\n")).unwrap();
    let r = run(&[
        "eval",
        "flags",
        "--gold",
        p.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(r["recall"], 1.0, "{r}");
    assert_eq!(r["stance_accuracy"], 1.0, "{r}");
}

#[test]
fn eval_names_counts_coverage_and_both_rows() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("names.tsv");
    std::fs::write(&p, "name\tgender\nTuấn Anh\tmale\nVân Anh\tfemale\nThị Lan\tfemale\nXyz Qwv\tmale\nMinh Tâm\tboth\n").unwrap();
    let r = run(&[
        "eval",
        "names",
        "--tsv",
        p.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(r["rows"], 4);
    assert_eq!(r["accuracy"], 1.0, "{r}");
    assert_eq!(r["coverage"], 0.75, "{r}");
    let both = &r["both_rows_answered"];
    assert_eq!(
        both["female"].as_u64().unwrap()
            + both["male"].as_u64().unwrap()
            + both["both"].as_u64().unwrap()
            + both["unknown"].as_u64().unwrap(),
        1
    );
}
