"""Write the Group Policy template for cpdesk: cpdesk.admx and en-US/cpdesk.adml.

    python packaging/windows/make_admx.py        # after adding or changing a policy key

IT copies both into the central store (``\\\\domain\\SYSVOL\\...\\PolicyDefinitions``, the .adml
into its ``en-US`` folder) and finds the settings under Computer (or User) Configuration >
Administrative Templates > cpdesk. Every setting writes one value under
``Software\\Policies\\cpdesk``, named as the key in ``docs/deployment.md`` §3, which is where
``cpdesk/ui/shell/policy_registry.py`` reads it. A test checks that the template covers every
policy key of ``cpdesk.config`` and that the committed files are what this script writes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

REGISTRY_KEY = r"Software\Policies\cpdesk"
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Policy:
    key: str
    kind: str  # "text", "boolean", "decimal" or "enum"
    title: str
    explain: str
    choices: tuple[str, ...] = field(default=())
    low: int = 0
    high: int = 0


POLICIES = (
    Policy("server_url", "text", "Directory server address",
           "The directory server's base address, https:// (http:// only for a server on the same "
           "computer). Users cannot change it while this policy is set."),
    Policy("profile", "enum", "Kind of directory",
           "Which kind of server this computer is for. A server of another kind is refused.",
           choices=("live", "training", "test")),
    Policy("pkcs11_module", "text", "Smartcard middleware (PKCS#11 library)",
           "Full path of the smartcard middleware's PKCS#11 library. When not set, cpdesk "
           "looks for OpenSC, p11-kit-proxy, then SoftHSM."),
    Policy("idle_lock_minutes", "decimal", "Lock after idle minutes",
           "Lock the window after this many idle minutes (1 to 15). Users may choose a "
           "shorter time, never a longer one.", low=1, high=15),
    Policy("token_removal", "enum", "When the smartcard is removed",
           "lock: lock the window; sign-out: end the session.", choices=("lock", "sign-out")),
    Policy("lock_on_minimise", "boolean", "Lock when minimised",
           "Enabled: minimising the window locks it. Disabled: it only hides the child's "
           "details behind a curtain. Policy only."),
    Policy("capture_protection", "boolean", "Hide windows from screen capture",
           "Enabled: cpdesk's windows are excluded from screenshots and screen sharing. "
           "Disable for remote-support tools that must see the screen."),
    Policy("allow_user_capture_choice", "boolean", "Let users turn capture protection off",
           "Enabled: users may turn screen-capture protection off in Settings."),
    Policy("extra_ca_file", "text", "Additional trusted CA certificates",
           "Path to a PEM file of CA certificates trusted in addition to the Windows "
           "certificate store (for example a TLS-inspecting proxy's CA). Policy only."),
    Policy("proxy", "text", "HTTP(S) proxy",
           "Proxy for the directory server, for example http://proxy.example.org:8080. When "
           "not set, Windows' proxy settings apply."),
    Policy("no_proxy", "text", "Hosts reached without the proxy",
           "Comma-separated host names reached directly (*, .example.org, 10.1.2.3)."),
    Policy("remember_username", "boolean", "Remember the last user name",
           "Enabled: the last user name is remembered per server in the Windows credential "
           "store. Disabled: it is never stored."),
    Policy("log_level", "enum", "Log detail",
           "How much cpdesk writes to its log (never child data): warning, info or debug.",
           choices=("warning", "info", "debug")),
)


def _string_id(policy: Policy, suffix: str) -> str:
    return f"{policy.key}_{suffix}"


def _element(policy: Policy) -> str:
    name = quoteattr(policy.key)
    if policy.kind == "text":
        return f'<text id={name} valueName={name} required="true" />'
    if policy.kind == "decimal":
        return (f'<decimal id={name} valueName={name} minValue="{policy.low}" '
                f'maxValue="{policy.high}" required="true" />')
    items = "".join(
        f'<item displayName="$(string.{policy.key}_{i})"><value><string>{escape(choice)}'
        f"</string></value></item>" for i, choice in enumerate(policy.choices))
    return f'<enum id={name} valueName={name} required="true">{items}</enum>'


def admx() -> str:
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" '
             'schemaVersion="1.0" '
             'xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">',
             '  <policyNamespaces><target prefix="cpdesk" namespace="cpdesk.Policies" />'
             "</policyNamespaces>",
             '  <resources minRequiredRevision="1.0" />',
             '  <supportedOn><definitions><definition name="SUPPORTED_CPDESK" '
             'displayName="$(string.SUPPORTED_CPDESK)" /></definitions></supportedOn>',
             '  <categories><category name="cpdesk" displayName="$(string.cpdesk)" />'
             "</categories>",
             "  <policies>"]
    for policy in POLICIES:
        head = (f'    <policy name={quoteattr(policy.key)} class="Both" '
                f'displayName="$(string.{_string_id(policy, "title")})" '
                f'explainText="$(string.{_string_id(policy, "explain")})" '
                f'key={quoteattr(REGISTRY_KEY)}')
        if policy.kind == "boolean":
            lines.append(f'{head} valueName={quoteattr(policy.key)}>')
            lines.append('      <parentCategory ref="cpdesk" />'
                         '<supportedOn ref="SUPPORTED_CPDESK" />')
            lines.append('      <enabledValue><decimal value="1" /></enabledValue>'
                         '<disabledValue><decimal value="0" /></disabledValue>')
        else:
            lines.append(f'{head} presentation="$(presentation.{policy.key})">')
            lines.append('      <parentCategory ref="cpdesk" />'
                         '<supportedOn ref="SUPPORTED_CPDESK" />')
            lines.append(f"      <elements>{_element(policy)}</elements>")
        lines.append("    </policy>")
    lines += ["  </policies>", "</policyDefinitions>", ""]
    return "\n".join(lines)


def adml() -> str:
    strings = [("cpdesk", "cpdesk (child directory)"),
               ("SUPPORTED_CPDESK", "cpdesk 0.1 and later")]
    presentations = []
    for policy in POLICIES:
        strings += [(_string_id(policy, "title"), policy.title),
                    (_string_id(policy, "explain"), policy.explain)]
        strings += [(f"{policy.key}_{i}", choice) for i, choice in enumerate(policy.choices)]
        if policy.kind == "boolean":
            continue
        if policy.kind == "text":
            control = (f'<textBox refId="{policy.key}"><label>{escape(policy.title)}</label>'
                       "</textBox>")
        elif policy.kind == "decimal":
            control = (f'<decimalTextBox refId="{policy.key}" defaultValue="5">'
                       f"{escape(policy.title)}</decimalTextBox>")
        else:
            control = (f'<dropdownList refId="{policy.key}" noSort="true">'
                       f"{escape(policy.title)}</dropdownList>")
        presentations.append(f'      <presentation id="{policy.key}">{control}</presentation>')
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" '
             'schemaVersion="1.0" '
             'xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">',
             "  <displayName>cpdesk</displayName>",
             "  <description>Group Policy settings for the cpdesk desktop client</description>",
             "  <resources>", "    <stringTable>"]
    lines += [f'      <string id="{sid}">{escape(text)}</string>' for sid, text in strings]
    lines += ["    </stringTable>", "    <presentationTable>", *presentations,
              "    </presentationTable>", "  </resources>", "</policyDefinitionResources>", ""]
    return "\n".join(lines)


def write(folder: Path = HERE) -> None:
    (folder / "cpdesk.admx").write_text(admx(), encoding="utf-8")
    (folder / "en-US").mkdir(exist_ok=True)
    (folder / "en-US" / "cpdesk.adml").write_text(adml(), encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
