"""A slowloris army, run as its own process: `python slowloris_army.py HOST PORT COUNT`.

Opens COUNT connections, ramped up over about a second (batches of 50 every 50 ms, as an
attacker's tool does), that each send a request line, then one header line every 0.5 s and
never the end of the head. Prints one JSON line: for each connection, the seconds from its
opening until the server closed it (or null if it did not within 30 s). Its own process, so
that its event loop does not add to the latency the test measures of valid requests.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time


async def _one(host: str, port: int) -> float | None:
    reader, writer = await asyncio.open_connection(host, port)
    started = time.monotonic()
    writer.write(b"GET /__mock__/health HTTP/1.1\r\nHost: x\r\n")

    async def drip() -> None:
        for i in range(60):
            await asyncio.sleep(0.5)
            writer.write(b"X-%d: a\r\n" % i)

    dripping = asyncio.ensure_future(drip())
    try:
        await asyncio.wait_for(reader.read(), 30)  # the answer (408) and the close
        return time.monotonic() - started
    except (ConnectionResetError, BrokenPipeError):
        return time.monotonic() - started
    except TimeoutError:
        return None
    finally:
        dripping.cancel()
        writer.close()


async def _army(host: str, port: int, count: int) -> list[float | None]:
    soldiers = []
    for first in range(0, count, 50):
        soldiers += [
            asyncio.ensure_future(_one(host, port)) for _ in range(first, min(count, first + 50))
        ]
        await asyncio.sleep(0.05)
    return list(await asyncio.gather(*soldiers))


def main() -> None:
    host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    print(json.dumps(asyncio.run(_army(host, port, count))), flush=True)


if __name__ == "__main__":
    main()
