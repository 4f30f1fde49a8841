#!/usr/bin/env python3
"""Build the Vietnamese extraction gold set (tests/fixtures/extract/aeb-vi) in the layout of the
public article-extraction-benchmark: ground-truth.json + html/<id>.html.gz, plus expected.json
with the metadata fields (title, sapo, author, date, captions, kind, section, tags).

Pages imitate the markup of real Vietnamese CMS families (national e-papers, provincial
ASP.NET and WordPress papers, a broadcaster video page, a radio page, a commune portal,
an unknown layout) with their furniture: menus, related links (some with their own
"sapo"), comments, ads, a site-header date. The article texts are fictional and were written
for this project (scripts/aeb_vi_articles.py). Some pages are windows-1258 (one behind a
wrong UTF-8 meta), some are malformed.

Usage: python3 scripts/make_aeb_vi.py [OUT_DIR]   (deterministic output)
"""
import datetime
import gzip
import html
import io
import json
import os
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aeb_vi_articles import ARTICLES  # noqa: E402

E = html.escape
WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text):
    """Encode as windows-1258 the way legacy Vietnamese pages are: letters without a
    precomposed form are written base letter + combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in d if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
        out += base.encode("cp1258", errors="replace") + tones.encode("cp1258", errors="replace")
    return bytes(out)


def iso(a):
    y, m, d, h, mi = a["date"]
    if h is None:
        return f"{y:04}-{m:02}-{d:02}"
    return f"{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:00+07:00"


def weekday(a):
    y, m, d = a["date"][:3]
    return WEEKDAYS[datetime.date(y, m, d).weekday()]


def slug(a):
    return a["id"]


def others(a, n=4):
    i = ARTICLES.index(a)
    return [ARTICLES[(i + k) % len(ARTICLES)] for k in range(1, n + 1)]


NAV_ITEMS = ["Trang chủ", "Thời sự", "Chính trị", "Kinh tế", "Xã hội", "Pháp luật", "Văn hóa", "Thể thao", "Sức khỏe", "Giáo dục"]


def nav(cls="main-nav"):
    items = "".join(f'<li><a href="/{i}">{E(n)}</a></li>' for i, n in enumerate(NAV_ITEMS))
    return f'<nav class="{cls}"><ul>{items}</ul></nav>'


def ad(i=0):
    texts = [
        "Vay tiêu dùng lãi suất 0%, duyệt hồ sơ trong 5 phút, nhận tiền ngay trong ngày",
        "Căn hộ ven sông chỉ từ 1,2 tỷ đồng, chiết khấu 10% cho khách hàng đặt chỗ sớm",
        "Khóa học tiếng Anh giao tiếp cho người đi làm, học thử miễn phí buổi đầu tiên",
    ]
    return f'<div class="banner-ads qc"><a href="https://ads.example/{i}"><img src="/ads/{i}.jpg" alt="quảng cáo"></a><p>{E(texts[i % 3])}</p></div>'


COMMENTS = [
    ("Nguyễn Văn Bình", "Bài viết rất ý nghĩa, mong báo có thêm nhiều câu chuyện như thế này."),
    ("Thu Hương", "Đọc xong thấy cảm phục, chúc chị luôn mạnh khỏe và giữ được nhiệt huyết."),
    ("Trần Quốc Việt", "Địa phương tôi cũng nên học tập mô hình này, cảm ơn phóng viên đã đưa tin."),
]


def comments(cls="box-comment"):
    items = "".join(
        f'<li class="comment-item"><span class="user-name">{E(n)}</span><p class="full-content">{E(t)}</p>'
        f'<a class="reply" href="#">Trả lời</a> <span class="like">Thích</span></li>'
        for n, t in COMMENTS
    )
    return f'<div class="{cls}" id="comments"><h3>Ý kiến bạn đọc (3)</h3><ul>{items}</ul><form><textarea placeholder="Ý kiến của bạn"></textarea><button>Gửi</button></form></div>'


def related(a, cls="box-relate", with_sapo=False):
    items = []
    for o in others(a):
        s = f'<p class="sapo">{E(o["sapo"])}</p>' if with_sapo else ""
        items.append(f'<article class="box-category-item"><h3 class="box-title-text"><a href="/{slug(o)}.htm">{E(o["title"])}</a></h3>{s}</article>')
    return f'<div class="{cls}"><h2 class="title">Tin liên quan</h2>{"".join(items)}</div>'


def footer():
    return ('<footer class="footer"><p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh. Giấy phép số 12/GP-BTTTT.</p>'
            '<p>Địa chỉ: số 1 đường Trần Hưng Đạo. Điện thoại: 0203 3812 345.</p>'
            '<p>© Bản quyền thuộc về tòa soạn. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p></footer>')


def ps(a, cls=None):
    c = f' class="{cls}"' if cls else ""
    return "".join(f"<p{c}>{E(p)}</p>" for p in a["body"])


def head(a, charset="utf-8", extra="", site="Báo Điện tử"):
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="{charset}">'
            f'<title>{E(a["title"])} - {site}</title>'
            f'<meta name="description" content="{E(a["sapo"])}">'
            f'<meta property="og:title" content="{E(a["title"])}">'
            f'<meta property="og:site_name" content="{site}">'
            f'<link rel="canonical" href="https://{a["id"]}.example.vn/{slug(a)}.html">{extra}'
            '<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>'
            '<style>.fck_detail p{margin:0 0 1em}</style></head>')


def breadcrumb(a, cls="breadcrumb"):
    return f'<ul class="{cls}"><li><a href="/">Trang chủ</a></li><li><a href="/muc">{E(a["section"])}</a></li></ul>'


def tags_html(a, cls="tags"):
    if not a["tags"]:
        return ""
    return f'<div class="{cls}"><span>Từ khóa:</span> ' + " ".join(f'<a href="/tag/{i}">{E(t)}</a>' for i, t in enumerate(a["tags"])) + "</div>"


# ---------------------------------------------------------------- layouts


def vnx(a):
    y, m, d, h, mi = a["date"]
    figs = "".join(
        f'<figure class="tplCaption"><div class="fig-picture"><img src="/i/{k}.jpg" alt=""></div><figcaption><p class="Image">{E(c)}</p></figcaption></figure>'
        for k, c in enumerate(a["captions"]))
    body = a["body"]
    mid = len(body) // 2
    paras = "".join(f'<p class="Normal">{E(p)}</p>' for p in body[:mid]) + figs + "".join(f'<p class="Normal">{E(p)}</p>' for p in body[mid:])
    return (head(a, site="VnExpress") + '<body><header class="section top-header"><a class="logo" href="/">VnExpress</a>'
            + nav() + '</header>' + ad(0) +
            '<section class="section page-detail"><div class="container"><div class="sidebar-1">'
            f'{breadcrumb(a, "breadcrumb")}<span class="date">{weekday(a)}, {d}/{m}/{y}, {h:02}:{mi:02} (GMT+7)</span>'
            f'<h1 class="title-detail">{E(a["title"])}</h1>'
            f'<p class="description">{E(a["sapo"])}</p>'
            f'<article class="fck_detail">{paras}'
            f'<p class="Normal" style="text-align:right;"><strong>{E(a["author"])}</strong></p></article>'
            + tags_html(a, "tags") + ad(1) +
            '<div class="box-tinlienquanv2"><h3>Xem thêm</h3><ul>' +
            "".join(f'<li><a href="/{slug(o)}.html">{E(o["title"])}</a></li>' for o in others(a)) +
            '</ul></div>' + comments("box_comment_vne") + '</div><div class="sidebar-2">' +
            '<div class="box-most-read"><h3>Xem nhiều</h3>' + "".join(f'<p><a href="/x">{E(o["title"])}</a></p>' for o in others(a, 3)) + '</div>'
            '</div></div></section>' + footer() + '</body></html>')


def tt(a):
    y, m, d, h, mi = a["date"]
    figs = "".join(
        f'<figure class="VCSortableInPreviewMode" type="Photo"><div><img src="/p/{k}.jpg"></div><figcaption class="PhotoCMS_Caption"><p data-placeholder="[nhập chú thích]">{E(c)}</p></figcaption></figure>'
        for k, c in enumerate(a["captions"]))
    paras = "".join(f"<p>{E(p)}</p>" for p in a["body"][:1]) + figs + "".join(f"<p>{E(p)}</p>" for p in a["body"][1:])
    return (head(a, site="Tuổi Trẻ Online") + '<body><div class="header"><div class="header__top"><span class="date">Thứ Hai, 23/11/2026</span></div>'
            + nav("menu-nav") + '</div>' + related(a, "box-relate box-hot", with_sapo=True) +
            '<div class="detail-container"><div class="detail-cate"><a href="/muc">' + E(a["section"]) + '</a></div>'
            f'<h1 class="detail-title article-title" data-role="title">{E(a["title"])}</h1>'
            f'<div class="detail-top"><div class="detail-time"><div data-role="publishdate">{d:02}/{m:02}/{y} {h:02}:{mi:02} GMT+7</div></div></div>'
            f'<h2 class="detail-sapo" data-role="sapo">{E(a["sapo"])}</h2>'
            f'<div class="detail-cmain"><div class="detail-content afcbc-body" data-role="content">{paras}'
            + ad(2) + '</div>'
            f'<div class="author-info"><a class="name" href="/tac-gia/x.htm">{E(a["author"])}</a></div>'
            + tags_html(a, "detail-tab") + '</div>' + related(a, "box-relate", with_sapo=True) + comments("detail-comment") +
            '</div>' + footer() + '</body></html>')


def dt(a):
    y, m, d, h, mi = a["date"]
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"], "description": a["sapo"],
          "datePublished": iso(a), "author": {"@type": "Person", "name": a["author"]}, "articleSection": a["section"],
          "publisher": {"@type": "Organization", "name": "Báo Dân trí"}}
    figs = "".join(
        f'<figure class="image align-center"><img src="/d/{k}.webp"><figcaption><p>{E(c)}</p></figcaption></figure>'
        for k, c in enumerate(a["captions"]))
    paras = "".join(f"<p>{E(p)}</p>" for p in a["body"][:2]) + figs + "".join(f"<p>{E(p)}</p>" for p in a["body"][2:])
    extra = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    return (head(a, extra=extra, site="Báo Dân trí") + '<body><div class="dt-header">' + nav("menu") + '</div>' + ad(1) +
            '<main class="body-container"><div class="grid-container"><article class="singular-container">'
            f'<ul class="dt-breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/muc">{E(a["section"])}</a></li></ul>'
            f'<h1 class="title-page detail">{E(a["title"])}</h1>'
            f'<div class="author-wrap"><div class="author-name"><a href="/tac-gia"><b>{E(a["author"])}</b></a></div>'
            f'<time class="author-time" datetime="{y}-{m:02}-{d:02} {h:02}:{mi:02}">{weekday(a)}, {d:02}/{m:02}/{y} - {h:02}:{mi:02}</time></div>'
            f'<h2 class="singular-sapo">{E(a["sapo"])}</h2>'
            f'<div class="singular-content">{paras}</div>'
            + tags_html(a, "tags-wrap tags") + '</article>'
            '<div class="article-related"><h3>Tin liên quan</h3>' + "".join(f'<article class="article-item"><h3 class="article-title"><a href="/x">{E(o["title"])}</a></h3><div class="article-excerpt">{E(o["sapo"])}</div></article>' for o in others(a)) +
            '</div>' + comments("comment-wrap") + '</div></main>' + footer() + '</body></html>')


def vnp(a):
    y, m, d, h, mi = a["date"]
    figs = "".join(
        f'<table class="image"><tr><td><img src="/v/{k}.jpg"></td></tr><tr><td class="caption">{E(c)}</td></tr></table>'
        for k, c in enumerate(a["captions"]))
    paras = figs + ps(a)
    extra = (f'<meta property="article:published_time" content="{iso(a)}">'
             f'<meta property="article:section" content="{E(a["section"])}">'
             + "".join(f'<meta property="article:tag" content="{E(t)}">' for t in a["tags"]))
    return (head(a, extra=extra, site="VietnamPlus") + '<body><header class="site-header">' + nav() + '</header>' +
            '<div class="main-col"><article class="article">'
            f'<h1 class="article__title cms-title">{E(a["title"])}</h1>'
            f'<div class="article__meta"><time class="time" datetime="{iso(a)}">{d:02}/{m:02}/{y} {h:02}:{mi:02}</time></div>'
            f'<div class="article__sapo cms-desc">{E(a["sapo"])}</div>' + ad(0) +
            f'<div class="article__body cms-body">{paras}</div>'
            f'<div class="article__author"><span class="name">Tác giả: {E(a["author"])}</span></div>'
            + tags_html(a, "article__tag") + '</article>'
            '<div class="box-related"><h3>Xem thêm</h3><ul>' + "".join(f'<li><a href="/x">{E(o["title"])}</a></li>' for o in others(a)) + '</ul></div>'
            '</div><aside class="sidebar"><div class="box-popular"><h3>Đọc nhiều</h3>' +
            "".join(f'<div class="story"><h2 class="story__heading"><a href="/x">{E(o["title"])}</a></h2><div class="story__summary">{E(o["sapo"])}</div></div>' for o in others(a, 3)) +
            '</div></aside>' + footer() + '</body></html>')


def prov_asp(a):
    y, m, d = a["date"][:3]
    cap = "".join(
        f'<TABLE class="image" align=center><TR><TD><IMG src="/Uploads/{k}.jpg"></TD></TR><TR><TD class="img-caption"><I>{E(c)}</I></TD></TR></TABLE>'
        for k, c in enumerate(a["captions"]))
    # Old ASP.NET CMS: text straight in a div, paragraphs separated by <br><br>, unclosed tags.
    body = "<br><br>\r\n".join(E(p) for p in a["body"][:2]) + "<br>" + cap + "<P>" + "<P>".join(E(p) for p in a["body"][2:])
    return (f'<HTML><HEAD><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
            f'<TITLE>{E(a["title"])}</TITLE><meta name="keywords" content="tin tức, địa phương">'
            '</HEAD><BODY><TABLE width=980 align=center><TR><TD colspan=2><div class="header"><img src="/banner.jpg"></div>'
            '<div id="menu" class="menu"><a href="/">Trang chủ</a> | <a href="/tin">Tin tức</a> | <a href="/vh">Văn hóa - Xã hội</a> | <a href="/lh">Liên hệ</a></div>'
            '</TD></TR><TR><TD width=200 valign=top class="left"><div class="box-left"><b>Liên kết website</b><br><a href="/">Cổng thông tin tỉnh</a><br><a href="/">Báo tỉnh</a></div>'
            + ad(2) + '</TD><TD valign=top>'
            f'<div class="path">Trang chủ » <a href="/c">{E(a["section"])}</a></div>'
            f'<div class="title-news">{E(a["title"])}</div>'
            f'<span class="ngaydang">Cập nhật: ngày {d} tháng {m} năm {y}</span>'
            f'<div class="tomtat"><b>{E(a["sapo"])}</b></div>'
            f'<div id="ctl00_ContentPlaceHolder1_noidung" class="noidung">{body}'
            f'<P align=right><B>{E(a["author"])}</B></div>'
            '<div class="tinkhac"><b>Các tin khác</b><ul>' + "".join(f'<li><a href="/x">{E(o["title"])}</a> <font color=gray>(12/08/2024)</font>' for o in others(a)) +
            '</ul></div></TD></TR></TABLE><div class="footer">Trung tâm Truyền thông và Văn hóa huyện. Chịu trách nhiệm nội dung: Giám đốc Trung tâm.</div></BODY></HTML>')


def prov_wp(a):
    y, m, d, h, mi = a["date"]
    figs = "".join(
        f'<figure class="wp-block-image size-large"><img src="/wp-content/uploads/{k}.jpg"><figcaption class="wp-element-caption">{E(c)}</figcaption></figure>'
        for k, c in enumerate(a["captions"]))
    paras = f"<p><strong>{E(a['sapo'])}</strong></p>" + ps(a)[:0] + "".join(f"<p>{E(p)}</p>" for p in a["body"][:1]) + figs + "".join(f"<p>{E(p)}</p>" for p in a["body"][1:])
    return (head(a, site="Báo Trà Vinh điện tử") + '<body class="single single-post"><div id="page" class="site"><header id="masthead" class="site-header">' + nav("main-navigation") + '</header>'
            '<div id="content" class="site-content"><main id="main" class="site-main"><article class="post type-post">'
            f'<header class="entry-header"><span class="cat-links"><a href="/c" rel="category tag">{E(a["section"])}</a></span>'
            f'<h1 class="entry-title">{E(a["title"])}</h1><div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{iso(a)}">{d:02}/{m:02}/{y}</time></span>'
            f' <span class="byline">bởi <span class="author vcard"><a class="url fn n" href="/author/x">{E(a["author"])}</a></span></span></div></header>'
            f'<div class="entry-content">{paras}<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Chia sẻ:</h3><ul><li><a href="#">Facebook</a></li><li><a href="#">Zalo</a></li></ul></div></div>'
            '<footer class="entry-footer">' + (f'<span class="tags-links">' + ", ".join(f'<a href="/tag" rel="tag">{E(t)}</a>' for t in a["tags"]) + '</span>' if a["tags"] else "") + '</footer></article>'
            '<nav class="navigation post-navigation"><a href="/prev" rel="prev">Bài trước: ' + E(others(a)[0]["title"]) + '</a></nav>'
            + comments("comments-area") + '</main><aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Bài viết mới</h2><ul>'
            + "".join(f'<li><a href="/x">{E(o["title"])}</a></li>' for o in others(a)) + '</ul></section>' + ad(0) + '</aside></div></div></body></html>')


def tv_video(a):
    y, m, d, h, mi = a["date"]
    utc = datetime.datetime(y, m, d, h, mi) - datetime.timedelta(hours=7)
    ld = {"@context": "https://schema.org", "@type": "VideoObject", "name": a["title"], "description": a["sapo"],
          "uploadDate": utc.strftime("%Y-%m-%dT%H:%M:%SZ"), "thumbnailUrl": "https://tv.example.vn/thumb.jpg",
          "contentUrl": "https://tv.example.vn/v.mp4", "author": {"@type": "Organization", "name": a["author"]}}
    extra = (f'<meta property="og:type" content="video.other"><script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>')
    return (head(a, extra=extra, site="Truyền hình tỉnh") + '<body><div class="top-bar">' + nav("nav-tv") + '</div>'
            '<div class="video-page"><div class="player-wrap"><video controls poster="/thumb.jpg" src="/v.mp4"></video></div>'
            f'<ul class="breadcrumbs"><li><a href="/">Trang chủ</a></li><li><a href="/video">{E(a["section"])}</a></li></ul>'
            f'<h1 class="video-title">{E(a["title"])}</h1><div class="video-info"><span class="time">{d:02}/{m:02}/{y} {h:02}:{mi:02}</span> <span class="views">1.254 lượt xem</span></div>'
            f'<div class="sapo">{E(a["sapo"])}</div>'
            '<div class="video-description">' + "".join(f"<p>{E(p)}</p>" for p in a["body"]) + '</div>'
            f'<div class="author">{E(a["author"])}</div>'
            '<div class="video-list other-videos"><h3>Video khác</h3>' + "".join(f'<div class="video-item"><a href="/v"><img src="/t.jpg"><span>{E(o["title"])}</span></a></div>' for o in others(a)) + '</div>'
            '</div>' + footer() + '</body></html>')


def radio(a):
    y, m, d, h, mi = a["date"]
    return (head(a, site="Đài Tiếng nói") + '<body><div id="header">' + nav() + '</div>'
            '<div class="main"><div class="podcast-detail">'
            f'<h1 class="title">{E(a["title"])}</h1><p class="meta"><span class="time">{h:02}:{mi:02} {d:02}/{m:02}/{y}</span></p>'
            f'<p class="sapo">{E(a["sapo"])}</p>'
            '<div class="audio-player"><audio controls src="/audio/chuong-trinh.mp3"></audio></div>'
            '<div class="transcript">' + "".join(f"<p>{E(p)}</p>" for p in a["body"]) + '</div>'
            f'<p class="author">{E(a["author"])}</p>'
            '<div class="box-other"><h3>Các chương trình khác</h3><ul>' + "".join(f'<li><a href="/x">{E(o["title"])}</a></li>' for o in others(a)) + '</ul></div>'
            + '</div></div>' + footer() + '</body></html>')


def commune(a):
    y, m, d, h, mi = a["date"]
    charset = a.get("meta_charset", "utf-8")
    author = f'<p style="text-align: right;"><strong>{E(a["author"])}</strong></p>' if a["author"] else ""
    return (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f'<title>{E(a["title"])} - Cổng thông tin điện tử xã</title></head>'
            '<body class="portal"><div id="banner" class="header"><div class="header-top"><span class="date">Thứ Hai, ngày 23/11/2026</span>'
            '<a href="/lien-he">Liên hệ</a> | <a href="/so-do">Sơ đồ cổng</a></div><img src="/banner-xa.png" alt="Cổng thông tin điện tử xã"></div>'
            '<div id="navigation" class="menu-portal"><ul><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li><li><a href="/tin">Tin tức - Sự kiện</a></li><li><a href="/vb">Văn bản</a></li><li><a href="/tthc">Thủ tục hành chính</a></li></ul></div>'
            '<div class="breadcrumb"><a href="/">Trang chủ</a> / <a href="/tin">Tin tức - Sự kiện</a></div>'
            '<div class="columns-2"><div class="portlet-column" id="column-1">'
            '<div class="portlet-boundary"><div class="portlet-body"><div class="journal-content-article">'
            f'<h3 class="title-news">{E(a["title"])}</h3>'
            f'<div class="date-post">Ngày đăng: {d:02}/{m:02}/{y} | {h:02}:{mi:02}</div>'
            f'<p><strong>{E(a["sapo"])}</strong></p>' + ps(a) + author +
            '</div></div></div>'
            '<div class="portlet-boundary"><div class="other-news"><h4>Tin khác</h4><ul>' + "".join(f'<li><a href="/x">{E(o["title"])}</a> ({d:02}/{m:02}/{y})</li>' for o in others(a)) + '</ul></div></div>'
            '</div><div class="portlet-column" id="column-2"><div class="box-lienket"><h4>Liên kết</h4><a href="/">Cổng dịch vụ công quốc gia</a></div>'
            '<div class="thong-ke">Lượt truy cập: 125.402</div></div></div>'
            '<div id="footer">Cổng thông tin điện tử xã. Cơ quan chủ quản: Ủy ban nhân dân xã.</div></body></html>')


def generic(a):
    y, m, d, h, mi = a["date"]
    if a["id"].endswith("01"):
        dmeta = f'<meta property="article:published_time" content="{y}-{m:02}-{d:02}T{h:02}:{mi:02}:00">'
        dvis = f'<div class="info-line">Cập nhật lúc {h:02}:{mi:02} ngày {d:02}/{m:02}/{y}</div>'
    else:
        dmeta = ""
        dvis = f'<div class="info-line"><span itemprop="datePublished" content="{iso(a)}">{d:02}/{m:02}/{y}</span></div>'
    cap = "".join(f'<div class="pic"><img src="/img/{k}.jpg"><em class="img-caption">{E(c)}</em></div>' for k, c in enumerate(a["captions"]))
    paras = f"<p><b>{E(a['sapo'])}</b></p>" + "".join(f"<p>{E(p)}</p>" for p in a["body"][:2]) + cap + "".join(f"<p>{E(p)}</p>" for p in a["body"][2:])
    out = (f'<html lang="vi-VN"><head><meta charset="utf-8"><title>{E(a["title"])}</title>'
           f'<meta name="description" content="{E(a["sapo"])}">{dmeta}</head>'
           '<body><div id="wrapper"><div class="top">' + nav("mainmenu") + '</div>'
           '<div class="col-left"><div class="box-news-hot"><h4>Tin nổi bật</h4>' + "".join(f'<div class="item"><a href="/x">{E(o["title"])}</a><p>{E(o["sapo"])}</p></div>' for o in others(a, 2)) + '</div></div>'
           '<div class="col-main"><div id="ctl00_ContentPlaceHolder1_pnlNews" class="pnl-x">'
           f'<h1>{E(a["title"])}</h1>{dvis}<div class="content-x">{paras}</div>'
           f'<p class="author">{E(a["author"])}</p></div>'
           '<div class="box-cung-chuyen-muc"><h4>Cùng chuyên mục</h4><ul>' + "".join(f'<li><a href="/x">{E(o["title"])}</a></li>' for o in others(a)) + '</ul></div>'
           + comments("fb-comments") + '</div></div>')
    if a["id"].endswith("02"):
        # Malformed: stray closing tags, an entity without semicolon, a truncated tail.
        out = out.replace("<div class=\"col-main\">", "</span></div><div class=\"col-main\"><p>&nbsp")
        out += '<div id="footer"><p>Bản quyền thuộc về'
    else:
        out += footer() + "</body></html>"
    return out


LAYOUTS = dict(vnx=vnx, tt=tt, dt=dt, vnp=vnp, prov_asp=prov_asp, prov_wp=prov_wp,
               tv_video=tv_video, radio=radio, commune=commune, generic=generic)


def url_of(a):
    base = {"vnx": "https://vnexpress.example.vn/", "tt": "https://tuoitre.example.vn/", "dt": "https://dantri.example.vn/xa-hoi/",
            "vnp": "https://vietnamplus.example.vn/", "prov_asp": "http://baotinh.example.vn/News/", "prov_wp": "https://baotravinh.example.vn/",
            "tv_video": "https://truyenhinh.example.vn/video/", "radio": "https://vov.example.vn/podcast/", "commune": "https://xa.example.gov.vn/tin-tuc/",
            "generic": "http://tinhuyen.example.vn/tin/"}[a["layout"]]
    return base + a["id"] + ".html"


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "extract", "aeb-vi")
    os.makedirs(os.path.join(out, "html"), exist_ok=True)
    truth, expected = {}, {}
    for a in ARTICLES:
        page = LAYOUTS[a["layout"]](a)
        data = cp1258(page) if a.get("encoding") == "windows-1258" else page.encode("utf-8")
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as g:
            g.write(data)
        with open(os.path.join(out, "html", a["id"] + ".html.gz"), "wb") as f:
            f.write(buf.getvalue())
        truth[a["id"]] = {"articleBody": "\n".join([a["sapo"]] + a["body"]), "url": url_of(a)}
        expected[a["id"]] = {
            "layout": a["layout"], "encoding": a.get("encoding", "utf-8"), "title": a["title"], "sapo": a["sapo"],
            "author": a["author"], "date": iso(a), "captions": a["captions"], "kind": a.get("kind", "article"),
            # Only what the page shows: some layouts have no breadcrumb or no tag list.
            "section": None if a["layout"] in ("radio", "generic") else a["section"],
            "tags": [] if a["layout"] in ("tv_video", "radio", "generic", "commune", "prov_asp") else a["tags"],
        }
    with open(os.path.join(out, "ground-truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(ARTICLES)} pages written to {out}")


if __name__ == "__main__":
    main()
