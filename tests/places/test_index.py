"""The place index read from the fixtures."""

from mapsite.places.index import all_places, normalise, search


def test_the_index_holds_every_district_station_and_estate():
    kinds = [p.kind for p in all_places()]
    assert kinds.count("district") == 18
    assert kinds.count("station") == 165
    assert kinds.count("estate") == 481


def test_every_place_is_in_hong_kong():
    for place in all_places():
        assert 22.1 < place.lat < 22.6 and 113.8 < place.lon < 114.5, place


def test_english_and_chinese_find_the_same_station():
    english = search("Mong Kok", 5)
    chinese = search("旺角", 5)
    assert english[0].name_en == "Mong Kok" and english[0].kind == "station"
    assert chinese[0] == english[0]
    assert {p.name_en for p in english} >= {"Mong Kok", "Mong Kok East"}


def test_spacing_case_and_punctuation_do_not_matter():
    assert normalise("Mong  Kok") == normalise("mongkok") == "mongkok"
    assert search("mongkok", 1)[0].name_en == "Mong Kok"


def test_a_district_comes_before_places_named_after_it():
    assert search("Sha Tin", 3)[0].kind == "district"
    assert search("沙田", 3)[0].kind == "district"


def test_a_word_inside_a_name_is_found():
    assert any(p.name_en == "Choi Fook Estate" for p in search("Fook", 20))


def test_nothing_matches_nonsense_and_the_limit_holds():
    assert search("zzzzqqq", 10) == []
    assert search("", 10) == []
    assert len(search("a", 5)) == 5
