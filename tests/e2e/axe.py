"""Auditing pages in the browser: the axe-core audit and the keyboard basics.

`run_axe(page)` returns the WCAG 2.1 A/AA violations that axe-core finds on the page as it is now.
`audit_page(page, label)` returns an AxeAudit (rules passed, violations, rules to review) and records it in
AXE_AUDITS, which tests/e2e/conftest.py prints at the end of the run; `assert_no_axe_violations(page, label)`
does the same and fails with a message that says, for each violation, the rule, its impact, what to fix and
where (CSS selectors and HTML of the first elements). `assert_skip_link_works(page)` checks the keyboard basics.
"""

from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, expect

AXE_SOURCE = Path(__file__).parent / "vendor" / "axe.min.js"


# WCAG 2.0 and 2.1, levels A and AA: what the portal promises (issue 3, "Quality").
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# Selectors of this many elements are shown per violation; the count says how many there are in all.
TARGETS_SHOWN = 3


# --- axe-core ------------------------------------------------------------------------------------------------
@dataclass
class AxeAudit:
    label: str
    url: str
    version: str  # of axe-core
    passes: list  # ids of the rules that passed
    violations: list  # axe-core's violation objects (id, impact, help, helpUrl, nodes)
    incomplete: list  # ids of the rules axe-core could not decide (to review by hand)

    def failure_message(self):
        return (
            f"axe-core {self.version} found {len(self.violations)} WCAG 2.1 A/AA violation(s) on {self.label} "
            f"({self.url}):\n{format_violations(self.violations)}"
        )


# Every audit of this run, in order; printed by tests/e2e/conftest.py in the terminal summary.
AXE_AUDITS: list[AxeAudit] = []


def inject_axe(page: Page):
    """Load axe-core into the page, unless it is there already.

    The portal's Content-Security-Policy (script-src 'self') blocks page.add_script_tag(content=...);
    page.evaluate runs the source through the DevTools protocol, which the policy does not govern.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))


def axe_results(page: Page, tags=WCAG_TAGS):
    """axe-core's results for the whole page: a dict with `passes`, `violations`, `incomplete`, `testEngine`."""
    inject_axe(page)
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            const ids = (rules) => rules.map((rule) => rule.id);
            return {
                passes: ids(results.passes),
                incomplete: ids(results.incomplete),
                testEngine: results.testEngine,
                violations: results.violations.map((rule) => ({
                    id: rule.id,
                    impact: rule.impact,
                    help: rule.help,
                    helpUrl: rule.helpUrl,
                    nodes: rule.nodes.map((node) => ({
                        target: node.target.map(String),
                        html: node.html,
                        failureSummary: node.failureSummary,
                    })),
                })),
            };
        }""",
        tags,
    )


def run_axe(page: Page, tags=WCAG_TAGS):
    """The WCAG 2.1 A/AA violations axe-core finds on the page (an empty list when there are none)."""
    return axe_results(page, tags)["violations"]


def format_violations(violations):
    """One paragraph per violation: rule id, impact, what to do, and the first elements concerned."""
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in nodes[:TARGETS_SHOWN]:
            lines.append(f"  at {' '.join(node['target'])}    {shorten(node['html'])}")
            summary = " ".join((node.get("failureSummary") or "").split())
            if summary:
                lines.append(f"     {shorten(summary, 240)}")
        if len(nodes) > TARGETS_SHOWN:
            lines.append(f"  ... and {len(nodes) - TARGETS_SHOWN} more elements")
    return "\n".join(lines)


def shorten(text, width=160):
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def audit_page(page: Page, label):
    """Audit the page as it is now with axe-core (WCAG 2.1 A and AA), and record the result in AXE_AUDITS."""
    results = axe_results(page)
    audit = AxeAudit(
        label,
        page.url,
        results["testEngine"]["version"],
        results["passes"],
        results["violations"],
        results["incomplete"],
    )
    AXE_AUDITS.append(audit)
    return audit


def assert_no_axe_violations(page: Page, label):
    """Audit the page; fail with every violation: rule, impact, what to fix, where. Returns the AxeAudit."""
    audit = audit_page(page, label)
    if audit.violations:
        raise AssertionError(audit.failure_message())
    return audit


# --- keyboard ------------------------------------------------------------------------------------------------
def assert_skip_link_works(page: Page):
    """On a freshly loaded page: Tab reaches the skip link first, it shows, and Enter moves focus to <main>."""
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_attribute("href", "#main")
    box = skip_link.bounding_box()
    assert box and box["width"] > 1 and box["height"] > 1, f"the focused skip link is not visible: {box}"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
