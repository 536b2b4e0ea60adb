import pytest

LANGUAGE_TITLES = {
    "en": ("en", "Find work and support"),
    "et": ("et", "Leidke tööd ja tuge"),
    "ru": ("ru", "Найдите работу и поддержку"),
    "sq": ("sq", "Gjeni punë dhe mbështetje"),
    "sr": ("sr-Latn", "Pronađite posao i podršku"),
}


@pytest.mark.parametrize("code", LANGUAGE_TITLES)
def test_start_page_in_every_language_by_choice(client, code):
    html_lang, heading = LANGUAGE_TITLES[code]
    response = client.get(f"/language/{code}?next=/", follow_redirects=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<html lang="{html_lang}"' in body
    assert heading in body


def test_choice_is_remembered_over_accept_language(client):
    client.get("/language/sq?next=/")
    body = client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="sq"' in body


def test_accept_language_is_used_without_a_choice(client):
    body = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="ru"' in body


def test_profile_default_without_choice_or_header(client, make_app):
    assert '<html lang="et"' in client.get("/").get_data(as_text=True)
    kosovo = make_app(PROFILE="XK").test_client()
    assert '<html lang="sq"' in kosovo.get("/").get_data(as_text=True)


@pytest.mark.parametrize("header", ["de-DE", "*;q=x", ";;;,,,", "\x00\x01", "en;q=abc, ru", "x" * 5000])
def test_unknown_or_malformed_accept_language_falls_back(client, header):
    response = client.get("/", headers={"Accept-Language": header})
    assert response.status_code == 200
    assert '<html lang="' in response.get_data(as_text=True)


def test_unknown_language_code_is_not_found(client):
    assert client.get("/language/de").status_code == 404


def test_language_switch_only_redirects_within_the_site(client):
    response = client.get("/language/en?next=https://evil.example/")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_switcher_is_on_every_page_and_marks_the_current_language(client):
    for path in ("/", "/no-such-page"):
        body = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert 'aria-label="Choose language"' in body
        assert 'aria-current="true" lang="en">English' in body
        assert 'href="/language/sq?next=' in body


def test_every_language_link_is_the_url_of_its_code_with_the_page_to_return_to(app):
    from flask import url_for

    from portal.i18n import LANGUAGES
    from portal.language_switcher import language_links

    path = "/trainings?q=a%20b&next=/x&lang=ru"
    with app.test_request_context(path, headers={"Accept-Language": "ru"}):
        links = language_links()
        assert sorted(link["code"] for link in links) == sorted(LANGUAGES)
        assert [link["code"] for link in links if link["current"]] == ["ru"]
        for link in links:
            expected = url_for(
                "public.choose_language", code=link["code"], next="/trainings?q=a%20b&next=/x&lang=ru"
            )
            assert link["href"] == expected


def test_the_cached_switcher_is_the_macro_rendered_with_the_pages_own_links(app):
    """`language_switcher()` reuses one rendering per language; it must equal the macro's output
    for every page: the page to return to put into each link, escaped as the template would."""
    from flask import render_template_string

    from portal.language_switcher import language_switcher

    cases = [
        ("/", "en", "http://localhost/"),
        ("/trainings?q=a%20b&next=/x&lang=ru", "ru", "http://localhost/"),
        ("/trainings?q=teine", "ru", "http://localhost/"),  # the same language again: from the cache
        ("/trainings?q=teine", "ru", "http://localhost/"),  # the same page again: finished
        ("/trainings?q=teine", "et", "http://localhost/"),  # the same page in another language
        ("/trainings?q=teine", "ru", "http://localhost/portal/"),  # served under a script root
        ('/search?q="<b>"&x=1', "et", "http://localhost/"),
        ("/no-such-page", "sr", "http://localhost/"),
    ]
    for path, language, base_url in cases:
        with app.test_request_context(path, base_url=base_url, headers={"Accept-Language": language}):
            direct = render_template_string(
                '{% from "components/language_switcher.html" import language_switcher as macro %}'
                "{{ macro(language_links()) }}"
            )
            assert str(language_switcher()) == direct
            assert 'aria-current="true"' in direct
            assert f'aria-current="true" lang="{language}' in direct
