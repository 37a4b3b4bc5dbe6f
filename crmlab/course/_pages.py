"""The two index pages: the students' course page and the teachers' 教师手册 (discussion questions and hints)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from ._export import Chapter, discussion, read
from ._math import MathStore, markdown_to_html


def page(title: str, body: str, *, css: str) -> str:
    """A plain course page (no script) with the course stylesheet."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{css}\n</style>\n</head>\n"
        f'<body class="crmlab-page">\n<main>\n{body}\n</main>\n</body>\n</html>\n'
    )


def _link(href: str | None, text: str) -> str:
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>' if href else "—"


def student_index(chapters: Sequence[Chapter], *, pdfs: set[str], css: str, built: str) -> str:
    """The course's front page: every chapter's handout, its PDF and its student notebook."""
    rows = "\n".join(
        "<tr>"
        f"<td>{html.escape(ch.label or '导读')}</td><td>{html.escape(ch.title)}</td>"
        f"<td>{_link(f'handouts/{ch.stem}.html', '网页讲义')}</td>"
        f"<td>{_link(f'handouts/{ch.stem}.pdf' if ch.stem in pdfs else None, 'PDF')}</td>"
        f"<td>{_link(f'notebooks/{ch.stem}.ipynb', '笔记本')}</td>"
        "</tr>"
        for ch in chapters
    )
    body = f"""<h1>客户关系管理分析课程讲义</h1>
<p>每一章有三种形式：<strong>网页讲义</strong>（在浏览器中阅读，不需要联网，也不需要安装任何软件）、<strong>PDF</strong>（打印或离线阅读）和<strong>笔记本</strong>（在 JupyterLab 中逐格运行、拖动滑块、完成练习）。</p>
<table>
<thead><tr><th>章</th><th>主题</th><th>网页</th><th>PDF</th><th>笔记本</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<h2>关于讲义</h2>
<ul>
<li>讲义中的数字、表格和图表都是运行章节笔记本得到的结果，与在 JupyterLab 中看到的一致。</li>
<li>互动一节在讲义中是<strong>静态快照</strong>：滑块停在初始值，不能拖动。要拖动滑块、看结果重新计算，请安装课程（见课程文件夹中的 README.md），在 JupyterLab 中打开笔记本运行。</li>
<li>笔记本文件夹中是练习用的笔记本：没有运行结果，也没有参考答案。</li>
</ul>
<p class="crmlab-built">生成时间：{html.escape(built)}</p>"""
    return page("客户关系管理分析课程讲义", body, css=css)


def teacher_index(chapters: Sequence[Chapter], *, slides: set[str], css: str, built: str) -> tuple[str, int]:
    """教师手册: every chapter's discussion questions with the teacher hints, read from the notebooks.

    Returns the page and the number of hint cells collected.
    """
    store = MathStore()
    sections, count = [], 0
    for ch in chapters:
        question, hints, others = discussion(read(ch.path))
        parts = [f'<section class="crmlab-chapter"><h2>{html.escape(ch.heading)}</h2>']
        if ch.stem in slides:
            parts.append(f"<p>{_link(f'slides/{ch.stem}.slides.html', '幻灯片')}（按 S 键打开演讲者视图，教师提示在其中）</p>")
        if question:
            parts.append(markdown_to_html(question.replace("## 课堂讨论", "### 课堂讨论", 1), store))
        for hint in hints:
            parts.append(f'<div class="crmlab-hints">{markdown_to_html(hint, store)}</div>')
        for heading, note in others:
            parts.append(f"<h3>其他教师提示（{html.escape(heading)}）</h3>")
            parts.append(f'<div class="crmlab-hints">{markdown_to_html(note, store)}</div>')
        if not question and not hints and not others:
            parts.append("<p>本章没有课堂讨论。</p>")
        count += len(hints) + len(others)
        sections.append("\n".join(parts) + "</section>")
    body = f"""<h1>教师手册</h1>
<p>本文件夹只给教师：这里有每章 "课堂讨论" 的题目和教师提示（从章节笔记本中标为 notes 的单元格自动汇集，笔记本一改，重新构建即更新），以及带演讲者备注的幻灯片。发给学生时，请只发上一级文件夹中除 <code>teacher</code> 以外的内容。</p>
<p>放映幻灯片：用浏览器打开 <code>slides</code> 中的文件，按 F 全屏，按 S 打开演讲者视图（显示教师提示和下一张幻灯片），按 Esc 看全部幻灯片。幻灯片不需要联网；互动一节是静态快照，滑块不会重新计算，现场拖动滑块请在 JupyterLab 中运行笔记本。</p>
{''.join(sections)}
<p class="crmlab-built">生成时间：{html.escape(built)}</p>"""
    return page("教师手册", body, css=css), count


def write(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path``, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
