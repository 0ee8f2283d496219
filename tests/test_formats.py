from __future__ import annotations

from pathlib import Path

import pytest

from reader.formats import (
    ArticleFormatError,
    decode,
    parse_epub,
    parse_text,
    split_paragraphs,
)

SAMPLE = "第一书记带领村两委班子，挨家挨户走访群众。"


def test_decode_utf8_with_and_without_bom() -> None:
    assert decode(SAMPLE.encode("utf-8")) == SAMPLE
    assert decode(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8")) == SAMPLE


def test_decode_gb18030_and_big5() -> None:
    assert decode(SAMPLE.encode("gb18030")) == SAMPLE
    assert decode(SAMPLE.encode("gbk")) == SAMPLE
    traditional = "第一書記帶領村兩委班子，挨家挨戶走訪群眾。"
    assert decode(traditional.encode("big5")) == traditional


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"   \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not a text file"),
    ],
)
def test_decode_refuses_empty_and_binary(raw: bytes, message: str) -> None:
    with pytest.raises(ArticleFormatError, match=message):
        decode(raw, "x.txt")


def test_paragraphs_marked_by_ideographic_spaces_on_one_line() -> None:
    text = "标题在这里（基层观察）　　第一段。　　第二段说了话。　　　　小标题　　第三段。"
    assert split_paragraphs(text) == [
        "标题在这里（基层观察）",
        "第一段。",
        "第二段说了话。",
        "小标题",
        "第三段。",
    ]


def test_paragraphs_by_indentation_join_wrapped_lines() -> None:
    text = "　　第一段的开头，\n继续第一段。\n　　第二段。\n    第三段。"
    assert split_paragraphs(text) == ["第一段的开头，继续第一段。", "第二段。", "第三段。"]


def test_paragraphs_by_blank_lines() -> None:
    text = "第一段第一行\n第一段第二行\n\n第二段。\n\n\n第三段。"
    assert split_paragraphs(text) == ["第一段第一行第一段第二行", "第二段。", "第三段。"]


def test_title_from_first_short_line_else_first_sentence() -> None:
    short = parse_text("洪水来临的那一夜\n\n7月的一个深夜，暴雨下了整整六个小时。\n\n第二段。")
    assert short.title == "洪水来临的那一夜"
    assert short.paragraphs[0].startswith("7月")
    long = parse_text("　　暴雨突袭，山洪暴发。“全体紧急集合，准备抗洪抢险。”\n　　第二段。")
    assert long.title == "暴雨突袭，山洪暴发"
    assert long.paragraphs[0].startswith("暴雨突袭")


def test_markdown_front_matter_and_inline_html() -> None:
    text = """
---
title: '人民群众的小事'
author: 趣头条
date: Mon, 25 Apr 2022 10:38:00 GMT
categories:
 - 新媒体
 - 分类
---

<div><p>文 | 王志辉</p><p>两年多的<a href="x">驻村</a>生活即将结束。</p>
<p><img src="https://example.com/a.png"></p><p><strong>“广阔天地，大有作为”。</strong></p></div>
"""
    article = parse_text(text, "a.md")
    assert article.title == "人民群众的小事"
    assert article.author == "趣头条"
    assert article.published == "2022-04-25"
    assert article.tags == ("新媒体", "分类")
    assert article.paragraphs == [
        "文 | 王志辉",
        "两年多的驻村生活即将结束。",
        "“广阔天地，大有作为”。",
    ]


def test_plain_markdown_loses_its_syntax() -> None:
    text = "# 标题\n\n这是**重要**的[链接](http://x)文字。![图](a.png)\n\n> 引用的一段话。"
    article = parse_text(text, "b.md")
    assert article.title == "标题"
    assert article.paragraphs == ["这是重要的链接文字。", "引用的一段话。"]


def test_malformed_front_matter_still_imports_with_a_warning() -> None:
    text = "---\ntitle: [unclosed\n  - : :\n---\n\n第一段文字很长很长。\n\n第二段。"
    article = parse_text(text, "c.md")
    assert article.warnings == ("malformed front matter ignored",)
    assert article.paragraphs[-1] == "第二段。"


def test_html_page_main_text_not_menus() -> None:
    page = """<!doctype html><html><head><title>网站 - 新闻</title>
    <script>var x = "<p>不要这个</p>";</script></head><body>
    <nav><ul><li><a href="/">首页</a></li><li><a href="/n">新闻中心</a></li></ul></nav>
    <div class="sidebar"><p>热门</p></div>
    <article><h1>乡村振兴的新故事</h1><p>第一段，村里修了路。</p><p>第二段，茶叶卖上了好价钱。</p></article>
    <footer><p>版权所有 © 某网站</p></footer></body></html>"""
    article = parse_text(page, "page.html")
    assert article.title == "乡村振兴的新故事"
    assert article.paragraphs == ["第一段，村里修了路。", "第二段，茶叶卖上了好价钱。"]


@pytest.mark.parametrize(
    "text",
    [
        "<html><body><script>alert('no text')</script><div>   </div></body></html>",
        "Just an English note without any Chinese at all.",
    ],
)
def test_inputs_without_chinese_are_refused(text: str) -> None:
    with pytest.raises(ArticleFormatError, match="no Chinese text"):
        parse_text(text, "x.html" if text.startswith("<") else "x.txt")


def _make_epub(path: Path) -> None:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("zhreader-test")
    book.set_title("测试之书")
    book.add_author("作者甲")
    chapters = []
    for number, body in enumerate(
        ["<h1>第一章</h1><p>村里来了第一书记。</p>", "<h1>第二章</h1><p>洪水退去以后。</p>"],
        start=1,
    ):
        chapter = epub.EpubHtml(title=f"第{number}章", file_name=f"c{number}.xhtml", lang="zh")
        chapter.content = f"<html><body>{body}</body></html>"
        book.add_item(chapter)
        chapters.append(chapter)
    book.toc = chapters
    book.spine = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    epub.write_epub(str(path), book)


def test_epub_per_chapter_or_per_book(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    _make_epub(path)
    chapters = parse_epub(path, per_chapter=True)
    assert [c.title for c in chapters] == ["测试之书 · 第一章", "测试之书 · 第二章"]
    assert chapters[0].paragraphs == ["村里来了第一书记。"]
    assert chapters[0].author == "作者甲"
    (book,) = parse_epub(path, per_chapter=False)
    assert book.title == "测试之书"
    assert book.paragraphs == ["第一章", "村里来了第一书记。", "第二章", "洪水退去以后。"]


def test_a_damaged_epub_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.epub"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ArticleFormatError, match="not a readable EPUB"):
        parse_epub(path, per_chapter=True)


def test_control_characters_are_dropped() -> None:
    article = parse_text("标题\n\n红色\x1b[31m文字\x07。")
    assert article.paragraphs == ["红色[31m文字。"]


def test_seed_formats(seeds: Path) -> None:
    expected = {
        "000": ("始终同人民想在一起干在一起（深度关注·百年大党的成功密码·基层观察②）", ""),
        "001": ("暴雨突袭，山洪暴发", ""),
        "002": ("人民群众的_小事_就是我们的_大事_", "2022-04-25"),
        "003": ("站稳人民立场 走好群众路线（“牢记初心使命 走好新的赶考路”大家谈）", ""),
        "004": ("始终同人民群众想在一起、干在一起", ""),
    }
    for path in sorted(seeds.iterdir()):
        article = parse_text(decode(path.read_bytes()), path.name)
        title, date = expected[path.name[:3]]
        assert article.title == title
        assert article.published == date
        assert len(article.paragraphs) > 20
        assert all(p == p.strip("\u3000 ") and p for p in article.paragraphs)


def test_toml_front_matter_as_hugo_writes_it() -> None:
    """`+++` front matter was read as body text, and its first line became the title."""
    article = parse_text(
        '+++\ntitle = "村里的路"\ndate = 2024-03-12\ntags = ["乡村"]\n+++\n\n我们在村里修路。\n',
        "post.md",
    )
    assert (article.title, article.published, article.tags) == ("村里的路", "2024-03-12", ("乡村",))
    assert article.paragraphs == ["我们在村里修路。"]
    broken = parse_text('+++\ntitle = "没关\n+++\n\n我们在村里修路。\n', "post.md")
    assert broken.warnings == ("malformed front matter ignored",)
    assert broken.paragraphs == ["我们在村里修路。"]


def test_a_binary_yaml_title_is_text() -> None:
    article = parse_text("---\ntitle: !!binary 5qCH6aKY\n---\n\n我们在村里修路。\n", "b.md")
    assert article.title == "标题"
