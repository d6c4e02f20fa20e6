#!/usr/bin/env python3
"""odt_check.py - test oracle for generated ODT documents (tests/t-odt.sh).

  odt_check.py texts SRC.md     prints, one per line, texts the document must
                                show: party names, challenge titles,
                                commitment texts and the body's paragraphs
                                (pieces between footnote references), read
                                from the source independently of wijkcontract
                                (PyYAML for the front matter, pandoc for the
                                body)
  odt_check.py contains SRC.md PLAIN.txt
                                checks every such text occurs in PLAIN.txt
                                (white space collapsed); prints the missing
  odt_check.py struct FILE.odt  structural checks from the known failure
                                list; prints problems, exit 1 if any
  odt_check.py paragraphs FILE.odt
                                prints the text of every heading and
                                paragraph of the document body, table cells
                                and header rows included (pandoc's ODT
                                reader leaves header rows out), one a line
"""
import json
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}


def split_source(path):
    src = open(path, encoding="utf-8").read().replace("\r\n", "\n").lstrip("\ufeff")
    m = re.match(r"---\n(.*?)\n---\n(.*)", src, re.S)
    return m.group(1), m.group(2)


MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december".split(),
    "en": "January February March April May June July August September October November December".split(),
}


def long_date(iso, lang):
    """A date as the document writes it: "1 januari 2026" / "1 January 2026"."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if not m or lang not in MONTHS:
        return iso
    return "%d %s %s" % (int(m.group(3)), MONTHS[lang][int(m.group(2)) - 1], m.group(1))


def profile_of(meta):
    """The profile's YAML (labels, default currency) and the currencies
    file, read as data: the oracle formats values the spec's way itself."""
    import os
    import yaml
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "templates")
    kind = meta.get("kind", "wijkcontract")
    prof = yaml.load(open(os.path.join(root, kind, "profile.yaml"), encoding="utf-8"), Loader=yaml.BaseLoader)
    symbols = {}
    for line in open(os.path.join(root, "currencies.txt"), encoding="utf-8"):
        f = line.split()
        if f and not line.startswith("#"):
            symbols[f[0]] = f[1] if len(f) > 1 else None
    return prof, symbols


def label(prof, lang, key):
    return prof["labels"].get(lang, {}).get(key) or prof["labels"][prof["default-language"]].get(key, key)


def cents(text):
    """A plain decimal as hundredths (None when it is not one)."""
    m = re.fullmatch(r"(\d+)(?:\.(\d{1,2}))?", text or "")
    if not m:
        return None
    return int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0"))


def money(v, cur, prof, lang, symbols):
    group, dec = label(prof, lang, "number.group"), label(prof, lang, "number.decimal")
    units = "{:,}".format(v // 100).replace(",", group)
    amount = units + (dec + "%02d" % (v % 100) if v % 100 else "")
    sym = symbols.get(cur)
    fmt = label(prof, lang, "money.format")
    if sym is None:
        sym = cur
        fmt = fmt.replace("{symbol}{amount}", "{symbol} {amount}")
    return fmt.replace("{symbol}", sym).replace("{amount}", amount)


def amount_total(k, prof):
    a = k.get("amount")
    if not isinstance(a, dict):
        return None
    v = cents(a.get("value"))
    if v is None:
        return None
    return v * int(a.get("times", "1")), a.get("currency", prof["currency"])


def slug(text):
    import unicodedata
    special = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ĳ": "ij", "ı": "i"}
    out = []
    for ch in text.lower():
        ch = special.get(ch, ch)
        ch = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        out.append(ch if re.fullmatch(r"[a-z0-9]*", ch) else "-")
    return re.sub(r"-+", "-", "".join(out)).strip("-")


def articles(body, prof, lang):
    """articles.SLUG for the body's top-level headings (level 1, level 2)."""
    doc = json.loads(subprocess.run(["pandoc", "-f", "commonmark_x-smart", "-t", "json"],
                                    input=body, capture_output=True, text=True, check=True).stdout)
    v, art, sub = {}, 0, 0
    word = label(prof, lang, "text.article-ref")
    for b in doc["blocks"]:
        if b["t"] != "Header" or b["c"][0] > 2:
            continue
        if b["c"][0] == 1:
            art, sub = art + 1, 0
            num = "%d" % art
        elif art:
            sub += 1
            num = "%d.%d" % (art, sub)
        else:
            continue
        cur = []
        inline_pieces(b["c"][2], [], cur)
        v.setdefault("articles." + slug("".join(cur)), "%s %s" % (word, num))
    return v


def variables(meta, body=""):
    prof, symbols = profile_of(meta)
    lang = meta.get("language", prof["default-language"])
    v = {}
    for k in ("title", "area", "version"):
        if k in meta:
            v[k] = str(meta[k])
    if "date" in meta:
        v["date"] = long_date(str(meta["date"]), lang)
    st = meta.get("status") or next(x["id"] for x in prof["statuses"] if x["stage"] == "draft")
    v["status"] = label(prof, lang, "status." + st)
    for k in ("start", "end"):
        if k in meta.get("period", {}):
            v["period." + k] = long_date(str(meta["period"][k]), lang)
    for i, e in enumerate(meta.get("evaluations", [])):
        v["evaluations.%d" % (i + 1)] = long_date(str(e), lang)
    for p in meta.get("parties", []):
        v["parties.%s.name" % p["id"]] = str(p["name"])
        v["parties.%s.short" % p["id"]] = str(p.get("short", p["name"]))
        sg = p.get("signatory")
        sg = sg[0] if isinstance(sg, list) else sg
        if isinstance(sg, dict) and "name" in sg:
            v["parties.%s.signatory" % p["id"]] = sg["name"]
        totals = {}
        for k in meta.get("commitments", []):
            who = k.get("party")
            who = who if isinstance(who, list) else [who]
            t = amount_total(k, prof)
            if p["id"] in who and t:
                totals[t[1]] = totals.get(t[1], 0) + t[0]
        parts = [money(c, cur, prof, lang, symbols) for cur, c in totals.items()] or \
            [money(0, prof["currency"], prof, lang, symbols)]
        v["totals." + p["id"]] = parts[0] if len(parts) == 1 else \
            ", ".join(parts[:-1]) + " %s %s" % (label(prof, lang, "text.and"), parts[-1])
    for c in meta.get("challenges", []):
        v["challenges.%s.title" % c["id"]] = str(c["title"])
    for i, k in enumerate(meta.get("commitments", [])):
        v["commitments.%s.number" % k["id"]] = str(i + 1)
        t = amount_total(k, prof)
        if t:
            v["commitments.%s.amount" % k["id"]] = money(t[0], t[1], prof, lang, symbols)
    v.update(articles(body, prof, lang))
    v[" lang"] = lang
    return v


def capitalised(value, lang):
    if value[:2] == "ij" and lang == "nl":
        return "IJ" + value[2:]
    return value[:1].upper() + value[1:]


def inline_pieces(inlines, out, cur):
    """Plain text of inlines; a footnote ends the current piece."""
    for i in inlines:
        t = i["t"]
        c = i.get("c")
        if t == "Str":
            cur.append(c)
        elif t in ("Space", "SoftBreak", "LineBreak"):
            cur.append(" ")
        elif t == "Code":
            cur.append(c[1])
        elif t in ("Emph", "Strong", "Strikeout", "Underline", "SmallCaps", "Superscript", "Subscript"):
            inline_pieces(c, out, cur)
        elif t in ("Link", "Span"):
            inline_pieces(c[1], out, cur)
        elif t == "Quoted":
            q = '"' if c[0]["t"] == "DoubleQuote" else "'"
            cur.append(q)
            inline_pieces(c[1], out, cur)
            cur.append(q)
        elif t == "RawInline":
            cur.append(c[1])
        else:  # Note, Image, Math: a break in the text
            out.append("".join(cur))
            cur.clear()


def body_texts(body, vars_):
    # variables become tokens; their values go in after parsing, so that a
    # value that starts a paragraph or a sentence can be capitalised
    values = []

    def token(m):
        if m.group(1) not in vars_:
            return m.group(0)
        values.append(vars_[m.group(1)])
        return "WKVAR%dX" % (len(values) - 1)

    body = re.sub(r"\{\{\s*([^}]*?)\s*\}\}", token, body)
    doc = json.loads(subprocess.run(["pandoc", "-f", "commonmark_x-smart", "-t", "json"],
                                    input=body, capture_output=True, text=True, check=True).stdout)
    out = []
    # top-level paragraphs and those in lists and quotes; not tables, notes
    stack = list(reversed(doc["blocks"]))
    while stack:
        b = stack.pop()
        t = b["t"]
        if t in ("Para", "Plain"):
            cur = []
            first = len(out)
            inline_pieces(b["c"], out, cur)
            out.append("".join(cur))
            for i in range(first, len(out)):
                out[i] = re.sub(r"WKVAR(\d+)X", lambda m: fill(m, out[i], values, vars_[" lang"]), out[i])
        elif t == "BlockQuote":
            stack.extend(reversed(b["c"]))
        elif t == "BulletList":
            for item in reversed(b["c"]):
                stack.extend(reversed(item))
        elif t == "OrderedList":
            for item in reversed(b["c"][1]):
                stack.extend(reversed(item))
    return out


def fill(m, text, values, lang):
    """The value of a token, capitalised where it starts a sentence."""
    v = values[int(m.group(1))]
    before = text[:m.start()].rstrip(" ")
    if before == "" or (len(before) < m.start() and before[-1] in ".!?"):
        return capitalised(v, lang)
    return v


def norm(s):
    # the document sets typographic quotes where the source has straight ones
    s = s.translate(str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}))
    return re.sub(r"\s+", " ", s).strip()


def texts(path):
    import yaml
    fm, body = split_source(path)
    meta = yaml.load(fm, Loader=yaml.BaseLoader)  # everything as text
    res = []
    for p in meta.get("parties", []):
        res.append(p["name"])
    for c in meta.get("challenges", []):
        res.append(c["title"])
    for k in meta.get("commitments", []):
        res.append(k["text"])
    res.extend(body_texts(body, variables(meta, body)))
    return [n for n in (norm(r) for r in res) if len(n) > 0]


def contains(src, plain):
    hay = norm(open(plain, encoding="utf-8").read())
    missing = [t for t in texts(src) if t not in hay]
    for t in missing:
        print("missing: " + t)
    return 1 if missing else 0


def struct(path):
    problems = []
    z = zipfile.ZipFile(path)
    infos = z.infolist()
    raw = open(path, "rb").read()
    if not infos or infos[0].filename != "mimetype":
        problems.append("mimetype is not the first entry")
    elif infos[0].compress_type != zipfile.ZIP_STORED:
        problems.append("mimetype is compressed")
    if raw[:4] != b"PK\x03\x04" or int.from_bytes(raw[28:30], "little") != 0:
        problems.append("first local header has an extra field")
    if raw[30:38] != b"mimetype":
        problems.append("first local header does not name mimetype")
    man = ET.fromstring(z.read("META-INF/manifest.xml"))
    listed = {e.get("{%s}full-path" % NS["manifest"]) for e in man}
    parts = {i.filename for i in infos if i.filename != "mimetype" and not i.filename.startswith("META-INF/")}
    for p in sorted(parts - listed):
        problems.append("manifest does not list " + p)
    for p in sorted(listed - parts - {"/"}):
        problems.append("manifest lists missing " + p)
    for part in ("content.xml", "styles.xml", "meta.xml"):
        data = z.read(part)
        text = data.decode("utf-8")
        if re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text):
            problems.append(part + ": XML-illegal character")
        root = ET.fromstring(data)
        for cell in root.iter("{%s}table-cell" % NS["table"]):
            if not any(ch.tag in ("{%s}p" % NS["text"], "{%s}h" % NS["text"], "{%s}list" % NS["text"])
                       for ch in cell):
                problems.append(part + ": table cell without paragraph")
        for tag in ("p", "h"):
            for p in root.iter("{%s}%s" % (NS["text"], tag)):
                for e in p.iter():
                    for s in (e.text, e.tail if e is not p else None):
                        if s and ("\n" in s or "\r" in s):
                            problems.append(part + ": line end inside a text run: %r" % s[:40])
                        if s and "  " in s:
                            problems.append(part + ": unencoded double space: %r" % s[:40])
                if p.text and p.text.startswith(" "):
                    problems.append(part + ": leading space not kept as text:s: %r" % p.text[:40])
    for p in problems:
        print(p)
    return 1 if problems else 0


def paragraphs(path):
    body = ET.fromstring(zipfile.ZipFile(path).read("content.xml")).find("office:body/office:text", NS)
    para_tags = ("{%s}p" % NS["text"], "{%s}h" % NS["text"])

    def flat(el):
        # the text of a paragraph: spaces, tabs and line breaks as blanks,
        # a footnote's body left out (its citation stays)
        out = [el.text or ""]
        for ch in el:
            tag = ch.tag.split("}")[1]
            if tag == "s":
                out.append(" " * int(ch.get("{%s}c" % NS["text"], "1")))
            elif tag in ("tab", "line-break"):
                out.append(" ")
            elif tag == "note":
                cit = ch.find("text:note-citation", NS)
                out.append(cit.text if cit is not None and cit.text else "")
            else:
                out.append(flat(ch))
            out.append(ch.tail or "")
        return "".join(out)

    def walk(el):
        for ch in el:
            if ch.tag in para_tags:
                print(flat(ch))
            else:
                walk(ch)

    walk(body)
    return 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "paragraphs":
        return paragraphs(sys.argv[2])
    if len(sys.argv) >= 3 and sys.argv[1] == "texts":
        for t in texts(sys.argv[2]):
            print(t)
        return 0
    if len(sys.argv) == 4 and sys.argv[1] == "contains":
        return contains(sys.argv[2], sys.argv[3])
    if len(sys.argv) == 3 and sys.argv[1] == "struct":
        return struct(sys.argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
