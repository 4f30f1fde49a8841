//! Drafts are never persisted or logged.
//!
//! One test in its own binary (it installs the process-wide tracing subscriber at TRACE and
//! changes the working directory and TMPDIR): start the real server from a data directory,
//! check drafts carrying a unique marker through every path (JSON, text/plain, the HTML form,
//! a .docx upload, and the error paths), then search the captured log and every file under the
//! test's directories for the marker.

mod web_support;

use chisogioi::web::backend::DataSet;
use chisogioi::web::bench::multipart_body;
use chisogioi::web::{AppState, DEFAULT_MAX_BODY, Server};
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

const MARKER: &str = "Bí Mật Toà Soạn Zq7f3a9c";

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                files_under(&p, out);
            } else {
                out.push(p);
            }
        }
    }
}

fn contains_marker(bytes: &[u8]) -> bool {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = MARKER.nfd().collect();
    let needles = [
        MARKER.to_string(),
        nfd,
        "Zq7f3a9c".into(),
        "zq7f3a9c".into(),
    ];
    needles
        .iter()
        .any(|n| bytes.windows(n.len()).any(|w| w == n.as_bytes()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drafts_are_never_logged_or_written() {
    let root = tempfile::tempdir().unwrap();
    let (data, cwd, tmp) = (
        root.path().join("data"),
        root.path().join("cwd"),
        root.path().join("tmp"),
    );
    for d in [&data, &cwd, &tmp] {
        std::fs::create_dir_all(d).unwrap();
    }
    // SAFETY: this test binary has exactly one test, and nothing else runs yet.
    unsafe { std::env::set_var("TMPDIR", &tmp) };
    std::env::set_current_dir(&cwd).unwrap();
    let log_path = root.path().join("server.log");
    let log = std::fs::File::create(&log_path).unwrap();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(Mutex::new(log))
        .init();

    // A data directory the server is started from: articles scanned into an index by the real
    // pipeline (`chisogioi scan --from-dir data --out data/scan`), then `serve --index`.
    let arts = data.join("articles.jsonl");
    let mut f = std::fs::File::create(&arts).unwrap();
    for r in web_support::fixture() {
        writeln!(f, "{}", serde_json::to_string(&r.article).unwrap()).unwrap();
    }
    drop(f);
    let outlets = data.join("outlets.toml");
    let mut toml_text = String::new();
    for r in web_support::fixture() {
        if !toml_text.contains(&format!("id = \"{}\"", r.outlet.id)) {
            toml_text.push_str(&format!(
                "[[outlet]]\nid = \"{}\"\nname = \"{}\"\ntype = \"{}\"\nhome = \"{}\"\n\n",
                r.outlet.id,
                r.outlet.name,
                r.outlet.kind.as_str(),
                r.outlet.home
            ));
        }
    }
    std::fs::write(&outlets, toml_text).unwrap();
    let engine = chisogioi::indicators::Engine::load_default().unwrap();
    let registry = chisogioi::report::scan::load_registry(&outlets).unwrap();
    let summary = chisogioi::report::scan::scan_into_index(&chisogioi::report::scan::ScanOptions {
        from_dir: Some(&data),
        registry: registry.clone(),
        only: vec![],
        period: None,
        out: data.join("scan"),
        engine: &engine,
        progress: false,
        commit_every: 1000,
        heap_bytes: 50_000_000,
        crawl: Default::default(),
    })
    .unwrap();
    let ds = DataSet::open(
        &summary.index_dir,
        registry,
        chisogioi::report::ReportConfig::default(),
    )
    .unwrap();
    assert_eq!(ds.len(), 9);
    let mut st = AppState::new(engine, ds);
    st.token = Some("tok".into());
    let srv = Server::start(
        Arc::new(st),
        "127.0.0.1:0".parse().unwrap(),
        DEFAULT_MAX_BODY,
    )
    .await
    .unwrap();
    let base = srv.url();
    let c = reqwest::Client::new();

    let draft = format!(
        "{MARKER}: nữ giám đốc xinh đẹp, đảm đang\nChị Hạnh ({MARKER}) nói: “Tôi làm việc mười hai tiếng mỗi ngày.”\nÔng Quang cho biết doanh thu tăng."
    );
    // JSON API.
    let r = c
        .post(format!("{base}/api/v1/check"))
        .header("content-type", "application/json")
        .body(serde_json::json!({ "text": draft }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // text/plain API.
    let r = c
        .post(format!("{base}/api/v1/check?lang=en"))
        .header("content-type", "text/plain; charset=utf-8")
        .body(draft.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // The HTML form (the page shows the draft back, so the response has it, as it should).
    let (ct, body) = multipart_body(&[("text", None, draft.as_bytes()), ("lang", None, b"vi")]);
    let r = c
        .post(format!("{base}/check"))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(contains_marker(&r.bytes().await.unwrap()));
    // A .docx upload.
    let docx = {
        let xml = format!(
            "<w:document><w:body><w:p><w:r><w:t>{MARKER}</w:t></w:r></w:p><w:p><w:r><w:t>Bà Lan nói: “Xin chào.”</w:t></w:r></w:p></w:body></w:document>"
        );
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        w.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        w.write_all(xml.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    };
    let (ct, body) = multipart_body(&[("file", Some("ban-thao.docx"), &docx)]);
    let r = c
        .post(format!("{base}/check"))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Error paths: wrong content type, invalid JSON, a draft over the size limit, bad file.
    for (ct, body) in [
        ("application/xml", draft.clone().into_bytes()),
        (
            "application/json",
            format!("{{\"text\": \"{MARKER}").into_bytes(),
        ),
        (
            "text/plain",
            format!("{MARKER} ").repeat(100_000).into_bytes(),
        ),
    ] {
        let r = c
            .post(format!("{base}/api/v1/check"))
            .header("content-type", ct)
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_client_error(), "{}", r.status());
        let text = r.text().await.unwrap();
        assert!(
            !contains_marker(text.as_bytes()),
            "error echoes the draft: {text}"
        );
    }
    let (ct, body) = multipart_body(&[("file", Some("x.txt"), b"\xff\xfe bad utf-8 Zq7f3a9c")]);
    let r = c
        .post(format!("{base}/check"))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // Searching does get logged (URIs are not drafts); this shows the log is live, so the
    // absence of drafts below means something.
    let r = c
        .get(format!("{base}/search?q=nhat-ky-song"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // A rescore rewrites the index the server reads; still no draft in it.
    let r = c
        .post(format!("{base}/api/v1/rescore"))
        .bearer_auth("tok")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    srv.stop().await.unwrap();

    let log = std::fs::read(&log_path).unwrap();
    let log_text = String::from_utf8_lossy(&log);
    assert!(
        log_text.contains("/api/v1/check") && log_text.contains("nhat-ky-song"),
        "the TRACE log captured the requests:\n{log_text}"
    );
    assert!(log_text.contains("TRACE") || log_text.contains("DEBUG"));
    assert!(
        !contains_marker(&log),
        "a draft reached the log:\n{log_text}"
    );
    let mut files = Vec::new();
    files_under(root.path(), &mut files);
    for f in files {
        if f == log_path {
            continue;
        }
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            !contains_marker(&bytes),
            "a draft was written to {}",
            f.display()
        );
    }
}
