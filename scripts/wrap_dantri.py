#!/usr/bin/env python3
"""Wrap Dân Trí article texts (the shared UNC corpus) into realistic CMS pages, in the
article-extraction-benchmark layout, for speed and volume comparisons.

The output goes to a temporary directory given on the command line and is NEVER committed:
the article texts belong to their publisher. Three page templates are rotated so the
extractors see a known national layout, an unknown layout (class names no extractor knows)
and an old table layout:

  python3 scripts/wrap_dantri.py OUT_DIR [N] [CORPUS]
"""
import gzip
import html
import io
import json
import os
import sys

E = html.escape


def find_corpus():
    for base in (os.environ.get("CHISOGIOI_SHARED"), os.path.join(os.path.dirname(__file__), "..", "..", "shared"), "/work/shared"):
        if base and os.path.exists(os.path.join(base, "data", "vi-news", "dantri_unc.jsonl")):
            return os.path.join(base, "data", "vi-news", "dantri_unc.jsonl")
    sys.exit("dantri_unc.jsonl not found: set CHISOGIOI_SHARED")


MENU = "".join(f'<li><a href="/{s}.htm">{n}</a></li>' for s, n in [
    ("xa-hoi", "Xã hội"), ("the-gioi", "Thế giới"), ("kinh-doanh", "Kinh doanh"), ("giai-tri", "Giải trí"),
    ("the-thao", "Thể thao"), ("giao-duc", "Giáo dục"), ("suc-khoe", "Sức khỏe"), ("du-lich", "Du lịch")])
ADS = ('<div class="banner-ads"><a href="https://ads.example/1"><img src="/ads/1.jpg"></a>'
       '<p>Vay tiêu dùng lãi suất 0%, duyệt hồ sơ trong 5 phút, nhận tiền ngay trong ngày</p></div>')
COMMENTS = ('<div class="comment-wrap" id="comments"><h3>Bình luận (2)</h3><ul>'
            '<li><b>Minh Tuấn</b><p>Cảm ơn báo đã đưa tin, mong cơ quan chức năng sớm vào cuộc.</p></li>'
            '<li><b>Lan Anh</b><p>Thông tin rất hữu ích cho bạn đọc chúng tôi.</p></li></ul>'
            '<form><textarea></textarea><button>Gửi bình luận</button></form></div>')
FOOTER = '<footer class="footer"><p>Cơ quan chủ quản. Giấy phép số 298/GP-BTTTT. Tổng biên tập: Phạm Tuấn Anh.</p></footer>'


def related(others):
    return "<ul>" + "".join(f'<li><a href="/x.htm">{E(o["title"])}</a></li>' for o in others) + "</ul>"


def national(a, paras, others):
    sapo, body = paras[0], paras[1:]
    return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
            f'<title>{E(a["title"])} | Báo Dân trí</title><meta name="description" content="{E(sapo[:160])}"></head>'
            f'<body><div class="dt-header"><nav class="menu"><ul>{MENU}</ul></nav></div>{ADS}'
            '<main class="body-container"><article class="singular-container">'
            f'<h1 class="title-page detail">{E(a["title"])}</h1>'
            f'<h2 class="singular-sapo">{E(sapo)}</h2><div class="singular-content">'
            + "".join(f"<p>{E(p)}</p>" for p in body) +
            f'</div></article><div class="article-related"><h3>Tin liên quan</h3>{related(others)}</div>{COMMENTS}</main>{FOOTER}</body></html>')


def unknown(a, paras, others):
    return ('<!DOCTYPE html><html><head><meta charset="utf-8">'
            f'<title>{E(a["title"])}</title></head><body><div class="wrap"><div class="t-row"><ul class="m-list">{MENU}</ul></div>'
            f'<div class="c-left"><div class="c-hot"><h4>Tin nổi bật</h4>{related(others[:3])}</div></div>'
            f'<div class="c-main"><div class="zx-box"><h1>{E(a["title"])}</h1><div class="zx-txt">'
            + "".join(f"<p>{E(p)}</p>" for p in paras) +
            f'</div></div><div class="zx-more"><h4>Cùng chuyên mục</h4>{related(others)}</div>{COMMENTS}</div></div>{FOOTER}</body></html>')


def table(a, paras, others):
    return ('<HTML><HEAD><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            f'<TITLE>{E(a["title"])}</TITLE></HEAD><BODY><TABLE width=980><TR><TD colspan=2><div id="menu">{MENU}</div></TD></TR>'
            f'<TR><TD width=200 valign=top>{related(others[:4])}{ADS}</TD><TD valign=top>'
            f'<div class="title-news">{E(a["title"])}</div><div class="tomtat"><b>{E(paras[0])}</b></div><div class="noidung">'
            + "<br><br>".join(E(p) for p in paras[1:]) +
            f'</div><div class="tinkhac"><b>Các tin khác</b>{related(others)}</div></TD></TR></TABLE></BODY></HTML>')


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    corpus = sys.argv[3] if len(sys.argv) > 3 else find_corpus()
    arts = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            paras = [p.strip() for p in a["text"].split("\n") if p.strip()]
            if len(paras) >= 3:
                arts.append((a, paras))
            if len(arts) >= n:
                break
    os.makedirs(os.path.join(out, "html"), exist_ok=True)
    truth = {}
    templates = [national, unknown, table]
    for i, (a, paras) in enumerate(arts):
        others = [arts[(i + k) % len(arts)][0] for k in range(1, 6)]
        page = templates[i % 3](a, paras, others)
        pid = f"dt{i:05d}"
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as g:
            g.write(page.encode("utf-8"))
        with open(os.path.join(out, "html", pid + ".html.gz"), "wb") as f:
            f.write(buf.getvalue())
        truth[pid] = {"articleBody": "\n".join(paras), "url": a["url"]}
    with open(os.path.join(out, "ground-truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False)
    print(f"{len(arts)} pages in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
