"""Both sites behind Debian's nginx, as production serves them, for the browser benchmarks.

Our site gets the configuration `make build` writes (helpcentre/serving.py); bare Material
gets a plain static server. Both serve precompressed files (gzip_static), so the two
differ only in what they serve, not in how. nginx runs in a process of its own: a server
inside the benchmark's own process would compete with the browser driver for it.
"""
from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from helpcentre.serving import let_workers_through, nginx_config, precompress, running_nginx  # noqa: E402
from sitetools import free_port  # noqa: E402

PLAIN = """server {{
    listen {listen};
    root {root};
    gzip_static on;
    location / {{
        try_files $uri $uri/index.html =404;
    }}
}}
"""


@contextlib.contextmanager
def served(site: Path, work: Path, *, ours: bool, port: int | None = None) -> Iterator[str]:
    """Serve `site` (ours: with the help centre's configuration) and yield its address."""
    port = port or free_port()
    listen = f"127.0.0.1:{port}"
    precompress(site)
    let_workers_through(site, Path(tempfile.gettempdir()))  # the benchmarks' own folders are private
    config = work / f"{site.name}.nginx.conf"
    text = nginx_config(site, listen=listen) if ours else PLAIN.format(listen=listen, root=site.resolve())
    config.write_text(text, encoding="utf-8")
    with running_nginx(config, work / f"{site.name}.nginx", port):
        yield f"http://{listen}/"
