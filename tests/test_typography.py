"""Chinese text in crmlab uses full-width punctuation (GB/T 15834).

Every string constant in ``crmlab/**/*.py`` (docstrings excluded: they are developer text) is checked
for ASCII ``, ; ? : ( )`` next to a Chinese character. ASCII punctuation stays in code, formulas, numbers
and English; the few strings where it legitimately touches a Chinese character are allow-listed below.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "crmlab"

# Han characters; CJK adds CJK and full-width punctuation.
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
CJK = HAN + "\u3000-\u303f\uff00-\uffef"
BAD = re.compile(
    rf"[{CJK}] *[,;?!]"  # 流失率, / 流失率 ; / 太好了!
    rf"|[,;?!] *[{CJK}]"  # , 收到
    rf"|[{CJK}]:|: *[{CJK}]"  # 日期: / : 观察期
    rf"|[{HAN}][()]|[()][{HAN}]"  # 客户(索引) / (例如; code such as zhangsan()）may touch full-width punctuation
)

# (file relative to crmlab/, exact string constant) -> why ASCII punctuation is right there.
ALLOWED: dict[tuple[str, str], str] = {
    # A regular expression: the character class strips both kinds of thousands separator from answers.
    ("_validation.py", "[元¥￥,，\\s年人次个%％]"): "regex character class (code)",
    # A formula written with Chinese variable names: its brackets are the formula's.
    (
        "clv.py",
        "计算年限 horizon 为无限（∞）时 CLV 发散：每多一年，利润现值乘以 (1 - 流失率)(1 + 收入增长率)/(1 + 折现率) = ",
    ): "formula",
    # Tuple and dict notation for an argument's shape: Python syntax with Chinese placeholders.
    ("clv.py", "] 必须是 (低, 高) 两个数，收到 "): "tuple notation (low, high)",
    ("customers.py", "thresholds 需要两个值 (高, 中)"): "tuple notation (high, mid)",
    ("customers.py", "thresholds 应为 (高, 中) 且高 ≥ 中，收到 ("): "tuple notation (high, mid)",
    ("btyd/_forecast.py", "forecasts 必须是 {名称: 每位客户的预测} 的字典"): "dict notation {name: forecast}",
}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _strings() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                found.append((path.relative_to(PACKAGE).as_posix(), node.lineno, node.value))
    return found


STRINGS = _strings()


def test_the_walk_finds_chinese_strings():
    assert sum(bool(re.search(rf"[{CJK}]", text)) for _, _, text in STRINGS) > 200


def test_chinese_strings_use_full_width_punctuation():
    bad = [
        f"{file}:{line}: {text!r}"
        for file, line, text in STRINGS
        if BAD.search(text) and (file, text) not in ALLOWED
    ]
    assert not bad, "ASCII punctuation next to Chinese text (use ，；：？（）、):\n" + "\n".join(bad)


@pytest.mark.parametrize(("file", "text"), sorted(ALLOWED))
def test_allow_list_is_current(file, text):
    assert any(f == file and t == text for f, _, t in STRINGS), f"allow-listed string no longer in {file}: {text!r}"


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("必须是数字, 收到 1.5", True),
        ("收到 1.5 (churn_rate must be in [0, 1), got 1.5)", False),
        ("流失率 churn_rate 必须在 [0, 1) 内", False),
        ("不是日期: 2024", True),
        ("客户(索引)", True),
        ("CLV:CAC，经验标准 3:1", False),
        ("必须是数字，收到 1.5", False),
        ("影响最大?", True),
        ("太好了!", True),
        ("x != 0，否则", False),
    ],
)
def test_the_rule(text, bad):
    assert bool(BAD.search(text)) is bad
