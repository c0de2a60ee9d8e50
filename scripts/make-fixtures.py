#!/usr/bin/env python3
"""Derive the "form" fixtures from the real print-view page.

Reads  spec/source/application-service.txt  (the page as copied out of a browser)
writes tests/fixtures/forms/
  application-service-en.txt       English labels (banner, `State` on its own line, table header)
  application-service-wrapped.txt  `|---|` separators, Parameters/model rows wrapped after Description
                                   (the site's layout, empty Description and Default cells included)
  application-service.md           Markdown (headings, pipe tables, fenced JSON / header blocks)
  application-service.html         HTML in the structure of a Hugo/Docsy print view
  application-service-glued.txt    every table with glued cells (and compute-sample-glued.txt,
                                   global-sample-glued.txt from tests/fixtures/pages/)
  version-pages/*.txt              the site's per-version pages of two operations

All of them carry exactly the content of the source page (the version pages a part of it);
only the form changes, so a correct parser must produce identical specs from each of them and
from the source (tests/forms.rs, tests/version_pages.rs).

Usage (from the repository root):  python3 scripts/make-fixtures.py [--check]
  --check  also re-reads the outputs (all but the glued copy, which the spec tests prove), maps
           them back onto the source line by line and prints the counts of each.

Standard library only; the output is deterministic (no dates, no randomness).
"""

import hashlib
import html
import os
import re
import sys
from html.parser import HTMLParser

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "spec", "source", "application-service.txt")
OUT = os.path.join(ROOT, "tests", "fixtures", "forms")
STEM = "application-service"

BANNER_KO = "이 섹션의 다중 페이지 출력 화면임. 여기를 클릭하여 프린트."
BANNER_EN = "This is the multi-page printable view of this section. Click here to print."
VERSION_HDR_KO = "| 버전 | 최소 지원 보장일 |"
VERSION_HDR_EN = "| Version | Supported Until |"
PARAMS_HDR = "| Type | Name | Description | Schema | Default |"
MODEL_HDR = "| Name | Description | Schema | Default |"

HEADING_RE = re.compile(r"^(\d+(?:\.\d+)*) - (.+)$")
TOC_RE = re.compile(r"^- (\d+(?:\.\d+)*): (.*)$")
SEP_RE = re.compile(r"^[|:\- ]+$")
STATUS_RE = re.compile(r"^상태 (.+)$")
METHOD_RE = re.compile(r"^(get|post|put|delete|patch|head|options|trace) /")
URL_RE = re.compile(r"^https?://\S+$")
RESPONSE_LABEL_RE = re.compile(r"^Response \d{3}$")
LABELS = {
    "Overview", "Version", "OpenAPI URL", "Environment and Region List", "Description",
    "Parameters", "Responses", "Example HTTP request", "Request path", "Request header",
    "Request body", "Example HTTP response",
}


def is_label(line):
    return line in LABELS or bool(RESPONSE_LABEL_RE.match(line))


# --------------------------------------------------------------------------------------------
# Reading the source into blocks
# --------------------------------------------------------------------------------------------

class Block:
    """A run of source lines [start, end) of one kind."""

    def __init__(self, kind, start, lines, sub=None):
        self.kind = kind      # banner title toc heading label text table reqheader json
        self.start = start    # 0-based index of the first source line
        self.lines = lines
        self.sub = sub        # text: method/path/url/status/prose; label/heading: extra info

    @property
    def end(self):
        return self.start + len(self.lines)


def json_end(lines, i):
    """Index one past the line that closes the JSON value opened at lines[i] ('{' or '[')."""
    depth = 0
    for j in range(i, len(lines)):
        in_str = esc = False
        for ch in lines[j]:
            if in_str:
                if esc:
                    esc = False
                elif ch == "\\":
                    esc = True
                elif ch == '"':
                    in_str = False
            elif ch == '"':
                in_str = True
            elif ch in "{[":
                depth += 1
            elif ch in "}]":
                depth -= 1
        if depth == 0:
            return j + 1
    raise SystemExit(f"line {i + 1}: JSON example never closes")


def parse(lines):
    blocks = []
    i, n = 0, len(lines)

    def prev_label():
        return blocks[-1].lines[0] if blocks and blocks[-1].kind == "label" else None

    while i < n:
        line = lines[i]
        if i == 0 and line == BANNER_KO:
            blocks.append(Block("banner", i, [line]))
            i += 1
        elif TOC_RE.match(line):
            j = i
            while j < n and TOC_RE.match(lines[j]):
                j += 1
            blocks.append(Block("toc", i, lines[i:j]))
            i = j
        elif HEADING_RE.match(line):
            blocks.append(Block("heading", i, [line]))
            i += 1
        elif line.startswith("|"):
            j = i
            while j < n and lines[j].startswith("|"):
                j += 1
            if j - i < 2 or not SEP_RE.match(lines[i + 1]):
                raise SystemExit(f"line {i + 1}: table without a separator row")
            blocks.append(Block("table", i, lines[i:j]))
            i = j
        elif line.startswith('"') and prev_label() == "Request header":
            j = i
            while j < n and lines[j].startswith('"'):
                j += 1
            blocks.append(Block("reqheader", i, lines[i:j]))
            i = j
        elif line in ("{", "[") and (prev_label() == "Request body"
                                     or RESPONSE_LABEL_RE.match(prev_label() or "")):
            j = json_end(lines, i)
            blocks.append(Block("json", i, lines[i:j]))
            i = j
        elif is_label(line):
            blocks.append(Block("label", i, [line]))
            i += 1
        else:
            if blocks and blocks[-1].kind == "banner" and len(blocks) == 1:
                sub = "title"
            elif prev_label() == "Request path":
                sub = "path"
            elif METHOD_RE.match(line):
                sub = "method"
            elif URL_RE.match(line):
                sub = "url"
            elif STATUS_RE.match(line):
                sub = "status"
            else:
                sub = "prose"
            blocks.append(Block("title" if sub == "title" else "text", i, [line], sub))
            i += 1
    # every source line lands in exactly one block
    pos = 0
    for b in blocks:
        assert b.start == pos, (b.kind, b.start, pos)
        pos = b.end
    assert pos == n
    return blocks


# --------------------------------------------------------------------------------------------
# Table cells
# --------------------------------------------------------------------------------------------

def delimiters(row):
    """Positions of the cell-delimiting pipes of a table row.

    A pipe delimits cells when it is the first or last character of the row or has a space on
    at least one side. The page's only in-cell pipes are regex alternations (`$|^`, `}|[`) with
    no space on either side."""
    last = len(row) - 1
    return [k for k, ch in enumerate(row)
            if ch == "|" and (k == 0 or k == last or row[k - 1] == " " or row[k + 1] == " ")]


def raw_cells(row):
    d = delimiters(row)
    return [row[a + 1:b].strip() for a, b in zip(d, d[1:])], d


def split_top(s):
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    parts.append(cur.strip())
    return parts


PRIM_RE = re.compile(r"(?:string|integer|boolean|number|object)(?: \([A-Za-z0-9_.-]+\))?")


def is_type(s, in_union=False):
    """Does a cell look like a Schema cell (string, array[...], any of [...], enum (...), Model)?"""
    s = s.strip()
    if PRIM_RE.fullmatch(s) or (in_union and s == "null"):
        return True
    m = re.fullmatch(r"(?:array|object)\[(.*)\]", s)
    if m:
        return is_type(m.group(1))
    m = re.fullmatch(r"any of \[(.*)\]", s)
    if m:
        return all(is_type(p, True) for p in split_top(m.group(1)))
    if re.fullmatch(r"enum \([^()]*\)", s):
        return True
    # a PascalCase model name; `None` is the page's spelling of "no default", not a model
    return bool(re.fullmatch(r"[A-Z][A-Za-z0-9]*", s)) and bool(re.search(r"[a-z]", s)) \
        and s != "None"


def analyze_row(header, row):
    """Map a data row of a Parameters or model table onto its header columns.

    The browser copy drops empty cells: a row can lose its trailing Default
    (`| n | d | string |`) and an empty Description can vanish (`| n | Model |`,
    `| n | array[M] | ||`, `| body | body required | Model |`). The Schema cell is found as the
    last cell, counted from the right past empty trailing cells and a Default cell, that looks
    like a type. Returns (full cells, raw index of the Schema cell, description non-empty) or
    None when the row cannot be mapped with confidence."""
    hcells, _ = raw_cells(header)
    cells, _ = raw_cells(row)
    k = hcells.index("Description")
    if len(cells) < k + 1:
        return None
    rest = cells[k:]
    r = list(rest)
    while r and r[-1] == "":
        r.pop()
    if len(r) == 3 and is_type(r[1]):
        d, s, dfl, si = r[0], r[1], r[2], 1
    elif len(r) == 2 and is_type(r[1]) and not is_type(r[0]):
        d, s, dfl, si = r[0], r[1], "", 1
    elif len(r) == 2 and is_type(r[0]) and not is_type(r[1]):
        d, s, dfl, si = "", r[0], r[1], 0
    elif len(r) == 1 and is_type(r[0]):
        d, s, dfl, si = "", r[0], "", 0
    else:
        return None
    if len(rest) > 3:
        return None
    return cells[:k] + [d, s, dfl], k + si, d != ""


def table_kind(header):
    if header == PARAMS_HDR:
        return "params"
    if header == MODEL_HDR:
        return "model"
    return "other"


# --------------------------------------------------------------------------------------------
# 1. English labels
# --------------------------------------------------------------------------------------------

def make_en(blocks):
    out = []
    for b in blocks:
        if b.kind == "banner":
            out.append(BANNER_EN)
        elif b.kind == "text" and b.sub == "status":
            out += ["State", STATUS_RE.match(b.lines[0]).group(1)]
        elif b.kind == "table" and b.lines[0] == VERSION_HDR_KO:
            out += [VERSION_HDR_EN] + b.lines[1:]
        else:
            out += b.lines
    return out


# --------------------------------------------------------------------------------------------
# 2. Short separators and wrapped rows
# --------------------------------------------------------------------------------------------

def wrap_row(header, row):
    """The two lines the live site's layout gives a Parameters / model row, or None to leave
    it alone: the row up to its Description cell (closed with `|` when that cell is empty, so
    `| count optional |`), then `| Schema | Default |` with the Default cell written even when
    empty (`| any of [integer, null] | |`)."""
    a = analyze_row(header, row)
    if a is None:
        return None
    cells, si, has_desc = a
    if has_desc:
        _, d = raw_cells(row)
        cut = d[si]            # the pipe that ends the Description cell
        assert row[cut - 1] == " "
        first = row[:cut - 1]
    else:
        k = raw_cells(header)[0].index("Description")
        first = "| " + " | ".join(cells[:k]) + " |"
    schema, dfl = cells[-2], cells[-1]
    return [first, f"| {schema} | {dfl} |" if dfl else f"| {schema} | |"]


def make_wrapped(blocks):
    out, wrapped, alone, unsure = [], 0, 0, []
    for b in blocks:
        if b.kind != "table":
            out += b.lines
            continue
        header, kind = b.lines[0], table_kind(b.lines[0])
        out.append(header)
        out.append("|---|")
        for off, row in enumerate(b.lines[2:]):
            if kind == "other":
                out.append(row)
                continue
            two = wrap_row(header, row)
            if two is None:
                unsure.append(b.start + 2 + off + 1)
                out.append(row)
                alone += 1
                continue
            out += two
            wrapped += 1
    return out, wrapped, alone, unsure


# --------------------------------------------------------------------------------------------
# 3. Markdown
# --------------------------------------------------------------------------------------------
# What is escaped (with a backslash), and only so that a Markdown renderer shows the original:
#  * plain text lines (paragraphs, list items, heading text):
#      `\` before ASCII punctuation, every `*`, `` ` ``, `<`, `[`, `]`, `~`; `_` unless it sits
#      between two letters/digits (intraword `_` never makes emphasis); `&` when it would read
#      as an entity (`&amp;`, `&#38;`); and at line start `#`, `>`, `+`/`-` list markers,
#      `1.`/`1)` ordered-list markers and `---`/`===` lines. The page's plain lines contain
#      none of these except intraword `_`, so in practice nothing is escaped there.
#  * table cells: every `*`, `_` and `<`, and every `|` inside a cell (regex alternations such
#      as `$|^`) as `\|`. Separator rows and vanished empty cells are left as they are.
#      Backslashes already in cells (regexes like `[a-z0-9\-]`, `\.fifo`) are kept single, as
#      specified for these fixtures; a CommonMark renderer would show `\-` as `-`. Set
#      MD_CELL_DOUBLE_BACKSLASH to True to double such backslashes instead.
MD_CELL_DOUBLE_BACKSLASH = True
ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def md_inline(s):
    out = []
    for k, ch in enumerate(s):
        prev = s[k - 1] if k else ""
        nxt = s[k + 1] if k + 1 < len(s) else ""
        if ch == "\\" and nxt in ASCII_PUNCT and nxt:
            out.append("\\\\")
        elif ch in "*`<[]~":
            out.append("\\" + ch)
        elif ch == "_" and not (prev.isalnum() and nxt.isalnum()):
            out.append("\\_")
        elif ch == "&" and re.match(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);", s[k:]):
            out.append("\\&")
        else:
            out.append(ch)
    return "".join(out)


def md_text(s):
    """A plain text line as one Markdown paragraph / list-item text."""
    t = md_inline(s)
    if re.match(r"^(?:#|>|[-+](?:\s|$))", t):
        t = "\\" + t
    elif re.match(r"^(?:-+|=+)\s*$", t):
        t = "\\" + t
    else:
        m = re.match(r"^(\d{1,9})([.)])(?:\s|$)", t)
        if m:
            t = m.group(1) + "\\" + t[len(m.group(1)):]
    return t


def md_row(row):
    if SEP_RE.match(row):
        return row
    d = set(delimiters(row))
    out = []
    for k, ch in enumerate(row):
        if ch == "|" and k not in d:
            out.append("\\|")
        elif ch in "*_<":
            out.append("\\" + ch)
        elif ch == "\\" and MD_CELL_DOUBLE_BACKSLASH and row[k + 1:k + 2] in ASCII_PUNCT:
            out.append("\\\\")
        else:
            out.append(ch)
    return "".join(out)


def make_md(blocks):
    chunks = []
    for b in blocks:
        if b.kind in ("banner", "title", "label", "text"):
            chunks.append([md_text(b.lines[0])])
        elif b.kind == "toc":
            chunks.append(["- " + md_text(m.group(1) + ": " + m.group(2))
                           for m in map(TOC_RE.match, b.lines)])
        elif b.kind == "heading":
            num = HEADING_RE.match(b.lines[0]).group(1)
            depth = min(num.count(".") + 1, 6)
            text = md_inline(b.lines[0])
            if text.endswith("#"):
                text = text[:-1] + "\\#"
            chunks.append(["#" * depth + " " + text])
        elif b.kind == "table":
            chunks.append([md_row(r) for r in b.lines])
        elif b.kind == "reqheader":
            chunks.append(["```"] + b.lines + ["```"])
        elif b.kind == "json":
            chunks.append(["```json"] + b.lines + ["```"])
        else:
            raise AssertionError(b.kind)
    out = []
    for c in chunks:
        if out:
            out.append("")
        out += c
    return out


# --------------------------------------------------------------------------------------------
# 4. HTML (Hugo/Docsy print view)
# --------------------------------------------------------------------------------------------

def esc(s):
    return html.escape(s, quote=False)


def page_id(num):
    return "pg-" + hashlib.md5(("application-service/" + num).encode()).hexdigest()


DESC_KEY_RE = re.compile(r"(Pattern|Minimum length|Maximum length|Minimum|Maximum) : ")


def html_desc(t):
    """Description cell: `<br>` before each constraint key (where the copy lost the line breaks),
    `<code>` around non-empty Example and Pattern values. The text content stays `t`."""
    keys = list(DESC_KEY_RE.finditer(t))
    head = t[:keys[0].start()] if keys else t
    m = re.search(r"Example :", head)
    if m:
        after = head[m.end():]
        if after.startswith(" ") and after[1:]:
            body = esc(head[:m.start()]) + "Example : <code>" + esc(after[1:]) + "</code>"
        else:
            body = esc(head[:m.start()]) + "Example :" + esc(after)
    else:
        body = esc(head)
    for n, km in enumerate(keys):
        val = t[km.end():keys[n + 1].start() if n + 1 < len(keys) else len(t)]
        if body:
            body += "<br>"
        if km.group(1) == "Pattern" and val:
            body += "Pattern : <code>" + esc(val) + "</code>"
        else:
            body += esc(km.group(0)) + esc(val)
    return body


def html_table(b, problems):
    header = b.lines[0]
    hcells, _ = raw_cells(header)
    kind = table_kind(header)
    out = ['<table class="table">', "<thead>",
           "<tr>" + "".join("<th>" + esc(c) + "</th>" for c in hcells) + "</tr>",
           "</thead>", "<tbody>"]
    for off, row in enumerate(b.lines[2:]):
        lineno = b.start + 3 + off
        cells, _ = raw_cells(row)
        if kind != "other":
            a = analyze_row(header, row)
            if a is None:
                problems.append((lineno, "could not map row onto header", row))
            else:
                cells = a[0]
        if len(cells) != len(hcells):
            problems.append((lineno, f"{len(cells)} cells, header has {len(hcells)}", row))
            cells = (cells + [""] * len(hcells))[:len(hcells)]
        tds = []
        for name, c in zip(hcells, cells):
            tds.append("<td>" + (html_desc(c) if name == "Description" and kind != "other"
                                 else esc(c)) + "</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out += ["</tbody>", "</table>"]
    return out


def html_toc(lines):
    out, cur = ["<ul>"], 1
    for n, line in enumerate(lines):
        m = TOC_RE.match(line)
        num, title = m.group(1), m.group(2)
        d = num.count(".") + 1
        if n:
            if d > cur:
                while cur < d:
                    out.append("<ul>")
                    cur += 1
            else:
                out[-1] += "</li>"
                while cur > d:
                    out.append("</ul></li>")
                    cur -= 1
        out.append(f'<li>{esc(num)}: <a href="#{page_id(num)}">{esc(title)}</a>')
    out[-1] += "</li>"
    while cur > 1:
        out.append("</ul></li>")
        cur -= 1
    out.append("</ul>")
    return out


def make_html(blocks):
    problems = []
    title = next(b.lines[0] for b in blocks if b.kind == "title")
    out = ["<!doctype html>",
           '<html lang="ko"><head><meta charset="utf-8"><title>' + esc(title)
           + " | Samsung Cloud Platform</title></head>",
           '<body><main role="main" class="td-main">',
           '<div class="td-content">']
    opened = True
    for b in blocks:
        line = b.lines[0]
        if b.kind == "banner":
            m = re.fullmatch(r"(.*\. )(.*)(\.)", line)
            out.append('<div class="pageinfo pageinfo-primary d-print-none"><p>' + esc(m.group(1))
                       + '<a href="#" onclick="print();return false;">' + esc(m.group(2))
                       + "</a>" + esc(m.group(3)) + "</p></div>")
        elif b.kind == "title":
            out.append('<h1 class="title">' + esc(line) + "</h1>")
        elif b.kind == "toc":
            out += html_toc(b.lines)
        elif b.kind == "heading":
            if opened:
                out.append("</div>")
            out.append('<div class="td-content" style="page-break-before: always">')
            opened = True
            num = HEADING_RE.match(line).group(1)
            out.append(f'<h1 id="{page_id(num)}">{esc(line)}</h1>')
        elif b.kind == "label":
            out.append("<h3>" + esc(line) + "</h3>")
        elif b.kind == "text":
            if b.sub in ("method", "path"):
                out.append("<p><code>" + esc(line) + "</code></p>")
            elif b.sub == "url":
                out.append('<p><a href="' + html.escape(line, quote=True) + '">' + esc(line)
                           + "</a></p>")
            elif b.sub == "status":
                out.append("<p><strong>상태</strong> " + esc(STATUS_RE.match(line).group(1))
                           + "</p>")
            else:
                out.append("<p>" + esc(line) + "</p>")
        elif b.kind == "table":
            out += html_table(b, problems)
        elif b.kind == "reqheader":
            out.append("<pre><code>" + "\n".join(esc(x) for x in b.lines) + "</code></pre>")
        elif b.kind == "json":
            out.append('<pre><code class="language-json">' + "\n".join(esc(x) for x in b.lines)
                       + "</code></pre>")
        else:
            raise AssertionError(b.kind)
    if opened:
        out.append("</div>")
    out.append("</main></body></html>")
    return out, problems


# --------------------------------------------------------------------------------------------
# 5. Per-version pages of one operation (the site's .../apis/<operation>/<version> pages)
# --------------------------------------------------------------------------------------------
# Each page: the address, the version alone on its line (twice where the site repeats it as
# page and section title), then the version section's lines as they are. English pages put
# the state on one line (`State ACTIVE (CURRENT)`) and head the version table
# `| Version | Not Before |`. (operation, version) → (language, version lines).
VERSION_PAGES = {
    ("Create Api", "1.2"): ("ko", 2),
    ("Create Api", "1.1"): ("en", 1),
    ("Create Api", "1.0"): ("ko", 1),
    ("Create Api Key", "1.2"): ("en", 2),
    ("Create Api Key", "1.1"): ("ko", 1),
}
VERSION_HDR_EN_NOT_BEFORE = "| Version | Not Before |"
SITE = "https://docs.e.samsungsdscloud.com"


def version_sections(src, title):
    """{version: (start, end)} of the version sections of operation `title` (0-based lines,
    the heading line excluded)."""
    num = next(HEADING_RE.match(line).group(1) for line in src
               if HEADING_RE.match(line) and HEADING_RE.match(line).group(2) == title)
    heads = [(k, HEADING_RE.match(line)) for k, line in enumerate(src) if HEADING_RE.match(line)]
    out = {}
    for n, (k, m) in enumerate(heads):
        if m.group(1).startswith(num + ".") and m.group(1).count(".") == num.count(".") + 1:
            end = heads[n + 1][0] if n + 1 < len(heads) else len(src)
            out[m.group(2)] = (k + 1, end)
    return out


def slug_of(title):
    return "-".join(title.lower().split())


def make_version_pages(src):
    pages = {}
    for (title, version), (lang, times) in VERSION_PAGES.items():
        start, end = version_sections(src, title)[version]
        prefix = "/en" if lang == "en" else ""
        address = f"{SITE}{prefix}/apireference/application-service/apigateway/apis/{slug_of(title)}/{version}"
        body = []
        for line in src[start:end]:
            if lang == "en" and STATUS_RE.match(line):
                line = "State " + STATUS_RE.match(line).group(1)
            elif lang == "en" and line == VERSION_HDR_KO:
                line = VERSION_HDR_EN_NOT_BEFORE
            body.append(line)
        pages[f"{slug_of(title)}-{version}.txt"] = [address] + [version] * times + body
    return pages


def check_version_pages(src, pages):
    ok = True
    for (title, version), (lang, times) in VERSION_PAGES.items():
        start, end = version_sections(src, title)[version]
        got = pages[f"{slug_of(title)}-{version}.txt"][1 + times:]
        back = [("상태 " + line[len("State "):]) if line.startswith("State ") else
                VERSION_HDR_KO if line == VERSION_HDR_EN_NOT_BEFORE else line for line in got]
        if back != src[start:end]:
            print(f"  version page {title} {version}: differs from source lines {start + 1}-{end}")
            ok = False
    print(f"version pages: {len(pages)} pages, each the source's version section")
    return ok


# --------------------------------------------------------------------------------------------
# 6. Glued cells (what text extractors make of the site's HTML tables)
# --------------------------------------------------------------------------------------------
# Every table as text extractors make them of the site's HTML:
# - Parameters, model and response tables: the header's cells glued
#   (`NameDescriptionSchemaDefault`); per row the Type cell glued to the name (`querysize`),
#   `required`/`optional` on its own line, the description on its own lines (cut before
#   ` Example : `), the Schema with the Default glued on (`any of [integer, null]20`); a
#   response row on one line (`200OKApiShowResponse`). An empty Description cell of a
#   Parameters row is a blank line (`bodybody`, `required`, blank, the Schema), as the live
#   pages have it; a model row's empty Description leaves no line, as the other live pages.
#   A table with a row this cannot carry faithfully (a model Schema followed by a Default,
#   which would read as one longer model name) stays a pipe table.
# - the service's version table, the operations' version tables and the region list: the
#   header's cells glued (`VersionStatusSupported Until`, `버전최소 지원 보장일`,
#   `environmentregion`) and each row's cells glued on one line (`1.0DEPRECATED20251231`,
#   `1.2-`, `skr-west1`); the service's two tables after a blank line under their label.
RESPONSE_HDR = "| HTTP Code | Description | Schema |"
REASONS = {"OK", "Created", "Accepted", "No Content", "Bad Request", "Unauthorized", "Forbidden",
           "Not Found", "Conflict"}
MODEL_NAME_RE = re.compile(r"[A-Z][A-Za-z0-9_]*")
# One-line tables: the pipe header → its glued header; a blank line before it or not.
ONE_LINE_HDRS = {
    "| Version | Status | Supported Until |": ("VersionStatusSupported Until", True),
    "| 버전 | 최소 지원 보장일 |": ("버전최소 지원 보장일", False),
    "| Version | Supported Until |": ("VersionSupported Until", False),
    "| environment | region |": ("environmentregion", True),
    "| environment |": ("environment", True),
}


def glued_row(header, kind, row):
    if kind == "response":
        cells, _ = raw_cells(row)
        cells = (cells + ["", ""])[:3]
        if cells[1] not in REASONS:
            return None
        return ["".join(cells)]
    a = analyze_row(header, row)
    if a is None:
        return None
    cells = a[0]
    lead, (desc, schema, dfl) = cells[:-3], cells[-3:]
    name, _, flag = lead[-1].rpartition(" ")
    if flag not in ("required", "optional") or not name:
        return None
    if MODEL_NAME_RE.fullmatch(schema) and dfl and dfl != "None":
        return None
    if kind == "params" and not any(lead[0] == loc for loc in
                                   ("path", "query", "header", "cookie", "body")):
        return None
    head, sep, tail = desc.partition(" Example : ")
    desc_lines = [d for d in ([head, "Example : " + tail] if sep else [desc]) if d]
    if any(d in ("required", "optional") for d in desc_lines):
        return None
    if kind == "params" and not desc_lines:
        desc_lines = [""]
    first = ("".join([lead[0], name]) if kind == "params" else name)
    return [first, flag] + desc_lines + [schema + dfl]


def one_line_row(row):
    cells, _ = raw_cells(row)
    return "".join(cells)


def make_glued(blocks):
    out, glued, kept = [], 0, []
    headers = {PARAMS_HDR: ("params", "TypeNameDescriptionSchemaDefault"),
               MODEL_HDR: ("model", "NameDescriptionSchemaDefault"),
               RESPONSE_HDR: ("response", "HTTP CodeDescriptionSchema")}
    for b in blocks:
        if b.kind == "table" and b.lines[0] in ONE_LINE_HDRS:
            gh, blank = ONE_LINE_HDRS[b.lines[0]]
            out += ([""] if blank else []) + [gh] + [one_line_row(r) for r in b.lines[2:]]
            glued += 1
            continue
        if b.kind != "table" or b.lines[0] not in headers:
            out += b.lines
            continue
        kind, gh = headers[b.lines[0]]
        rows = [glued_row(b.lines[0], kind, r) for r in b.lines[2:]]
        if any(r is None for r in rows):
            out += b.lines
            kept.append(b.start + 1)
            continue
        out.append(gh)
        for r in rows:
            out += r
        glued += 1
    return out, glued, kept


README = """\
# Form fixtures (generated)

Generated by `python3 scripts/make-fixtures.py` from `spec/source/application-service.txt`.
Do not edit by hand: change the script and run it again. Every file carries exactly the content
of the source page, only the form changes, so a correct parser yields identical specs from each.

- `application-service-en.txt`: the text copy with English labels: the banner in English,
  `상태 ACTIVE (X)` split into the two lines `State` and `ACTIVE (X)`, and the table header
  `| Version | Supported Until |`. Descriptions stay Korean.
- `application-service-wrapped.txt`: the text copy in the live site's layout: every separator
  row shortened to `|---|` and every Parameters / model table row wrapped after its
  Description cell; the second line is `| Schema | Default |`, the Default cell written even
  when empty (`| string | |`). A row with an empty Description ends its first line with the
  name cell (`| count optional |`, `| body | body required |`).
- `application-service.md`: Markdown: `#`-headings by depth, pipe tables with in-cell `|`
  escaped as `\\|` (and `*`, `_`, `<` escaped in cells), JSON examples in ```` ```json ````
  fences, request headers in a plain fence, each other line its own paragraph.
- `application-service.html`: HTML in the structure of a Hugo/Docsy print view: one
  `td-content` div per heading, labels as `<h3>`, real tables with the empty cells the text
  copy lost restored, `<br>`/`<code>` in description cells, `<pre><code>` blocks.

- `application-service-glued.txt`: the text copy with every table as text extractors make
  them of the site's HTML: glued header (`NameDescriptionSchemaDefault`,
  `VersionStatusSupported Until`, `버전최소 지원 보장일`, `environmentregion`); in Parameters
  and model tables, per row the Type cell glued to the name (`querysize`),
  `required`/`optional` on its own line, the description on its own lines (cut before
  ` Example : `), an empty Description of a Parameters row as a blank line, the Schema with
  the Default glued on; response, version and region rows on one line
  (`200OKApiShowResponse`, `1.0DEPRECATED20251231`, `1.2-`, `skr-west1`), the service's
  version and region tables after a blank line. Tables with a row that cannot be carried so
  stay pipe tables. `compute-sample-glued.txt` and `global-sample-glued.txt` are the pages
  of tests/fixtures/pages/ in the same form.
- `version-pages/<operation>-<version>.txt`: the site's page of one operation version
  (`.../apigateway/apis/create-api/1.2`) for the versions of `Create Api` and `Create Api Key`:
  the address, the version alone on its line (twice on some), then the version section as
  it is; the English ones with `State ACTIVE (CURRENT)` on one line and the version table
  headed `| Version | Not Before |`. With the rest of the page they give its specs.

The two `.txt` copies end without a trailing newline, like the source page; the `.md` and
`.html` files end with one. `python3 scripts/make-fixtures.py --check` regenerates them and
maps each one back onto the source, line by line, printing the counts it compared.
"""


def write(path, lines, trailing_newline):
    text = "\n".join(lines) + ("\n" if trailing_newline else "")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# --------------------------------------------------------------------------------------------
# --check: map every output back onto the source
# --------------------------------------------------------------------------------------------

def count_src(blocks):
    c = {"headings": 0, "tables": 0, "table rows": 0, "json blocks": 0, "header blocks": 0,
         "toc lines": 0, "status lines": 0}
    for b in blocks:
        if b.kind == "heading":
            c["headings"] += 1
        elif b.kind == "table":
            c["tables"] += 1
            c["table rows"] += len(b.lines) - 2
        elif b.kind == "json":
            c["json blocks"] += 1
        elif b.kind == "reqheader":
            c["header blocks"] += 1
        elif b.kind == "toc":
            c["toc lines"] += len(b.lines)
        elif b.kind == "text" and b.sub == "status":
            c["status lines"] += 1
    return c


def diff(name, got, want):
    if got == want:
        return True
    for k, (g, w) in enumerate(zip(got, want)):
        if g != w:
            print(f"  {name}: first difference at source line {k + 1}:\n    got  {g!r}\n    want {w!r}")
            return False
    print(f"  {name}: {len(got)} lines mapped back, source has {len(want)}")
    return False


def check_en(src, out):
    back, k = [], 0
    while k < len(out):
        line = out[k]
        if k == 0 and line == BANNER_EN:
            back.append(BANNER_KO)
        elif line == "State":
            back.append("상태 " + out[k + 1])
            k += 1
        elif line == VERSION_HDR_EN:
            back.append(VERSION_HDR_KO)
        else:
            back.append(line)
        k += 1
    print(f"en:      {len(out)} lines, {out.count('State')} `State` lines, "
          f"{out.count(VERSION_HDR_EN)} `{VERSION_HDR_EN}` headers")
    return diff("en", back, src)


def check_wrapped(src, blocks, out):
    """Walks the source blocks over the output: every line is the source's, except the short
    separators and the wrapped rows, whose two lines must hold the source row's cells (the
    empty cells the copy lost restored, nothing else changed)."""
    k, joined, ok = 0, 0, True
    for b in blocks:
        for off, line in enumerate(b.lines):
            where = b.start + off + 1
            two = None
            if b.kind == "table" and off >= 2 and table_kind(b.lines[0]) != "other":
                two = wrap_row(b.lines[0], line)
            if b.kind == "table" and off == 1:
                want = ["|---|"]
            elif two is not None:
                a = analyze_row(b.lines[0], line)
                got = raw_cells(out[k])[0] + raw_cells(out[k + 1])[0]
                if not out[k].endswith("|"):       # the Description cell is the first line's last
                    got = raw_cells(out[k] + " |")[0] + raw_cells(out[k + 1])[0]
                if [c for c in got if c] != [c for c in a[0] if c]:
                    print(f"  wrapped: source line {where}: cells {got} vs {a[0]}")
                    ok = False
                k += 2
                joined += 1
                continue
            else:
                want = [line]
            if out[k:k + 1] != want:
                print(f"  wrapped: source line {where}: {out[k:k + 1]} vs {want}")
                return False
            k += 1
    if k != len(out):
        print(f"  wrapped: {len(out) - k} extra lines")
        ok = False
    print(f"wrapped: {len(out)} lines, {joined} wrapped rows mapped back, "
          f"{out.count('|---|')} `|---|` separators")
    return ok


def md_unescape_text(s):
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", s)


def md_unescape_row(row):
    if SEP_RE.match(row):
        return row
    s = re.sub(r"\\([|*_<])", r"\1", row)
    if MD_CELL_DOUBLE_BACKSLASH:
        s = s.replace("\\\\", "\\")
    return s


def check_md(src, out):
    back, k, c = [], 0, {"headings": 0, "tables": 0, "table rows": 0, "json fences": 0,
                         "plain fences": 0, "list items": 0, "paragraphs": 0}
    while k < len(out):
        line = out[k]
        if line == "":
            k += 1
            continue
        if line.startswith("```"):
            c["json fences" if line == "```json" else "plain fences"] += 1
            j = out.index("```", k + 1)
            back += out[k + 1:j]
            k = j + 1
        elif line.startswith("|"):
            j = k
            while j < len(out) and out[j].startswith("|"):
                back.append(md_unescape_row(out[j]))
                j += 1
            c["tables"] += 1
            c["table rows"] += j - k - 2
            k = j
        elif line.startswith("- "):
            while k < len(out) and out[k].startswith("- "):
                back.append("- " + md_unescape_text(out[k][2:]))
                c["list items"] += 1
                k += 1
        elif re.match(r"^#{1,6} ", line):
            back.append(md_unescape_text(line.split(" ", 1)[1]))
            c["headings"] += 1
            k += 1
        else:
            back.append(md_unescape_text(line))
            c["paragraphs"] += 1
            k += 1
        if k < len(out) and out[k] != "":
            print(f"  md: no blank line before output line {k + 1}: {out[k]!r}")
            return False
    print("md:      " + ", ".join(f"{v} {n}" for n, v in c.items()))
    return diff("md", back, src)


class Extract(HTMLParser):
    """Re-reads the HTML into text lines in the source's order (tables as cell lists)."""

    VOID = {"meta", "br"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items, self.stack, self.buf, self.row, self.table = [], [], None, None, None
        self.errors = []
        self.counts = {"h1": 0, "h3": 0, "p": 0, "pre": 0, "json pre": 0, "table": 0, "tr": 0,
                       "li": 0}

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)
        a = dict(attrs)
        if tag in self.counts:
            self.counts[tag] += 1
        if tag == "code" and a.get("class") == "language-json":
            self.counts["json pre"] += 1
        if tag == "li":
            if self.buf is not None:       # text of the parent li before its nested ul
                self.items.append(("li", self.buf.strip()))
            self.buf = ""
        elif tag == "ul" and self.buf is not None:
            self.items.append(("li", self.buf.strip()))
            self.buf = None
        elif tag in ("h1", "h3", "p", "pre", "td", "th"):
            self.buf = ""
        elif tag == "table":
            self.table = []
        elif tag == "tr":
            self.row = []

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}> at {self.getpos()}")
        else:
            self.stack.pop()
        if tag == "li" and self.buf is not None:
            self.items.append(("li", self.buf.strip()))
            self.buf = None
        elif tag in ("h1", "h3", "p", "pre"):
            if "pre" in self.stack or (tag == "p" and "pre" in self.stack):
                return
            self.items.append((tag, self.buf))
            self.buf = None
        elif tag in ("td", "th"):
            self.row.append(self.buf)
            self.buf = None
        elif tag == "tr":
            self.table.append(self.row)
        elif tag == "table":
            self.items.append(("table", self.table))

    def handle_data(self, data):
        if self.buf is not None:
            self.buf += data


def check_html(src, blocks, text):
    p = Extract()
    p.feed(text)
    p.close()
    ok = not p.errors and not p.stack
    for e in p.errors[:5]:
        print("  html:", e)
    items = iter(p.items)
    cells_same = cells_restored = 0
    for b in blocks:
        if b.kind == "toc":
            for line in b.lines:
                kind, got = next(items)
                if (kind, "- " + got) != ("li", line):
                    print(f"  html: line {b.start + 1}: toc {got!r} vs {line!r}")
                    return False
            continue
        kind, got = next(items)
        if b.kind in ("banner", "title", "heading", "label", "text"):
            want_kind = {"heading": "h1", "title": "h1", "label": "h3"}.get(b.kind, "p")
            if (kind, got) != (want_kind, b.lines[0]):
                print(f"  html: line {b.start + 1}: {kind} {got!r} vs {b.lines[0]!r}")
                return False
        elif b.kind in ("json", "reqheader"):
            if (kind, got.split("\n")) != ("pre", b.lines):
                print(f"  html: line {b.start + 1}: pre block differs")
                return False
        elif b.kind == "table":
            hcells, _ = raw_cells(b.lines[0])
            if kind != "table" or got[0] != hcells or len(got) != len(b.lines) - 1:
                print(f"  html: line {b.start + 1}: table header/rows differ")
                return False
            for off, (row, cells) in enumerate(zip(b.lines[2:], got[1:])):
                src_cells, _ = raw_cells(row)
                where = b.start + 3 + off
                if len(cells) != len(hcells):
                    print(f"  html: line {where}: {len(cells)} cells")
                    ok = False
                elif len(src_cells) == len(hcells) and not (
                        table_kind(b.lines[0]) != "other"
                        and (analyze_row(b.lines[0], row) or [src_cells])[0] != src_cells):
                    if cells != src_cells:
                        print(f"  html: line {where}: cells {cells} vs {src_cells}")
                        ok = False
                    cells_same += 1
                else:
                    if [c for c in cells if c] != [c for c in src_cells if c]:
                        print(f"  html: line {where}: cells {cells} vs {src_cells}")
                        ok = False
                    cells_restored += 1
    rest = list(items)
    if rest:
        print(f"  html: {len(rest)} extra items, first {rest[0]!r}")
        ok = False
    print("html:    " + ", ".join(f"{v} <{n}>" for n, v in p.counts.items())
          + f"; rows equal to the source cells: {cells_same}, rows with restored empty cells "
          f"(non-empty cells equal): {cells_restored}")
    return ok


def main():
    check = "--check" in sys.argv[1:]
    with open(SRC, encoding="utf-8") as f:
        text = f.read()
    trailing = text.endswith("\n")
    src = text[:-1].split("\n") if trailing else text.split("\n")
    blocks = parse(src)
    os.makedirs(OUT, exist_ok=True)

    en = make_en(blocks)
    write(os.path.join(OUT, STEM + "-en.txt"), en, trailing)

    wr, wrapped, alone, unsure = make_wrapped(blocks)
    write(os.path.join(OUT, STEM + "-wrapped.txt"), wr, trailing)
    print(f"wrapped: {wrapped} rows wrapped, {alone} rows left alone"
          + (f" (not mapped with confidence: source lines {unsure})" if unsure else ""))

    md = make_md(blocks)
    write(os.path.join(OUT, STEM + ".md"), md, True)

    ht, problems = make_html(blocks)
    write(os.path.join(OUT, STEM + ".html"), ht, True)
    for lineno, why, row in problems:
        print(f"html: source line {lineno}: {why}: {row}")

    gl, glued, kept = make_glued(blocks)
    write(os.path.join(OUT, STEM + "-glued.txt"), gl, trailing)
    print(f"glued: {glued} tables glued, {len(kept)} left as pipe tables"
          + (f" (source lines {kept})" if kept else ""))

    vpages = make_version_pages(src)
    os.makedirs(os.path.join(OUT, "version-pages"), exist_ok=True)
    for name, lines in vpages.items():
        write(os.path.join(OUT, "version-pages", name), lines, True)

    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(README)

    # The smaller hand-written page in every form too: the fuzz tests mutate these.
    sample = os.path.join(ROOT, "tests", "fixtures", "pages", "compute-sample.txt")
    with open(sample, encoding="utf-8") as f:
        stext = f.read()
    strailing = stext.endswith("\n")
    sblocks = parse(stext[:-1].split("\n") if strailing else stext.split("\n"))
    write(os.path.join(OUT, "compute-sample.md"), make_md(sblocks), True)
    sht, sproblems = make_html(sblocks)
    write(os.path.join(OUT, "compute-sample.html"), sht, True)
    for lineno, why, row in sproblems:
        print(f"html (compute-sample): source line {lineno}: {why}: {row}")
    # And glued, with the global page (a region list of environments alone).
    for stem in ("compute-sample", "global-sample"):
        with open(os.path.join(ROOT, "tests", "fixtures", "pages", stem + ".txt"),
                  encoding="utf-8") as f:
            ptext = f.read()
        ptrailing = ptext.endswith("\n")
        pblocks = parse(ptext[:-1].split("\n") if ptrailing else ptext.split("\n"))
        pg, pglued, pkept = make_glued(pblocks)
        write(os.path.join(OUT, stem + "-glued.txt"), pg, ptrailing)
        print(f"glued ({stem}): {pglued} tables glued, {len(pkept)} left as pipe tables")

    if check:
        c = count_src(blocks)
        print(f"source:  {len(src)} lines, " + ", ".join(f"{v} {n}" for n, v in c.items()))
        ok = check_en(src, en)
        ok &= check_wrapped(src, blocks, wr)
        ok &= check_md(src, md)
        with open(os.path.join(OUT, STEM + ".html"), encoding="utf-8") as f:
            ok &= check_html(src, blocks, f.read())
        ok &= check_version_pages(src, vpages)
        print("check: OK" if ok else "check: FAILED")
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
