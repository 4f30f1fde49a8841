//! WARC archives end to end: multi-member gzip, HTTP framing (chunked, gzip content coding),
//! wrong charset headers, non-HTML and redirect records skipped, damaged records reported
//! with their target URI while the rest of the archive is still extracted. Also the
//! `chisogioi extract` and `chisogioi eval extract` commands on real files.

use chisogioi::extract::{Overrides, charset, read_warc, warc};
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(id: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/extract/aeb-vi/html")
        .join(format!("{id}.html.gz"));
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&std::fs::read(p).unwrap()[..])
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn http(ct: &str, extra: &str, body: &[u8]) -> Vec<u8> {
    let mut h = format!("HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\n{extra}\r\n").into_bytes();
    h.extend_from_slice(body);
    h
}

fn chunked(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for c in body.chunks(700) {
        out.extend_from_slice(format!("{:x}\r\n", c.len()).as_bytes());
        out.extend_from_slice(c);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

fn gz(b: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(b).unwrap();
    e.finish().unwrap()
}

/// One gzip member per record, as WARC writers do.
fn archive(dir: &Path, compress: bool) -> PathBuf {
    let mut records: Vec<Vec<u8>> = Vec::new();
    let mut rec = |f: &dyn Fn(&mut Vec<u8>)| {
        let mut v = Vec::new();
        f(&mut v);
        records.push(v);
    };
    rec(&|w| {
        w.extend_from_slice(
            b"WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Type: application/warc-fields\r\nContent-Length: 19\r\n\r\nsoftware: chisogioi\r\n\r\n",
        )
    });
    rec(&|w| {
        warc::write_response(
            w,
            "https://vnexpress.example.vn/vnx-01.html",
            &http("text/html; charset=utf-8", "", &fixture("vnx-01")),
        )
        .unwrap()
    });
    // UTF-8 body behind a Latin-1 header.
    rec(&|w| {
        warc::write_response(
            w,
            "https://tuoitre.example.vn/tt-02.html",
            &http("text/html; charset=iso-8859-1", "", &fixture("tt-02")),
        )
        .unwrap()
    });
    // windows-1258 body, declared by the server.
    rec(&|w| {
        warc::write_response(
            w,
            "http://baotinh.example.vn/News/prov-asp-01.html",
            &http(
                "text/html; charset=windows-1258",
                "",
                &fixture("prov-asp-01"),
            ),
        )
        .unwrap()
    });
    // Raw transfer kept: chunked and gzip-coded.
    rec(&|w| {
        warc::write_response(
            w,
            "https://dantri.example.vn/xa-hoi/dt-01.html",
            &http(
                "text/html",
                "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
                &chunked(&gz(&fixture("dt-01"))),
            ),
        )
        .unwrap()
    });
    // Not articles: a redirect and an image.
    rec(&|w| {
        warc::write_response(
            w,
            "https://vnexpress.example.vn/old",
            b"HTTP/1.1 301 Moved Permanently\r\nLocation: /new\r\n\r\n",
        )
        .unwrap()
    });
    rec(&|w| {
        warc::write_response(
            w,
            "https://vnexpress.example.vn/a.jpg",
            &http("image/jpeg", "", b"\xff\xd8\xff"),
        )
        .unwrap()
    });
    // Damaged: an HTTP block with no header end.
    rec(&|w| {
        warc::write_response(
            w,
            "https://broken.example.vn/bad.html",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html",
        )
        .unwrap()
    });
    // Damaged: unparseable length (the reader must re-synchronise).
    rec(&|w| {
        w.extend_from_slice(
            b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://broken.example.vn/len.html\r\nContent-Length: -5\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>x</p>\r\n\r\n",
        )
    });
    rec(&|w| {
        warc::write_response(
            w,
            "https://xa.example.gov.vn/tin-tuc/commune-01.html",
            &http("text/html; charset=utf-8", "", &fixture("commune-01")),
        )
        .unwrap()
    });
    let path = dir.join(if compress {
        "crawl.warc.gz"
    } else {
        "crawl.warc"
    });
    let mut f = std::fs::File::create(&path).unwrap();
    for r in records {
        f.write_all(&if compress { gz(&r) } else { r }).unwrap();
    }
    path
}

fn check(path: &Path) {
    let out = read_warc(path, &Overrides::default()).unwrap();
    let ok: Vec<_> = out.iter().filter_map(|r| r.as_ref().ok()).collect();
    let errs: Vec<String> = out
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(|e| format!("{e:#}"))
        .collect();
    let titles: Vec<&str> = ok.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Nữ kỹ sư 9X vận hành trạm biến áp 220 kV giữa vùng núi",
            "Tòa xử vụ bạo lực gia đình: bị cáo nhận án 18 tháng tù",
            "Huyện tổ chức hội thi tuyên truyền phòng chống bạo lực gia đình",
            "Mẹ đơn thân mở lớp dạy bơi miễn phí cho trẻ vùng sông nước",
            "Xã Quảng Thành triển khai mô hình địa chỉ tin cậy tại cộng đồng",
        ]
    );
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(
        errs[0].contains("https://broken.example.vn/bad.html"),
        "{}",
        errs[0]
    );
    assert!(
        errs[1].contains("https://broken.example.vn/len.html"),
        "{}",
        errs[1]
    );
    // The URL of the record is the article's URL; the windows-1258 page is NFC text.
    assert_eq!(
        ok[0].url.as_deref(),
        Some("https://vnexpress.example.vn/vnx-01.html")
    );
    assert!(
        ok[2].sapo.contains("Ủy ban nhân dân huyện Đông Triều"),
        "{}",
        ok[2].sapo
    );
    assert!(ok[4].text.contains("địa chỉ tin cậy"));
}

#[test]
fn gzip_multi_member_archive() {
    let dir = tempfile::tempdir().unwrap();
    check(&archive(dir.path(), true));
}

#[test]
fn plain_archive() {
    let dir = tempfile::tempdir().unwrap();
    check(&archive(dir.path(), false));
}

#[test]
fn a_truncated_archive_keeps_what_came_before() {
    let dir = tempfile::tempdir().unwrap();
    let p = archive(dir.path(), false);
    let bytes = std::fs::read(&p).unwrap();
    // Cut in the middle of the last record's block.
    std::fs::write(&p, &bytes[..bytes.len() - 2000]).unwrap();
    let out = read_warc(&p, &Overrides::default()).unwrap();
    assert_eq!(out.iter().filter(|r| r.is_ok()).count(), 4);
    let last = format!("{:#}", out.last().unwrap().as_ref().unwrap_err());
    assert!(
        last.contains("truncated") && last.contains("commune-01"),
        "{last}"
    );
}

#[test]
fn missing_archive_is_a_clear_error() {
    let e = read_warc(Path::new("/nonexistent/x.warc.gz"), &Overrides::default()).unwrap_err();
    assert!(format!("{e:#}").contains("/nonexistent/x.warc.gz"));
}

#[test]
fn windows_1258_page_decodes_whatever_the_header_says() {
    let page = fixture("prov-asp-02");
    for hint in [
        None,
        Some("utf-8"),
        Some("iso-8859-1"),
        Some("windows-1258"),
    ] {
        let d = charset::decode(&page, hint);
        assert_eq!(d.encoding, "windows-1258", "hint {hint:?}");
        assert!(d.text.contains("Nâng cao năng lực cho nữ cán bộ cấp cơ sở"));
    }
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_chisogioi"));
    c.env("CHISOGIOI_LANG", "en");
    c
}

#[test]
fn cli_extracts_an_archive_as_jsonl_and_reports_bad_records() {
    let dir = tempfile::tempdir().unwrap();
    let p = archive(dir.path(), true);
    let out = bin()
        .args(["extract", p.to_str().unwrap(), "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let arts: Vec<chisogioi::model::Article> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(arts.len(), 5);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("https://broken.example.vn/len.html"),
        "{stderr}"
    );
    assert!(
        stderr.contains("5 articles extracted, 2 records failed"),
        "{stderr}"
    );
}

#[test]
fn cli_extracts_one_page_with_a_selector_override() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("page.html");
    std::fs::write(&p, fixture("generic-01")).unwrap();
    let out = bin()
        .args([
            "extract",
            p.to_str().unwrap(),
            "--url",
            "http://tinhuyen.example.vn/tin/1.html",
        ])
        .args(["--selector", "author=.col-main p.author"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a: chisogioi::model::Article = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a.title, "Cô giáo vùng cao mang thư viện lên bản");
    assert_eq!(a.author.as_deref(), Some("Đức Anh"));
    assert_eq!(a.date.as_deref(), Some("2024-04-22T07:50:00+07:00"));

    let bad = bin()
        .args(["extract", p.to_str().unwrap(), "--selector", "body=div[["])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("invalid CSS selector"));
}

#[test]
fn cli_eval_reports_aeb_metrics_as_json() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extract/aeb-vi");
    let out = bin()
        .args([
            "eval",
            "extract",
            "--aeb",
            dir.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for k in ["precision", "recall", "f1", "pages_per_sec"] {
        assert!(v[k].as_f64().unwrap() > 0.0, "{k}");
    }
    assert_eq!(v["pages"], 22);
}
