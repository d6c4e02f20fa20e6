# redline_uno.py - LibreOffice, driven through its Python bridge (python3-uno),
# opens documents, accepts or rejects all their tracked changes (or leaves
# them), and saves each one's text: how a user of LibreOffice sees a redline.
# OUT.txt holds the text export and the footnotes, OUT.txt.paras the
# paragraphs outside tables as they are (an empty one left behind shows).
# Usage: redline_uno.py accept|reject|none IN OUT.txt [accept|reject|none IN OUT.txt ...]
import os
import signal, subprocess, sys, tempfile, time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(args):
    jobs = [args[i:i + 3] for i in range(0, len(args), 3)]
    profile = tempfile.mkdtemp(prefix="wk-uno-")
    pipe = "wkuno%d" % os.getpid()
    office = subprocess.Popen(
        [os.environ.get("SOFFICE", "soffice"), "--headless", "--invisible", "--norestore", "--nologo",
         "-env:UserInstallation=file://" + profile, "--accept=pipe,name=%s;urp;" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        # soffice is a wrapper that starts soffice.bin: in a group of their
        # own, so that both go at the end, not only the wrapper
        start_new_session=True)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(240):
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                time.sleep(0.5)
        if ctx is None:
            sys.exit("LibreOffice did not start")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for mode, path, out in jobs:
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
                                               (prop("Hidden", True),))
            if mode != "none":
                frame = doc.getCurrentController().getFrame()
                cmd = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
                dispatcher.executeDispatch(frame, cmd, "", 0, ())
                left = doc.getRedlines().createEnumeration().hasMoreElements()
                if left:
                    sys.exit("%s: tracked changes left after %s" % (path, mode))
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)),
                           (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF,,,")))
            # the text export leaves the footnotes' text out: after the text
            notes = doc.getFootnotes()
            with open(out, "a", encoding="utf-8") as f:
                for i in range(notes.getCount()):
                    f.write("\n[footnote] " + notes.getByIndex(i).getString() + "\n")
            # the paragraphs outside tables exactly, one a line, empty ones
            # too (a table is one line): OUT.paras
            with open(out + ".paras", "w", encoding="utf-8") as f:
                parts = doc.getText().createEnumeration()
                while parts.hasMoreElements():
                    part = parts.nextElement()
                    if part.supportsService("com.sun.star.text.TextTable"):
                        f.write("[table]\n")
                    else:
                        f.write(part.getString().replace("\n", " ") + "\n")
            doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        # whatever of the group is left (soffice.bin outlives its wrapper
        # when the desktop did not terminate, or on an early exit)
        try:
            os.killpg(office.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        office.wait()
        subprocess.run(["rm", "-rf", profile])


if __name__ == "__main__":
    main(sys.argv[1:])
