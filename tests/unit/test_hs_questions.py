"""The questions that split HS candidates: asked only where the candidates differ."""

from __future__ import annotations

from chuhai.domain.hs_questions import Candidate, Question, QuestionOption, select_questions

KNIT = Question(
    id="knit_or_woven",
    text_en="Knitted or woven?",
    text_zh="针织还是梭织？",
    options=(
        QuestionOption("knitted", "针织", codes=("61",)),
        QuestionOption("woven", "梭织", codes=("62",)),
    ),
)
UPPER = Question(
    id="footwear_upper",
    text_en="What is the upper made of?",
    text_zh="鞋面是什么材料？",
    options=(
        QuestionOption("rubber or plastics", "橡胶或塑料", codes=("6401", "6402")),
        QuestionOption("leather", "皮革", codes=("6403",)),
        QuestionOption("textile", "纺织材料", codes=("6404",)),
    ),
)
FIBRE = Question(
    id="fibre",
    text_en="Which fibre?",
    text_zh="什么纤维？",
    options=(
        QuestionOption("cotton", "棉", codes=("61",), words=("of cotton",)),
        QuestionOption("other", "其他", codes=("61",), words=("(other than cotton)",)),
    ),
)


def test_knitted_or_woven_is_asked_when_candidates_span_61_and_62() -> None:
    candidates = [
        Candidate("610910", "T-shirts; of cotton, knitted or crocheted", 0.4),
        Candidate("620520", "Shirts; men's or boys', of cotton", 0.3),
        Candidate("610990", "T-shirts; of textile materials (other than cotton)", 0.1),
    ]
    [asked] = select_questions(candidates, [KNIT, UPPER])
    assert asked.question.id == "knit_or_woven"
    assert [o.codes for o in asked.options] == [("610910", "610990"), ("620520",)]
    assert round(asked.at_stake, 6) == 0.3  # the smaller side's confidence


def test_not_asked_when_every_candidate_gives_the_same_answer() -> None:
    candidates = [Candidate("610910", "T-shirts", 0.5), Candidate("611020", "Jerseys", 0.2)]
    assert select_questions(candidates, [KNIT]) == []


def test_footwear_upper_splits_rubber_textile_and_leather() -> None:
    candidates = [
        Candidate("640411", "Sports footwear; textile uppers", 0.3),
        Candidate("640219", "Sports footwear; rubber or plastics", 0.2),
        Candidate("640319", "Sports footwear; leather uppers", 0.1),
    ]
    asked = select_questions(candidates, [UPPER, KNIT])
    assert [a.question.id for a in asked] == ["footwear_upper"]
    labels = {o.label_en: o.codes for o in asked[0].options}
    assert labels == {
        "rubber or plastics": ("640219",),
        "leather": ("640319",),
        "textile": ("640411",),
    }
    assert asked[0].to_dict()["zh"] == "鞋面是什么材料？"


def test_words_narrow_an_option_and_most_at_stake_comes_first() -> None:
    candidates = [
        Candidate("610910", "T-shirts; of cotton, knitted", 0.3),
        Candidate("610990", "T-shirts; of textile materials (other than cotton), knitted", 0.3),
        Candidate("620342", "Trousers; men's, of cotton", 0.05),
    ]
    asked = select_questions(candidates, [KNIT, FIBRE])
    assert [a.question.id for a in asked] == ["fibre", "knit_or_woven"]
    assert [o.codes for o in asked[0].options] == [("610910",), ("610990",)]


def test_a_question_answered_by_the_title_is_not_asked() -> None:
    knit = Question(
        id="knit_or_woven",
        text_en="Knitted or woven?",
        text_zh="针织还是梭织？",
        options=(
            QuestionOption("knitted", "针织", codes=("61",), attributes=("construction:knitted",)),
            QuestionOption("woven", "梭织", codes=("62",), attributes=("construction:woven",)),
        ),
    )
    candidates = [Candidate("610910", "T-shirts", 0.5), Candidate("620520", "Shirts", 0.3)]
    assert [a.question.id for a in select_questions(candidates, [knit])] == ["knit_or_woven"]
    for said in ("construction:knitted", "construction:woven"):
        assert select_questions(candidates, [knit], answered=frozenset({said})) == []
    assert select_questions(candidates, [knit], answered=frozenset({"fibre:cotton"}))
