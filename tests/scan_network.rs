//! `chisogioi scan` over the network, end to end through the real binary: fixture outlets
//! served by a real HTTP server on 127.0.0.1 (feeds, sitemaps, paginated sections, and a
//! host with faults), a registry file pointing at them, then crawl → extract → score →
//! index → report. A second run resumes from the crawl state in the output folder and
//! must give the same index and the same report bytes.

mod crawl_support;

use crawl_support::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

fn run(args: Vec<String>) -> (bool, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_chisogioi"))
        .args(&args)
        .env_remove("CHISOGIOI_LANG")
        .env_remove("CHISOGIOI_LOG")
        .output()
        .unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).to_string(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

fn scan_args(reg: &Path, out: &Path) -> Vec<String> {
    [
        "scan",
        "--quiet",
        "--period",
        "2024-08",
        "--outlets",
        &reg.display().to_string(),
        "--out",
        &out.display().to_string(),
        "--min-interval",
        "0.05",
        "--retries",
        "2",
        "--backoff",
        "0.1",
        "--read-timeout",
        "0.8",
        "--timeout",
        "5",
        "--max-body",
        "1048576",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Title and outlet of every indexed article, via the export command.
fn exported(out: &Path) -> (BTreeSet<(String, String)>, String) {
    let (ok, stdout, stderr) = run(vec![
        "export".into(),
        "--index".into(),
        out.join("index").display().to_string(),
        "--format".into(),
        "jsonl".into(),
    ]);
    assert!(ok, "{stderr}");
    let mut set = BTreeSet::new();
    for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        set.insert((
            v["outlet"].as_str().unwrap_or("").to_string(),
            v["title"].as_str().unwrap_or("").to_string(),
        ));
    }
    (set, stdout)
}

fn report_files(out: &Path) -> Vec<PathBuf> {
    ["html", "xlsx", "json", "csv"]
        .iter()
        .map(|e| out.join(format!("report-2024-08.{e}")))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn network_scan_of_fixture_outlets_then_an_identical_second_run() {
    let bases = Arc::new(Mutex::new(HashMap::new()));
    let sites = start_sites(&["baoqn", "dtri", "xaportal"], bases.clone()).await;
    let faults = start_faults().await;
    let tmp = tempfile::tempdir().unwrap();
    let reg = fixture_registry(tmp.path(), &sites, &faults, "");
    let out = tmp.path().join("out");
    let args = scan_args(&reg, &out);

    let a = args.clone();
    let (ok, first, err) = tokio::task::spawn_blocking(move || run(a)).await.unwrap();
    assert!(ok, "{first}\n{err}");

    // Crawl summary, then the index: 7 pages of baoqn + dtri (one syndicated copy
    // dropped), 6 of the commune portal, 4 recovered pages of the fault host.
    assert!(first.contains("baoqn"), "{first}");
    assert!(first.contains("17 mới, 0 cập nhật"), "{first}");
    // Each failure names its URL and what to do.
    let five_hundred = format!("{}{}", faults.base, FAULT_PAGES[3]);
    let failed_line = first
        .lines()
        .find(|l| l.contains(&five_hundred))
        .unwrap_or_else(|| panic!("the failed URL is named: {first}"));
    assert!(
        failed_line.contains("http_5xx") && failed_line.contains("chạy lại sau"),
        "{failed_line}"
    );
    let stalled = format!("{}{}", faults.base, FAULT_PAGES[4]);
    assert!(
        first
            .lines()
            .any(|l| l.contains(&stalled) && l.contains("timeout")),
        "{first}"
    );
    // The crawl state lives in the output folder.
    assert!(out.join("crawl/crawl.sqlite").is_file());
    assert!(out.join("crawl/crawl.log.jsonl").is_file());

    // The index holds the expected articles, attributed to their outlets.
    let (articles, export1) = exported(&out);
    assert_eq!(articles.len(), 17, "{articles:#?}");
    let has = |outlet: &str, title_part: &str| {
        articles
            .iter()
            .any(|(o, t)| o == outlet && t.contains(title_part))
    };
    assert!(
        has("dtri", "Nữ bác sĩ trẻ tình nguyện về vùng lũ"),
        "{articles:#?}"
    );
    assert!(has("dtri", "Nữ giám đốc hợp tác xã"), "{articles:#?}");
    assert!(
        has("baoqn", "Hội thi nữ công nhân ngành Than"),
        "{articles:#?}"
    );
    assert!(has("baoqn", "Phụ nữ vùng cao Bình Liêu"), "{articles:#?}");
    assert!(
        has("xaportal", "phòng, chống bạo lực gia đình"),
        "{articles:#?}"
    );
    assert!(has("faults", "Đổi địa chỉ"), "{articles:#?}");
    // Outside the window (July) and robots-disallowed pages are not there.
    assert!(!has("dtri", "bà mẹ đơn thân"), "{articles:#?}");
    assert_eq!(
        articles.iter().filter(|(o, _)| o == "xaportal").count(),
        6,
        "{articles:#?}"
    );

    // The report covers every outlet with its article count.
    let files = report_files(&out);
    let bytes1: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let j: serde_json::Value = serde_json::from_slice(&bytes1[2]).unwrap();
    let count = |id: &str| {
        j["outlets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["outlet"] == id)
            .map(|o| o["articles"].as_u64().unwrap())
    };
    assert_eq!(count("xaportal"), Some(6));
    assert_eq!(count("faults"), Some(4));
    assert_eq!(
        count("baoqn").unwrap() + count("dtri").unwrap(),
        7,
        "{}",
        j["outlets"]
    );
    assert_eq!(j["total"]["articles"], 17);
    let html = String::from_utf8(bytes1[0].clone()).unwrap();
    assert!(
        html.contains("Fixture xaportal"),
        "outlet names in the report"
    );

    // Second run: the crawl resumes from the state (conditional GETs), nothing changes.
    let a = args.clone();
    let (ok, second, err) = tokio::task::spawn_blocking(move || run(a)).await.unwrap();
    assert!(ok, "{second}\n{err}");
    assert!(
        second.contains("0 mới, 0 cập nhật, 17 không đổi"),
        "{second}"
    );
    let bytes2: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert_eq!(bytes1, bytes2, "same report bytes");
    let (articles2, export2) = exported(&out);
    assert_eq!(articles, articles2);
    assert_eq!(export1, export2, "same index contents");
    // Articles were not downloaded twice: the fixture server answered 304 to revalidation.
    let conditional = sites
        .iter()
        .flat_map(|s| s.hits.all())
        .filter(|h| h.conditional && h.status == 304)
        .count();
    assert!(conditional >= 10, "{conditional} conditional 304s");
}

#[test]
fn network_scan_with_no_reachable_outlet_fails_clearly() {
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let tmp = tempfile::tempdir().unwrap();
    let reg = write_registry(
        tmp.path(),
        &[(
            "tatmang",
            "commune_portal",
            format!(
                "home = \"http://127.0.0.1:{port}/\"\nsections = [\"http://127.0.0.1:{port}/tin-tuc\"]"
            ),
        )],
    );
    let out = tmp.path().join("out");
    let mut args = scan_args(&reg, &out);
    let i = args.iter().position(|a| a == "--retries").unwrap();
    args[i + 1] = "0".into();
    let o = Command::new(env!("CARGO_BIN_EXE_chisogioi"))
        .args(&args)
        .env_remove("CHISOGIOI_LANG")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stdout}\n{stderr}");
    // The outlet, the kind of failure and what to do are named; the state is kept.
    assert!(stdout.contains("tatmang"), "{stdout}");
    assert!(stdout.contains("robots.txt"), "{stdout}");
    assert!(
        stdout.contains(&out.join("crawl").display().to_string()),
        "{stdout}"
    );
    assert!(out.join("report-2024-08.html").is_file());
}
