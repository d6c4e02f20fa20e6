#!/usr/bin/env python3
"""refdoc_foreign.py BASE.docx BASE.odt OUTDIR [--parts] - reference
documents with foreign or misplaced markup, made from documents the tool
built (BASE.*), for tests/t-refdoc-hostile.sh and the fuzzing regressions.

OUTDIR/valid/NAME.docx|odt must build into a document that passes
validate-docx/validate-odt --strict; NAME.docx.expect beside it lists what
the built styles part must (REGEX) or must not (!REGEX) contain, one
extended regex a line, prefixed with the part name and a tab.
OUTDIR/refused/NAME.docx|odt must be refused with a message naming the
file (and the part, when NAME.expect gives "message<TAB>REGEX").
With --parts, each is written in fuzz_refdoc's WKPARTS form instead
(NAME-docx.parts), for tests/fuzz/regressions/refdoc."""
import os, sys, zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
THEME_REL = REL + "/theme"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"

base_docx, base_odt, out = sys.argv[1], sys.argv[2], sys.argv[3]
as_parts = "--parts" in sys.argv[4:]
for sub in ("valid", "refused"):
    os.makedirs(os.path.join(out, sub), exist_ok=True)


def entries(path):
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


DOCX, ODT = entries(base_docx), entries(base_odt)


def part(items, name):
    return dict(items)[name].decode()


def replaced(items, changes):
    """items with the parts in changes (name -> text or bytes) replaced or
    added; a value None removes the part."""
    done, result = set(), []
    for n, d in items:
        if n in changes:
            done.add(n)
            if changes[n] is None:
                continue
            d = changes[n]
        result.append((n, d.encode() if isinstance(d, str) else d))
    for n, d in changes.items():
        if n not in done and d is not None:
            result.append((n, d.encode() if isinstance(d, str) else d))
    return result


def write(kind, name, ext, items, expect=()):
    if as_parts:
        # only what a reference document lends, the document a stub
        path = os.path.join(out, kind, "%s-%s.parts" % (name, ext))
        with open(path, "wb") as f:
            f.write(b"WKPARTS\n")
            for n, d in items:
                if n == "word/document.xml":
                    d = b'<w:document xmlns:w="%s"><w:body/></w:document>' % W.encode()
                if n in ("mimetype", "[Content_Types].xml", "word/document.xml", "word/_rels/document.xml.rels",
                         "word/styles.xml", "word/fontTable.xml", "styles.xml") or n.startswith("word/theme/"):
                    f.write(b"== " + n.encode() + b"\n" + d + b"\n")
        return
    path = os.path.join(out, kind, "%s.%s" % (name, ext))
    with zipfile.ZipFile(path, "w") as z:
        for n, d in items:
            ct = zipfile.ZIP_STORED if n == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(zipfile.ZipInfo(n, (2026, 1, 1, 0, 0, 0)), d, compress_type=ct)
    if expect:
        with open(path + ".expect", "w") as f:
            f.write("".join("%s\t%s\n" % e for e in expect))


# ---- DOCX ----

STYLES = part(DOCX, "word/styles.xml")
ROOT_END = STYLES.index(">", STYLES.index("<w:styles")) + 1


def styles_with(extra_decls="", root_attrs="", head="", tail=""):
    """Our styles part with namespace declarations and attributes added to
    the root, markup at its start and before its end."""
    s = STYLES[: ROOT_END - 1] + extra_decls + root_attrs + ">" + head + STYLES[ROOT_END:]
    end = s.rindex("</w:styles>")
    return s[:end] + tail + s[end:]


def style(sid, body, attrs='w:type="paragraph"'):
    return '<w:style %s w:styleId="%s"><w:name w:val="%s"/>%s</w:style>' % (attrs, sid, sid, body)


def docx(kind, name, styles=None, expect=(), **parts):
    changes = dict(parts)
    if styles is not None:
        changes["word/styles.xml"] = styles
    write(kind, name, "docx", replaced(DOCX, changes), expect)


S_PART = "word/styles.xml"
docx("valid", "mc-ignorable",
     styles_with(' xmlns:mc="%s" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"' % MC,
                 ' mc:Ignorable="w14" w14:foo="1"',
                 tail=style("WkIgn", '<w:rPr w14:x="1"><w14:ligatures w14:val="all"/><w:b/></w:rPr>')),
     [(S_PART, 'w:styleId="WkIgn"'), (S_PART, "!mc:|w14")])
docx("valid", "mc-alternate-content",
     styles_with(' xmlns:mc="%s" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"' % MC,
                 ' mc:Ignorable="w14"',
                 tail=style("WkAlt", '<w:rPr><mc:AlternateContent><mc:Choice Requires="w14"><w14:glow/></mc:Choice>'
                                     '<mc:Fallback><w:caps/></mc:Fallback></mc:AlternateContent>'
                                     '<mc:AlternateContent><mc:Choice Requires="w"><w:smallCaps/></mc:Choice>'
                                     '<mc:Fallback><w:strike/></mc:Fallback></mc:AlternateContent></w:rPr>')),
     [(S_PART, 'w:styleId="WkAlt"><w:name w:val="WkAlt"/><w:rPr><w:caps/><w:smallCaps/></w:rPr>'), (S_PART, "!mc:|w14|w:strike")])
docx("valid", "foreign-elements-attributes",
     styles_with(' xmlns:x="urn:example:x"', ' x:a="1"',
                 head='<x:header><w:style w:styleId="Smuggled"/></x:header>',
                 tail=style("WkForeign", '<x:note x:y="2"><w:b/></x:note><w:rPr x:z="3"><w:i x:q="1"/>'
                                         '<x:deep><x:deeper><w:u w:val="single"/></x:deeper></x:deep></w:rPr>',
                            'w:type="paragraph" x:attr="1"')),
     [(S_PART, 'w:styleId="WkForeign"><w:name w:val="WkForeign"/><w:rPr><w:i/></w:rPr>'), (S_PART, "!Smuggled|x:|urn:example")])
docx("valid", "cdata-text-comments",
     styles_with(head='<![CDATA[<w:style w:styleId="FromCdata"/>]]>some text<!-- a comment --><?pi x?>',
                 tail=style("WkText", '<w:rPr>text in rPr<![CDATA[more]]><w:b/></w:rPr>')),
     [(S_PART, 'w:styleId="WkText"'), (S_PART, "!FromCdata|CDATA|some text|comment|<\\?pi")])
docx("valid", "xinclude",
     styles_with(' xmlns:xi="http://www.w3.org/2001/XInclude"',
                 head='<xi:include href="file:///etc/passwd" parse="text"/>',
                 tail=style("WkXi", '<w:rPr><xi:include href="/etc/hostname" parse="text"/><w:b/></w:rPr>')),
     [(S_PART, 'w:styleId="WkXi"'), (S_PART, "!xi:|include|root:")])
docx("valid", "wrong-place-and-order",
     styles_with(tail=(style("WkOrder", '<w:rPr><w:style w:styleId="Inner"/><w:pPr/><w:b/></w:rPr>'
                                        '<w:pPr><w:jc w:val="center"/><w:keepNext/><w:rPr><w:b/></w:rPr></w:pPr>'
                                        '<w:name w:val="second name"/><w:basedOn w:val="Normal"/>'
                                        '<w:tab w:val="left" w:pos="10"/>')
                       + '<w:docDefaults><w:rPrDefault><w:rPr><w:b/></w:rPr></w:rPrDefault></w:docDefaults>'
                       + style("WkTabs", '<w:pPr><w:tabs/></w:pPr>'))),
     [(S_PART, '<w:name w:val="WkOrder"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr>'),
      (S_PART, "!Inner|second name|<w:tabs/>")])
docx("valid", "invalid-values",
     styles_with(tail=(style("WkValues", '<w:pPr><w:jc w:val="bogus"/><w:spacing w:before="x" w:after="120"/>'
                                         '<w:pBdr><w:top w:val="apples" w:sz="4"/><w:bottom w:val="single" w:sz="-4"/></w:pBdr></w:pPr>'
                                         '<w:rPr><w:sz w:val="-3"/><w:color w:val="red"/><w:b w:val="maybe"/>'
                                         '<w:i w:val="1"/><w:rFonts w:ascii="Arial" w:asciiTheme="bogus"/></w:rPr>'
                                         '<w:tblStylePr><w:rPr><w:b/></w:rPr></w:tblStylePr>',
                             'w:type="paragraph" w:default="perhaps"')
                       + style("WkBadType", "", 'w:type="bogus"')
                       + '<w:style w:type="paragraph"><w:name w:val="NoId"/></w:style>'
                       + style("WkNumbering", '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr>', 'w:type="numbering"')
                       + style("Heading1", '<w:rPr><w:b/></w:rPr>', 'w:type="character"'))),
     [(S_PART, '<w:style w:type="paragraph" w:styleId="WkValues"><w:name w:val="WkValues"/><w:pPr><w:pBdr><w:bottom w:val="single"/>'
               '</w:pBdr><w:spacing w:after="120"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial"/><w:b/><w:i w:val="1"/></w:rPr></w:style>'),
      (S_PART, 'w:styleId="WkBadType"><w:name'), (S_PART, "!NoId|WkNumbering|w:numPr|tblStylePr|bogus|apples")])
docx("valid", "unknown-wordprocessingml",
     styles_with(tail=style("WkUnknown", '<w:foo w:bar="1"/><w:rPr w:baz="2"><w:b w:qux="3"/><w:sparkle/></w:rPr>')),
     [(S_PART, 'w:styleId="WkUnknown"><w:name w:val="WkUnknown"/><w:rPr><w:b/></w:rPr>'), (S_PART, "!w:foo|w:bar|w:baz|w:qux|w:sparkle")])
deep = "".join('<x:n%d xmlns:x="urn:x">' % i for i in range(240)) + "".join("</x:n%d>" % i for i in reversed(range(240)))
docx("valid", "deep-foreign-nesting", styles_with(tail=style("WkDeep", '<w:rPr>%s<w:b/></w:rPr>' % deep)),
     [(S_PART, 'w:styleId="WkDeep"><w:name w:val="WkDeep"/><w:rPr><w:b/></w:rPr>')])
# the WordprocessingML namespace as the default namespace and under another prefix
docx("valid", "other-prefixes",
     '<?xml version="1.0"?><styles xmlns="%s" xmlns:v="%s"><style v:type="paragraph" v:styleId="WkDefault"><name v:val="WkDefault"/>'
     '<rPr><b/></rPr></style><style type="paragraph" styleId="WkUnqualified"/>'
     '<ww:style xmlns:ww="%s" ww:type="character" ww:styleId="WkOther"><ww:name ww:val="WkOther"/>'
     '</ww:style><w:style xmlns:w="urn:not-word" w:styleId="WkImpostor"/></styles>' % (W, W, W),
     [(S_PART, 'w:styleId="WkDefault"><w:name w:val="WkDefault"/><w:rPr><w:b/></w:rPr>'),
      (S_PART, 'w:type="character" w:styleId="WkOther"'), (S_PART, "!WkImpostor|WkUnqualified|ww:|v:")])
# a font table embedding fonts (relationships we do not copy) and with
# foreign markup
fonts = ('<?xml version="1.0"?><w:fonts xmlns:w="%s" xmlns:r="%s" xmlns:x="urn:x"><w:font w:name="Arial" x:a="1">'
         '<w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/><w:family w:val="swiss"/>'
         '<w:pitch w:val="variable"/><w:sig w:usb0="E0002AFF" w:usb1="C0007843" w:usb2="00000009" w:usb3="00000000" '
         'w:csb0="000001FF" w:csb1="00000000"/><w:embedRegular r:id="rId9" w:fontKey="{00000000-0000-0000-0000-000000000000}"/>'
         '<x:extra/></w:font><w:font w:name="Bad"><w:sig w:usb0="nothex"/><w:family w:val="fancy"/></w:font>'
         '<w:font><w:family w:val="roman"/></w:font></w:fonts>' % (W, REL))
docx("valid", "font-table-embedded-fonts", **{"word/fontTable.xml": fonts},
     expect=[("word/fontTable.xml", '<w:font w:name="Arial"><w:panose1'), ("word/fontTable.xml", "!embed|r:id|x:|fancy|nothex")])
# a theme with extensions, transforms, extra lists and foreign markup
THEME = ('<?xml version="1.0"?><a:theme xmlns:a="%s" xmlns:mc="%s" xmlns:x="urn:x" mc:Ignorable="x" name="Huisstijl">'
         '<a:themeElements x:a="1"><a:clrScheme name="Gemeente">'
         '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
         '<a:dk2><a:srgbClr val="1F497D"><a:lumMod val="75000"/></a:srgbClr></a:dk2><a:lt2><a:srgbClr val="EEECE1"/></a:lt2>'
         '<a:accent1><a:scrgbClr r="10%%" g="20000" b="30%%"/></a:accent1><a:accent2><a:hslClr hue="60000" sat="50%%" lum="50%%"/></a:accent2>'
         '<a:accent3><a:srgbClr val="9BBB59"/><a:srgbClr val="000000"/></a:accent3><a:accent4><x:color/><a:srgbClr val="8064A2"/></a:accent4>'
         '<a:accent5><a:srgbClr val="4BACC6"/></a:accent5><a:accent6><a:srgbClr val="F79646"/></a:accent6>'
         '<a:hlink><a:srgbClr val="0000FF"/></a:hlink><a:folHlink><a:srgbClr val="800080"/></a:folHlink>'
         '<a:extLst><a:ext uri="{x}"><x:y/></a:ext></a:extLst></a:clrScheme>'
         '<a:fontScheme name="Gemeente"><a:majorFont><a:latin typeface="Calibri Light" panose="020F0302020204030204"/>'
         '<a:ea typeface=""/><a:cs typeface=""/><a:font script="Jpan" typeface="Yu Gothic"/><a:font typeface="no script"/>'
         '</a:majorFont><a:minorFont><a:latin typeface="Calibri" panose="bad"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont>'
         '</a:fontScheme><a:fmtScheme name="theirs"><a:fillStyleLst><a:blipFill r:embed="rId1" xmlns:r="%s"/></a:fillStyleLst></a:fmtScheme>'
         '</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/><a:custClrLst><a:custClr name="x"><a:srgbClr val="123456"/></a:custClr></a:custClrLst>'
         '</a:theme>' % (A, MC, REL))
DOC_RELS = part(DOCX, "word/_rels/document.xml.rels")


def rels_with_theme(target="theme/theme1.xml"):
    return DOC_RELS.replace("</Relationships>", '<Relationship Id="rIdTheme" Type="%s" Target="%s"/></Relationships>'
                            % (THEME_REL, target))


T_PART = "word/theme/theme1.xml"
docx("valid", "theme-foreign-markup", **{"word/_rels/document.xml.rels": rels_with_theme(), T_PART: THEME},
     expect=[(T_PART, '<a:dk2><a:srgbClr val="1F497D"/></a:dk2>'), (T_PART, '<a:accent3><a:srgbClr val="9BBB59"/></a:accent3>'),
             (T_PART, '<a:accent1><a:scrgbClr r="10%" g="20000" b="30%"/>'), (T_PART, '<a:fmtScheme name="wijkcontract">'),
             (T_PART, '!x:|mc:|lumMod|extLst|objectDefaults|custClr|blipFill|no script|panose="bad"')])
docx("valid", "theme-target-absent", **{"word/_rels/document.xml.rels": rels_with_theme("theme/none.xml")})
# a theme relationship whose target is not a theme: refused, naming the part
for root_name, text in (
        ("relationships", '<?xml version="1.0"?><Relationships xmlns="%s"/>' % PR),
        ("styles", STYLES),
        ("types", part(DOCX, "[Content_Types].xml")),
        ("html", '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>theme</p></body></html>')):
    name = "theme-target-is-%s" % root_name
    docx("refused", name, **{"word/_rels/document.xml.rels": rels_with_theme("theme/theme9.xml"),
                             "word/theme/theme9.xml": text})
    if not as_parts:
        with open(os.path.join(out, "refused", name + ".docx.expect"), "w") as f:
            f.write("message\ttheme/theme9\\.xml is not a DrawingML theme\n")
docx("refused", "theme-incomplete", **{"word/_rels/document.xml.rels": rels_with_theme(),
                                       T_PART: THEME.replace("<a:hlink>", "<a:hlinkX>").replace("</a:hlink>", "</a:hlinkX>")})
docx("refused", "mc-must-understand",
     styles_with(' xmlns:mc="%s" xmlns:z="urn:example:z"' % MC, ' mc:MustUnderstand="z"'))

# ---- ODT ----

OSTYLES = part(ODT, "styles.xml")
O_START = OSTYLES.index(">", OSTYLES.index("<office:styles")) + 1
O_END = OSTYLES.index("</office:styles>")
OS_PART = "styles.xml"


def ostyles(head="", tail="", decls="", before_styles=""):
    s = OSTYLES[:O_START] + head + OSTYLES[O_START:O_END] + tail + OSTYLES[O_END:]
    if decls:
        r = s.index("<office:document-styles") + len("<office:document-styles")
        s = s[:r] + decls + s[r:]
    if before_styles:
        i = s.index("<office:styles")
        s = s[:i] + before_styles + s[i:]
    return s


def ostyle(name, body, family="paragraph", extra=""):
    return '<style:style style:name="%s" style:family="%s"%s>%s</style:style>' % (name, family, extra, body)


def odt(kind, name, styles, expect=()):
    write(kind, name, "odt", replaced(ODT, {"styles.xml": styles}), expect)


spans = "<text:span>" * 255 + "x" + "</text:span>" * 255
odt("valid", "span-255-deep", ostyles(head=spans, tail=ostyle("WkSpans", "<text:span>" * 250 + "</text:span>" * 250)),
    [(OS_PART, '<style:style style:name="WkSpans" style:family="paragraph"/>'), (OS_PART, "!<text:span>")])
odt("valid", "nested-properties",
    ostyles(tail=ostyle("WkNested", '<style:paragraph-properties fo:margin-top="1cm"><style:text-properties fo:font-size="30pt"/>'
                                    '<style:paragraph-properties/></style:paragraph-properties>'
                                    '<style:text-properties fo:font-weight="bold"><style:text-properties/>'
                                    '<style:paragraph-properties/></style:text-properties>')),
    [(OS_PART, '<style:style style:name="WkNested" style:family="paragraph"><style:paragraph-properties fo:margin-top="1cm"/>'
               '<style:text-properties fo:font-weight="bold"/></style:style>')])
odt("valid", "unnamed-styles",
    ostyles(tail='<style:style style:family="paragraph"><style:text-properties fo:font-size="99pt"/></style:style>'
                 '<style:default-style><style:text-properties fo:font-size="98pt"/></style:default-style>'
                 '<style:style style:name="" style:family="text"/>'),
    [(OS_PART, "!99pt|98pt|style:name=\"\"")])
odt("valid", "bogus-family",
    ostyles(tail=ostyle("WkBogus", '<style:text-properties fo:font-size="97pt"/>', family="bogus")
            + ostyle("WkGraphic", '<style:graphic-properties dr:fill="solid"/>', family="graphic"),
            decls=' xmlns:dr="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'),
    [(OS_PART, "!WkBogus|WkGraphic|97pt")])
odt("valid", "foreign-markup",
    ostyles(decls=' xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" xmlns:x="urn:x" '
                  'xmlns:xi="http://www.w3.org/2001/XInclude"',
            head='<![CDATA[<style:style style:name="FromCdata" style:family="paragraph"/>]]>text<!-- c --><xi:include href="/etc/passwd"/>'
                 '<x:box><style:style style:name="Smuggled" style:family="paragraph"/></x:box>',
            tail=ostyle("WkForeign", '<style:paragraph-properties loext:contextual-spacing="true" x:y="1">text'
                                     '<loext:graphic-properties/></style:paragraph-properties>'
                                     '<style:text-properties fo:color="#123456" loext:opacity="50%"/>',
                        extra=' x:a="1"')
            + '<loext:theme loext:name="x"/><text:list-style style:name="WkList"/>'
              '<text:outline-style style:name="Outline"><text:outline-level-style text:level="1" style:num-format="1"/></text:outline-style>'
              '<text:notes-configuration text:note-class="footnote" style:num-format="i"/>'),
    [(OS_PART, '<style:style style:name="WkForeign" style:family="paragraph"><style:paragraph-properties/>'
               '<style:text-properties fo:color="#123456"/></style:style>'),
     (OS_PART, "!FromCdata|Smuggled|loext|x:|xi:|WkList|style:num-format=\"i\"")])
odt("valid", "invalid-values",
    ostyles(tail=ostyle("WkValues", '<style:paragraph-properties fo:margin-left="1 cm" fo:margin-top="-1cm" fo:text-align="middle"'
                                    ' fo:line-height="120%"/><style:text-properties fo:font-size="big" fo:color="red"'
                                    ' fo:font-weight="bolder" fo:language="nl" fo:country="NL" style:text-position="super 58%"/>',
                        extra=' style:parent-style-name="two words"')
            + ostyle("two words", "") + ostyle("WkEmptyRef", "", extra=' style:next-style-name=""')),
    [(OS_PART, '<style:style style:name="WkValues" style:family="paragraph"><style:paragraph-properties fo:line-height="120%"/>'
               '<style:text-properties style:text-position="super 58%" fo:language="nl" fo:country="NL"/></style:style>'),
     (OS_PART, 'style:name="WkEmptyRef" style:family="paragraph" style:next-style-name=""'), (OS_PART, "!two words|bolder|middle")])
odt("valid", "wrong-family-properties",
    ostyles(tail=ostyle("WkFamily", '<style:table-properties style:width="10cm"/><style:text-properties fo:font-size="11pt"/>'
                                    '<style:table-cell-properties fo:padding="1cm"/>')
            + ostyle("WkCell", '<style:text-properties fo:font-size="9pt"/><style:table-cell-properties fo:padding="1mm"/>',
                     family="table-cell")),
    [(OS_PART, '<style:style style:name="WkFamily" style:family="paragraph"><style:text-properties fo:font-size="11pt"/></style:style>'),
     (OS_PART, '<style:style style:name="WkCell" style:family="table-cell"><style:table-cell-properties fo:padding="1mm"/>'
               '<style:text-properties fo:font-size="9pt"/></style:style>')])
odt("valid", "duplicates-and-order",
    ostyles(tail=ostyle("WkTwice", '<style:text-properties fo:font-size="13.5pt"/>')
            + ostyle("WkTwice", '<style:text-properties fo:font-size="14.5pt"/>')).replace(
        "</office:styles>", "</office:styles><office:styles>" + ostyle("WkSecond", "") + "</office:styles>"
        "<office:font-face-decls><style:font-face style:name=\"Late Font\"/></office:font-face-decls>", 1),
    [(OS_PART, '13\\.5pt'), (OS_PART, '!14\\.5pt|WkSecond|Late Font')])
# the OpenDocument namespaces under other prefixes, and the style: prefix
# bound to something else
odt("valid", "other-prefixes",
    OSTYLES[: OSTYLES.index("<office:document-styles")]
    + '<d:document-styles xmlns:d="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:s="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:style="urn:not-odf" '
      'xmlns:f="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" d:version="1.3"><d:styles>'
      '<s:style s:name="WkPrefixed" s:family="paragraph"><s:text-properties f:font-size="15pt"/></s:style>'
      '<style:style style:name="WkImpostor" style:family="paragraph"/></d:styles></d:document-styles>',
    [(OS_PART, '<style:style style:name="WkPrefixed" style:family="paragraph"><style:text-properties fo:font-size="15pt"/>'),
     (OS_PART, "!WkImpostor|urn:not-odf")])
odt("refused", "not-a-style-sheet",
    '<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
