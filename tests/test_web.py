"""The web shell: start page, language, security headers, error pages."""

from tests.conftest import csrf_from


def test_root_sends_an_anonymous_visitor_to_the_sign_in_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")


def test_pages_are_vietnamese_by_default_even_if_the_browser_asks_for_english(client):
    page = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert "Đăng nhập cán bộ" in page


def test_the_language_switch_turns_pages_english_and_back(client):
    token = csrf_from(client, "/login")
    response = client.post("/language", data={"lang": "en", "next": "/login", "csrf_token": token})
    assert response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert "Staff sign-in" in page and '<html lang="en">' in page
    client.post("/language", data={"lang": "vi", "next": "/login", "csrf_token": token})
    assert "Đăng nhập cán bộ" in client.get("/login").get_data(as_text=True)


def test_the_language_switch_never_redirects_off_site(client):
    token = csrf_from(client, "/login")
    response = client.post(
        "/language", data={"lang": "en", "next": "//evil.example/x", "csrf_token": token}
    )
    assert response.headers["Location"] == "/"


def test_every_page_carries_the_security_headers_and_is_not_stored(client):
    for url in ("/login", "/", "/no-such-page"):
        headers = client.get(url).headers
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
        assert "frame-ancestors 'none'" in policy
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Cache-Control"] == "no-store"


def test_no_template_holds_an_inline_script():
    from pathlib import Path

    for template in Path("templates").rglob("*.html"):
        html = template.read_text(encoding="utf-8")
        for chunk in html.split("<script")[1:]:
            assert chunk.lstrip().startswith("src=") or " src=" in chunk.split(">")[0], template
        assert "onclick=" not in html and "onload=" not in html, template


def test_an_unknown_page_says_what_to_do_in_vietnamese(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Không có trang này" in response.get_data(as_text=True)


def test_a_form_without_its_csrf_token_is_refused(client):
    response = client.post("/login", data={"username": "chair", "password": "chair-demo-2025"})
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.get_data(as_text=True)
    assert client.get("/congress").status_code == 302  # still not signed in


def test_a_json_post_without_its_csrf_header_is_refused_with_json(client):
    response = client.post("/language", json={"lang": "en"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "csrf"
