//! End-to-end tests in a real headless browser: Debian's Chromium driven through chromedriver
//! (WebDriver) with fantoccini, against the real server on 127.0.0.1:0.
//!
//! `.ci/setup` installs chromium and chromium-driver. Without them the test is skipped with a
//! message, except in CI (`CI=true`), where a missing browser is a failure.
//! Screenshots of each page are written to `target/tmp/web-screenshots/`.

mod web_support;

use fantoccini::{ClientBuilder, Locator};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use web_support::*;

struct Driver {
    child: Child,
    _profile: tempfile::TempDir,
    client: fantoccini::Client,
}

impl Drop for Driver {
    /// chromedriver runs in its own process group with the Chromium it starts; end that group
    /// (by its id) so a failed test leaves no browser behind.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn which(name: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Start chromedriver on a free port and open a headless Chromium session, or explain why not.
async fn browser() -> Option<Driver> {
    let chromium = std::env::var_os("CHROME_BIN")
        .map(std::path::PathBuf::from)
        .or_else(|| which("chromium"))
        .or_else(|| which("chromium-browser"))
        .or_else(|| which("google-chrome"));
    let driver = which("chromedriver");
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        let msg = "chromium and chromedriver are needed for the web end-to-end tests; run `bash .ci/setup` (installs Debian's chromium and chromium-driver)";
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{msg}");
        }
        eprintln!("SKIP web end-to-end tests: {msg}");
        return None;
    };
    let port = free_port();
    use std::os::unix::process::CommandExt;
    let child = Command::new(&driver)
        .arg(format!("--port={port}"))
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let profile = tempfile::tempdir().unwrap();
    let caps = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }
    });
    let caps = caps.as_object().unwrap().clone();
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("WebDriver session");
    Some(Driver {
        child,
        _profile: profile,
        client,
    })
}

async fn shot(c: &fantoccini::Client, name: &str) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("web-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

async fn js_bool(c: &fantoccini::Client, script: &str) -> bool {
    c.execute(script, vec![]).await.expect("script").as_bool() == Some(true)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_draft_check_dashboard_search() {
    let Some(d) = browser().await else { return };
    let c = &d.client;
    let srv = start(None).await;
    let base = srv.url();

    // 1. Draft check: paste a draft (with a hostile line), submit, see the result.
    c.goto(&format!("{base}/")).await.unwrap();
    assert_eq!(c.title().await.unwrap(), "Kiểm tra bản thảo · chisogioi");
    let hostile = "\n<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">";
    let draft = c.find(Locator::Id("draft")).await.unwrap();
    draft.send_keys(&format!("{DRAFT}{hostile}")).await.unwrap();
    c.find(Locator::Id("check-btn"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let view = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Id("draft-view"))
        .await
        .expect("result shown");
    let shown = view.text().await.unwrap();
    assert!(shown.contains("Chị Nguyễn Thị Hạnh"), "{shown}");
    assert!(
        shown.contains("<script>window.__pwned=1</script>"),
        "shown as text"
    );
    assert!(
        js_bool(
            c,
            "return window.__pwned === undefined && document.querySelectorAll('#draft-view script, #draft-view img').length === 0"
        )
        .await,
        "hostile draft executed or injected elements"
    );
    // The source balance is drawn.
    c.find(Locator::Css("#balance svg#sources-balance rect.g-female"))
        .await
        .expect("source balance chart");
    if engine_is_placeholder() {
        eprintln!(
            "SKIP (part) draft highlights in the browser: the indicator engine in this build is \
             the placeholder (src/indicators not merged); the highlight interaction is tested \
             below on a stored article"
        );
        c.find(Locator::Id("no-flags"))
            .await
            .expect("no-flags note");
    } else {
        let marks = c
            .find_all(Locator::Css("#draft-view mark.flag"))
            .await
            .unwrap();
        assert!(!marks.is_empty(), "flags highlighted");
        let texts = futures::future::join_all(marks.iter().map(|m| m.text())).await;
        assert!(
            texts.iter().flatten().any(|t| t.contains("đảm đang")),
            "{texts:?}"
        );
        marks[0].click().await.unwrap();
        c.find(Locator::Css("ol.flags li.sel"))
            .await
            .expect("explanation selected");
        let share = c
            .find(Locator::Id("women-source-share"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_ne!(share, "—", "sources of known gender found");
    }
    shot(c, "1-draft-check").await;

    // 1b. Upload a .docx through the file input.
    let dir = tempfile::tempdir().unwrap();
    let docx_path = dir.path().join("ban-thao.docx");
    {
        use std::io::Write;
        let xml = "<w:document><w:body><w:p><w:r><w:t>Bản thảo gửi từ Word</w:t></w:r></w:p>\
                   <w:p><w:r><w:t xml:space=\"preserve\">Bà Lê Thị Thu nói: </w:t></w:r><w:r><w:t>“Chúng tôi đã sẵn sàng.”</w:t></w:r></w:p></w:body></w:document>";
        let mut w = zip::ZipWriter::new(std::fs::File::create(&docx_path).unwrap());
        w.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        w.write_all(xml.as_bytes()).unwrap();
        w.finish().unwrap();
    }
    c.goto(&format!("{base}/")).await.unwrap();
    c.find(Locator::Id("file"))
        .await
        .unwrap()
        .send_keys(docx_path.to_str().unwrap())
        .await
        .unwrap();
    c.find(Locator::Id("check-btn"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let view = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Id("draft-view"))
        .await
        .expect("result of the upload");
    assert_eq!(
        view.text().await.unwrap(),
        "Bản thảo gửi từ Word\nBà Lê Thị Thu nói: “Chúng tôi đã sẵn sàng.”"
    );

    // 2. Highlights on a stored article: hover text and click-to-explain.
    c.goto(&format!("{base}/article/baolam-1")).await.unwrap();
    let marks = c.find_all(Locator::Css("mark.flag")).await.unwrap();
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].text().await.unwrap(), "đảm đang");
    let title = marks[0].attr("title").await.unwrap().unwrap();
    assert!(title.contains("khuôn mẫu giới"), "{title}");
    let bg = marks[0].css_value("background-color").await.unwrap();
    assert_ne!(bg, "rgba(0, 0, 0, 0)", "category colour applied");
    marks[0].click().await.unwrap();
    let li = c.find(Locator::Id("flag-0")).await.unwrap();
    assert!(
        li.attr("class").await.unwrap().unwrap().contains("sel"),
        "clicking the highlight selects its explanation"
    );
    assert!(li.text().await.unwrap().contains("mô tả năng lực cụ thể"));
    shot(c, "2-article").await;

    // 3. Dashboard: charts, filter by province, drill down to an outlet's month and article.
    c.goto(&format!("{base}/dashboard")).await.unwrap();
    let path = c
        .find(Locator::Css("#chart-women path.line.s-sources"))
        .await
        .unwrap();
    assert!(path.attr("d").await.unwrap().unwrap().starts_with('M'));
    let (w, h) = {
        let r = c
            .find(Locator::Id("chart-women"))
            .await
            .unwrap()
            .rectangle()
            .await
            .unwrap();
        (r.2, r.3)
    };
    assert!(w > 200.0 && h > 80.0, "chart is visible: {w}x{h}");
    let rows = c.find_all(Locator::Css("#outlets tbody tr")).await.unwrap();
    assert_eq!(rows.len(), 3);
    shot(c, "3-dashboard").await;
    c.find(Locator::Id("province"))
        .await
        .unwrap()
        .select_by_value(PROVINCE_VAN)
        .await
        .unwrap();
    c.find(Locator::Css("#dash-filters button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let t0 = Instant::now();
    while !c
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains("province=")
    {
        assert!(t0.elapsed() < Duration::from_secs(10), "filtered dashboard");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#outlets"))
        .await
        .unwrap();
    let rows = c.find_all(Locator::Css("#outlets tbody tr")).await.unwrap();
    assert_eq!(rows.len(), 1);
    c.find(Locator::Css("#outlets tbody tr a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let list = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("flagged-articles"))
        .await
        .unwrap();
    assert!(
        list.text()
            .await
            .unwrap()
            .contains("Mùa lúa mới ở Vân Lĩnh")
    );
    shot(c, "4-outlet-month").await;
    c.find(Locator::Css("#flagged-articles a.title"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let mark = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#article-text mark.flag"))
        .await
        .unwrap();
    assert_eq!(mark.text().await.unwrap(), "chân yếu tay mềm");

    // 4. Search.
    c.goto(&format!("{base}/search")).await.unwrap();
    c.find(Locator::Id("q"))
        .await
        .unwrap()
        .send_keys("phu nu khoi nghiep")
        .await
        .unwrap();
    c.find(Locator::Id("search-btn"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let count = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("result-count"))
        .await
        .unwrap();
    assert!(count.text().await.unwrap().ends_with('1'));
    let first = c.find(Locator::Css("#results a.title")).await.unwrap();
    assert_eq!(
        first.text().await.unwrap(),
        "Phụ nữ khởi nghiệp từ nông sản sạch"
    );
    shot(c, "5-search").await;

    // 5. The English switch keeps the page and its query.
    c.find(Locator::Id("lang-switch"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("html[lang=en]"))
        .await
        .unwrap();
    let h1 = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(h1, "Search");
    assert!(
        c.find(Locator::Id("result-count"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .starts_with("Results:")
    );

    // 6. Reports page offers the four formats; the CSV download works from the page's origin.
    c.goto(&format!("{base}/reports")).await.unwrap();
    for id in ["dl-xlsx", "dl-csv", "dl-html", "dl-json"] {
        c.find(Locator::Id(id)).await.expect(id);
    }
    let csv = c
        .execute_async(
            "const done = arguments[0]; fetch('/api/v1/report?period=2025-Q3&format=csv').then(r => r.text()).then(done, e => done(String(e)));",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        csv.as_str().unwrap().starts_with("mã cơ quan,tên cơ quan"),
        "{csv}"
    );
    shot(c, "6-reports").await;

    d.client.clone().close().await.unwrap();
    srv.stop().await.unwrap();
}
