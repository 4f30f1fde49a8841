//! End-to-end tests in a real headless browser: Debian's Chromium driven through chromedriver
//! (WebDriver) with fantoccini, against the real server on 127.0.0.1:0 serving the demo index
//! (corpus/demo scanned by the real pipeline and scored by the real engine, as `chisogioi
//! serve` does without `--index`). What the pages must show is read from that index through
//! the same public API, so the test follows the demo corpus and the lexicons as they change.
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
async fn browser(downloads: &std::path::Path) -> Option<Driver> {
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
            ],
            "prefs": {
                "download.default_directory": downloads,
                "download.prompt_for_download": false,
            }
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
async fn browser_draft_check_dashboard_search_report_on_the_demo_index() {
    let downloads = tempfile::tempdir().unwrap();
    let Some(d) = browser(downloads.path()).await else {
        return;
    };
    let c = &d.client;
    let st = demo_state(None);
    let data = &st.data;
    assert!(data.len() >= 60, "the demo index has the demo corpus");
    let srv = start_with(st.clone(), chisogioi::web::DEFAULT_MAX_BODY).await;
    let base = srv.url();

    // 1. Draft check: paste a draft with stereotype terms, quotes and a hostile line; submit.
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
    // Highlights: the stereotype terms, coloured, explained on click.
    let marks = c
        .find_all(Locator::Css("#draft-view mark.flag"))
        .await
        .unwrap();
    let texts: Vec<String> = futures::future::join_all(marks.iter().map(|m| m.text()))
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert!(texts.iter().any(|t| t.contains("đảm đang")), "{texts:?}");
    let bg = marks[0].css_value("background-color").await.unwrap();
    assert_ne!(bg, "rgba(0, 0, 0, 0)", "category colour applied");
    marks[0].click().await.unwrap();
    c.find(Locator::Css("ol.flags li.sel"))
        .await
        .expect("explanation selected");
    // Source balance: a woman and a man quoted.
    c.find(Locator::Css("#balance svg#sources-balance rect.g-female"))
        .await
        .expect("source balance chart");
    let share = c
        .find(Locator::Id("women-source-share"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(share, "50,0 %", "one woman and one man quoted");
    let people = c
        .find(Locator::Id("people"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        people.contains("Nguyễn Thị Hạnh") && people.contains("nữ"),
        "{people}"
    );
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

    // 2. Dashboard on the demo index: charts, every outlet, filter by province.
    let outlets = data.outlets();
    c.goto(&format!("{base}/dashboard")).await.unwrap();
    c.find(Locator::Id("demo-note"))
        .await
        .expect("demo data is labelled");
    for chart in ["chart-women", "chart-flags"] {
        let path = c
            .find(Locator::Css(&format!("#{chart} path.line")))
            .await
            .unwrap_or_else(|_| panic!("{chart} has a line"));
        assert!(path.attr("d").await.unwrap().unwrap().starts_with('M'));
        let r = c
            .find(Locator::Id(chart))
            .await
            .unwrap()
            .rectangle()
            .await
            .unwrap();
        assert!(
            r.2 > 200.0 && r.3 > 80.0,
            "{chart} is visible: {}x{}",
            r.2,
            r.3
        );
    }
    let bars = c
        .find_all(Locator::Css("#share-bars rect.bar-female"))
        .await
        .unwrap();
    assert!(!bars.is_empty(), "women share by outlet drawn");
    let rows = c.find_all(Locator::Css("#outlets tbody tr")).await.unwrap();
    assert_eq!(rows.len(), outlets.len(), "one row per demo outlet");
    let kpi = c
        .find(Locator::Id("kpi-articles"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        kpi,
        data.len().to_string(),
        "every dated demo article counted"
    );
    shot(c, "2-dashboard").await;
    // Filter by a province: only its outlets remain.
    let province = data
        .provinces()
        .into_iter()
        .next_back()
        .expect("a province");
    let in_province: Vec<_> = outlets
        .iter()
        .filter(|o| o.province.as_deref() == Some(province.as_str()))
        .collect();
    c.find(Locator::Id("province"))
        .await
        .unwrap()
        .select_by_value(&province)
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
    let rows = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#outlets"))
        .await
        .unwrap()
        .find_all(Locator::Css("tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), in_province.len(), "outlets of {province}");
    let table = c
        .find(Locator::Id("outlets"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for o in &in_province {
        assert!(table.contains(&o.name), "{} in {table}", o.name);
    }

    // 3. Drill down: an outlet's month and its flagged articles, then one article.
    let flagged = chisogioi::web::backend::Filter {
        flagged: true,
        ..Default::default()
    };
    let (_, recs) = data.search(&flagged, 0, 1).unwrap();
    let target = recs
        .into_iter()
        .next()
        .expect("the demo has a flagged article");
    let month = target.month().unwrap().to_string();
    c.goto(&format!("{base}/dashboard")).await.unwrap();
    c.find(Locator::Css(&format!(
        "#outlets a[href^='/dashboard/outlet/{}?']",
        target.outlet.id
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("months"))
        .await
        .unwrap()
        .find(Locator::Css(&format!("a[href*='month={month}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let t0 = Instant::now();
    while !c.current_url().await.unwrap().as_str().contains("month=") {
        assert!(t0.elapsed() < Duration::from_secs(10), "month page");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let list = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("flagged-articles"))
        .await
        .unwrap();
    assert!(
        list.text().await.unwrap().contains(&target.article.title),
        "{} listed among the flagged articles",
        target.article.title
    );
    c.find(Locator::Id("outlet-status"))
        .await
        .expect("compliance and quota of the outlet");
    shot(c, "3-outlet-month").await;
    c.find(Locator::Css(&format!(
        "#flagged-articles a.title[href^='/article/{}']",
        target.article.id
    )))
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
    let marked = mark.text().await.unwrap();
    assert!(
        target
            .scorecard
            .flags
            .iter()
            .any(|f| !marked.is_empty() && f.text.contains(marked.trim())),
        "{marked:?} is a stored flag's passage"
    );
    let title = mark.attr("title").await.unwrap().unwrap();
    assert!(!title.is_empty(), "explanation on hover");
    mark.click().await.unwrap();
    c.find(Locator::Css("ol.flags li.sel"))
        .await
        .expect("clicking the highlight selects its explanation");
    c.find(Locator::Id("scorecard")).await.expect("scorecard");
    shot(c, "4-article").await;

    // 4. Search: accent-free words find the article written with accents; the count is the
    // index's.
    let words = "cam bien do am";
    let (total, hits) = data
        .search(
            &chisogioi::web::backend::Filter {
                q: Some(words.into()),
                ..Default::default()
            },
            0,
            1,
        )
        .unwrap();
    assert!(
        total >= 1,
        "the demo corpus has the soil-moisture sensor story"
    );
    c.goto(&format!("{base}/search")).await.unwrap();
    c.find(Locator::Id("q"))
        .await
        .unwrap()
        .send_keys(words)
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
    assert!(count.text().await.unwrap().ends_with(&total.to_string()));
    let first = c.find(Locator::Css("#results a.title")).await.unwrap();
    assert_eq!(first.text().await.unwrap(), hits[0].article.title);
    assert!(hits[0].article.title.contains("cảm biến độ ẩm"));
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

    // 6. Reports: the page's XLSX button downloads the report layer's workbook.
    c.goto(&format!("{base}/reports")).await.unwrap();
    for id in ["dl-xlsx", "dl-csv", "dl-html", "dl-json"] {
        c.find(Locator::Id(id)).await.expect(id);
    }
    let period = c
        .find(Locator::Id("period"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(Some(&period), data.months().last(), "latest month offered");
    shot(c, "6-reports").await;
    c.find(Locator::Id("dl-xlsx"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let file = downloads
        .path()
        .join(format!("chisogioi-report-{period}.xlsx"));
    let t0 = Instant::now();
    while !file.exists() {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "report downloaded into {}",
            downloads.path().display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).expect("an xlsx");
    let mut strings = String::new();
    {
        use std::io::Read;
        zip.by_name("xl/sharedStrings.xml")
            .unwrap()
            .read_to_string(&mut strings)
            .unwrap();
    }
    for o in &outlets {
        assert!(strings.contains(&o.name), "{} in the report", o.name);
    }

    d.client.clone().close().await.unwrap();
    srv.stop().await.unwrap();
}
