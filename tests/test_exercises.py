"""crmlab.exercises: the self-checks accept the reference answers and answer in Chinese."""

import pytest

from crmlab.exercises import EXERCISES, check, exercise_list, question


@pytest.mark.parametrize("key", list(EXERCISES))
def test_reference_answer_is_accepted(key):
    expected = EXERCISES[key].answer()
    feedback = check(key, expected)
    assert feedback.correct, feedback.message
    assert feedback.message.startswith("✅")


@pytest.mark.parametrize("key", list(EXERCISES))
def test_unanswered_is_not_an_error(key):
    feedback = check(key, None)
    assert not feedback.correct
    assert "还没有作答" in feedback.message


def test_numeric_answers():
    expected = EXERCISES["5.1"].answer()
    assert check("5.1", round(expected)).correct  # within the tolerance
    close = check("5.1", expected - 5)
    assert not close.correct and close.message.startswith("🟡") and "偏低" in close.message
    wrong = check("5.1", 3058.7)
    assert not wrong.correct and wrong.message.startswith("❌") and "提示" in wrong.message
    assert str(round(expected, 2)) not in wrong.message  # a hint, not the answer
    text = check("5.1", "3547元")
    assert not text.correct and "应是一个数字" in text.message


def test_text_answers():
    assert check("5.6", " 成长型 ").correct
    assert not check("5.6", "高价值").correct


def test_unknown_exercise():
    with pytest.raises(KeyError, match="没有练习 '9.9'"):
        check("9.9", 1)


def test_listing():
    table = exercise_list()
    assert table["exercise"].tolist() == list(EXERCISES)
    assert question("5.1").startswith("练习 5.1: 张三")
