"""The shipped HS suggestion model: obvious titles in both languages, abstention on vague ones.

These load the shipped pack (package data) and fit the index once per test process.
"""

from __future__ import annotations

import pytest

from chuhai.errors import InputError
from chuhai.hs_suggest.features import expand
from chuhai.hs_suggest.model import get_index
from chuhai.hs_suggest.pack import load_glossary, load_index_bytes, load_manifest, load_questions
from chuhai.hs_suggest.suggest import suggest_hs_codes
from chuhai.rules.hs_nomenclature import get_hs_entry


def top_headings(title: str, n: int = 1) -> list[str]:
    suggestion = suggest_hs_codes(title)
    assert not suggestion.abstained, title
    return [c.code[:4] for c in suggestion.candidates[:n]]


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        ("雨伞", "6601"),
        ("折叠晴雨伞 自动开收 10骨", "6601"),
        ("婴儿纸尿裤 L码", "9619"),
        ("纯棉短袖T恤 男", "6109"),
        ("骨瓷咖啡杯套装", "6911"),
        ("乌龙茶 铁观音 250g", "0902"),
        ("instant noodles beef flavour", "1902"),
        ("LED desk lamp", "9405"),
        ("Women's Oversized Hoodie Polyester Fleece Pullover", "6110"),
        ("PU Leather Crossbody Bag for Women", "4202"),
        ("Baby Diapers Size 4 Disposable 150 Count", "9619"),
        ("婴儿湿巾 手口专用 80抽", "3304"),
        ("S925银项链 女 锁骨链 吊坠", "7113"),
    ],
)
def test_obvious_titles_get_the_right_heading_first(title: str, heading: str) -> None:
    assert top_headings(title) == [heading]


def test_ceramic_mug_is_ceramic_tableware() -> None:
    assert {"6911", "6912"} & set(top_headings("ceramic coffee mug", 3))


def test_running_shoes_are_footwear_and_the_upper_is_asked() -> None:
    suggestion = suggest_hs_codes("men's running shoes, mesh upper, rubber sole")
    assert "6404" in [c.code[:4] for c in suggestion.candidates[:3]]
    assert {"footwear_upper", "footwear_kind"} & {q.question.id for q in suggestion.questions}


def test_folding_umbrella_is_telescopic_and_a_plain_umbrella_asks_about_the_shaft() -> None:
    suggestion = suggest_hs_codes("折叠晴雨伞 自动开收 10骨")
    assert suggestion.candidates[0].code == "660191"
    # The title says 折叠 (folding): the shaft question is answered, so not asked.
    assert "umbrella_kind" not in {q.question.id for q in suggestion.questions}
    asked = {q.question.id: q for q in suggest_hs_codes("晴雨伞 自动开收 10骨").questions}
    assert "umbrella_kind" in asked
    assert ("660191",) in [o.codes for o in asked["umbrella_kind"].options]


@pytest.mark.parametrize("title", ["gift", "stuff", "礼品", "clothes", "sample", "东西"])
def test_vague_titles_abstain(title: str) -> None:
    suggestion = suggest_hs_codes(title)
    assert suggestion.abstained
    assert suggestion.candidates == ()
    assert suggestion.to_dict()["message_zh"]


def test_candidates_carry_the_path_with_chinese_where_known() -> None:
    first = suggest_hs_codes("雨伞").candidates[0]
    assert [step.code for step in first.path] == ["66", "6601", first.code]
    assert first.path[1].description_zh == get_hs_entry("6601").description_zh
    assert 0 < first.confidence <= 1


@pytest.mark.parametrize("title", ["", "   "])
def test_empty_title_is_an_input_error(title: str) -> None:
    with pytest.raises(InputError) as caught:
        suggest_hs_codes(title)
    assert caught.value.field == "title"


def test_glossary_expands_longest_terms_first() -> None:
    expanded = expand("折叠伞", load_glossary())
    assert [t.term_zh for t in expanded.terms] == ["折叠伞"]
    assert "telescopic" in expanded.text
    assert [t.term_zh for t in expand("pump", load_glossary()).terms] == []


def test_every_glossary_hint_and_question_code_is_hs_2022() -> None:
    for term in load_glossary().terms:
        if term.hs:
            get_hs_entry(term.hs)
    for question in load_questions():
        for option in question.options:
            for code in option.codes:
                get_hs_entry(code if len(code) in (2, 4, 6) else code[:4])


def test_english_marketplace_words_expand_like_chinese_terms() -> None:
    expanded = expand("Flip Flops Men Summer Beach", load_glossary())
    assert [t.term_zh for t in expanded.terms] == ["flip flops"]
    assert "thong" in expanded.text
    assert [t.term_zh for t in expand("teepee tent", load_glossary()).terms] == []


def test_shipped_index_matches_its_corpus_and_manifest_checksum() -> None:
    import hashlib

    generated = {g["path"]: g for g in load_manifest()["generated"]}
    data = load_index_bytes()
    assert hashlib.sha256(data).hexdigest() == generated["index.npz"]["sha256"]
    index = get_index()
    assert index.tfidf.n_rows == len(index.rows)
    umbrella = index.rows[int(index.similarities("folding umbrella").argmax())]
    assert umbrella.code.startswith("6601")


def test_shipped_classifier_matches_its_manifest_checksum_and_knows_umbrellas() -> None:
    import hashlib

    from chuhai.hs_suggest.model import get_classifier
    from chuhai.hs_suggest.pack import load_classifier_bytes

    generated = {g["path"]: g for g in load_manifest()["generated"]}
    data = load_classifier_bytes()
    assert hashlib.sha256(data).hexdigest() == generated["classifier.npz"]["sha256"]
    classifier = get_classifier()
    probabilities = classifier.probabilities(get_index().tfidf.vector("folding umbrella"))
    assert classifier.labels[int(probabilities.argmax())] == "6601"
