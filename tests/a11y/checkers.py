"""axe-core and the Nu HTML Checker, from the versions package-lock.json pins (node_modules/, which
scripts/install-node-packages.sh installs with `npm ci`)."""

import json
import subprocess
from pathlib import Path

from tests.conftest import ROOT

NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = "/usr/bin/java"

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(node => node.target.join(" ")),
  }));
}"""


def axe_violations(page) -> list[dict]:
    """Every axe violation on the page as it stands, of any impact."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # The tag goes once axe is loaded: the tablet's next screen is the same document.
        page.add_script_tag(path=str(AXE)).evaluate("tag => tag.remove()")
    return page.evaluate(RUN_AXE)


def html_errors(documents: dict[str, str], folder: Path) -> list[str]:
    """The Nu HTML Checker's errors over all the documents at once (one JVM for the lot)."""
    paths = {}
    for name, html in documents.items():
        path = folder / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        paths[path.as_uri()] = name
    run = subprocess.run(
        [JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, folder.glob("*.html"))],
        capture_output=True,
        text=True,
        timeout=180,
    )
    report = json.loads(run.stderr or run.stdout)
    return [
        f"{paths.get(message.get('url'), message.get('url'))}:{message.get('lastLine')}: "
        f"{message['message']} [{message.get('extract', '').strip()}]"
        for message in report["messages"]
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]
