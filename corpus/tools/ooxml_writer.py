"""Writes small PowerPoint (.pptx) and Excel (.xlsx) files with the standard library only.

Used by scripts/make-corpus-office (corpus/pptx, corpus/xlsx) and scripts/make-format-fixtures
(test fixtures). Output is deterministic: fixed timestamps (2024-01-01), fixed entry order.
Only what DMKM reads and what viewers need is written: package relationships, core
properties, slides with a title and a body placeholder, speaker notes, a table on request;
workbooks with a shared-string table and numeric cells.
"""

import zipfile
from xml.sax.saxutils import escape

STAMP = (2024, 1, 1, 0, 0, 0)

CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in entries:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))


def _rels(items):
    body = "".join(
        f'<Relationship Id="{rid}" Type="{OFFICE_REL}/{kind}" Target="{target}"/>' for rid, kind, target in items
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{REL}">{body}</Relationships>'


def _core(title, authors, keywords, created, language):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape('; '.join(authors))}</dc:creator>"
        f"<cp:keywords>{escape(', '.join(keywords))}</cp:keywords><dc:language>{language}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}T09:00:00Z</dcterms:created>'
        "</cp:coreProperties>"
    )


def _package_rels():
    return _rels([
        ("rId1", "officeDocument", "{main}"),
        ("rId2", "metadata/core-properties", "docProps/core.xml"),
    ]).replace(f"{OFFICE_REL}/metadata/core-properties", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties")


def _paragraphs(lines):
    return "".join(f'<a:p><a:r><a:rPr lang="th-TH"/><a:t>{escape(line)}</a:t></a:r></a:p>' for line in lines) or "<a:p/>"


def _shape(shape_id, name, placeholder, lines):
    ph = f'<p:ph type="{placeholder}"/>' if placeholder else ""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/><p:nvPr>{ph}</p:nvPr></p:nvSpPr>'
        f'<p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>{_paragraphs(lines)}</p:txBody></p:sp>'
    )


def _table(rows):
    body = "".join(
        "<a:tr h=\"370840\">" + "".join(
            f"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{_paragraphs([cell])}</a:txBody><a:tcPr/></a:tc>" for cell in row
        ) + "</a:tr>" for row in rows
    )
    grid = "".join('<a:gridCol w="2000000"/>' for _ in rows[0])
    return (
        '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="9" name="Table"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>'
        '<p:xfrm><a:off x="0" y="0"/><a:ext cx="6000000" cy="1500000"/></p:xfrm>'
        f'<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblGrid>{grid}</a:tblGrid>{body}</a:tbl></a:graphicData></a:graphic>'
        "</p:graphicFrame>"
    )


def write_pptx(path, title, authors, keywords, created, slides, language="th-TH"):
    """slides: list of dicts {title, lines, notes (optional list), table (optional list of rows)}."""
    n = len(slides)
    overrides = [
        ("/ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
    ]
    entries = []
    pres_rels = []
    slide_ids = []
    for i, slide in enumerate(slides, 1):
        overrides.append((f"/ppt/slides/slide{i}.xml", "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"))
        pres_rels.append((f"rId{i}", "slide", f"slides/slide{i}.xml"))
        slide_ids.append(f'<p:sldId id="{255 + i}" r:id="rId{i}"/>')
        shapes = _shape(2, "Title", "title", [slide["title"]]) + _shape(3, "Content", "body", slide.get("lines", []))
        if slide.get("table"):
            shapes += _table(slide["table"])
        shapes += _shape(4, "Slide Number", "sldNum", [str(i)])
        entries.append((f"ppt/slides/slide{i}.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:sld xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}">'
            '<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
            f"{shapes}</p:spTree></p:cSld></p:sld>")))
        slide_rels = []
        if slide.get("notes"):
            overrides.append((f"/ppt/notesSlides/notesSlide{i}.xml", "application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"))
            slide_rels.append(("rId1", "notesSlide", f"../notesSlides/notesSlide{i}.xml"))
            notes = _shape(2, "Slide Image", "sldImg", []) + _shape(3, "Notes", "body", slide["notes"]) + _shape(4, "Number", "sldNum", [str(i)])
            entries.append((f"ppt/notesSlides/notesSlide{i}.xml", (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:notes xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}">'
                '<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
                f"{notes}</p:spTree></p:cSld></p:notes>")))
            entries.append((f"ppt/notesSlides/_rels/notesSlide{i}.xml.rels", _rels([("rId1", "slide", f"../slides/slide{i}.xml")])))
        entries.append((f"ppt/slides/_rels/slide{i}.xml.rels", _rels(slide_rels)))
    presentation = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:presentation xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}">'
        f'<p:sldIdLst>{"".join(slide_ids)}</p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/>'
        "</p:presentation>"
    )
    _zip(path, [
        ("[Content_Types].xml", _content_types(overrides)),
        ("_rels/.rels", _package_rels().replace("{main}", "ppt/presentation.xml")),
        ("docProps/core.xml", _core(title, authors, keywords, created, language)),
        ("ppt/presentation.xml", presentation),
        ("ppt/_rels/presentation.xml.rels", _rels(pres_rels)),
    ] + entries)
    return n


def _content_types(overrides):
    body = (
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="{CT}">{body}</Types>'


def _column(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def write_xlsx(path, title, authors, keywords, created, sheets, language="th-TH"):
    """sheets: list of (name, rows); a row is a list of str (shared strings) or numbers."""
    strings = []
    index = {}
    overrides = [
        ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        ("/xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
    ]
    entries = []
    sheet_xml = []
    rels = []
    for number, (name, rows) in enumerate(sheets, 1):
        overrides.append((f"/xl/worksheets/sheet{number}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"))
        rels.append((f"rId{number}", "worksheet", f"worksheets/sheet{number}.xml"))
        sheet_xml.append(f'<sheet name="{escape(name)}" sheetId="{number}" r:id="rId{number}"/>')
        row_xml = []
        for r, row in enumerate(rows, 1):
            cells = []
            for c, value in enumerate(row):
                ref = f"{_column(c)}{r}"
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    if value not in index:
                        index[value] = len(strings)
                        strings.append(value)
                    cells.append(f'<c r="{ref}" t="s"><v>{index[value]}</v></c>')
                else:
                    cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            row_xml.append(f'<row r="{r}">{"".join(cells)}</row>')
        entries.append((f"xl/worksheets/sheet{number}.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{S}" xmlns:r="{R}">'
            f'<sheetData>{"".join(row_xml)}</sheetData></worksheet>')))
    rels.append((f"rId{len(sheets) + 1}", "sharedStrings", "sharedStrings.xml"))
    shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    _zip(path, [
        ("[Content_Types].xml", _content_types(overrides)),
        ("_rels/.rels", _package_rels().replace("{main}", "xl/workbook.xml")),
        ("docProps/core.xml", _core(title, authors, keywords, created, language)),
        ("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{S}" xmlns:r="{R}"><sheets>{"".join(sheet_xml)}</sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", _rels(rels)),
        ("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{S}" count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>'),
    ] + entries)
