"""Owns the X clipboard for the screen-reader test, as another program would (a password
manager the user copies from): each line written to the FIFO named on the command line
becomes the clipboard's text. Ends when the FIFO's writer side says ``quit``.

It is also the other program that takes the keyboard from the client (the privacy curtain
falls when the window loses activation): ESC + ``focus`` shows a small window of its own and
asks for the input focus (without a window manager Qt sets it directly); ESC + ``give PID``
hides it and gives the input focus to the viewable top-level window of process PID, as a
window manager does when the user switches back (Alt+Tab) — there is none on the display."""

from __future__ import annotations

import ctypes
import sys
import threading

from PySide6.QtCore import QObject, QRect, Signal
from PySide6.QtGui import QGuiApplication, QRasterWindow


class _Lines(QObject):
    line = Signal(str)


class _Attributes(ctypes.Structure):  # XWindowAttributes
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int),
                ("height", ctypes.c_int), ("border_width", ctypes.c_int),
                ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
                ("root", ctypes.c_ulong), ("class_", ctypes.c_int),
                ("bit_gravity", ctypes.c_int), ("win_gravity", ctypes.c_int),
                ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
                ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int),
                ("colormap", ctypes.c_ulong), ("map_installed", ctypes.c_int),
                ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
                ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
                ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p)]


def give_focus(pid: int) -> None:
    """XSetInputFocus on the viewable top-level window whose ``_NET_WM_PID`` is ``pid``."""
    x11 = ctypes.CDLL("libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XInternAtom.restype = ctypes.c_ulong
    display = ctypes.c_void_p(x11.XOpenDisplay(None))
    try:
        root = ctypes.c_ulong(x11.XDefaultRootWindow(display))
        pid_atom = ctypes.c_ulong(x11.XInternAtom(display, b"_NET_WM_PID", 1))
        parent, children, count = ctypes.c_ulong(), ctypes.POINTER(ctypes.c_ulong)(), \
            ctypes.c_uint()
        x11.XQueryTree(display, root, ctypes.byref(ctypes.c_ulong()), ctypes.byref(parent),
                       ctypes.byref(children), ctypes.byref(count))
        for i in range(count.value):
            wid = ctypes.c_ulong(children[i])
            kind, fmt = ctypes.c_ulong(), ctypes.c_int()
            items, after = ctypes.c_ulong(), ctypes.c_ulong()
            data = ctypes.POINTER(ctypes.c_ulong)()
            x11.XGetWindowProperty(display, wid, pid_atom, 0, 1, 0, 6,  # XA_CARDINAL
                                   ctypes.byref(kind), ctypes.byref(fmt), ctypes.byref(items),
                                   ctypes.byref(after), ctypes.byref(data))
            owner = data[0] if items.value else None
            if data:
                x11.XFree(data)
            attributes = _Attributes()
            x11.XGetWindowAttributes(display, wid, ctypes.byref(attributes))
            if owner == pid and attributes.map_state == 2:  # IsViewable
                x11.XSetInputFocus(display, wid, 2, 0)  # RevertToParent, CurrentTime
                break
        if children:
            x11.XFree(children)
        x11.XSync(display, 0)
    finally:
        x11.XCloseDisplay(display)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    lines = _Lines()
    window = QRasterWindow()
    window.setTitle("another program")
    window.setGeometry(QRect(1400, 800, 120, 80))

    def take(text: str) -> None:
        if text == "quit":
            app.quit()
        elif text == "\x1bfocus":
            window.show()
            window.requestActivate()
        elif text.startswith("\x1bgive "):
            window.hide()
            QGuiApplication.sync()
            give_focus(int(text.split()[1]))
        else:
            QGuiApplication.clipboard().setText(text)

    lines.line.connect(take)

    def read() -> None:
        while True:
            with open(sys.argv[1], encoding="utf-8") as fifo:
                for raw in fifo:
                    lines.line.emit(raw.rstrip("\n"))
                    if raw.strip() == "quit":
                        return

    threading.Thread(target=read, daemon=True).start()
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
