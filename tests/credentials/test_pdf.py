"""The cards PDF read back by real tools: zbar decodes every QR, pdftotext every name."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from, login
from tests.credentials.conftest import need_tool, run
from votesys.core.codes import parse_short_code
from votesys.credentials.errors import FontMissing
from votesys.credentials.models import Card
from votesys.credentials.pdf import vietnamese_pdf
from votesys.roster.models import Delegate

BASE = "http://192.168.10.20:5000"


def delegates(app) -> dict[int, Delegate]:
    with app.extensions["votesys.db"].session() as session:
        return {d.number: d for d in session.scalars(select(Delegate))}


@pytest.fixture
def cards_pdf(app, client, tmp_path):
    """The PDF the secretariat downloads on printing every card of the demo roll."""
    app.config["PUBLIC_URL"] = BASE
    assert login(client, "secretariat").status_code == 302
    response = client.post("/cards/print", data={"csrf_token": csrf_from(client, "/cards")})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    path = tmp_path / "cards.pdf"
    path.write_bytes(response.data)
    return path


def test_every_qr_code_in_the_pdf_decodes_to_a_working_url(app, client, cards_pdf, tmp_path):
    pdftoppm = need_tool("pdftoppm", "poppler-utils")
    zbarimg = need_tool("zbarimg", "zbar-tools")
    run(pdftoppm, "-r", "150", "-png", str(cards_pdf), str(tmp_path / "page"))
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 13  # 102 cards, 8 to a page
    urls = []
    for page in pages:
        urls += run(zbarimg, "--raw", "-q", str(page)).split()
    roll = delegates(app)
    assert len(urls) == len(set(urls)) == len(roll) == 102
    client.post("/logout", data={"csrf_token": csrf_from(client, "/cards")})
    seen = set()
    for url in urls:
        assert url.startswith(BASE + "/c/"), url
        page = client.get(urlsplit(url).path)
        assert page.status_code == 200, url
        html = page.get_data(as_text=True)
        number = int(re.search(r'data-testid="holder-number">[^0-9]*(\d+)', html).group(1))
        assert f'data-testid="holder-name">{roll[number].full_name}<' in html
        seen.add(number)
    assert seen == set(roll)


def test_the_pdf_text_holds_every_name_with_its_diacritics_and_a_code(app, cards_pdf):
    pdftotext = need_tool("pdftotext", "poppler-utils")
    text = run(pdftotext, str(cards_pdf), "-")
    flat = " ".join(text.split())
    for delegate in delegates(app).values():
        assert delegate.full_name in flat, delegate.full_name
    assert "Đại hội đại biểu Đảng bộ Phường 1 lần thứ XIV" in flat
    assert "THẺ ĐẠI BIỂU" in flat and "Chi bộ Trường Trung học cơ sở Phường 1" in flat
    codes = re.findall(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]\b", text)
    assert len(codes) == 102
    assert all(parse_short_code(code) for code in codes)


def test_a_missing_font_is_named_and_no_card_is_issued(app, client, monkeypatch, tmp_path):
    monkeypatch.setenv("VOTESYS_FONT_DIR", str(tmp_path / "no-fonts"))
    with pytest.raises(FontMissing) as missing:
        vietnamese_pdf()
    assert missing.value.params["path"] == str(tmp_path / "no-fonts" / "DejaVuSans.ttf")
    assert login(client, "secretariat").status_code == 302
    response = client.post("/cards/print", data={"csrf_token": csrf_from(client, "/cards")})
    assert response.status_code == 500
    assert "fonts-dejavu-core" in response.get_data(as_text=True)
    with app.extensions["votesys.db"].session() as session:
        assert session.scalar(select(func.count()).select_from(Card)) == 0


def test_a_reprint_is_one_page_whose_qr_opens_the_new_card(app, client, cards_pdf, tmp_path):
    pdftoppm = need_tool("pdftoppm", "poppler-utils")
    zbarimg = need_tool("zbarimg", "zbar-tools")
    run(pdftoppm, "-r", "150", "-png", "-f", "1", "-l", "1", str(cards_pdf), str(tmp_path / "a"))
    old_urls = run(zbarimg, "--raw", "-q", str(next(tmp_path.glob("a-*.png")))).split()
    old = urlsplit(old_urls[0]).path
    number = int(
        re.search(r'holder-number">[^0-9]*(\d+)', client.get(old).get_data(as_text=True)).group(1)
    )
    delegate = delegates(app)[number]
    token = csrf_from(client, f"/cards/{delegate.id}/reissue")
    response = client.post(
        f"/cards/{delegate.id}/reissue",
        data={"csrf_token": token, "reason": "Mất thẻ", "replace": "1"},
    )
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="the-dai-bieu-so-{number}.pdf"'
    )
    reprint = tmp_path / "reprint.pdf"
    reprint.write_bytes(response.data)
    run(pdftoppm, "-r", "150", "-png", str(reprint), str(tmp_path / "r"))
    pages = sorted(tmp_path.glob("r-*.png"))
    assert len(pages) == 1
    [url] = run(zbarimg, "--raw", "-q", str(pages[0])).split()
    assert url.startswith(BASE + "/c/") and urlsplit(url).path != old
    assert f">{delegate.full_name}<" in client.get(urlsplit(url).path).get_data(as_text=True)
    assert client.get(old).status_code == 410
