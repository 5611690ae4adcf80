"""The crypto bundle as the pages load it (static/vendor/votesys/crypto.js and crypto-worker.js,
built by scripts/setup with esbuild): imported by an app page under its strict CSP, a ballot
encrypted in the module worker with progress and checked by the PYTHON verifier, and a share
wrapped by the page's WebCrypto and unwrapped by Python."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from votesys.core.crypto import keywrap
from votesys.core.crypto.ballot import verify_ballot_json
from votesys.core.crypto.benaloh import RevealedBallot, check_revealed
from votesys.core.crypto.elgamal import keypair
from votesys.core.crypto.layout import Layout
from votesys.core.crypto.receipt import receipt

pytestmark = pytest.mark.browser

BUNDLE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "votesys"
CONTEXT = bytes(range(32))
LAYOUT = Layout.strike(40, 30, 2)

ENCRYPT_IN_WORKER = """async ([request]) => {
  await import("/static/vendor/votesys/crypto.js");  // the page can load the module too
  const worker = new Worker("/static/vendor/votesys/crypto-worker.js", { type: "module" });
  const replies = await new Promise((resolve, reject) => {
    const seen = [];
    worker.onerror = (event) => reject(new Error(event.message || "the worker failed to start"));
    worker.onmessage = (event) => {
      seen.push(event.data);
      if (event.data.type !== "progress") resolve(seen);
    };
    worker.postMessage(request);
  });
  worker.terminate();
  return replies;
}"""

WRAP_IN_PAGE = """async ([share, passphrase, ceremony, member]) => {
  const c = await import("/static/vendor/votesys/crypto.js");
  const context = c.wrapContext(c.hexToBytes(ceremony), member);
  return c.wrapShare(BigInt("0x" + share), passphrase, context, { iterations: 1000 });
}"""


@pytest.fixture(autouse=True)
def _bundle_built():
    missing = [name for name in ("crypto.js", "crypto-worker.js") if not (BUNDLE / name).is_file()]
    if missing:
        pytest.fail(f"{missing} missing in static/vendor/votesys: run `source scripts/setup`")


def test_a_ballot_encrypted_in_the_worker_passes_the_python_verifier(page, live_server):
    key = keypair()
    marks = [1] * 25 + [0] * 15
    request = {
        "id": 42,
        "marks": marks,
        "flags": [0, 0],
        "layout": {"kind": "strike", "candidates": 40, "seats": 30, "flags": 2},
        "publicKey": key.public.hex(),
        "context": CONTEXT.hex(),
        "keepSecrets": True,
    }
    page.goto(f"{live_server}/login")
    replies = page.evaluate(ENCRYPT_IN_WORKER, [request])
    *progress, done = replies
    assert done["type"] == "done", done
    assert {r["id"] for r in replies} == {42}
    total = 40 + 2 + 1
    assert [p["done"] for p in progress] == [0, 8, 16, 24, 32, 40, total]
    assert {p["total"] for p in progress} == {total}
    ballot, problems = verify_ballot_json(done["ballot"], LAYOUT, key.public, CONTEXT)
    assert problems == []
    assert done["receipt"] == receipt(ballot).code
    revealed = RevealedBallot.from_json(done["revealed"])
    assert check_revealed(ballot, revealed, key.public) == []
    assert list(revealed.marks) == marks


def test_the_worker_says_why_it_refuses(page, live_server):
    request = {
        "id": 1,
        "marks": [1] * 40,  # more than the 30 names a ballot keeps
        "flags": [0, 0],
        "layout": {"kind": "strike", "candidates": 40, "seats": 30, "flags": 2},
        "publicKey": keypair().public.hex(),
        "context": CONTEXT.hex(),
        "keepSecrets": False,
    }
    page.goto(f"{live_server}/login")
    replies = page.evaluate(ENCRYPT_IN_WORKER, [request])
    assert replies[-1]["type"] == "error"
    assert replies[-1]["code"] == "shape_not_allowed"


def test_a_share_wrapped_in_the_page_unwraps_in_python(page, live_server):
    share, ceremony, member = keypair().secret, bytes(range(1, 33)), 3
    phrase = "hoa sen nở trên hồ Tây"
    page.goto(f"{live_server}/login")
    args = [f"{share:064x}", phrase, ceremony.hex(), member]
    wrapped = page.evaluate(WRAP_IN_PAGE, args)
    assert wrapped["iterations"] == 1000 and wrapped["kdf"] == "PBKDF2-SHA256"
    context = keywrap.wrap_context(ceremony, member)
    assert keywrap.unwrap_share(wrapped, phrase, context, min_iterations=1000) == share
    typed_elsewhere = unicodedata.normalize("NFD", phrase)  # another keyboard, the same words
    assert keywrap.unwrap_share(wrapped, typed_elsewhere, context, min_iterations=1000) == share
