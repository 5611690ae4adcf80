#!/usr/bin/env python3
"""The tablet's share of the work, in headless Chromium: encrypting and proving one ballot.

    .venv/bin/python scripts/bench_browser.py [--runs 5] [--chromium PATH] [--json FILE]

Serves static/ on a loopback port (no votesys server: the same bundles the tablet loads,
static/vendor/votesys/, built by scripts/setup), then in one Chromium page:

- in the Web Worker, as the tablet does (crypto-worker.js, progress messages on): a ward's
  ballot (13 names, K = 10, 3 invalid-reason flags) and a national one (250 names, K = 200);
- prepared, as the tablet does since "The tablet prepares while the delegate marks"
  (docs/performance.md): the worker is sent {type: "prepare"} (every nonce and every multiple,
  timed until its "prepared" reply), then the ballot: the time from that request to the
  encrypted ballot is what the delegate waits for after pressing the button;
- the same on the page's own thread, normal and with the CPU throttled 4x through the DevTools
  protocol (Emulation.setCPUThrottlingRate: a slow tablet). Chromium applies the throttle to the
  page's renderer thread; whether it also slows a dedicated worker is measured, not assumed
  (the worker's throttled figure is printed beside the page's);
- verifying each ballot on the server's side (Python, 1 and 3 threads), for comparison.

Prints the best and the median of --runs for each, in milliseconds, with the load average;
--json writes them to a file ("results": the best, "medians": the medians).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from votesys.core.crypto.ballot import verify_ballot_json  # noqa: E402
from votesys.core.crypto.group import base_mul, random_scalar  # noqa: E402
from votesys.core.crypto.layout import Layout  # noqa: E402

CASES = {"13 names": (13, 10), "250 names": (250, 200)}
FLAGS = 3
CONTEXT = "ab" * 32

SCRIPT = """
async ([mode, names, seats, flags, key, context, runs]) => {
  const marks = Array.from({length: names}, (_, i) => (i < seats ? 1 : 0));
  const flagValues = Array(flags).fill(0);
  const layout = {kind: "strike", candidates: names, seats, flags};
  const times = [], prepares = [];
  let ballot = null, progress = 0;
  if (mode === "prepared") {
    const worker = new Worker("/vendor/votesys/crypto-worker.js", {type: "module"});
    const ask = (message) => new Promise((resolve) => {
      worker.onmessage = (event) => {
        if (event.data.type !== "progress") resolve(event.data);
      };
      worker.postMessage(message);
    });
    for (let run = 0; run < runs; run += 1) {
      let began = performance.now();
      const ready = await ask({id: -1, type: "prepare", layout, publicKey: key, context});
      prepares.push(performance.now() - began);
      if (!ready.ok) throw new Error("the preparation failed");
      began = performance.now();
      const reply = await ask({id: run, marks, flags: flagValues, layout, publicKey: key, context});
      times.push(performance.now() - began);
      if (reply.type !== "done") throw new Error(JSON.stringify(reply));
      ballot = reply.ballot;
    }
    worker.terminate();
  } else if (mode === "worker") {
    const worker = new Worker("/vendor/votesys/crypto-worker.js", {type: "module"});
    for (let run = 0; run < runs; run += 1) {
      const began = performance.now();
      const reply = await new Promise((resolve) => {
        worker.onmessage = (event) => {
          if (event.data.type === "progress") progress += 1;
          else resolve(event.data);
        };
        worker.postMessage({id: run, marks, flags: flagValues, layout, publicKey: key, context});
      });
      times.push(performance.now() - began);
      if (reply.type !== "done") throw new Error(JSON.stringify(reply));
      ballot = reply.ballot;
    }
    worker.terminate();
  } else {
    const c = await import("/vendor/votesys/crypto.js");
    const shape = new c.Layout("strike", names, seats, flags);
    const pk = c.pointFromHex(key);
    const ctx = c.hexToBytes(context, 32);
    for (let run = 0; run < runs; run += 1) {
      const began = performance.now();
      ballot = c.encryptBallot(marks, flagValues, shape, pk, ctx).toJson();
      times.push(performance.now() - began);
    }
  }
  return {times, prepares, ballot, progress};
}
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve_static() -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(ROOT / "static"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def best_verify(ballot: dict, layout: Layout, pk, workers: int, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        began = time.perf_counter()
        _, problems = verify_ballot_json(
            ballot, layout, pk, bytes.fromhex(CONTEXT), workers=workers
        )
        best = min(best, time.perf_counter() - began)
        if problems:
            raise SystemExit(f"the browser's ballot does not verify: {problems}")
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--chromium", default=os.environ.get("VOTESYS_TEST_CHROMIUM") or shutil.which("chromium")
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not (ROOT / "static/vendor/votesys/crypto-worker.js").exists():
        raise SystemExit(
            "static/vendor/votesys/ is missing: run scripts/setup (it builds the bundles)"
        )
    if not args.chromium:
        raise SystemExit("no Chromium: install Debian's chromium or pass --chromium")
    from playwright.sync_api import sync_playwright

    pk = base_mul(random_scalar())
    server, base = serve_static()
    results: dict[str, dict[str, float]] = {}
    medians: dict[str, dict[str, float]] = {}
    load_before = os.getloadavg()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, headless=True, args=["--headless=new", "--no-sandbox"]
        )
        page = browser.new_page()
        page.goto(f"{base}/favicon.svg")  # any page of the origin: workers and imports need one
        cdp = page.context.new_cdp_session(page)
        version = browser.version
        for label, (names, seats) in CASES.items():
            row = results.setdefault(label, {})
            middle = medians.setdefault(label, {})
            layout = Layout.strike(names, seats, FLAGS)

            def record(name: str, times: list[float], row=row, middle=middle) -> None:
                row[name], middle[name] = min(times), statistics.median(times)

            for throttle in (1, 4):
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
                for mode in ("worker", "page", "prepared"):
                    out = page.evaluate(
                        SCRIPT, [mode, names, seats, FLAGS, pk.hex(), CONTEXT, args.runs]
                    )
                    if mode == "prepared":
                        record(f"worker prepare, CPU x{throttle}", out["prepares"])
                        record(f"worker after press, CPU x{throttle}", out["times"])
                        _, problems = verify_ballot_json(
                            out["ballot"], layout, pk, bytes.fromhex(CONTEXT)
                        )
                        if problems:
                            raise SystemExit(f"a prepared ballot does not verify: {problems}")
                    else:
                        record(f"{mode}, CPU x{throttle}", out["times"])
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})  # out: a prepared ballot
            for workers in (1, 3):
                row[f"server verify, {workers} thread{'s' if workers > 1 else ''}"] = best_verify(
                    out["ballot"], layout, pk, workers, args.runs
                )
        browser.close()
    server.shutdown()
    load = [load_before, os.getloadavg()]
    print(f"Chromium {version}, {os.cpu_count()} CPUs; {args.runs} runs, milliseconds")
    print("load average (1, 5, 15 min) before / after: " + " / ".join(map(_load, load)))
    for label, row in results.items():
        print(f"strike ballot, {label} (K = {CASES[label][1]}, {FLAGS} flags):   best   median")
        for name, value in row.items():
            median = medians[label].get(name)
            tail = f" {median:8.1f}" if median is not None else ""
            print(f"  {name:<30} {value:8.1f}{tail} ms")
    if args.json:
        document = {"chromium": version, "results": results, "medians": medians, "load": load}
        args.json.write_text(json.dumps(document, indent=2))


def _load(values) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    main()
