"""Attributes of titles (zh + en) and of HS descriptions, and the subheading re-ranker."""

from __future__ import annotations

import pytest

from chuhai.hs_suggest.attribute_scores import heading_penalty, sibling_scores
from chuhai.hs_suggest.attributes import describe, stated_attributes, title_attributes
from chuhai.hs_suggest.pack import load_lexicon
from chuhai.hs_suggest.ranking import described
from chuhai.hs_suggest.suggest import suggest_hs_codes
from chuhai.rules.hs_nomenclature import children


def attributes(title: str) -> set[str]:
    return set(title_attributes(title, load_lexicon()))


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("纯棉针织T恤 男", {"fibre:cotton", "construction:knitted", "gender:men"}),
        ("Women's 100% Polyester Hoodie", {"fibre:synthetic", "gender:women"}),
        ("涤纶卫衣", {"fibre:synthetic", "construction:knitted"}),
        ("真丝睡衣 女", {"fibre:silk", "gender:women"}),
        ("PU Leather Handbag", {"material:plastics"}),
        ("Genuine Leather Handbag", {"material:leather"}),
        ("PU皮 手提包", {"material:plastics"}),
        ("bone china mug", {"ceramic:porcelain"}),
        ("骨瓷 马克杯", {"ceramic:porcelain"}),
        ("stoneware mug", {"ceramic:stoneware"}),
        ("粗陶 马克杯", {"ceramic:stoneware"}),
        ("折叠伞 三折", {"umbrella:telescopic"}),
        ("沙滩伞 大号", {"umbrella:garden"}),
        ("Patio Umbrella 9ft", {"umbrella:garden"}),
        ("running shoes mesh upper rubber sole", {"footwear:sport", "material:textile"}),
        ("Men's Slim Fit Jeans", {"construction:woven", "gender:men"}),
        ("梭织 衬衫 女", {"construction:woven", "gender:women"}),
    ],
)
def test_title_attributes_in_chinese_and_english(title: str, expected: set[str]) -> None:
    assert expected <= attributes(title)


def test_a_longer_term_masks_the_shorter_one_inside_it() -> None:
    assert not {a for a in attributes("陶瓷杯") if a.startswith("ceramic:")}  # not 瓷 porcelain
    assert "material:leather" not in attributes("PU leather wallet")
    assert "construction:woven" not in attributes("non-woven bag")
    assert "fibre:cotton" not in attributes("记忆棉床垫")
    assert attributes("pump") == set()  # PU only as a word


def test_typical_construction_gives_way_to_a_stated_one() -> None:
    assert "construction:knitted" in attributes("cotton T-shirt")
    assert attributes("woven T-shirt") >= {"construction:woven"}
    assert "construction:knitted" not in attributes("woven T-shirt")
    assert "construction:knitted" not in stated_attributes("cotton T-shirt", load_lexicon())


def test_weights_in_a_title_become_limits() -> None:
    found = attributes("Milk chocolate bar 100g")
    assert {"kg2:le", "chocolate:bar"} <= found
    assert "kg2:gt" in attributes("chocolate block 2.5kg")


def test_descriptions_name_and_exclude_attributes() -> None:
    lexicon = load_lexicon()
    other = describe(
        "T-shirts, singlets and other vests; of textile materials (other than cotton), "
        "knitted or crocheted",
        lexicon,
    )
    assert "fibre:cotton" in other.excluded
    assert "construction:knitted" in other.named
    trousers = describe("Trousers; men's or boys', of cotton (not knitted or crocheted)", lexicon)
    assert {"fibre:cotton", "gender:men", "construction:woven"} <= trousers.named
    assert "construction:knitted" not in trousers.named | trousers.excluded
    assert "ceramic:porcelain" in described("691200").excluded
    assert "umbrella:garden" in described("660191").excluded
    assert "kg2:gt" in described("180620").named
    # "including" neither names nor excludes: 6601 is not only for garden umbrellas.
    assert not {a for a in described("6601").named if a.startswith("umbrella:")}


def test_the_residual_sibling_takes_what_no_specific_one_names() -> None:
    siblings = {c.code: described(c.code) for c in children("6208")}
    silk = sibling_scores(frozenset({"fibre:silk"}), siblings)
    assert (silk["620829"], silk["620821"], silk["620822"]) == (1.0, -1.0, -1.0)
    cotton = sibling_scores(frozenset({"fibre:cotton"}), siblings)
    assert (cotton["620821"], cotton["620829"]) == (1.0, -1.0)


def test_a_heading_is_penalised_only_where_it_contradicts_the_title() -> None:
    women = frozenset({"gender:women"})
    assert heading_penalty(women, described("6203")) == -1.0
    assert heading_penalty(women, described("6204")) == 0.0
    assert heading_penalty(women, described("6110")) == 0.0  # says nothing of gender
    assert heading_penalty(frozenset({"ceramic:stoneware"}), described("6911")) == -1.0
    assert heading_penalty(frozenset({"ceramic:porcelain"}), described("6912")) == -1.0


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("cotton knitted T-shirt", "610910"),
        ("polyester hoodie", "611030"),
        ("men's woven cotton trousers", "620342"),
        ("running shoes textile upper rubber sole", "640411"),
        ("PU leather handbag", "420222"),
        ("genuine leather handbag", "420221"),
        ("bone china mug", "691110"),
        ("stoneware mug", "691200"),
        ("折叠伞", "660191"),
        ("沙滩伞", "660110"),
        ("真丝睡衣 女 长袖", "620829"),
        ("Hair Claw Clips Large Plastic", "961511"),
    ],
)
def test_attributes_choose_the_subheading(title: str, code: str) -> None:
    suggestion = suggest_hs_codes(title)
    assert not suggestion.abstained
    assert suggestion.candidates[0].code == code


def test_a_question_the_title_answers_is_not_asked() -> None:
    def asked(title: str) -> set[str]:
        return {q.question.id for q in suggest_hs_codes(title).questions}

    assert "knit_or_woven" in asked("纯棉T恤 男")  # typical, not stated: still asked
    assert "knit_or_woven" not in asked("针织 纯棉T恤 男")
    assert "umbrella_kind" in asked("雨伞")
    assert "umbrella_kind" not in asked("折叠伞")
    assert "ceramic_body" in asked("ceramic mug")
    assert "ceramic_body" not in asked("bone china mug")
