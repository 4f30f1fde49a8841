//! The `check` and `score` commands, run as the real binary.
use std::io::Write;
use std::process::{Command, Stdio};

fn run(args: &[&str], stdin: &str, dir: &std::path::Path) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_chisogioi"))
        .args(args)
        .current_dir(dir)
        .env(
            "CHISOGIOI_LEXICONS",
            concat!(env!("CARGO_MANIFEST_DIR"), "/lexicons"),
        )
        .env_remove("CHISOGIOI_LANG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // the process may exit before reading (a bad config): a broken pipe here is expected
    let _ = c.stdin.take().unwrap().write_all(stdin.as_bytes());
    let o = c.wait_with_output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

const DRAFT: &str = "Nữ tài xế gây tai nạn\nCông an huyện đang điều tra vụ xâm hại. Nạn nhân ăn mặc hở hang nên bị theo dõi.\nBà Nguyễn Thị Lan, Trưởng Công an huyện, cho biết vụ việc đang được làm rõ.\n";

#[test]
fn check_human_output_is_linter_style_and_fails_on_error() {
    let d = tempfile::tempdir().unwrap();
    let (code, out, _) = run(&["check", "-"], DRAFT, d.path());
    assert_eq!(code, 1, "{out}");
    // line:col-line:col  severity  message  (suggestion)  rule-id
    let line = out
        .lines()
        .find(|l| l.contains("GBV-DRESS-BLAME"))
        .expect(&out);
    assert!(line.starts_with("-:2:"), "{line}");
    assert!(line.contains("  lỗi  "), "{line}");
    assert!(line.contains("(gợi ý thay:"), "{line}");
    assert!(
        out.contains("Nguồn tin được trích dẫn: 1 nữ, 0 nam"),
        "{out}"
    );
    // English
    let (_, en, _) = run(&["--lang", "en", "check", "-"], DRAFT, d.path());
    assert!(
        en.contains("  error  ") && en.contains("Quoted sources: 1 women"),
        "{en}"
    );
}

#[test]
fn check_exit_code_follows_fail_on() {
    let d = tempfile::tempdir().unwrap();
    let clean = "Tin thời sự\nÔng Lê Văn Hùng cho biết dự án sẽ hoàn thành vào cuối năm nay.\n";
    assert_eq!(run(&["check", "-"], clean, d.path()).0, 0);
    let warn = "Nữ tài xế gây tai nạn\nMột nữ tài xế điều khiển xe tải va chạm trên cao tốc.\n";
    assert_eq!(run(&["check", "-"], warn, d.path()).0, 0);
    assert_eq!(
        run(&["check", "--fail-on", "warning", "-"], warn, d.path()).0,
        1
    );
}

#[test]
fn check_json_has_bytes_scalars_and_utf16() {
    let d = tempfile::tempdir().unwrap();
    let (_, out, _) = run(&["check", "--format", "json", "-"], DRAFT, d.path());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let diag = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["rule"] == "GBV-DRESS-BLAME")
        .unwrap();
    let (s, e) = (
        diag["span"]["start"].as_u64().unwrap() as usize,
        diag["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&DRAFT[s..e], "ăn mặc hở hang");
    let line2 = DRAFT.lines().nth(1).unwrap();
    let col = line2.find("ăn mặc").unwrap();
    assert_eq!(diag["start"]["line"], 2);
    assert_eq!(
        diag["start"]["column"].as_u64().unwrap() as usize,
        line2[..col].chars().count() + 1
    );
    assert_eq!(
        diag["start"]["utf16_column"].as_u64().unwrap() as usize,
        line2[..col].encode_utf16().count() + 1
    );
    assert_eq!(v["summary"]["sources"]["female"], 1);
}

#[test]
fn check_sarif_is_2_1_0() {
    let d = tempfile::tempdir().unwrap();
    let (_, out, _) = run(&["check", "--format", "sarif", "-"], DRAFT, d.path());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "chisogioi");
    let r = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "GBV-DRESS-BLAME")
        .unwrap();
    assert_eq!(r["level"], "error");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    assert!(
        run0["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == "GBV-DRESS-BLAME")
    );
}

#[test]
fn inline_comment_and_config_allow_rules() {
    let d = tempfile::tempdir().unwrap();
    let draft = format!(
        "{}<!-- chisogioi: allow GBV-DRESS-BLAME -->\n",
        DRAFT.replace("\nCông an", "\n<!-- chisogioi: allow GBV -->\nCông an")
    );
    let (code, out, _) = run(&["check", "-"], &draft, d.path());
    assert!(!out.contains("GBV-DRESS-BLAME"), "{out}");
    assert_eq!(code, 0);
    std::fs::write(
        d.path().join(".chisogioi.toml"),
        "allow = [\"GBV\"]\nfail_on = \"error\"\n",
    )
    .unwrap();
    let (code, out, _) = run(&["check", "-"], DRAFT, d.path());
    assert!(!out.contains("GBV-"), "{out}");
    assert_eq!(code, 0);
    std::fs::write(d.path().join(".chisogioi.toml"), "alow = 1\n").unwrap();
    let (code, _, err) = run(&["check", "-"], DRAFT, d.path());
    assert_eq!(code, 2);
    assert!(err.contains(".chisogioi.toml:1"), "{err}");
}

#[test]
fn check_does_not_write_the_draft_anywhere() {
    let d = tempfile::tempdir().unwrap();
    run(&["check", "-"], DRAFT, d.path());
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
}

#[test]
fn score_jsonl_keeps_order_and_reports_bad_lines() {
    let d = tempfile::tempdir().unwrap();
    let mut input = String::new();
    for i in 0..7 {
        input.push_str(&format!("{{\"id\":\"a{i}\",\"title\":\"Tin {i}\",\"text\":\"Bà Trần Thị Hoa cho biết giá rau tăng mạnh trong tuần.\"}}\n"));
        if i == 3 {
            input.push_str("{not json\n");
        }
    }
    let (code, out, err) = run(&["score", "--jsonl", "--chunk", "2", "-"], &input, d.path());
    assert_eq!(code, 1);
    assert!(err.contains("-:5:"), "{err}");
    let ids: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["article_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, (0..7).map(|i| format!("a{i}")).collect::<Vec<_>>());
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["indicators"]["i02_sources"]["female"], 1);
}

#[test]
fn score_plain_text_file_as_json() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("bai.txt"), DRAFT).unwrap();
    let (code, out, _) = run(&["score", "bai.txt"], "", d.path());
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["article_id"], "bai.txt");
    assert_eq!(v[0]["compliant"], false);
}
