#!/usr/bin/env python3
"""make-verify-seeds.py OUTDIR [WK] - seed inputs for fuzz_verify: the
documents wijkcontract (WK, default build/wijkcontract) makes from
tests/fuzz/corpus-contract/minimal.md, the source the harness verifies
against: the contract as .odt and .docx (the .docx with the draft
marking), the role matrix as .odt, a party's review as .docx, the
contract in the WKPARTS form in both formats, and, when LibreOffice is
installed, the contract saved again by it in the other format (lo-*),
which verify should find unchanged in its text. Run from the checkout."""
import importlib.util, os, subprocess, sys, tempfile, zipfile

SOURCE = "tests/fuzz/corpus-contract/minimal.md"
HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("refseeds", os.path.join(HERE, "make-refdoc-seeds.py"))
refseeds = importlib.util.module_from_spec(spec)
spec.loader.exec_module(refseeds)

def main():
    out = sys.argv[1]
    wk = sys.argv[2] if len(sys.argv) > 2 else "build/wijkcontract"
    os.makedirs(out, exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    made = [("contract.odt", ["build", SOURCE]), ("contract.docx", ["build", SOURCE, "--draft"]),
            ("matrix.odt", ["matrix", SOURCE]), ("review-buren.docx", ["review", SOURCE, "--party", "buren"])]
    for name, args in made:
        subprocess.run([wk] + args + ["-o", os.path.join(out, name)], env=env, check=True,
                       stderr=subprocess.DEVNULL)
    for name in ("contract.odt", "contract.docx"):
        with zipfile.ZipFile(os.path.join(out, name)) as z:
            parts = [(i.filename, z.read(i)) for i in z.infolist()
                     if i.filename == "mimetype" or i.filename.endswith((".xml", ".rels"))]
        refseeds.write_parts(os.path.join(out, name.replace(".", "-") + ".parts"), parts)
    with tempfile.TemporaryDirectory() as tmp:
        if refseeds.libreoffice_saves(tmp, [os.path.join(out, "contract.odt"), os.path.join(out, "contract.docx")]):
            for name in ("lo-contract-odt.docx", "lo-contract-docx.odt"):
                if os.path.exists(os.path.join(tmp, name)):
                    os.replace(os.path.join(tmp, name), os.path.join(out, name))
        else:
            print("make-verify-seeds: soffice absent: no LibreOffice-saved seeds")
    for name in sorted(os.listdir(out)):
        print("make-verify-seeds: %s (%d bytes)" % (name, os.path.getsize(os.path.join(out, name))))

main()
