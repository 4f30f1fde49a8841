//! Crash safety: the real binary is killed with SIGKILL at arbitrary moments while
//! crawling loopback outlets, a torn WARC record is left behind, and a final run must end
//! in the same state as an uninterrupted crawl: every page archived exactly once.

mod crawl_support;

use axum::extract::{Path as AxPath, State};
use axum::http::header;
use axum::response::IntoResponse;
use chisogioi::crawl::{state, warc};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PAGES: usize = 24;

async fn robots(State(base): State<String>) -> String {
    format!("User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n")
}

async fn sitemap(State(base): State<String>) -> impl IntoResponse {
    let mut s = String::from(
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
    );
    for i in 0..PAGES {
        s.push_str(&format!(
            "<url><loc>{base}/tin-tuc/phu-nu-lam-chu-kinh-te-so-{i}-{}.html</loc><lastmod>2024-08-{:02}</lastmod></url>",
            1000 + i,
            1 + i % 28
        ));
    }
    s.push_str("</urlset>");
    ([(header::CONTENT_TYPE, "application/xml")], s)
}

async fn page(State(base): State<String>, AxPath(slug): AxPath<String>) -> impl IntoResponse {
    let mut s = format!(
        "<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{slug}</title></head><body><h1>{slug}</h1>"
    );
    for p in 0..4 {
        s.push_str(&format!(
            "<p>Đoạn {p} của bài {slug} trên {base}: chị em phụ nữ trong thôn cùng nhau góp vốn làm kinh tế và chia sẻ việc nhà.</p>"
        ));
    }
    s.push_str("</body></html>");
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], s)
}

async fn start_host() -> String {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", l.local_addr().unwrap());
    let app = axum::Router::new()
        .route("/robots.txt", axum::routing::get(robots))
        .route("/sitemap.xml", axum::routing::get(sitemap))
        .route("/tin-tuc/{slug}", axum::routing::get(page))
        .with_state(base.clone());
    tokio::spawn(async move { axum::serve(l, app).await });
    base
}

fn command(reg: &Path, state: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_chisogioi"));
    c.args(["--lang", "en", "crawl", "--outlets"])
        .arg(reg)
        .args(["--from", "2024-08-01", "--to", "2024-08-31", "--state"])
        .arg(state)
        .args([
            "--min-interval",
            "0.08",
            "--no-progress",
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    c
}

/// (URI, payload) of every response record; panics on damage or duplicates.
fn archive(state: &Path) -> BTreeSet<(String, Vec<u8>)> {
    let mut set = BTreeSet::new();
    let dir = state.join("warc");
    let mut files = Vec::new();
    for d in std::fs::read_dir(&dir).unwrap() {
        for f in std::fs::read_dir(d.unwrap().path()).unwrap() {
            files.push(f.unwrap().path());
        }
    }
    for f in files {
        let (recs, damaged) = warc::read_records(&f).unwrap();
        assert!(!damaged, "{} damaged", f.display());
        for r in recs
            .into_iter()
            .filter(|r| r.header("WARC-Type") == Some("response"))
        {
            let uri = r.header("WARC-Target-URI").unwrap().to_string();
            assert!(
                set.insert((uri.clone(), r.http_body().to_vec())),
                "archived twice: {uri}"
            );
        }
    }
    set
}

fn snapshot(state: &Path) -> Vec<(String, String, Option<String>)> {
    state::State::open(state).unwrap().snapshot().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_then_resume_equals_uninterrupted() {
    let a = start_host().await;
    let b = start_host().await;
    let tmp = tempfile::tempdir().unwrap();
    let reg = crawl_support::write_registry(
        tmp.path(),
        &[
            ("xa-a", "commune_portal", format!("home = \"{a}/\"")),
            ("xa-b", "commune_portal", format!("home = \"{b}/\"")),
        ],
    );

    // Reference: one uninterrupted run.
    let clean = tmp.path().join("clean");
    let out = tokio::task::spawn_blocking({
        let (reg, clean) = (reg.clone(), clean.clone());
        move || command(&reg, &clean).output().unwrap()
    })
    .await
    .unwrap();
    assert!(out.status.success());
    let clean_summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(clean_summary["total"]["fetched"], 2 * PAGES as u64);

    // Crashed runs: SIGKILL at varied moments, then a torn record, then resume.
    let crashed = tmp.path().join("crashed");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    let mut x = seed | 1;
    let mut kills = 0;
    let mut finished_early = false;
    let mut torn = false;
    for _ in 0..3 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let after = Duration::from_millis(150 + x % 450);
        let (reg, crashed2) = (reg.clone(), crashed.clone());
        let finished = tokio::task::spawn_blocking(move || {
            let mut child = command(&reg, &crashed2).spawn().unwrap();
            let t = Instant::now();
            while t.elapsed() < after {
                if child.try_wait().unwrap().is_some() {
                    return true;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            false
        })
        .await
        .unwrap();
        if finished {
            finished_early = true;
            break;
        }
        kills += 1;
        // A crash in the middle of writing: half a gzip member at the end of a file. On a
        // loaded machine the kill can come before the first archive folder exists; then the
        // torn record is added after a later round.
        let first_dir = std::fs::read_dir(crashed.join("warc"))
            .ok()
            .and_then(|mut d| d.next())
            .and_then(|e| e.ok())
            .map(|e| e.path());
        if !torn
            && let Some(dir) = first_dir
            && let Some(f) = std::fs::read_dir(&dir).unwrap().next()
        {
            torn = true;
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 9999\r\n\r\n<html>")
                .unwrap();
            let member = e.finish().unwrap();
            let mut fh = std::fs::OpenOptions::new()
                .append(true)
                .open(f.unwrap().path())
                .unwrap();
            fh.write_all(&member[..member.len() / 2]).unwrap();
        }
    }
    assert!(
        kills >= 1,
        "seed {seed}: the crawl finished before any kill"
    );
    let out = tokio::task::spawn_blocking({
        let (reg, crashed) = (reg.clone(), crashed.clone());
        move || command(&reg, &crashed).output().unwrap()
    })
    .await
    .unwrap();
    assert!(out.status.success());
    let resumed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    if !finished_early {
        assert_eq!(resumed["resumed"], true, "seed {seed}: {resumed}");
    }
    // `archive` also proves the torn record was cut off: no file reads as damaged.

    assert_eq!(snapshot(&crashed), snapshot(&clean), "seed {seed}");
    // The window's files as `scan` would list them, through the command line.
    let listed = Command::new(env!("CARGO_BIN_EXE_chisogioi"))
        .args([
            "crawl",
            "--list-warc",
            "--from",
            "2024-08-01",
            "--to",
            "2024-08-31",
            "--state",
        ])
        .arg(&crashed)
        .output()
        .unwrap();
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert!(
        listed.lines().count() >= 2,
        "one file per outlet at least: {listed}"
    );
    assert!(
        listed
            .lines()
            .all(|l| l.ends_with(".warc.gz") && Path::new(l).exists())
    );
    let (got, want) = (archive(&crashed), archive(&clean));
    assert_eq!(got.len(), 2 * PAGES);
    assert_eq!(got, want, "seed {seed}");
}
