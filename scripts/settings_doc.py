"""Print (or write into README.md) the settings reference of every service, from the settings classes.

The README's table between the `settings:begin` and `settings:end` markers is
this script's output; `tests/contract/test_docs.py` fails when they differ, so
the documented environment variables are always the ones the services read.
Run `python scripts/settings_doc.py --write` after changing a setting.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- settings:begin -->", "<!-- settings:end -->"
SERVICES = (
    ("embedder", "embedder_svc.settings", "EmbedderSettings"),
    ("expansion", "expansion_svc.settings", "ExpansionSettings"),
    ("search", "search_svc.settings", "SearchSettings"),
    ("web", "mediasearch.web.settings", "WebSettings"),
)


def _default(info) -> str:  # type: ignore[no-untyped-def]
    value = info.default_factory() if info.default_factory is not None else info.default
    if value is None:
        return "unset"
    return f"`{json.dumps(value) if isinstance(value, (list, dict)) else value}`"


def render() -> str:
    parts = []
    for name, module, cls_name in SERVICES:
        cls = getattr(importlib.import_module(module), cls_name)
        prefix = cls.model_config["env_prefix"]
        parts.append(f"#### {name} (`{prefix}*`)\n\n| variable | flag | default | meaning |\n|---|---|---|---|")
        for field, info in cls.model_fields.items():
            flag = "--" + field.replace("_", "-")
            description = (info.description or "").replace("|", "\\|")
            parts.append(f"| `{prefix}{field.upper()}` | `{flag}` | {_default(info)} | {description} |")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def readme_section(text: str) -> str:
    match = re.search(re.escape(BEGIN) + r"\n(.*?)" + re.escape(END), text, re.DOTALL)
    return match.group(1) if match else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="replace the section in README.md")
    args = parser.parse_args()
    table = render()
    if not args.write:
        print(table, end="")
        return
    readme = ROOT / "README.md"
    text = readme.read_text()
    if BEGIN not in text:
        raise SystemExit(f"README.md has no {BEGIN} marker")
    text = re.sub(re.escape(BEGIN) + r"\n.*?" + re.escape(END), lambda _: f"{BEGIN}\n{table}{END}", text, flags=re.DOTALL)
    readme.write_text(text)


if __name__ == "__main__":
    main()
