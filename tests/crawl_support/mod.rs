//! A real HTTP server on 127.0.0.1 for the crawler tests: one port per simulated host.
//!
//! Static sites come from `tests/fixtures/sites/<site>/`: a request for `/a/b?x=1` reads
//! the file `a/b__x=1` (or `a/b/index.html`, or `index.html` for `/`). `{{BASE}}` in a
//! file becomes the site's own `http://127.0.0.1:PORT`, `{{BASE:other}}` another site's.
//! A sidecar `<file>.headers` adds response headers (`Name: value` lines); with
//! `Content-Encoding: gzip` the body is gzipped on the fly. A request for `x.gz` when only
//! `x` exists serves `x` gzipped as a file. Files get an ETag and honour If-None-Match.
//! Every request is recorded with its arrival time, per host, for politeness checks.
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Hit {
    pub at: Instant,
    pub path: String,
    pub status: u16,
    pub conditional: bool,
}

#[derive(Clone, Default)]
pub struct Hits(pub Arc<Mutex<Vec<Hit>>>);

impl Hits {
    pub fn all(&self) -> Vec<Hit> {
        self.0.lock().unwrap().clone()
    }
    fn push(&self, h: Hit) {
        self.0.lock().unwrap().push(h);
    }
    pub fn count(&self, path: &str) -> usize {
        self.all().iter().filter(|h| h.path == path).count()
    }
    pub fn clear(&self) {
        self.0.lock().unwrap().clear();
    }
    /// Gaps between consecutive request arrivals (sorted).
    pub fn gaps(&self) -> Vec<(Duration, String, String)> {
        let mut v = self.all();
        v.sort_by_key(|h| h.at);
        v.windows(2)
            .map(|w| (w[1].at - w[0].at, w[0].path.clone(), w[1].path.clone()))
            .collect()
    }
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites")
}

/// Bases of every started site, by name (filled before serving starts).
pub type Bases = Arc<Mutex<HashMap<String, String>>>;

#[derive(Clone)]
struct SiteState {
    name: String,
    dir: PathBuf,
    bases: Bases,
    hits: Hits,
    /// Replacement bodies by path (to simulate an article edited between runs).
    overrides: Arc<Mutex<HashMap<String, Vec<u8>>>>,
}

fn substitute(bytes: &[u8], own: &str, bases: &HashMap<String, String>) -> Vec<u8> {
    let Ok(s) = std::str::from_utf8(bytes) else {
        // Non-UTF-8 fixture (windows-1258 page): placeholders are ASCII, replace bytewise.
        let mut out = bytes.to_vec();
        let pat = b"{{BASE}}";
        while let Some(i) = out.windows(pat.len()).position(|w| w == pat) {
            out.splice(i..i + pat.len(), own.bytes());
        }
        return out;
    };
    let mut s = s.replace("{{BASE}}", own);
    for (name, b) in bases {
        s = s.replace(&format!("{{{{BASE:{name}}}}}"), b);
    }
    s.into_bytes()
}

fn gz(b: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(b).unwrap();
    e.finish().unwrap()
}

fn content_type(p: &Path) -> &'static str {
    let n = p.to_string_lossy();
    if n.ends_with(".xml") {
        "application/xml"
    } else if n.ends_with(".rss") {
        "application/rss+xml; charset=utf-8"
    } else if n.ends_with(".txt") {
        "text/plain; charset=utf-8"
    } else {
        "text/html; charset=utf-8"
    }
}

async fn serve_file(State(st): State<SiteState>, req: Request) -> Response {
    let at = Instant::now();
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(|q| q.to_string());
    let record = |status: u16, conditional: bool| {
        st.hits.push(Hit {
            at,
            path: match &query {
                Some(q) => format!("{path}?{q}"),
                None => path.clone(),
            },
            status,
            conditional,
        })
    };
    let rel = path.trim_start_matches('/');
    let mut name = if rel.is_empty() {
        "index.html".to_string()
    } else {
        rel.to_string()
    };
    if let Some(q) = &query {
        name = format!("{name}__{q}");
    }
    if name.contains("..") {
        record(400, false);
        return StatusCode::BAD_REQUEST.into_response();
    }
    let mut file = st.dir.join(&name);
    if file.is_dir() {
        file = file.join("index.html");
    }
    let mut gzip_file = false;
    if !file.exists()
        && let Some(stripped) = name.strip_suffix(".gz")
        && st.dir.join(stripped).is_file()
    {
        file = st.dir.join(stripped);
        gzip_file = true;
    }
    let over = st.overrides.lock().unwrap().get(&path).cloned();
    let raw = match over {
        Some(b) => b,
        None => match std::fs::read(&file) {
            Ok(b) => b,
            Err(_) => {
                record(404, false);
                return (StatusCode::NOT_FOUND, "Không tìm thấy trang").into_response();
            }
        },
    };
    let bases = st.bases.lock().unwrap().clone();
    let own = bases.get(&st.name).cloned().unwrap_or_default();
    let mut body = substitute(&raw, &own, &bases);
    let etag = format!("\"{:x}\"", {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        body.hash(&mut h);
        h.finish()
    });
    let conditional = req.headers().contains_key(header::IF_NONE_MATCH);
    if req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        record(304, true);
        let mut h = HeaderMap::new();
        h.insert(header::ETAG, HeaderValue::from_str(&etag).unwrap());
        return (StatusCode::NOT_MODIFIED, h).into_response();
    }
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(if gzip_file {
            "application/x-gzip"
        } else {
            content_type(&file)
        }),
    );
    headers.insert(header::ETAG, HeaderValue::from_str(&etag).unwrap());
    headers.insert(
        header::LAST_MODIFIED,
        HeaderValue::from_static("Mon, 02 Sep 2024 01:00:00 GMT"),
    );
    let sidecar = file.with_file_name(format!(
        "{}.headers",
        file.file_name().unwrap().to_string_lossy()
    ));
    if let Ok(extra) = std::fs::read_to_string(&sidecar) {
        for line in extra.lines() {
            if let Some((k, v)) = line.split_once(':') {
                let k = axum::http::HeaderName::from_bytes(k.trim().as_bytes()).unwrap();
                headers.insert(k, HeaderValue::from_str(v.trim()).unwrap());
            }
        }
    }
    if headers
        .get(header::CONTENT_ENCODING)
        .is_some_and(|v| v == "gzip")
    {
        body = gz(&body);
    }
    if gzip_file {
        body = gz(&body);
    }
    record(200, conditional);
    (StatusCode::OK, headers, body).into_response()
}

pub struct Site {
    pub name: String,
    pub base: String,
    pub hits: Hits,
    pub overrides: Arc<Mutex<HashMap<String, Vec<u8>>>>,
}

/// Start one server per named fixture site (plus any extra routers) and return them.
pub async fn start_sites(names: &[&str], bases: Bases) -> Vec<Site> {
    let mut listeners = Vec::new();
    for n in names {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", l.local_addr().unwrap());
        bases.lock().unwrap().insert(n.to_string(), base.clone());
        listeners.push((n.to_string(), base, l));
    }
    let mut out = Vec::new();
    for (name, base, l) in listeners {
        let st = SiteState {
            name: name.clone(),
            dir: fixtures().join(&name),
            bases: bases.clone(),
            hits: Hits::default(),
            overrides: Arc::new(Mutex::new(HashMap::new())),
        };
        out.push(Site {
            name: name.clone(),
            base,
            hits: st.hits.clone(),
            overrides: st.overrides.clone(),
        });
        let app = Router::new().fallback(serve_file).with_state(st);
        tokio::spawn(async move {
            let _ = axum::serve(l, app).await;
        });
    }
    out
}

// ---------------------------------------------------------------- fault host

#[derive(Clone)]
struct FaultState {
    hits: Hits,
    counters: Arc<Mutex<HashMap<String, u32>>>,
    base: Arc<Mutex<String>>,
}

pub const FAULT_PAGES: &[&str] = &[
    "/thoi-su/bai-tra-loi-cham-nhung-van-den-10001.html",
    "/thoi-su/bai-loi-may-chu-tam-thoi-roi-on-10002.html",
    "/thoi-su/bai-bi-gioi-han-toc-do-429-10003.html",
    "/thoi-su/bai-loi-500-mai-mai-khong-len-10004.html",
    "/thoi-su/bai-treo-ket-noi-giua-chung-10005.html",
    "/thoi-su/bai-chuyen-huong-vong-lap-vo-tan-10006.html",
    "/thoi-su/bai-bi-cat-cut-giua-duong-10007.html",
    "/thoi-su/bai-qua-lon-vuot-gioi-han-10008.html",
    "/thoi-su/bai-da-bi-go-bo-khong-con-10009.html",
    "/thoi-su/bai-doi-dia-chi-chuyen-huong-10010.html",
];

fn article_html(title: &str, n: u32) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\
         <div class=\"detail\"><h1 class=\"title\">{title}</h1><div class=\"sapo\">Bài {n} của chuyên mục thời sự.</div>\
         <p>Chiều 14/8, Hội Liên hiệp Phụ nữ huyện tổ chức hội nghị sơ kết công tác sáu tháng đầu năm, bài số {n}.</p>\
         <p>Chị Nguyễn Thị Hoa, Chủ tịch Hội, cho biết năm nay hội đã vận động được nhiều hội viên tham gia mô hình kinh tế, bài số {n}.</p>\
         <p>Hội nghị cũng triển khai nhiệm vụ tuyên truyền phòng, chống bạo lực gia đình trong những tháng cuối năm, bài số {n}.</p>\
         </div></body></html>"
    )
}

async fn fault(State(st): State<FaultState>, req: Request) -> Response {
    let at = Instant::now();
    let path = req.uri().path().to_string();
    let n = {
        let mut c = st.counters.lock().unwrap();
        let e = c.entry(path.clone()).or_default();
        *e += 1;
        *e
    };
    let rec = |status: u16| {
        st.hits.push(Hit {
            at,
            path: path.clone(),
            status,
            conditional: false,
        })
    };
    let base = st.base.lock().unwrap().clone();
    let html =
        |s: String| ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], s).into_response();
    match path.as_str() {
        "/robots.txt" => {
            rec(200);
            "User-agent: *\nDisallow: /quan-tri/\n".into_response()
        }
        "/chuyen-muc/thoi-su" => {
            rec(200);
            let mut s = String::from(
                "<html><body><nav><a href=\"/\">Trang chủ</a></nav><ul class=\"list-news\">",
            );
            for p in FAULT_PAGES {
                s.push_str(&format!(
                    "<li><a href=\"{base}{p}\">Tin</a> <span>14/08/2024</span></li>"
                ));
            }
            s.push_str("</ul></body></html>");
            html(s)
        }
        p if p == FAULT_PAGES[0] => {
            tokio::time::sleep(Duration::from_millis(600)).await;
            rec(200);
            html(article_html("Trả lời chậm nhưng vẫn đến", 1))
        }
        p if p == FAULT_PAGES[1] => {
            if n <= 2 {
                rec(503);
                (StatusCode::SERVICE_UNAVAILABLE, "bận").into_response()
            } else {
                rec(200);
                html(article_html("Lỗi máy chủ tạm thời rồi ổn", 2))
            }
        }
        p if p == FAULT_PAGES[2] => {
            if n == 1 {
                rec(429);
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(header::RETRY_AFTER, "1")],
                    "chậm lại",
                )
                    .into_response()
            } else {
                rec(200);
                html(article_html("Bị giới hạn tốc độ", 3))
            }
        }
        p if p == FAULT_PAGES[3] => {
            rec(500);
            (StatusCode::INTERNAL_SERVER_ERROR, "lỗi").into_response()
        }
        p if p == FAULT_PAGES[4] => {
            rec(200);
            let s = futures::stream::once(async {
                Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"<html><body><p>"))
            })
            .chain(futures::stream::pending());
            use futures::StreamExt;
            Response::builder()
                .header(header::CONTENT_TYPE, "text/html")
                .body(Body::from_stream(s))
                .unwrap()
        }
        p if p == FAULT_PAGES[5] => {
            rec(302);
            (
                StatusCode::FOUND,
                [(header::LOCATION, "/thoi-su/vong-b-20001.html")],
            )
                .into_response()
        }
        "/thoi-su/vong-b-20001.html" => {
            rec(302);
            (StatusCode::FOUND, [(header::LOCATION, FAULT_PAGES[5])]).into_response()
        }
        p if p == FAULT_PAGES[6] => {
            rec(200);
            use futures::StreamExt;
            // Headers and a first part go out; then the connection breaks.
            let first =
                axum::body::Bytes::from(article_html("Bị cắt", 7).into_bytes()[..200].to_vec());
            let s = futures::stream::once(async move { Ok::<_, std::io::Error>(first) }).chain(
                futures::stream::once(async {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    Err(std::io::Error::other("connection reset"))
                }),
            );
            Response::builder()
                .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
                .header(header::CONTENT_LENGTH, "5000")
                .body(Body::from_stream(s))
                .unwrap()
        }
        p if p == FAULT_PAGES[7] => {
            rec(200);
            html("<p>Dữ liệu lớn</p>".repeat(200_000))
        }
        p if p == FAULT_PAGES[8] => {
            rec(404);
            (StatusCode::NOT_FOUND, "không còn").into_response()
        }
        p if p == FAULT_PAGES[9] => {
            rec(301);
            (
                StatusCode::MOVED_PERMANENTLY,
                [(header::LOCATION, "/thoi-su/dia-chi-moi-cua-bai-10011.html")],
            )
                .into_response()
        }
        "/thoi-su/dia-chi-moi-cua-bai-10011.html" => {
            rec(200);
            html(article_html("Đổi địa chỉ", 10))
        }
        _ => {
            rec(404);
            StatusCode::NOT_FOUND.into_response()
        }
    }
}

pub async fn start_faults() -> Site {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", l.local_addr().unwrap());
    let st = FaultState {
        hits: Hits::default(),
        counters: Arc::new(Mutex::new(HashMap::new())),
        base: Arc::new(Mutex::new(base.clone())),
    };
    let site = Site {
        name: "faults".into(),
        base: base.clone(),
        hits: st.hits.clone(),
        overrides: Arc::new(Mutex::new(HashMap::new())),
    };
    let app = Router::new().fallback(fault).with_state(st);
    tokio::spawn(async move {
        let _ = axum::serve(l, app).await;
    });
    site
}

/// Write a registry for the started sites. `extra` is appended per site id.
pub fn write_registry(dir: &Path, entries: &[(&str, &str, String)]) -> PathBuf {
    let mut s = String::from("# test registry\n");
    for (id, kind, body) in entries {
        s.push_str(&format!(
            "\n[[outlet]]\nid = \"{id}\"\nname = \"Fixture {id}\"\ntype = \"{kind}\"\n{body}\n"
        ));
    }
    let p = dir.join("outlets.toml");
    std::fs::write(&p, s).unwrap();
    p
}

/// The registry of the three fixture outlets (`baoqn` by feed, `dtri` by sitemap, `xaportal`
/// by section) and the fault host, `faults_extra` appended to the fault host's entry.
pub fn fixture_registry(dir: &Path, sites: &[Site], faults: &Site, faults_extra: &str) -> PathBuf {
    let base = |n: &str| sites.iter().find(|s| s.name == n).unwrap().base.clone();
    write_registry(
        dir,
        &[
            (
                "baoqn",
                "media_centre",
                format!(
                    "province = \"Quảng Ninh\"\nhome = \"{0}/\"\nfeeds = [\"{0}/rss/home.rss\"]",
                    base("baoqn")
                ),
            ),
            (
                "dtri",
                "national_press",
                format!(
                    "home = \"{0}/\"\nsitemaps = [\"{0}/sitemaps/sitemap-index.xml\"]",
                    base("dtri")
                ),
            ),
            (
                "xaportal",
                "commune_portal",
                format!(
                    "province = \"Quảng Ninh\"\nhome = \"{0}/\"\nsections = [\"{0}/tin-tuc\"]",
                    base("xaportal")
                ),
            ),
            (
                "faults",
                "provincial_press",
                format!(
                    "home = \"{0}/\"\nsections = [\"{0}/chuyen-muc/thoi-su\"]{1}",
                    faults.base, faults_extra
                ),
            ),
        ],
    )
}
