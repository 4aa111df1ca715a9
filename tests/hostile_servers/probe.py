"""Child process of the hostile-server tests: one client call, reported as JSON.

Usage: python probe.py '{"mode": "sync"|"async"|"cli", "url": ..., "key": ..., "timeout": ...,
"sent_token": ..., "report": "/path/report.json"}'

Logging is on at DEBUG for every logger, with heygen_streaming.logfilter installed as the README
says (when it exists). The report holds: the escaped or raised exception (class and MRO names,
`limit`, str, repr, every exception of its `__context__`/`__cause__` chain with its attributes and
any `.request`/`.response`, formatted tracebacks), the log text, the CLI's stdout/stderr and exit
code, the call's elapsed time and the peak RSS of this process.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import resource
import sys
import time
import traceback
from typing import Any

# A runaway allocation must fail here, not take the machine: 1 GiB of address space.
resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))


def _request_text(obj: Any) -> list[str]:
    """Everything an httpx request or response attribute would show (headers, body)."""
    texts = [repr(obj)]
    for name in ("headers", "url", "content", "extensions"):
        with contextlib.suppress(Exception):
            value = getattr(obj, name)
            texts.append(repr(getattr(value, "raw", value)))
    return texts


def _describe(exc: BaseException) -> dict[str, Any]:
    chain: list[dict[str, Any]] = []
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        texts: list[str] = [str(current), repr(current), repr(current.args)]
        texts += traceback.format_exception(current)
        for name in ("request", "response"):
            with contextlib.suppress(Exception):  # httpx raises RuntimeError when not set
                value = getattr(current, name)
                if value is not None:
                    texts.append(f".{name} is reachable")
                    texts += _request_text(value)
        for name, value in vars(current).items():
            texts.append(f"{name}={value!r}")
            if isinstance(value, BaseException):
                stack.append(value)
        # Each text cut at 1 MB: a 200 MB body kept on an exception is a failure in itself.
        chain.append({"class": type(current).__name__, "texts": [t[:1_000_000] for t in texts]})
        for linked in (current.__context__, current.__cause__):
            if linked is not None:
                stack.append(linked)
    return {
        "class": type(exc).__name__,
        "mro": [c.__name__ for c in type(exc).__mro__],
        "limit": getattr(exc, "limit", None),
        "status_code": getattr(exc, "status_code", None),
        "str": str(exc),
        "repr": repr(exc),
        "context": None if exc.__context__ is None else type(exc.__context__).__name__,
        "cause": None if exc.__cause__ is None else type(exc.__cause__).__name__,
        "chain": chain,
    }


def main() -> None:
    config = json.loads(sys.argv[1])
    logs = io.StringIO()
    handler = logging.StreamHandler(logs)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    report: dict[str, Any] = {"mode": config["mode"], "error": None}
    try:
        from heygen_streaming.logfilter import install_log_filter

        install_log_filter()
        report["log_filter"] = True
    except ImportError:
        report["log_filter"] = False

    import heygen_streaming

    # Load the packaged spec before the clock starts: the deadline is about the server, not
    # about parsing our own YAML on a busy machine.
    with contextlib.suppress(ImportError):
        from heygen_streaming.spec_model import packaged_model

        packaged_model().operations  # noqa: B018
    # The package is lazy (PEP 562): load what each mode uses before the clock starts too.
    _ = heygen_streaming.StreamingClient, heygen_streaming.AsyncStreamingClient
    import heygen_streaming.cli

    livekit = {"room": "room-1", "url": "wss://livekit.example", "token": config["sent_token"]}
    options = {"api_key": config["key"], "base_url": config["url"], "timeout": config["timeout"]}
    stdout, stderr = io.StringIO(), io.StringIO()
    started = time.monotonic()
    try:
        if config["mode"] == "sync":
            client = heygen_streaming.StreamingClient(max_retries=0, **options)
            report["result"] = repr(client.new_session(livekit_settings=livekit))
        elif config["mode"] == "async":
            aclient = heygen_streaming.AsyncStreamingClient(max_retries=0, **options)
            result = asyncio.run(aclient.new_session(livekit_settings=livekit))
            report["result"] = repr(result)
        else:
            from heygen_streaming.cli import main as cli

            argv = ["new-session", "--base-url", config["url"], "--api-key", config["key"]]
            argv += ["--timeout", str(config["timeout"]), "--max-retries", "0"]
            argv += ["--livekit-settings-room", "room-1", "--livekit-settings-url", "wss://x.io"]
            argv += ["--livekit-settings-token", config["sent_token"]]
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                report["exit_code"] = cli(argv)
    except BaseException as exc:  # everything that escapes is reported, typed or not
        report["error"] = _describe(exc)
    report["elapsed"] = time.monotonic() - started
    report["stdout"] = stdout.getvalue()
    report["stderr"] = stderr.getvalue()
    handler.flush()
    report["logs"] = logs.getvalue()
    report["max_rss_mb"] = _peak_rss_mb()
    with open(config["report"], "w", encoding="utf-8") as out:
        json.dump(report, out, ensure_ascii=True)


def _peak_rss_mb() -> float:
    """This process's own peak RSS.

    Linux's `ru_maxrss` survives exec: a child forked from a large pytest worker reports the
    worker's RSS at fork time. The high-water mark of the process's own memory map (`VmHWM`)
    starts afresh at exec, so it measures the client alone.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
