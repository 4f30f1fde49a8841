//! The crawler's state in SQLite: frontier, per-URL validators, content hashes, jobs and
//! the committed length of every WARC file.
//!
//! Crash safety rests on one ordering rule: a WARC record is written and fsynced first,
//! then one transaction marks the URL done *and* advances the file's committed length.
//! On start, bytes beyond a file's committed length (a half-written record, or a whole
//! record whose transaction never committed) are cut off, and the URL, not being marked,
//! is fetched again. The database runs in WAL mode so a kill -9 loses no committed
//! transaction.
//!
//! A *job* is one (outlet set, window) collection. Running the same command again after a
//! kill resumes the unfinished job: URLs already settled in it are not fetched again.
//! Running it after the job finished starts a new job that revisits every URL with a
//! conditional GET, so only what changed is downloaded and archived.

use anyhow::Context;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};

pub struct State {
    conn: Connection,
}

/// A URL to fetch in the current job, with what a previous job learned about it.
#[derive(Debug, Clone)]
pub struct FrontierItem {
    pub key: String,
    pub url: String,
    pub date: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub hash: Option<String>,
    /// Status from the last job that fetched it (`done`, `unchanged`, …).
    pub status: String,
}

/// How a URL ended in this job.
#[derive(Debug, Clone, Default)]
pub struct Settle {
    pub status: &'static str,
    pub error_kind: Option<String>,
    pub http_status: Option<u16>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub hash: Option<String>,
    pub dup_of: Option<String>,
    pub final_url: Option<String>,
    /// (file, offset of the response record, new committed length of the file)
    pub warc: Option<(PathBuf, u64, u64)>,
}

/// One archived page, as listed for a window.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Archived {
    pub key: String,
    pub url: String,
    pub outlet: String,
    pub date: Option<String>,
    pub hash: String,
    pub warc_file: PathBuf,
    pub warc_offset: u64,
}

/// A page whose last fetch failed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Failed {
    pub url: String,
    pub outlet: String,
    /// `timeout`, `http_5xx`, `too_large`, … (see [`super::fetch::FetchError::kind`]).
    pub kind: String,
    pub http_status: Option<u16>,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl State {
    pub fn open(dir: &Path) -> anyhow::Result<State> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create state directory {}", dir.display()))?;
        let path = dir.join("crawl.sqlite");
        let conn = Connection::open(&path)
            .with_context(|| format!("cannot open state database {}", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS jobs(
                id INTEGER PRIMARY KEY, key TEXT NOT NULL, date_from TEXT NOT NULL,
                date_to TEXT NOT NULL, started TEXT NOT NULL, finished TEXT);
             CREATE TABLE IF NOT EXISTS urls(
                key TEXT PRIMARY KEY, url TEXT NOT NULL, outlet TEXT NOT NULL,
                date TEXT, source TEXT, first_seen TEXT NOT NULL,
                done_job INTEGER, status TEXT NOT NULL DEFAULT 'pending',
                error_kind TEXT, http_status INTEGER, etag TEXT, last_modified TEXT,
                hash TEXT, dup_of TEXT, final_url TEXT, warc_file TEXT, warc_offset INTEGER,
                fetched_at TEXT);
             CREATE INDEX IF NOT EXISTS urls_hash ON urls(hash);
             CREATE TABLE IF NOT EXISTS job_urls(
                job INTEGER NOT NULL, key TEXT NOT NULL, outlet TEXT NOT NULL,
                PRIMARY KEY(job, key));
             CREATE TABLE IF NOT EXISTS warc_files(
                path TEXT PRIMARY KEY, committed INTEGER NOT NULL, job INTEGER NOT NULL,
                date_from TEXT NOT NULL, date_to TEXT NOT NULL, created TEXT NOT NULL);",
        )?;
        Ok(State { conn })
    }

    /// Cut every WARC file back to its committed length. Returns the files repaired
    /// and the bytes dropped.
    pub fn repair_warcs(&self) -> anyhow::Result<Vec<(PathBuf, u64)>> {
        let mut st = self
            .conn
            .prepare("SELECT path, committed FROM warc_files")?;
        let rows: Vec<(String, i64)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for (p, committed) in rows {
            let path = PathBuf::from(&p);
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            let committed = committed.max(0) as u64;
            if meta.len() > committed {
                super::warc::truncate(&path, committed)
                    .with_context(|| format!("cannot repair WARC file {}", path.display()))?;
                out.push((path, meta.len() - committed));
            }
        }
        Ok(out)
    }

    /// Resume the unfinished job with this key, or start a new one. Returns (id, resumed).
    pub fn begin_job(&self, key: &str, from: &str, to: &str) -> anyhow::Result<(i64, bool)> {
        let open: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM jobs WHERE key=?1 AND finished IS NULL ORDER BY id DESC LIMIT 1",
                [key],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = open {
            return Ok((id, true));
        }
        self.conn.execute(
            "INSERT INTO jobs(key, date_from, date_to, started) VALUES(?1, ?2, ?3, ?4)",
            params![key, from, to, now()],
        )?;
        Ok((self.conn.last_insert_rowid(), false))
    }

    pub fn finish_job(&self, job: i64) -> anyhow::Result<()> {
        self.conn.execute(
            "UPDATE jobs SET finished=?2 WHERE id=?1",
            params![job, now()],
        )?;
        Ok(())
    }

    pub fn register_warc(
        &self,
        path: &Path,
        committed: u64,
        job: i64,
        from: &str,
        to: &str,
    ) -> anyhow::Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO warc_files(path, committed, job, date_from, date_to, created)
             VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                path.to_string_lossy(),
                committed as i64,
                job,
                from,
                to,
                now()
            ],
        )?;
        Ok(())
    }

    /// Record a discovered URL for this job (idempotent). A date learned now fills a
    /// missing one. Returns true when the URL is new to this job.
    #[allow(clippy::too_many_arguments)]
    pub fn add_discovered(
        &self,
        job: i64,
        outlet: &str,
        key: &str,
        url: &str,
        date: Option<&str>,
        source: &str,
    ) -> anyhow::Result<bool> {
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO urls(key, url, outlet, date, source, first_seen) VALUES(?1,?2,?3,?4,?5,?6)
             ON CONFLICT(key) DO UPDATE SET date=COALESCE(urls.date, excluded.date)",
            params![key, url, outlet, date, source, now()],
        )?;
        let n = tx.execute(
            "INSERT OR IGNORE INTO job_urls(job, key, outlet) VALUES(?1, ?2, ?3)",
            params![job, key, outlet],
        )?;
        tx.commit()?;
        Ok(n > 0)
    }

    /// URLs of this outlet seen in this job and not yet settled in it.
    pub fn frontier(&self, job: i64, outlet: &str) -> anyhow::Result<Vec<FrontierItem>> {
        let mut st = self.conn.prepare(
            "SELECT u.key, u.url, u.date, u.etag, u.last_modified, u.hash, u.status
             FROM job_urls j JOIN urls u ON u.key=j.key
             WHERE j.job=?1 AND j.outlet=?2 AND (u.done_job IS NULL OR u.done_job<>?1)
             ORDER BY u.date DESC, u.key",
        )?;
        let rows = st
            .query_map(params![job, outlet], |r| {
                Ok(FrontierItem {
                    key: r.get(0)?,
                    url: r.get(1)?,
                    date: r.get(2)?,
                    etag: r.get(3)?,
                    last_modified: r.get(4)?,
                    hash: r.get(5)?,
                    status: r.get(6)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Count of URLs of this outlet already settled in this job (for a resumed job's progress).
    pub fn settled_count(&self, job: i64, outlet: &str) -> anyhow::Result<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM job_urls j JOIN urls u ON u.key=j.key
             WHERE j.job=?1 AND j.outlet=?2 AND u.done_job=?1",
            params![job, outlet],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    /// The URL that first archived content with this hash, if any.
    pub fn hash_owner(&self, hash: &str) -> anyhow::Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT key FROM urls WHERE hash=?1 AND warc_file IS NOT NULL LIMIT 1",
                [hash],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Settle a URL in this job; with a WARC record, advance that file's committed length
    /// in the same transaction.
    pub fn settle(&self, job: i64, key: &str, s: &Settle) -> anyhow::Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "UPDATE urls SET done_job=?2, status=?3, error_kind=?4, http_status=?5,
                etag=COALESCE(?6, etag), last_modified=COALESCE(?7, last_modified),
                hash=COALESCE(?8, hash), dup_of=?9, final_url=COALESCE(?10, final_url),
                fetched_at=?11 WHERE key=?1",
            params![
                key,
                job,
                s.status,
                s.error_kind,
                s.http_status,
                s.etag,
                s.last_modified,
                s.hash,
                s.dup_of,
                s.final_url,
                now()
            ],
        )?;
        if let Some((file, offset, committed)) = &s.warc {
            tx.execute(
                "UPDATE urls SET warc_file=?2, warc_offset=?3 WHERE key=?1",
                params![key, file.to_string_lossy(), *offset as i64],
            )?;
            tx.execute(
                "UPDATE warc_files SET committed=?2 WHERE path=?1",
                params![file.to_string_lossy(), *committed as i64],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The latest archived copy of every page of a window: pages seen by a job whose
    /// window overlaps `[from, to]`, and whose known date (if any) lies inside it.
    pub fn archived(&self, from: &str, to: &str) -> anyhow::Result<Vec<Archived>> {
        let mut st = self.conn.prepare(
            "SELECT DISTINCT u.key, u.url, u.outlet, u.date, u.hash, u.warc_file, u.warc_offset
             FROM urls u JOIN job_urls j ON j.key=u.key JOIN jobs b ON b.id=j.job
             WHERE u.warc_file IS NOT NULL AND b.date_from<=?2 AND b.date_to>=?1
               AND (u.date IS NULL OR (substr(u.date,1,10)>=?1 AND substr(u.date,1,10)<=?2))
             ORDER BY u.outlet, u.key",
        )?;
        let rows = st
            .query_map(params![from, to], |r| {
                Ok(Archived {
                    key: r.get(0)?,
                    url: r.get(1)?,
                    outlet: r.get(2)?,
                    date: r.get(3)?,
                    hash: r.get(4)?,
                    warc_file: PathBuf::from(r.get::<_, String>(5)?),
                    warc_offset: r.get::<_, i64>(6)? as u64,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Every page of a window whose last fetch failed (status `error`), with its error
    /// kind and HTTP status: what a user needs to name the URL and decide what to do.
    pub fn failed(&self, from: &str, to: &str) -> anyhow::Result<Vec<Failed>> {
        let mut st = self.conn.prepare(
            "SELECT DISTINCT u.url, u.outlet, u.error_kind, u.http_status
             FROM urls u JOIN job_urls j ON j.key=u.key JOIN jobs b ON b.id=j.job
             WHERE u.status='error' AND b.date_from<=?2 AND b.date_to>=?1
               AND (u.date IS NULL OR (substr(u.date,1,10)>=?1 AND substr(u.date,1,10)<=?2))
             ORDER BY u.outlet, u.url",
        )?;
        let rows = st
            .query_map(params![from, to], |r| {
                Ok(Failed {
                    url: r.get(0)?,
                    outlet: r.get(1)?,
                    kind: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    http_status: r.get::<_, Option<i64>>(3)?.map(|s| s as u16),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// (key, status, hash) for every URL, sorted: the comparable final state.
    pub fn snapshot(&self) -> anyhow::Result<Vec<(String, String, Option<String>)>> {
        let mut st = self
            .conn
            .prepare("SELECT key, status, hash FROM urls ORDER BY key")?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}
