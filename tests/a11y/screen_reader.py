"""A scripted screen-reader user over the real AT-SPI bus (run with the *system* Python, which
has ``python3-pyatspi``; it imports nothing of cpdesk).

It listens to every event a screen reader listens to (text changes, announcements, focus,
states, children, names, descriptions, caret…) and drives the client only as a screen reader
user can: widgets are found by role and accessible name among those *showing*, text fields
are focused through the Component interface, keys are sent with
``Registry.generateKeyboardEvent`` (keysyms through the registry's XTest), buttons are pressed
through the Action interface. The plan comes on stdin as JSON; the report is written to the
path the plan names. The password and PIN are typed or pasted, never written into the report.

Steps: Enter on the empty sign-in form; a wrong password; a wrong PIN; the right password
(pasted with Ctrl+V from the clipboard) and PIN (typed); search; open the record with a reason
(Tab past Cancel and back first); read every value of the record with its caption; Copy;
another program takes the keyboard (the privacy curtain falls): the tree under the curtain,
then the keyboard back and a key to lift it; open the shielded and the sensitive named
children (what is announced); Ctrl+L; the tree while locked; unlock with the PIN.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import pyatspi  # type: ignore[import-not-found]
from gi.repository import GLib  # type: ignore[import-not-found]

EVENTS = ("object:text-changed", "object:announcement", "object:state-changed",
          "object:children-changed", "object:property-change", "object:text-caret-moved",
          "object:text-selection-changed", "object:selection-changed",
          "object:active-descendant-changed", "object:value-changed", "object:visible-data-changed",
          "window:", "focus:")
TEXT_ROLES = ("text", "entry", "password text")
CTRL = 1 << 2  # X11 ControlMask
SHIFT = 1 << 0
CURTAIN = "Screen hidden for privacy"
CURTAIN_ROLES = ("filler", "panel", "grouping", "unknown")
XK = {"Return": 0xFF0D, "Tab": 0xFF09, "Down": 0xFF54, "Escape": 0xFF1B}


class ReaderError(Exception):
    pass


class Reader:
    def __init__(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        self.events: list[dict[str, Any]] = []
        self.report: dict[str, Any] = {"steps": [], "events": self.events}
        self.context = GLib.MainContext.default()
        for kind in EVENTS:
            pyatspi.Registry.registerEventListener(self._on_event, kind)
        self.app: Any = None

    # -- events ---------------------------------------------------------------------------

    def _on_event(self, event: Any) -> None:
        try:
            source = event.source
            role, name = source.getRoleName(), source.name
            description = source.description
        except Exception:  # the object went away (deleted on lock): still log the event
            role = name = description = "?"
        self.events.append({"type": event.type, "role": role, "name": name,
                            "description": description, "detail1": event.detail1,
                            "detail2": event.detail2, "data": _text(event.any_data)})

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            while self.context.iteration(False):
                pass
            time.sleep(0.02)

    def wait(self, check: Callable[[], Any], what: str, timeout: float = 20) -> Any:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.05)
            try:
                found = check()
            except Exception:  # a node vanished between two calls: look again
                found = None
            if found:
                return found
        raise ReaderError(f"timed out waiting for {what}")

    def mark(self) -> int:
        return len(self.events)

    def announcements(self, since: int) -> list[str]:
        return [e["data"] for e in self.events[since:] if e["type"] == "object:announcement"]

    def wait_announcement(self, since: int, what: str, words: tuple[str, ...],
                          timeout: float = 25) -> str:
        def said() -> str | None:
            return next((text for text in self.announcements(since)
                         if any(w.lower() in text.lower() for w in words)), None)
        text: str = self.wait(said, f"an announcement of {what} ({words})", timeout)
        return text

    def last_focus(self, since: int = 0) -> dict[str, Any] | None:
        return next((e for e in reversed(self.events[since:])
                     if e["type"] == "object:state-changed:focused" and e["detail1"] == 1), None)

    def step(self, step_name: str, **facts: Any) -> None:
        self.report["steps"].append({"step": step_name, **facts})

    # -- the tree -------------------------------------------------------------------------

    def find_app(self) -> Any:
        def app() -> Any:
            desktop = pyatspi.Registry.getDesktop(0)
            return next((a for a in desktop if a is not None and a.name == "cpdesk"), None)
        self.app = self.wait(app, "the cpdesk application on the bus", 40)
        return self.app

    def nodes(self, root: Any = None, *, showing: bool = True) -> Iterator[Any]:
        stack = [root if root is not None else self.app]
        while stack:
            node = stack.pop()
            try:
                if showing and node is not self.app and not node.getState().contains(
                        pyatspi.STATE_SHOWING):
                    continue
                yield node
                stack.extend(reversed([c for c in node if c is not None]))
            except Exception:  # noqa: S112 - a node deleted while walking is simply gone
                continue

    def find(self, roles: tuple[str, ...], name: Callable[[str], bool] | str,
             root: Any = None) -> Any:
        match = name if callable(name) else (lambda n: n == name)
        for node in self.nodes(root):
            try:
                if node.getRoleName() in roles and match(node.name):
                    return node
            except Exception:  # noqa: S112 - a node deleted while walking is simply gone
                continue
        return None

    def need(self, roles: tuple[str, ...], name: Callable[[str], bool] | str, what: str,
             timeout: float = 20) -> Any:
        return self.wait(lambda: self.find(roles, name), what, timeout)

    def focus(self, node: Any) -> None:
        node.queryComponent().grabFocus()
        self.wait(lambda: node.getState().contains(pyatspi.STATE_FOCUSED),
                  f"focus on {node.name!r}", 5)

    def press(self, action_node: Any) -> None:
        action = action_node.queryAction()
        names = [action.getName(i) for i in range(action.nActions)]
        action.doAction(names.index("Press") if "Press" in names else 0)

    # -- keys -----------------------------------------------------------------------------

    def key(self, keysym: int, modifiers: int = 0) -> None:
        registry = pyatspi.Registry
        if modifiers:
            registry.generateKeyboardEvent(modifiers, None, pyatspi.KEY_LOCKMODIFIERS)
        registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
        if modifiers:
            registry.generateKeyboardEvent(modifiers, None, pyatspi.KEY_UNLOCKMODIFIERS)
        self.pump(0.08)

    def type(self, text: str) -> None:
        for ch in text:
            self.key(ord(ch))

    # -- the journey ----------------------------------------------------------------------

    def run(self) -> None:
        self.find_app()
        self.sign_in()
        self.search_and_open()
        self.read_record()
        self.curtain()
        for named in self.plan["named_children"]:
            self.search_and_open(named["family_name"], named["dob"], named["step"])
        self.lock_and_unlock()

    def password_field(self) -> Any:
        return self.need(("password text",), "Password", "the password field")

    def pin_field(self) -> Any:
        """The PIN field showing now: on the sign-in form (card first) or its own page."""
        return self.find(("password text",), lambda n: n != "Password" and "PIN" in n)

    def sign_in(self) -> None:
        password = self.password_field()
        self.wait(lambda: self.find(("label",), "TEST"), "the server's environment")
        # Enter on an empty form: the problem is said, not only shown.
        since = self.mark()
        self.focus(password)
        self.key(XK["Return"])
        if self.pin_field() is not None and not self.announcements(since):
            self.key(XK["Return"])  # Enter in the password moves on to the PIN first
        said = self.wait_announcement(since, "the empty form", ("Enter",))
        self.step("empty form", said=said)

        username = self.find(TEXT_ROLES, "User name")
        if username is not None and not username.queryText().getText(0, -1):
            username.queryEditableText().setTextContents(self.plan["username"])
        # An assistive technology writing into the password field itself (not a secret).
        password = self.password_field()
        since = self.mark()
        password.queryEditableText().setTextContents(self.plan["at_write_probe"])
        self.pump(0.5)
        self.report["at_write_events"] = [e for e in self.events[since:]
                                          if e["type"].startswith("object:text-changed")]
        self.report["at_write_kept"] = password.queryText().getText(0, -1)
        self.focus(password)
        self.key(ord("a"), CTRL)
        self.key(0xFF08)  # BackSpace: empty it again

        # A wrong password (typed), then a wrong PIN, then both right (the password pasted).
        since = self.mark()
        said = self.submit(paste=False, password=self.plan["password"] + "x",
                           pin=self.plan["pin"], expect=("password", "not correct",
                                                         "not recognised", "could not"))
        self.step("wrong password", said=said)
        said = self.submit(paste=True, password=self.plan["password"], pin="9" * 6,
                           expect=("PIN",))
        self.step("wrong PIN", said=said)
        since = self.mark()
        self.submit(paste=True, password=self.plan["password"], pin=self.plan["pin"])
        search = self.need(TEXT_ROLES, "Family name", "the search page", 30)
        self.pump(1.0)  # let the focus settle as it will
        focus = self.last_focus(since)
        self.step("signed in", focus=focus, search_focused=search.getState().contains(
            pyatspi.STATE_FOCUSED))
        status = self.find(("label", "status bar"),
                           lambda n: self.plan["display_name"] in n)
        self.step("status bar", name=status.name if status else None,
                  description=status.description if status else None)

    def submit(self, *, paste: bool, password: str, pin: str,
               expect: tuple[str, ...] = ()) -> str | None:
        since = self.mark()
        field = self.find(("password text",), "Password")
        # The older shape keeps its PIN page after a wrong PIN: only the PIN is asked again.
        if field is not None or self.pin_field() is None:
            field = self.password_field()
            self.focus(field)
            if paste:
                self.plan["set_clipboard"](password)
                self.key(ord("v"), CTRL)
            else:
                self.type(password)
            self.wait(lambda: field.queryText().characterCount == len(password),
                      "the password in")
        pin_field = self.pin_field()
        if pin_field is None:  # the older shape: the PIN on a page of its own
            self.key(XK["Return"])
            pin_field = self.wait(self.pin_field, "the PIN page")
        self.focus(pin_field)
        self.type(pin)
        self.key(XK["Return"])
        if not expect:
            return None
        return self.wait_announcement(since, "a refused sign-in", expect, 40)

    def search_and_open(self, family_name: str | None = None, dob_text: str | None = None,
                        step_name: str = "record opened") -> None:
        family = self.need(TEXT_ROLES, "Family name", "family name")
        family.queryEditableText().setTextContents(family_name or self.plan["family_name"])
        dob = self.need(TEXT_ROLES, "Date of birth", "date of birth")
        dob.queryEditableText().setTextContents(dob_text or self.plan["dob"])
        since = self.mark()
        self.focus(dob)
        self.key(XK["Return"])
        said = self.wait_announcement(since, "the search outcome", ("found", "match"))
        if step_name == "record opened":
            self.step("search", said=said)
        table = self.need(("table", "tree table"), "Search results", "the results")
        self.focus(table)
        self.key(XK["Down"])
        since = self.mark()
        self.key(XK["Return"])
        dialog = self.need(("dialog",), "Reason for access", "the reason dialog")
        combo = self.need(("combo box",), "Reason for access", "the reason list")
        self.focus(combo)
        self.key(XK["Down"])
        self.pump(0.3)
        # Tab on past Cancel, round to the details, type there and press Enter: the record
        # must open (Cancel must not have kept the default).
        passed_cancel = False
        for _ in range(12):
            self.key(XK["Tab"])
            self.pump(0.15)
            focused = self.last_focus(since)
            name = focused["name"] if focused else ""
            if name == "Cancel":
                passed_cancel = True
            elif passed_cancel and name == "Details of the reason":
                break
        else:
            raise ReaderError("Tab did not come round to the details")
        self.type("ok")
        self.key(XK["Return"])
        opened = self.mark()
        said = self.wait_announcement(since, "the record opened", ("Record opened",), 30)
        self.pump(0.5)  # anything said just after the opening (a notice said on its own)
        self.step(step_name, said=said, said_after=self.announcements(opened),
                  dialog_was=dialog.name, passed_cancel=passed_cancel)

    def read_record(self) -> None:
        record = self.need(("filler", "panel", "grouping"), "Child record", "the record")
        values: list[dict[str, Any]] = []
        buttons: list[str] = []
        unnamed: list[str] = []
        tab_stops: list[dict[str, Any]] = []
        for node in self.nodes(self.app):
            role, name = node.getRoleName(), node.name
            states = node.getState()
            if role in ("push button", "toggle button") and not name.strip():
                unnamed.append(f"{role} in {node.parent.name if node.parent else '?'}")
            if states.contains(pyatspi.STATE_FOCUSABLE) and role in ("scroll pane", "filler",
                                                                     "panel") and not name:
                tab_stops.append({"role": role, "name": name})
        for node in self.nodes(record):
            role, name = node.getRoleName(), node.name
            if role == "push button" and name.startswith("Copy"):
                buttons.append(name)
            if role != "label":
                continue
            captions = [t.name for r in node.getRelationSet()
                        if r.getRelationType() == pyatspi.RELATION_LABELLED_BY
                        for t in (r.getTarget(i) for i in range(r.getNTargets()))]
            values.append({"name": name, "description": node.description,
                           "labelled_by": captions})
        self.report["record"] = {"values": values, "copy_buttons": buttons,
                                 "unnamed_buttons": unnamed, "unnamed_focusable": tab_stops}
        copy = self.find(("push button",), lambda n: n.startswith("Copy") and "phone" in n,
                         record)
        if copy is not None:
            since = self.mark()
            self.press(copy)
            said = self.wait_announcement(since, "the copy", ("Copied",))
            self.step("copied", button=copy.name, said=said)

    def curtain(self) -> None:
        """Another program takes the keyboard: the curtain falls over the open record. The
        whole tree (showing or not) is kept for the report; then the keyboard comes back (the
        window asked for focus over the bus, as a screen reader's "focus window" does) and a
        key lifts the curtain, the record readable again."""
        marker = self.plan["address_marker"]
        self.need(("label",), lambda n: marker in n, "the record's address before the curtain")
        since = self.mark()
        self.plan["set_clipboard"]("\x1bfocus")
        self.need(CURTAIN_ROLES, CURTAIN, "the privacy curtain", 15)
        self.pump(0.5)
        self.report["curtain_tree"] = [
            {"role": n.getRoleName(), "name": n.name, "description": n.description,
             "text": _node_text(n)} for n in self.nodes(self.app, showing=False)]
        self.report["curtain_showing"] = [
            {"role": n.getRoleName(), "name": n.name, "description": n.description,
             "text": _node_text(n)} for n in self.nodes(self.app)]
        self.step("curtained", said=self.announcements(since))
        # Back to the client (the other program gives the focus back as a window manager
        # would on Alt+Tab: there is none on the display).
        self.plan["set_clipboard"](f"\x1bgive {self.plan['client_pid']}")
        frame = next(c for c in self.app if c is not None and c.getRoleName() == "frame")
        self.wait(lambda: frame.getState().contains(pyatspi.STATE_ACTIVE),
                  "the client's window active again", 10)
        self.key(XK["Escape"])
        self.wait(lambda: self.find(CURTAIN_ROLES, CURTAIN) is None, "the curtain lifted", 10)
        back = self.need(("label",), lambda n: marker in n, "the record after the curtain", 10)
        self.step("curtain lifted", address_back=marker in back.name)

    def lock_and_unlock(self) -> None:
        since = self.mark()
        family = self.need(TEXT_ROLES, "Family name", "the search field")
        self.focus(family)
        self.key(ord("l"), CTRL)
        said = self.wait_announcement(since, "the lock", ("Locked",))
        self.pump(0.5)
        self.report["locked_tree"] = [
            {"role": n.getRoleName(), "name": n.name, "description": n.description,
             "text": _node_text(n)} for n in self.nodes(self.app, showing=False)]
        self.report["locked_showing"] = [
            {"role": n.getRoleName(), "name": n.name} for n in self.nodes(self.app)]
        self.step("locked", said=said)
        pin = self.wait(self.pin_field, "the unlock PIN")
        since = self.mark()
        self.focus(pin)
        self.type(self.plan["pin"])
        self.key(XK["Return"])
        said = self.wait_announcement(since, "the unlock", ("Unlocked",), 30)
        self.step("unlocked", said=said)


def _text(value: Any) -> str:
    if value is None:
        return ""
    try:
        return str(value)[:2000]
    except Exception:
        return repr(value)[:2000]


def _node_text(node: Any) -> str:
    try:
        return str(node.queryText().getText(0, -1))
    except Exception:
        return ""


def main() -> int:
    plan = json.loads(sys.stdin.readline())
    clipboard_path = plan["clipboard_fifo"]

    def set_clipboard(text: str) -> None:
        with open(clipboard_path, "w", encoding="utf-8") as fifo:
            fifo.write(text + "\n")
        time.sleep(0.3)

    plan["set_clipboard"] = set_clipboard
    reader = Reader(plan)
    status = 0
    try:
        reader.run()
        reader.report["complete"] = True
    except Exception:
        reader.report["error"] = traceback.format_exc()
        status = 1
    with open(plan["report"], "w", encoding="utf-8") as out:
        json.dump(reader.report, out, ensure_ascii=False, indent=1)
    return status


if __name__ == "__main__":
    sys.exit(main())
