#!/usr/bin/env python3
"""make-refdoc-seeds.py OUTDIR [DOC...] - seed inputs for fuzz_refdoc:
small .docx/.odt reference documents written here from scratch, and, for
each DOC given (documents the tool itself built), the same document in the
harness's WKPARTS form ("WKPARTS\\n" then "== NAME\\n" + content per XML
part), which lets the fuzzer mutate the XML without breaking zip CRCs.

When LibreOffice (soffice) is installed, each DOC is also saved by it as
.odt and .docx (lo-NAME-EXT.odt|.docx, with a throwaway profile): the
house styles municipalities make that way carry LibreOffice's own markup
(mc:Ignorable, loext:, w14:, ...). Their WKPARTS forms keep the parts a
reference document lends, with the text of the document left out."""
import os, shutil, subprocess, sys, tempfile, zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOC_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""
DOCUMENT = """<?xml version="1.0" encoding="UTF-8"?>
<w:document xmlns:w="%s"><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Kop</w:t></w:r></w:p>
<w:p><w:r><w:t>Tekst</w:t></w:r></w:p><w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>""" % W
STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<w:styles xmlns:w="%s"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif"/><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="48"/><w:color w:val="1F4E79"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>
</w:styles>""" % W
NUMBERING = """<?xml version="1.0" encoding="UTF-8"?>
<w:numbering xmlns:w="%s"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>""" % W

OFFICE = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'office:version="1.3"')
MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content %s><office:body><office:text><text:h text:style-name="Heading_20_1" text:outline-level="1">Kop</text:h><text:p text:style-name="Standard">Tekst</text:p></office:text></office:body></office:document-content>""" % OFFICE
ODT_STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles %s><office:font-face-decls/><office:styles>
<style:default-style style:family="paragraph"><style:text-properties fo:font-size="11pt"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph"/>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-size="24pt" fo:color="#1f4e79"/></style:style>
</office:styles><office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles></office:document-styles>""" % OFFICE

def write_zip(path, parts):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts:
            ct = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data, compress_type=ct)

def write_parts(path, parts):
    with open(path, "wb") as f:
        f.write(b"WKPARTS\n")
        for name, data in parts:
            if isinstance(data, str):
                data = data.encode()
            f.write(b"== " + name.encode() + b"\n" + data + b"\n")

def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    docx = [("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("word/_rels/document.xml.rels", DOC_RELS),
            ("word/document.xml", DOCUMENT), ("word/styles.xml", STYLES), ("word/numbering.xml", NUMBERING)]
    odt = [("mimetype", "application/vnd.oasis.opendocument.text"), ("META-INF/manifest.xml", MANIFEST),
           ("content.xml", CONTENT), ("styles.xml", ODT_STYLES)]
    write_zip(os.path.join(out, "minimal.docx"), docx)
    write_zip(os.path.join(out, "minimal.odt"), odt)
    write_parts(os.path.join(out, "minimal-docx.parts"), docx)
    write_parts(os.path.join(out, "minimal-odt.parts"), odt)
    for doc in sys.argv[2:]:
        with zipfile.ZipFile(doc) as z:
            parts = [(i.filename, z.read(i)) for i in z.infolist()
                     if i.filename == "mimetype" or i.filename.endswith((".xml", ".rels"))]
        write_parts(os.path.join(out, os.path.basename(doc).replace(".", "-") + ".parts"), parts)
    libreoffice_seeds(out, sys.argv[2:])

# the parts a reference document lends (and what makes it one)
LENT = ("mimetype", "META-INF/manifest.xml", "styles.xml", "[Content_Types].xml", "_rels/.rels",
        "word/_rels/document.xml.rels", "word/styles.xml", "word/fontTable.xml", "word/document.xml")
STUBS = {"word/document.xml": DOCUMENT, "content.xml": CONTENT}

def libreoffice_saves(out, docs):
    """Each doc saved by LibreOffice as .odt and .docx into out, named
    lo-STEM-EXT.odt|.docx (with a throwaway profile); False without
    soffice."""
    soffice = shutil.which("soffice")
    if not soffice:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        for to in ("odt", "docx"):
            src = os.path.join(tmp, "in-" + to)
            os.makedirs(src)
            inputs = []
            for doc in docs:
                name = os.path.basename(doc)
                stem, ext = os.path.splitext(name)
                inputs.append(os.path.join(src, "lo-%s-%s%s" % (stem, ext[1:], ext)))
                shutil.copy(doc, inputs[-1])
            subprocess.run([soffice, "--headless", "-env:UserInstallation=file://" + os.path.join(tmp, "profile"),
                            "--convert-to", to, "--outdir", out] + inputs,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600, check=False)
    return True

def libreoffice_seeds(out, docs):
    if not libreoffice_saves(out, docs):
        print("make-refdoc-seeds: soffice absent: no LibreOffice-saved seeds (make test-deps installs it)")
        return
    for name in sorted(os.listdir(out)):
        if not name.startswith("lo-") or not name.endswith((".odt", ".docx")):
            continue
        with zipfile.ZipFile(os.path.join(out, name)) as z:
            parts = [(i.filename, STUBS.get(i.filename, z.read(i))) for i in z.infolist()
                     if i.filename in LENT or i.filename.startswith("word/theme/") or i.filename in STUBS]
        write_parts(os.path.join(out, name.replace(".", "-") + ".parts"), parts)
        print("make-refdoc-seeds: %s (LibreOffice) and its WKPARTS form" % name)

if __name__ == "__main__":
    main()
