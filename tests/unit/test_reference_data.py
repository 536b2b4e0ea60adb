import csv

import pytest

from portal.services import reference_data
from portal.services.reference_data import (
    Municipality,
    Occupation,
    fold,
    municipalities,
    municipality,
    occupation,
    search_occupations,
)
from portal.simulators.registers import names as simulator
from portal.simulators.registers import work_words

LANGUAGES = ("en", "et", "ru", "sq", "sr")


def _isco_rows():
    with (reference_data.DATA_DIR / "isco08.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- the ISCO-08 table --------------------------------------------------------------------------


def test_isco_table_holds_every_unit_group_with_five_titles():
    rows = _isco_rows()
    codes = [row["code"] for row in rows]
    assert len(rows) >= 430
    assert all(len(code) == 4 and code.isdigit() for code in codes)
    assert len(set(codes)) == len(codes)
    assert {"0110", "0210", "0310"} <= set(codes)  # armed forces included
    for row in rows:
        assert list(row) == ["code", *LANGUAGES]
        assert all(row[language].strip() == row[language] and row[language] for language in LANGUAGES), row


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("2512", "Software developers"),
        ("2511", "Systems analysts"),
        ("5223", "Shop sales assistants"),
        ("9112", "Cleaners and helpers in offices, hotels and other establishments"),
        ("8322", "Car, taxi and van drivers"),
        ("1120", "Managing directors and chief executives"),
        ("3411", "Legal and related associate professionals"),
        ("9629", "Elementary workers not elsewhere classified"),
    ],
)
def test_known_unit_groups_have_their_official_english_titles(code, title):
    assert occupation(code, "en") == Occupation(code, title)


def test_titles_come_in_the_requested_language():
    assert occupation("2512", "et").title == "Tarkvaraarendajad"
    assert occupation("2512", "ru").title == "Разработчики программного обеспечения"
    assert occupation("8322", "sr").title == "Vozači automobila, taksija i kombija"
    assert occupation("5223", "sq").title == "Shitës në dyqane"


def test_unknown_language_falls_back_to_english_and_regional_tags_are_understood():
    assert occupation("2512", "de").title == "Software developers"
    assert occupation("2512", "").title == "Software developers"
    assert occupation("2512", "et-EE").title == "Tarkvaraarendajad"


def test_unknown_code_is_none():
    assert occupation("9999", "en") is None
    assert occupation("", "en") is None
    assert occupation("251", "en") is None


def test_every_occupation_the_register_simulator_uses_exists():
    for code, _title, _wage in work_words.OCCUPATIONS:
        assert occupation(code, "en") is not None, code


# --- search -------------------------------------------------------------------------------------


def _codes(results):
    return [item.code for item in results]


def test_search_ignores_case_and_diacritics():
    for query in ("tarkvara", "TARKVARA", "Tarkvara"):
        assert _codes(search_occupations(query, "et"))[0] == "2512"
    assert _codes(search_occupations("opetaja", "et")) == _codes(search_occupations("õpetaja", "et"))
    assert "8322" in _codes(search_occupations("vozaci", "sr"))
    assert "5223" in _codes(search_occupations("shites ne dyqane", "sq"))
    assert "5414" in _codes(search_occupations("obezbedenja", "sr"))  # "obezbeđenja": đ has no decomposition
    assert fold("Đakovica Šarić Õie Çitaku Ёлка") == "dakovica saric oie citaku елка"


def test_search_matches_english_titles_as_well_as_the_requested_language():
    assert "2512" in _codes(search_occupations("software", "et"))
    assert "2512" in _codes(search_occupations("software", "ru"))
    # shown in the requested language even when matched through English
    assert search_occupations("software developers", "et")[0] == Occupation("2512", "Tarkvaraarendajad")


def test_search_matches_word_prefixes_not_inner_substrings():
    assert "8322" in _codes(search_occupations("taxi", "en"))
    assert "8322" in _codes(search_occupations("tax", "en"))
    assert "8322" not in _codes(search_occupations("axi", "en"))
    assert search_occupations("sofware", "en") == []


def test_every_query_word_must_match():
    results = _codes(search_occupations("heavy truck", "en"))
    assert results == ["8332"]
    assert _codes(search_occupations("truck heavy", "en")) == ["8332"]


def test_code_prefix_and_exact_code():
    assert _codes(search_occupations("251", "en")) == ["2511", "2512", "2513", "2514", "2519"]
    assert _codes(search_occupations("2512", "en")) == ["2512"]
    assert len(search_occupations("2", "en", limit=500)) == len(
        [r for r in _isco_rows() if r["code"][0] == "2"]
    )


def test_ranking_title_prefix_before_word_prefix_then_alphabetical():
    results = search_occupations("cleaners", "en", limit=50)
    ranks = ["start" if item.title.casefold().startswith("cleaners") else "word" for item in results]
    assert ranks == sorted(ranks, key=["start", "word"].index)
    assert results[0].code == "9112"  # the only title starting with "Cleaners"
    word_matches = [item.title for item in results if not item.title.startswith("Cleaners")]
    assert word_matches == sorted(word_matches, key=fold)
    assert len(word_matches) >= 4


def test_alphabetical_order_uses_the_title_shown():
    # "vozači", not "vozač": a synonym that is the whole query ranks first (see the synonym tests)
    titles = [item.title for item in search_occupations("vozači", "sr", limit=20)]
    assert titles == sorted(titles, key=fold)
    assert len(titles) >= 5


def test_limit_and_empty_query():
    assert len(search_occupations("workers", "en")) == 10
    assert len(search_occupations("workers", "en", limit=3)) == 3
    assert search_occupations("workers", "en", limit=0) == []
    assert search_occupations("", "en") == []
    assert search_occupations("   ", "et") == []
    assert search_occupations("--", "en") == []


def test_search_with_unknown_language_uses_english():
    assert search_occupations("software dev", "xx") == [
        Occupation("2512", "Software developers"),  # title starts with the query
        Occupation(
            "2519", "Software and applications developers and analysts not elsewhere classified"
        ),  # every query word starts a word
    ]


# --- everyday words (synonyms), in all five languages ---------------------------------------------


def _synonym_rows():
    with (reference_data.DATA_DIR / "isco08_synonyms.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_synonym_row_names_a_unit_group_and_each_has_all_five_languages():
    codes = {row["code"] for row in _isco_rows()}
    rows = _synonym_rows()
    by_code: dict[str, set[str]] = {}
    for row in rows:
        assert row["code"] in codes and row["language"] in LANGUAGES, row
        assert all(word.strip() for word in row["synonyms"].split(";")), row
        by_code.setdefault(row["code"], set()).add(row["language"])
    assert len(by_code) >= 50
    assert all(languages == set(LANGUAGES) for languages in by_code.values()), by_code


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("warehouse", "en", {"4321", "9333"}),
        ("driver", "en", {"8322", "8332"}),
        ("cook", "en", {"5120"}),
        ("laotöötaja", "et", {"4321", "9333"}),
        ("autojuht", "et", {"8322", "8332"}),
        ("kokk", "et", {"5120"}),
        ("кладовщик", "ru", {"4321"}),
        ("водитель", "ru", {"8322", "8332"}),
        ("повар", "ru", {"5120"}),
        ("magazinier", "sq", {"4321"}),
        ("shofer", "sq", {"8322", "8332"}),
        ("kuzhinier", "sq", {"5120"}),
        ("magacioner", "sr", {"4321"}),
        ("vozač", "sr", {"8322", "8332"}),
        ("kuvar", "sr", {"5120"}),
    ],
)
def test_everyday_words_find_their_occupations_in_every_language(query, language, expected):
    assert expected <= set(_codes(search_occupations(query, language)))


def test_everyday_words_ignore_case_and_accents():
    assert "4321" in _codes(search_occupations("LAOTOOTAJA", "et"))
    assert "8322" in _codes(search_occupations("Vozac", "sr"))
    assert "8322" in _codes(search_occupations("ШОФЕР", "ru"))  # "шофёр"
    assert "4321" in _codes(search_occupations("Punetor Magazine", "sq"))


def test_a_synonym_that_is_the_whole_query_ranks_first():
    assert _codes(search_occupations("cook", "en"))[0] == "5120"
    assert set(_codes(search_occupations("nurse", "en"))[:2]) == {"2221", "3221"}
    assert set(_codes(search_occupations("shofer", "sq"))[:3]) == {"8322", "8331", "8332"}


def test_words_of_another_language_are_found_after_the_pages_own():
    # A Russian speaker on the Estonian pages; results are titled in Estonian.
    found = search_occupations("водитель", "et")
    assert "8322" in _codes(found)
    assert next(item for item in found if item.code == "8322").title == "Sõiduauto-, takso- ja kaubikujuhid"
    assert _codes(search_occupations("kokk", "et"))[0] == "5120"  # the page's language first


def test_an_inflected_word_finds_a_plural_title_when_nothing_else_matches():
    assert "8331" in _codes(search_occupations("водитель автобуса", "ru"))
    assert "7115" in _codes(search_occupations("puuseppa", "et"))  # "puusepp" (partitive)


# --- municipalities -----------------------------------------------------------------------------


def test_estonia_has_all_79_municipalities_with_unique_four_digit_codes():
    found = municipalities("EE", "et")
    assert len(found) == 79
    codes = [item.code for item in found]
    assert len(set(codes)) == 79
    assert all(len(code) == 4 and code.isdigit() for code in codes)
    assert municipality("EE", "0784", "et") == Municipality("0784", "Tallinn")
    assert municipality("EE", "0793", "en") == Municipality("0793", "Tartu linn")


def test_kosovo_has_all_38_municipalities_with_serbian_names():
    albanian = municipalities("XK", "sq")
    assert len(albanian) == 38
    assert len({item.code for item in albanian}) == 38
    assert municipality("XK", "PR", "sq") == Municipality("PR", "Prishtinë")
    assert municipality("XK", "PR", "sr") == Municipality("PR", "Priština")
    assert municipality("XK", "FE", "sr").name == "Uroševac"
    assert municipality("XK", "PR", "en").name == "Prishtinë"  # only Serbian has its own form
    assert {item.code for item in municipalities("XK", "sr")} == {item.code for item in albanian}


def test_municipalities_are_sorted_by_name_ignoring_case_and_diacritics():
    for profile, language in (("EE", "et"), ("XK", "sq"), ("XK", "sr")):
        names = [item.name for item in municipalities(profile, language)]
        assert names == sorted(names, key=fold)
    serbian = [item.name for item in municipalities("XK", "sr")]
    assert serbian.index("Đakovica") < serbian.index("Dragaš")  # Đ sorts with D, not after Z
    estonian = [item.name for item in municipalities("EE", "et")]
    assert estonian[0] == "Alutaguse vald"
    assert estonian.index("Väike-Maarja vald") < estonian.index("Vinni vald")  # ä sorts as a


def test_profile_code_is_case_insensitive_and_unknown_ones_are_refused():
    assert municipalities("ee", "et") == municipalities("EE", "et")
    assert municipality("EE", "9999", "et") is None
    with pytest.raises(ValueError):
        municipalities("LV", "en")
    with pytest.raises(ValueError):
        municipality("../data/isco08", "0784", "en")


def test_returned_lists_are_copies():
    first = municipalities("EE", "et")
    first.clear()
    assert len(municipalities("EE", "et")) == 79


def test_every_municipality_the_register_simulator_uses_is_listed_with_its_code_and_name():
    for profile, listed in (("EE", simulator.EE_MUNICIPALITIES), ("XK", simulator.XK_MUNICIPALITIES)):
        for item in listed:
            assert municipality(profile, item.code, "en") == Municipality(item.code, item.name), item
