/* docx_ref.c - what a .docx reference document lends the DOCX writer: its
 * style sheet, font table and theme, each copied through an allow-list
 * (xmlclean) of the WordprocessingML and DrawingML the output can hold.
 * The tables below are a subset of ECMA-376 Transitional (wml.xsd,
 * dml-main.xsd): children in schema order, attribute values checked
 * against their simple types. Left out on purpose: numbering (w:numPr: the
 * numbering part is ours), hidden text (w:vanish, w:specVanish,
 * w:webHidden: a contract's text is all visible), frames, revision marks,
 * relationships (embedded fonts), and every extension. */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "docx_int.h"
#include "i18n.h"
#include "stylefont.h"
#include "templates.h"
#include "xmlclean.h"

#define NS_A "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_PR "http://schemas.openxmlformats.org/package/2006/relationships"

static const xmlclean_ns wml_ns[] = {{"w", DOCX_NS_W}, {NULL, NULL}};

/* ---- simple types ---- */

static const char *const on_off[] = {"true", "false", "on", "off", "0", "1", NULL};
static const char *const measure_units[] = {"mm", "cm", "in", "pt", "pc", "pi", NULL};

/* ST_TwipsMeasure, ST_HpsMeasure: unsigned, or a positive universal measure */
static bool twips(const char *s) { return xmlclean_uint(s) || xmlclean_measure(s, false, false, measure_units); }
/* ST_SignedTwipsMeasure, ST_SignedHpsMeasure */
static bool signed_twips(const char *s) { return xmlclean_int(s) || xmlclean_measure(s, true, false, measure_units); }
static bool hex_color(const char *s) { return strcmp(s, "auto") == 0 || xmlclean_hex(s, 6); }
static bool hex_rgb(const char *s) { return xmlclean_hex(s, 6); }
static bool uchar_hex(const char *s) { return xmlclean_hex(s, 2); }
static bool short_hex(const char *s) { return xmlclean_hex(s, 4); }
static bool long_hex(const char *s) { return xmlclean_hex(s, 8); }
static bool panose(const char *s) { return xmlclean_hex(s, 20); }
/* ST_Percentage: -?[0-9]+(\.[0-9]+)?% */
static bool percentage(const char *s) {
  static const char *const pct[] = {"%", NULL};
  return xmlclean_measure(s, true, false, pct);
}
/* ST_MeasurementOrPercent: an integer, a percentage or a universal measure */
static bool measure_or_percent(const char *s) { return signed_twips(s) || percentage(s); }
/* DrawingML's ST_Percentage: an int, or the pattern above */
static bool dml_percentage(const char *s) { return xmlclean_int(s) || percentage(s); }
/* ST_PositiveFixedAngle: 0 <= n < 21600000 (60000ths of a degree) */
static bool fixed_angle(const char *s) { return xmlclean_uint(s) && strtol(s, NULL, 10) < 21600000; }

static const char *const style_types[] = {"paragraph", "character", "table", "numbering", NULL};
static const char *const theme_colors[] = {
    "dark1", "light1", "dark2", "light2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
    "hyperlink", "followedHyperlink", "none", "background1", "text1", "background2", "text2", NULL};
static const char *const theme_fonts[] = {"majorEastAsia", "majorBidi", "majorAscii", "majorHAnsi",
                                          "minorEastAsia", "minorBidi", "minorAscii", "minorHAnsi", NULL};
/* ST_Border without the art borders (apples, balloons, ...) */
static const char *const borders[] = {
    "nil", "none", "single", "thick", "double", "dotted", "dashed", "dotDash", "dotDotDash", "triple",
    "thinThickSmallGap", "thickThinSmallGap", "thinThickThinSmallGap", "thinThickMediumGap",
    "thickThinMediumGap", "thinThickThinMediumGap", "thinThickLargeGap", "thickThinLargeGap",
    "thinThickThinLargeGap", "wave", "doubleWave", "dashSmallGap", "dashDotStroked", "threeDEmboss",
    "threeDEngrave", "outset", "inset", NULL};
static const char *const shadings[] = {
    "nil", "clear", "solid", "horzStripe", "vertStripe", "reverseDiagStripe", "diagStripe", "horzCross",
    "diagCross", "thinHorzStripe", "thinVertStripe", "thinReverseDiagStripe", "thinDiagStripe",
    "thinHorzCross", "thinDiagCross", "pct5", "pct10", "pct12", "pct15", "pct20", "pct25", "pct30", "pct35",
    "pct37", "pct40", "pct45", "pct50", "pct55", "pct60", "pct62", "pct65", "pct70", "pct75", "pct80", "pct85",
    "pct87", "pct90", "pct95", NULL};
static const char *const underlines[] = {
    "single", "words", "double", "thick", "dotted", "dottedHeavy", "dash", "dashedHeavy", "dashLong",
    "dashLongHeavy", "dotDash", "dashDotHeavy", "dotDotDash", "dashDotDotHeavy", "wave", "wavyHeavy",
    "wavyDouble", "none", NULL};
static const char *const highlights[] = {"black", "blue", "cyan", "green", "magenta", "red", "yellow", "white",
                                         "darkBlue", "darkCyan", "darkGreen", "darkMagenta", "darkRed",
                                         "darkYellow", "darkGray", "lightGray", "none", NULL};
static const char *const jc_para[] = {"start", "center", "end", "both", "mediumKashida", "distribute", "numTab",
                                      "highKashida", "lowKashida", "thaiDistribute", "left", "right", NULL};
static const char *const jc_table[] = {"center", "end", "left", "right", "start", NULL};
static const char *const tab_jc[] = {"clear", "start", "center", "end", "decimal", "bar", "num", "left", "right", NULL};
static const char *const tab_leaders[] = {"none", "dot", "hyphen", "underscore", "heavy", "middleDot", NULL};
static const char *const line_rules[] = {"auto", "exact", "atLeast", NULL};
static const char *const text_directions[] = {"tb", "rl", "lr", "tbV", "rlV", "lrV", "btLr", "lrTb", "lrTbV",
                                              "tbLrV", "tbRl", "tbRlV", NULL};
static const char *const text_alignments[] = {"top", "center", "baseline", "bottom", "auto", NULL};
static const char *const vertical_jc[] = {"top", "center", "both", "bottom", NULL};
static const char *const vert_align_run[] = {"baseline", "superscript", "subscript", NULL};
static const char *const emphasis_marks[] = {"none", "dot", "comma", "circle", "underDot", NULL};
static const char *const text_effects[] = {"blinkBackground", "lights", "antsBlack", "antsRed", "shimmer", "sparkle",
                                           "none", NULL};
static const char *const hints[] = {"default", "eastAsia", NULL};
static const char *const width_types[] = {"nil", "pct", "dxa", "auto", NULL};
static const char *const layout_types[] = {"fixed", "autofit", NULL};
static const char *const height_rules[] = {"auto", "exact", "atLeast", NULL};
static const char *const overlaps[] = {"never", "overlap", NULL};
static const char *const override_types[] = {"wholeTable", "firstRow", "lastRow", "firstCol", "lastCol",
                                             "band1Vert", "band2Vert", "band1Horz", "band2Horz", "neCell",
                                             "nwCell", "seCell", "swCell", NULL};
static const char *const font_families[] = {"decorative", "modern", "roman", "script", "swiss", "auto", NULL};
static const char *const pitches[] = {"fixed", "variable", "default", NULL};

#define ATTR(n, c) {n, c, NULL, false}
#define REQ(n, c) {n, c, NULL, true}
#define ENUM(n, v) {n, NULL, v, false}
#define REQ_ENUM(n, v) {n, NULL, v, true}
#define END_ATTRS {NULL, NULL, NULL, false}
#define END_CHILDREN {NULL, NULL, 0}

/* ---- WordprocessingML: element types of a style sheet ---- */

static const xmlclean_attr a_on_off[] = {ENUM("w:val", on_off), END_ATTRS};
static const xmlclean_elem t_on_off = {a_on_off, NULL, NULL, false};
static const xmlclean_attr a_string[] = {REQ("w:val", NULL), END_ATTRS};
static const xmlclean_elem t_string = {a_string, NULL, NULL, false};
static const xmlclean_attr a_decimal[] = {REQ("w:val", xmlclean_int), END_ATTRS};
static const xmlclean_elem t_decimal = {a_decimal, NULL, NULL, false};
static const xmlclean_attr a_twips[] = {REQ("w:val", twips), END_ATTRS};
static const xmlclean_elem t_hps = {a_twips, NULL, NULL, false};
static const xmlclean_attr a_signed_twips[] = {REQ("w:val", signed_twips), END_ATTRS};
static const xmlclean_elem t_signed = {a_signed_twips, NULL, NULL, false};
#define ENUM_TYPE(t, list)                                                                                    \
  static const xmlclean_attr a_##t[] = {REQ_ENUM("w:val", list), END_ATTRS};                                 \
  static const xmlclean_elem t_##t = {a_##t, NULL, NULL, false}
ENUM_TYPE(jc, jc_para);
ENUM_TYPE(jc_table, jc_table);
ENUM_TYPE(text_direction, text_directions);
ENUM_TYPE(text_alignment, text_alignments);
ENUM_TYPE(vertical_jc, vertical_jc);
ENUM_TYPE(vert_align, vert_align_run);
ENUM_TYPE(highlight, highlights);
ENUM_TYPE(em, emphasis_marks);
ENUM_TYPE(effect, text_effects);
ENUM_TYPE(overlap, overlaps);
ENUM_TYPE(font_family, font_families);
ENUM_TYPE(pitch, pitches);

static const xmlclean_attr a_border[] = {
    REQ_ENUM("w:val", borders), ATTR("w:color", hex_color), ENUM("w:themeColor", theme_colors),
    ATTR("w:themeTint", uchar_hex), ATTR("w:themeShade", uchar_hex), ATTR("w:sz", xmlclean_uint),
    ATTR("w:space", xmlclean_uint), ENUM("w:shadow", on_off), ENUM("w:frame", on_off), END_ATTRS};
static const xmlclean_elem t_border = {a_border, NULL, NULL, false};
static const xmlclean_attr a_shd[] = {
    REQ_ENUM("w:val", shadings), ATTR("w:color", hex_color), ENUM("w:themeColor", theme_colors),
    ATTR("w:themeTint", uchar_hex), ATTR("w:themeShade", uchar_hex), ATTR("w:fill", hex_color),
    ENUM("w:themeFill", theme_colors), ATTR("w:themeFillTint", uchar_hex), ATTR("w:themeFillShade", uchar_hex),
    END_ATTRS};
static const xmlclean_elem t_shd = {a_shd, NULL, NULL, false};
static const xmlclean_attr a_color[] = {REQ("w:val", hex_color), ENUM("w:themeColor", theme_colors),
                                        ATTR("w:themeTint", uchar_hex), ATTR("w:themeShade", uchar_hex), END_ATTRS};
static const xmlclean_elem t_color = {a_color, NULL, NULL, false};
static const xmlclean_attr a_fonts[] = {
    ENUM("w:hint", hints), ATTR("w:ascii", NULL), ATTR("w:hAnsi", NULL), ATTR("w:eastAsia", NULL),
    ATTR("w:cs", NULL), ENUM("w:asciiTheme", theme_fonts), ENUM("w:hAnsiTheme", theme_fonts),
    ENUM("w:eastAsiaTheme", theme_fonts), ENUM("w:cstheme", theme_fonts), END_ATTRS};
static const xmlclean_elem t_fonts = {a_fonts, NULL, NULL, false};
static const xmlclean_attr a_underline[] = {ENUM("w:val", underlines), ATTR("w:color", hex_color),
                                            ENUM("w:themeColor", theme_colors), ATTR("w:themeTint", uchar_hex),
                                            ATTR("w:themeShade", uchar_hex), END_ATTRS};
static const xmlclean_elem t_underline = {a_underline, NULL, NULL, false};
static const xmlclean_attr a_lang[] = {ATTR("w:val", NULL), ATTR("w:eastAsia", NULL), ATTR("w:bidi", NULL),
                                       END_ATTRS};
static const xmlclean_elem t_lang = {a_lang, NULL, NULL, false};
static const xmlclean_attr a_spacing[] = {
    ATTR("w:before", twips), ATTR("w:beforeLines", xmlclean_int), ENUM("w:beforeAutospacing", on_off),
    ATTR("w:after", twips), ATTR("w:afterLines", xmlclean_int), ENUM("w:afterAutospacing", on_off),
    ATTR("w:line", signed_twips), ENUM("w:lineRule", line_rules), END_ATTRS};
static const xmlclean_elem t_spacing = {a_spacing, NULL, NULL, false};
static const xmlclean_attr a_ind[] = {
    ATTR("w:start", signed_twips), ATTR("w:startChars", xmlclean_int), ATTR("w:end", signed_twips),
    ATTR("w:endChars", xmlclean_int), ATTR("w:left", signed_twips), ATTR("w:leftChars", xmlclean_int),
    ATTR("w:right", signed_twips), ATTR("w:rightChars", xmlclean_int), ATTR("w:hanging", twips),
    ATTR("w:hangingChars", xmlclean_int), ATTR("w:firstLine", twips), ATTR("w:firstLineChars", xmlclean_int),
    END_ATTRS};
static const xmlclean_elem t_ind = {a_ind, NULL, NULL, false};

static const xmlclean_attr a_tab[] = {REQ_ENUM("w:val", tab_jc), ENUM("w:leader", tab_leaders),
                                      REQ("w:pos", signed_twips), END_ATTRS};
static const xmlclean_elem t_tab = {a_tab, NULL, NULL, false};
/* CT_Tabs holds at least one tab (Word allows 64) */
static bool has_children(xmlclean_node *n) { return xmlclean_child_named(n, "w:tab") != NULL; }
static const xmlclean_child c_tabs[] = {{"w:tab", &t_tab, 64}, END_CHILDREN};
static const xmlclean_elem t_tabs = {NULL, c_tabs, has_children, false};

static const xmlclean_child c_pbdr[] = {{"w:top", &t_border, 1},    {"w:left", &t_border, 1},
                                        {"w:bottom", &t_border, 1}, {"w:right", &t_border, 1},
                                        {"w:between", &t_border, 1}, {"w:bar", &t_border, 1},
                                        END_CHILDREN};
static const xmlclean_elem t_pbdr = {NULL, c_pbdr, NULL, false};

/* CT_PPrGeneral (CT_PPrBase's sequence) */
static const xmlclean_child c_ppr[] = {
    {"w:keepNext", &t_on_off, 1},          {"w:keepLines", &t_on_off, 1},
    {"w:pageBreakBefore", &t_on_off, 1},   {"w:widowControl", &t_on_off, 1},
    {"w:suppressLineNumbers", &t_on_off, 1}, {"w:pBdr", &t_pbdr, 1},
    {"w:shd", &t_shd, 1},                  {"w:tabs", &t_tabs, 1},
    {"w:suppressAutoHyphens", &t_on_off, 1}, {"w:kinsoku", &t_on_off, 1},
    {"w:wordWrap", &t_on_off, 1},          {"w:overflowPunct", &t_on_off, 1},
    {"w:topLinePunct", &t_on_off, 1},      {"w:autoSpaceDE", &t_on_off, 1},
    {"w:autoSpaceDN", &t_on_off, 1},       {"w:bidi", &t_on_off, 1},
    {"w:adjustRightInd", &t_on_off, 1},    {"w:snapToGrid", &t_on_off, 1},
    {"w:spacing", &t_spacing, 1},          {"w:ind", &t_ind, 1},
    {"w:contextualSpacing", &t_on_off, 1}, {"w:mirrorIndents", &t_on_off, 1},
    {"w:suppressOverlap", &t_on_off, 1},   {"w:jc", &t_jc, 1},
    {"w:textDirection", &t_text_direction, 1}, {"w:textAlignment", &t_text_alignment, 1},
    {"w:outlineLvl", &t_decimal, 1},       END_CHILDREN};
static const xmlclean_elem t_ppr = {NULL, c_ppr, NULL, false};

/* CT_RPr: in Transitional its children may come in any order */
static const xmlclean_child c_rpr[] = {
    {"w:rFonts", &t_fonts, 1},     {"w:b", &t_on_off, 1},          {"w:bCs", &t_on_off, 1},
    {"w:i", &t_on_off, 1},         {"w:iCs", &t_on_off, 1},        {"w:caps", &t_on_off, 1},
    {"w:smallCaps", &t_on_off, 1}, {"w:strike", &t_on_off, 1},     {"w:dstrike", &t_on_off, 1},
    {"w:outline", &t_on_off, 1},   {"w:shadow", &t_on_off, 1},     {"w:emboss", &t_on_off, 1},
    {"w:imprint", &t_on_off, 1},   {"w:noProof", &t_on_off, 1},    {"w:snapToGrid", &t_on_off, 1},
    {"w:color", &t_color, 1},      {"w:spacing", &t_signed, 1},    {"w:kern", &t_hps, 1},
    {"w:position", &t_signed, 1},  {"w:sz", &t_hps, 1},            {"w:szCs", &t_hps, 1},
    {"w:highlight", &t_highlight, 1}, {"w:u", &t_underline, 1},    {"w:effect", &t_effect, 1},
    {"w:bdr", &t_border, 1},       {"w:shd", &t_shd, 1},           {"w:vertAlign", &t_vert_align, 1},
    {"w:rtl", &t_on_off, 1},       {"w:cs", &t_on_off, 1},         {"w:em", &t_em, 1},
    {"w:lang", &t_lang, 1},        {"w:oMath", &t_on_off, 1},      END_CHILDREN};
static const xmlclean_elem t_rpr = {NULL, c_rpr, NULL, false};

static const xmlclean_attr a_tbl_width[] = {ATTR("w:w", measure_or_percent), ENUM("w:type", width_types),
                                            END_ATTRS};
static const xmlclean_elem t_tbl_width = {a_tbl_width, NULL, NULL, false};
static const xmlclean_child c_tbl_borders[] = {
    {"w:top", &t_border, 1},    {"w:start", &t_border, 1}, {"w:left", &t_border, 1},
    {"w:bottom", &t_border, 1}, {"w:end", &t_border, 1},   {"w:right", &t_border, 1},
    {"w:insideH", &t_border, 1}, {"w:insideV", &t_border, 1}, END_CHILDREN};
static const xmlclean_elem t_tbl_borders = {NULL, c_tbl_borders, NULL, false};
static const xmlclean_child c_tc_borders[] = {
    {"w:top", &t_border, 1},     {"w:start", &t_border, 1},   {"w:left", &t_border, 1},
    {"w:bottom", &t_border, 1},  {"w:end", &t_border, 1},     {"w:right", &t_border, 1},
    {"w:insideH", &t_border, 1}, {"w:insideV", &t_border, 1}, {"w:tl2br", &t_border, 1},
    {"w:tr2bl", &t_border, 1},   END_CHILDREN};
static const xmlclean_elem t_tc_borders = {NULL, c_tc_borders, NULL, false};
static const xmlclean_child c_cell_margins[] = {
    {"w:top", &t_tbl_width, 1},    {"w:start", &t_tbl_width, 1}, {"w:left", &t_tbl_width, 1},
    {"w:bottom", &t_tbl_width, 1}, {"w:end", &t_tbl_width, 1},   {"w:right", &t_tbl_width, 1},
    END_CHILDREN};
static const xmlclean_elem t_cell_margins = {NULL, c_cell_margins, NULL, false};
static const xmlclean_attr a_tbl_layout[] = {ENUM("w:type", layout_types), END_ATTRS};
static const xmlclean_elem t_tbl_layout = {a_tbl_layout, NULL, NULL, false};
static const xmlclean_attr a_tbl_look[] = {
    ENUM("w:firstRow", on_off), ENUM("w:lastRow", on_off), ENUM("w:firstColumn", on_off),
    ENUM("w:lastColumn", on_off), ENUM("w:noHBand", on_off), ENUM("w:noVBand", on_off),
    ATTR("w:val", short_hex), END_ATTRS};
static const xmlclean_elem t_tbl_look = {a_tbl_look, NULL, NULL, false};
/* CT_TblPrBase */
static const xmlclean_child c_tblpr[] = {
    {"w:tblOverlap", &t_overlap, 1},        {"w:bidiVisual", &t_on_off, 1},
    {"w:tblStyleRowBandSize", &t_decimal, 1}, {"w:tblStyleColBandSize", &t_decimal, 1},
    {"w:tblW", &t_tbl_width, 1},            {"w:jc", &t_jc_table, 1},
    {"w:tblCellSpacing", &t_tbl_width, 1},  {"w:tblInd", &t_tbl_width, 1},
    {"w:tblBorders", &t_tbl_borders, 1},    {"w:shd", &t_shd, 1},
    {"w:tblLayout", &t_tbl_layout, 1},      {"w:tblCellMar", &t_cell_margins, 1},
    {"w:tblLook", &t_tbl_look, 1},          END_CHILDREN};
static const xmlclean_elem t_tblpr = {NULL, c_tblpr, NULL, false};
static const xmlclean_attr a_height[] = {ATTR("w:val", twips), ENUM("w:hRule", height_rules), END_ATTRS};
static const xmlclean_elem t_height = {a_height, NULL, NULL, false};
/* CT_TrPr: a choice, any order */
static const xmlclean_child c_trpr[] = {
    {"w:cantSplit", &t_on_off, 1}, {"w:trHeight", &t_height, 1}, {"w:tblHeader", &t_on_off, 1},
    {"w:tblCellSpacing", &t_tbl_width, 1}, {"w:jc", &t_jc_table, 1}, END_CHILDREN};
static const xmlclean_elem t_trpr = {NULL, c_trpr, NULL, false};
/* CT_TcPr */
static const xmlclean_child c_tcpr[] = {
    {"w:tcW", &t_tbl_width, 1},   {"w:tcBorders", &t_tc_borders, 1}, {"w:shd", &t_shd, 1},
    {"w:noWrap", &t_on_off, 1},   {"w:tcMar", &t_cell_margins, 1},  {"w:textDirection", &t_text_direction, 1},
    {"w:tcFitText", &t_on_off, 1}, {"w:vAlign", &t_vertical_jc, 1}, {"w:hideMark", &t_on_off, 1},
    END_CHILDREN};
static const xmlclean_elem t_tcpr = {NULL, c_tcpr, NULL, false};

static const xmlclean_attr a_tbl_style_pr[] = {REQ_ENUM("w:type", override_types), END_ATTRS};
static const xmlclean_child c_tbl_style_pr[] = {{"w:pPr", &t_ppr, 1},   {"w:rPr", &t_rpr, 1},
                                                {"w:tblPr", &t_tblpr, 1}, {"w:trPr", &t_trpr, 1},
                                                {"w:tcPr", &t_tcpr, 1}, END_CHILDREN};
static const xmlclean_elem t_tbl_style_pr = {a_tbl_style_pr, c_tbl_style_pr, NULL, false};

/* A style without an id cannot be referred to; a numbering style names
 * numbering definitions, which are ours. */
static bool style_usable(xmlclean_node *n) {
  const char *type = xmlclean_get(n, "w:type");
  return xmlclean_get(n, "w:styleId") && !(type && strcmp(type, "numbering") == 0);
}

static const xmlclean_attr a_style[] = {ENUM("w:type", style_types), ATTR("w:styleId", NULL),
                                        ENUM("w:default", on_off), ENUM("w:customStyle", on_off), END_ATTRS};
static const xmlclean_child c_style[] = {
    {"w:name", &t_string, 1},          {"w:aliases", &t_string, 1},      {"w:basedOn", &t_string, 1},
    {"w:next", &t_string, 1},          {"w:link", &t_string, 1},         {"w:autoRedefine", &t_on_off, 1},
    {"w:hidden", &t_on_off, 1},        {"w:uiPriority", &t_decimal, 1},  {"w:semiHidden", &t_on_off, 1},
    {"w:unhideWhenUsed", &t_on_off, 1}, {"w:qFormat", &t_on_off, 1},     {"w:locked", &t_on_off, 1},
    {"w:pPr", &t_ppr, 1},              {"w:rPr", &t_rpr, 1},             {"w:tblPr", &t_tblpr, 1},
    {"w:trPr", &t_trpr, 1},            {"w:tcPr", &t_tcpr, 1},           {"w:tblStylePr", &t_tbl_style_pr, 13},
    END_CHILDREN};
static const xmlclean_elem t_style = {a_style, c_style, style_usable, false};

static const xmlclean_child c_rpr_default[] = {{"w:rPr", &t_rpr, 1}, END_CHILDREN};
static const xmlclean_elem t_rpr_default = {NULL, c_rpr_default, NULL, false};
static const xmlclean_child c_ppr_default[] = {{"w:pPr", &t_ppr, 1}, END_CHILDREN};
static const xmlclean_elem t_ppr_default = {NULL, c_ppr_default, NULL, false};
static const xmlclean_child c_doc_defaults[] = {{"w:rPrDefault", &t_rpr_default, 1},
                                                {"w:pPrDefault", &t_ppr_default, 1}, END_CHILDREN};
static const xmlclean_elem t_doc_defaults = {NULL, c_doc_defaults, NULL, false};

static const xmlclean_attr a_lsd[] = {REQ("w:name", NULL),          ENUM("w:locked", on_off),
                                      ATTR("w:uiPriority", xmlclean_int), ENUM("w:semiHidden", on_off),
                                      ENUM("w:unhideWhenUsed", on_off), ENUM("w:qFormat", on_off), END_ATTRS};
static const xmlclean_elem t_lsd = {a_lsd, NULL, NULL, false};
static const xmlclean_attr a_latent[] = {
    ENUM("w:defLockedState", on_off), ATTR("w:defUIPriority", xmlclean_int), ENUM("w:defSemiHidden", on_off),
    ENUM("w:defUnhideWhenUsed", on_off), ENUM("w:defQFormat", on_off), ATTR("w:count", xmlclean_int), END_ATTRS};
static const xmlclean_child c_latent[] = {{"w:lsdException", &t_lsd, 2000}, END_CHILDREN};
static const xmlclean_elem t_latent = {a_latent, c_latent, NULL, false};

static const xmlclean_child c_styles[] = {{"w:docDefaults", &t_doc_defaults, 1},
                                          {"w:latentStyles", &t_latent, 1},
                                          {"w:style", &t_style, XMLCLEAN_MANY}, END_CHILDREN};
static const xmlclean_elem t_styles = {NULL, c_styles, NULL, true};

/* ---- the style sheet ---- */

typedef struct {
  xmlDocPtr ours;
  const char *lang;         /* the document language's tag, or NULL */
  buf defaults, latent;     /* their w:docDefaults, w:latentStyles */
  xmlw *styles;             /* their w:style elements, as a fragment */
  strset ids;               /* their style ids kept */
} styles_merge;

/* Our style of that id, or NULL. */
static xmlNodePtr our_style(xmlDocPtr ours, const char *id) {
  for (xmlNodePtr k = xmlDocGetRootElement(ours)->children; k; k = k->next) {
    if (!docx_is_w(k, "style")) continue;
    xmlChar *sid = xmlGetNsProp(k, BAD_CAST "styleId", BAD_CAST DOCX_NS_W);
    bool eq = sid && strcmp((const char *)sid, id) == 0;
    xmlFree(sid);
    if (eq) return k;
  }
  return NULL;
}

/* A style of theirs with an id we use must be of our style's type (a
 * character style "Heading1" cannot style a paragraph): else ours is used. */
static bool type_fits(const styles_merge *m, const char *id, const char *type) {
  xmlNodePtr mine = NULL;
  for (size_t i = 0; docx_used_styles[i] && !mine; i++)
    if (strcmp(docx_used_styles[i], id) == 0) mine = our_style(m->ours, id);
  if (!mine) return true;
  xmlChar *t = xmlGetNsProp(mine, BAD_CAST "type", BAD_CAST DOCX_NS_W);
  bool fits = strcmp(type ? type : "paragraph", t ? (const char *)t : "paragraph") == 0;
  xmlFree(t);
  return fits;
}

/* Whether their style n is kept: it fits, and it is the first of its id. */
static bool their_style_kept(styles_merge *m, const xmlclean_node *n) {
  const char *id = xmlclean_get(n, "w:styleId");
  return type_fits(m, id, xmlclean_get(n, "w:type")) && strset_add(&m->ids, id);
}

static void fragment(buf *out, const xmlclean_node *n) {
  xmlw *w = xmlw_new_fragment();
  xmlclean_write(w, n);
  xmlw_finish(w, out);
}

/* The document language on the default run properties (spelling,
 * hyphenation, a tagged PDF's language): w:rPrDefault/w:rPr/w:lang of
 * defaults, made where they lack it. */
static void set_language(xmlclean_node *defaults, const char *lang) {
  if (!lang) return;
  xmlclean_node *rpr = xmlclean_child_make(xmlclean_child_make(defaults, "w:rPrDefault"), "w:rPr");
  xmlclean_set(xmlclean_child_make(rpr, "w:lang"), "w:val", lang);
}

static void on_style_sheet_child(void *ctx, xmlclean_node *n) {
  styles_merge *m = ctx;
  const char *name = xmlclean_name(n);
  if (strcmp(name, "w:docDefaults") == 0) {
    set_language(n, m->lang);
    fragment(&m->defaults, n);
  } else if (strcmp(name, "w:latentStyles") == 0) {
    fragment(&m->latent, n);
  } else if (their_style_kept(m, n)) {
    xmlclean_write(m->styles, n);
  }
}

/* Reads a part of ref through spec; the error names the file and part. */
static int clean_part(refdoc *ref, const char *part, const xmlclean_spec *spec, char **err) {
  char *data = NULL, *perr = NULL;
  size_t len = 0;
  int rc = refdoc_part_data(ref, part, &data, &len, &perr);
  if (rc == 0) rc = xmlclean_run(spec, data, len, part, &perr);
  free(data);
  if (rc < 0) {
    *err = xasprintf(_("%s: not a usable .docx reference document: %s"), ref->path, perr);
    free(perr);
  }
  return rc;
}

/* Reads ref's style sheet through the allow-list: emit gets each complete
 * child of w:styles. 0, or -1 with *err. */
static int read_style_sheet(refdoc *ref, void (*emit)(void *, xmlclean_node *), void *ctx, char **err) {
  xmlclean_spec spec = {wml_ns, "w:styles", _("is not a WordprocessingML style sheet"), &t_styles, emit, ctx};
  int rc = clean_part(ref, "word/styles.xml", &spec, err);
  if (rc == 1)
    *err = xasprintf(_("%s: not a usable .docx reference document: it has no word/styles.xml"), ref->path);
  return rc == 0 ? 0 : -1;
}

int docx_ref_styles(refdoc *ref, xmlDocPtr ours, const char *lang, buf *out, char **err) {
  styles_merge m = {.ours = ours, .lang = lang};
  buf_init(&m.defaults);
  buf_init(&m.latent);
  m.styles = xmlw_new_fragment();
  int rc = read_style_sheet(ref, on_style_sheet_child, &m, err);
  buf styles;
  buf_init(&styles);
  xmlw_finish(m.styles, &styles);
  if (rc == 0 && m.defaults.len == 0 && lang) { /* defaults of our own, for the language */
    xmlclean_node *n = xmlclean_new("w:docDefaults", &t_doc_defaults);
    set_language(n, lang);
    fragment(&m.defaults, n);
    xmlclean_free(n);
  }
  if (rc == 0) {
    xmlw *w = xmlw_new();
    xmlw_start(w, "w:styles");
    xmlw_attr(w, "xmlns:w", DOCX_NS_W);
    xmlw_raw(w, m.defaults.data, m.defaults.len);
    xmlw_raw(w, m.latent.data, m.latent.len);
    xmlw_raw(w, styles.data, styles.len);
    /* each style we use that theirs lacks, from ours: ours refer (basedOn,
     * next) only to ids of the same list, so every reference resolves */
    for (size_t i = 0; docx_used_styles[i]; i++) {
      xmlNodePtr mine = strset_has(&m.ids, docx_used_styles[i]) ? NULL : our_style(ours, docx_used_styles[i]);
      if (mine) xmlw_node(w, mine);
    }
    xmlw_end(w);
    xmlw_finish(w, out);
  }
  buf_free(&styles);
  buf_free(&m.defaults);
  buf_free(&m.latent);
  strset_free(&m.ids);
  return rc;
}

/* ---- the font table ---- */

static const xmlclean_attr a_charset[] = {ATTR("w:val", uchar_hex), ATTR("w:characterSet", NULL), END_ATTRS};
static const xmlclean_elem t_charset = {a_charset, NULL, NULL, false};
static const xmlclean_attr a_panose[] = {REQ("w:val", panose), END_ATTRS};
static const xmlclean_elem t_panose = {a_panose, NULL, NULL, false};
static const xmlclean_attr a_sig[] = {REQ("w:usb0", long_hex), REQ("w:usb1", long_hex), REQ("w:usb2", long_hex),
                                      REQ("w:usb3", long_hex), REQ("w:csb0", long_hex), REQ("w:csb1", long_hex),
                                      END_ATTRS};
static const xmlclean_elem t_sig = {a_sig, NULL, NULL, false};
static const xmlclean_attr a_font[] = {REQ("w:name", NULL), END_ATTRS};
static const xmlclean_child c_font[] = {{"w:altName", &t_string, 1},   {"w:panose1", &t_panose, 1},
                                        {"w:charset", &t_charset, 1},  {"w:family", &t_font_family, 1},
                                        {"w:notTrueType", &t_on_off, 1}, {"w:pitch", &t_pitch, 1},
                                        {"w:sig", &t_sig, 1},          END_CHILDREN};
static const xmlclean_elem t_font = {a_font, c_font, NULL, false};
static const xmlclean_child c_fonts[] = {{"w:font", &t_font, XMLCLEAN_MANY}, END_CHILDREN};
static const xmlclean_elem t_fonts_list = {NULL, c_fonts, NULL, true};

static void on_font(void *ctx, xmlclean_node *n) { xmlclean_write(ctx, n); }

int docx_ref_fonts(refdoc *ref, buf *out, char **err) {
  xmlw *w = xmlw_new();
  xmlw_start(w, "w:fonts");
  xmlw_attr(w, "xmlns:w", DOCX_NS_W);
  xmlclean_spec spec = {wml_ns, "w:fonts", _("is not a WordprocessingML font table"), &t_fonts_list, on_font, w};
  int rc = clean_part(ref, "word/fontTable.xml", &spec, err);
  buf tmp;
  buf_init(&tmp);
  xmlw_finish(w, &tmp);
  if (rc == 0) buf_add(out, tmp.data, tmp.len);
  buf_free(&tmp);
  return rc;
}

/* ---- the theme ---- */

static const xmlclean_ns dml_ns[] = {{"a", NS_A}, {NULL, NULL}};

static const xmlclean_attr a_srgb[] = {REQ("val", hex_rgb), END_ATTRS};
static const xmlclean_elem t_srgb = {a_srgb, NULL, NULL, false};
static const char *const system_colors[] = {
    "scrollBar", "background", "activeCaption", "inactiveCaption", "menu", "window", "windowFrame",
    "menuText", "windowText", "captionText", "activeBorder", "inactiveBorder", "appWorkspace", "highlight",
    "highlightText", "btnFace", "btnShadow", "grayText", "btnText", "inactiveCaptionText", "btnHighlight",
    "3dDkShadow", "3dLight", "infoText", "infoBk", "hotLight", "gradientActiveCaption",
    "gradientInactiveCaption", "menuHighlight", "menuBar", NULL};
static const xmlclean_attr a_sys[] = {REQ_ENUM("val", system_colors), ATTR("lastClr", hex_rgb), END_ATTRS};
static const xmlclean_elem t_sys = {a_sys, NULL, NULL, false};
static const xmlclean_attr a_scrgb[] = {REQ("r", dml_percentage), REQ("g", dml_percentage),
                                        REQ("b", dml_percentage), END_ATTRS};
static const xmlclean_elem t_scrgb = {a_scrgb, NULL, NULL, false};
static const xmlclean_attr a_hsl[] = {REQ("hue", fixed_angle), REQ("sat", dml_percentage),
                                      REQ("lum", dml_percentage), END_ATTRS};
static const xmlclean_elem t_hsl = {a_hsl, NULL, NULL, false};

/* CT_Color holds exactly one colour: the first one read. */
static bool one_colour(xmlclean_node *n) {
  static const char *const kinds[] = {"a:srgbClr", "a:sysClr", "a:scrgbClr", "a:hslClr"};
  xmlclean_node *first = NULL;
  for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
    xmlclean_node *k = xmlclean_child_named(n, kinds[i]);
    if (k && first) xmlclean_drop(n, k);
    else if (k) first = k;
  }
  return first != NULL;
}
static const xmlclean_child c_color_choice[] = {{"a:scrgbClr", &t_scrgb, 1}, {"a:srgbClr", &t_srgb, 1},
                                                {"a:hslClr", &t_hsl, 1},     {"a:sysClr", &t_sys, 1},
                                                END_CHILDREN};
static const xmlclean_elem t_theme_color = {NULL, c_color_choice, one_colour, false};

static const char *const scheme_slots[] = {"a:dk1",     "a:lt1",     "a:dk2",     "a:lt2",
                                           "a:accent1", "a:accent2", "a:accent3", "a:accent4",
                                           "a:accent5", "a:accent6", "a:hlink",   "a:folHlink"};
static bool all_children(xmlclean_node *n, const char *const *names, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (!xmlclean_child_named(n, names[i])) return false;
  return true;
}
static bool colour_scheme_complete(xmlclean_node *n) { return all_children(n, scheme_slots, ARRAY_LEN(scheme_slots)); }
static const xmlclean_attr a_named[] = {REQ("name", NULL), END_ATTRS};
static const xmlclean_child c_clr_scheme[] = {
    {"a:dk1", &t_theme_color, 1},     {"a:lt1", &t_theme_color, 1},     {"a:dk2", &t_theme_color, 1},
    {"a:lt2", &t_theme_color, 1},     {"a:accent1", &t_theme_color, 1}, {"a:accent2", &t_theme_color, 1},
    {"a:accent3", &t_theme_color, 1}, {"a:accent4", &t_theme_color, 1}, {"a:accent5", &t_theme_color, 1},
    {"a:accent6", &t_theme_color, 1}, {"a:hlink", &t_theme_color, 1},   {"a:folHlink", &t_theme_color, 1},
    END_CHILDREN};
static const xmlclean_elem t_clr_scheme = {a_named, c_clr_scheme, colour_scheme_complete, false};

static const xmlclean_attr a_text_font[] = {REQ("typeface", NULL), ATTR("panose", panose), END_ATTRS};
static const xmlclean_elem t_text_font = {a_text_font, NULL, NULL, false};
static const xmlclean_attr a_supplemental[] = {REQ("script", NULL), REQ("typeface", NULL), END_ATTRS};
static const xmlclean_elem t_supplemental = {a_supplemental, NULL, NULL, false};
static bool collection_complete(xmlclean_node *n) {
  static const char *const need[] = {"a:latin", "a:ea", "a:cs"};
  return all_children(n, need, ARRAY_LEN(need));
}
static const xmlclean_child c_font_collection[] = {{"a:latin", &t_text_font, 1}, {"a:ea", &t_text_font, 1},
                                                   {"a:cs", &t_text_font, 1},    {"a:font", &t_supplemental, 64},
                                                   END_CHILDREN};
static const xmlclean_elem t_font_collection = {NULL, c_font_collection, collection_complete, false};
static bool font_scheme_complete(xmlclean_node *n) {
  static const char *const need[] = {"a:majorFont", "a:minorFont"};
  return all_children(n, need, ARRAY_LEN(need));
}
static const xmlclean_child c_font_scheme[] = {{"a:majorFont", &t_font_collection, 1},
                                               {"a:minorFont", &t_font_collection, 1}, END_CHILDREN};
static const xmlclean_elem t_font_scheme = {a_named, c_font_scheme, font_scheme_complete, false};

static bool theme_elements_complete(xmlclean_node *n) {
  static const char *const need[] = {"a:clrScheme", "a:fontScheme"};
  return all_children(n, need, ARRAY_LEN(need));
}
static const xmlclean_child c_theme_elements[] = {{"a:clrScheme", &t_clr_scheme, 1},
                                                  {"a:fontScheme", &t_font_scheme, 1}, END_CHILDREN};
static const xmlclean_elem t_theme_elements = {NULL, c_theme_elements, theme_elements_complete, false};
static bool theme_complete(xmlclean_node *n) { return xmlclean_child_named(n, "a:themeElements") != NULL; }
static const xmlclean_attr a_theme[] = {ATTR("name", NULL), END_ATTRS};
static const xmlclean_child c_theme[] = {{"a:themeElements", &t_theme_elements, 1}, END_CHILDREN};
static const xmlclean_elem t_theme = {a_theme, c_theme, theme_complete, false};

/* Three of a fill, as a:fillStyleLst and a:bgFillStyleLst want. */
static void phclr_fills(xmlw *w, const char *list) {
  xmlw_start(w, list);
  for (int i = 0; i < 3; i++) {
    xmlw_start(w, "a:solidFill");
    xmlw_element(w, "a:schemeClr", (const char *[]){"val", "phClr", NULL}, NULL);
    xmlw_end(w);
  }
  xmlw_end(w);
}

/* The format scheme (fills, lines, effects of shapes) the schema requires
 * in a theme: plain ones, as a contract has no shapes. */
static void format_scheme(xmlw *w) {
  xmlw_start(w, "a:fmtScheme");
  xmlw_attr(w, "name", "wijkcontract");
  phclr_fills(w, "a:fillStyleLst");
  xmlw_start(w, "a:lnStyleLst");
  for (int i = 0; i < 3; i++) {
    xmlw_start(w, "a:ln");
    xmlw_attr(w, "w", "6350");
    xmlw_start(w, "a:solidFill");
    xmlw_element(w, "a:schemeClr", (const char *[]){"val", "phClr", NULL}, NULL);
    xmlw_end(w);
    xmlw_end(w);
  }
  xmlw_end(w);
  xmlw_start(w, "a:effectStyleLst");
  for (int i = 0; i < 3; i++) {
    xmlw_start(w, "a:effectStyle");
    xmlw_element(w, "a:effectLst", NULL, NULL);
    xmlw_end(w);
  }
  xmlw_end(w);
  phclr_fills(w, "a:bgFillStyleLst");
  xmlw_end(w);
}

static void on_theme(void *ctx, xmlclean_node *theme) {
  xmlw *w = xmlw_new();
  xmlw_start(w, "a:theme");
  xmlw_attr(w, "xmlns:a", NS_A);
  const char *name = xmlclean_get(theme, "name");
  if (name) xmlw_attr(w, "name", name);
  xmlclean_node *elems = xmlclean_child_named(theme, "a:themeElements");
  xmlw_start(w, "a:themeElements");
  xmlclean_write(w, xmlclean_child_named(elems, "a:clrScheme"));
  xmlclean_write(w, xmlclean_child_named(elems, "a:fontScheme"));
  format_scheme(w);
  xmlw_end(w);
  xmlw_end(w);
  xmlw_finish(w, ctx);
}

/* The target of ref's first relationship of a type from the main document. */
typedef struct {
  const char *type;
  char *target;
} rel_search;

static const xmlclean_ns opc_ns[] = {{"pr", NS_PR}, {NULL, NULL}};
static const xmlclean_attr a_rel[] = {REQ("Id", NULL), REQ("Type", NULL), REQ("Target", NULL),
                                      ATTR("TargetMode", NULL), END_ATTRS};
static const xmlclean_elem t_rel = {a_rel, NULL, NULL, false};
static const xmlclean_child c_rels[] = {{"pr:Relationship", &t_rel, XMLCLEAN_MANY}, END_CHILDREN};
static const xmlclean_elem t_rels = {NULL, c_rels, NULL, true};

static void on_rel(void *ctx, xmlclean_node *n) {
  rel_search *s = ctx;
  if (s->target || xmlclean_get(n, "TargetMode") || strcmp(xmlclean_get(n, "Type"), s->type) != 0) return;
  const char *t = xmlclean_get(n, "Target");
  s->target = t[0] == '/' ? xstrdup(t + 1) : xasprintf("word/%s", t);
}

/* The theme ref's document names, read through the allow-list: on gets
 * the cleaned a:theme. 0, 1 when there is none, -1 with *err (also for a
 * theme that lacks its colour or font scheme). */
typedef struct {
  void (*on)(void *ctx, xmlclean_node *theme);
  void *ctx;
  bool seen;
} theme_read;

static void on_theme_read(void *ctx, xmlclean_node *theme) {
  theme_read *t = ctx;
  t->seen = true;
  t->on(t->ctx, theme);
}

static int read_theme(refdoc *ref, void (*on)(void *, xmlclean_node *), void *ctx, char **err) {
  rel_search s = {DOCX_REL_BASE "theme", NULL};
  xmlclean_spec rels = {opc_ns, "pr:Relationships", _("is not a relationships part"), &t_rels, on_rel, &s};
  int rc = clean_part(ref, "word/_rels/document.xml.rels", &rels, err);
  if (rc != 0 || !s.target) return rc < 0 ? -1 : 1;
  theme_read t = {on, ctx, false};
  xmlclean_spec spec = {dml_ns, "a:theme", _("is not a DrawingML theme"), &t_theme, on_theme_read, &t};
  rc = clean_part(ref, s.target, &spec, err);
  if (rc == 0 && !t.seen) {
    *err = xasprintf(_("%s: not a usable .docx reference document: %s lacks a colour or font scheme"), ref->path,
                     s.target);
    rc = -1;
  }
  free(s.target);
  return rc;
}

int docx_ref_theme(refdoc *ref, buf *out, char **err) {
  buf theme;
  buf_init(&theme);
  int rc = read_theme(ref, on_theme, &theme, err);
  if (rc == 0) buf_add(out, theme.data, theme.len);
  buf_free(&theme);
  return rc;
}

/* ---- the face of the table text ----
 * Read from the same allow-list copy as the styles (what the output holds
 * is what is measured), keeping only each paragraph style's id, w:basedOn,
 * font and size (stylefont.h). */

/* What run properties say: w:rFonts' w:ascii or w:asciiTheme, w:sz. */
static void rpr_fact(const xmlclean_node *rpr, stylefont_fact *f) {
  xmlclean_node *fonts = rpr ? xmlclean_child_named(rpr, "w:rFonts") : NULL;
  xmlclean_node *sz = rpr ? xmlclean_child_named(rpr, "w:sz") : NULL;
  if (fonts) {
    f->family = xmlclean_get(fonts, "w:ascii");
    f->font_ref = xmlclean_get(fonts, "w:asciiTheme");
  }
  if (sz) f->size_pt = stylefont_points(xmlclean_get(sz, "w:val"), 0.5); /* half points */
}

typedef struct {
  styles_merge *m;            /* theirs: which styles the merge keeps; NULL for ours */
  stylefont_sheet *sheet;     /* what is read */
  const stylefont_sheet *ours; /* theirs: ours, read before */
} face_read;

static void on_face_child(void *ctx, xmlclean_node *n) {
  face_read *r = ctx;
  const char *name = xmlclean_name(n);
  stylefont_fact f = {NULL, NULL, NULL, NULL, 0, 1.0}, mine;
  if (strcmp(name, "w:docDefaults") == 0) {
    if (!r->m) return; /* ours are not written under a reference document */
    xmlclean_node *k = xmlclean_child_named(n, "w:rPrDefault");
    rpr_fact(k ? xmlclean_child_named(k, "w:rPr") : NULL, &f);
    stylefont_add(r->sheet, &f);
    return;
  }
  if (strcmp(name, "w:style") != 0 || (r->m && !their_style_kept(r->m, n))) return;
  const char *type = xmlclean_get(n, "w:type");
  if (type && strcmp(type, "paragraph") != 0) return;
  xmlclean_node *based = xmlclean_child_named(n, "w:basedOn");
  f.name = xmlclean_get(n, "w:styleId");
  f.parent = based ? xmlclean_get(based, "w:val") : NULL;
  rpr_fact(xmlclean_child_named(n, "w:rPr"), &f);
  /* a style that says nothing matters only where it hides ours */
  if (!r->m || stylefont_says(&f) || stylefont_find(r->ours, f.name, &mine)) stylefont_add(r->sheet, &f);
}

/* The theme's minor or major Latin typeface. */
typedef struct {
  const char *which; /* the w:asciiTheme value */
  char *family;
} theme_font;

static void on_theme_font(void *ctx, xmlclean_node *theme) {
  theme_font *t = ctx;
  xmlclean_node *n = xmlclean_child_named(xmlclean_child_named(theme, "a:themeElements"), "a:fontScheme");
  n = xmlclean_child_named(n, strncmp(t->which, "major", 5) == 0 ? "a:majorFont" : "a:minorFont");
  n = xmlclean_child_named(n, "a:latin");
  t->family = xstrdup(xmlclean_get(n, "typeface")); /* required by the table */
}

int docx_ref_table_face(refdoc *ref, xmlDocPtr ours, doc_face *face, char **err) {
  const template_file *t = templates_find("styles/docx/styles.xml");
  stylefont_sheet mine = {0}, theirs = {0};
  face_read r = {NULL, &mine, NULL};
  xmlclean_spec spec = {wml_ns, "w:styles", "", &t_styles, on_face_child, &r};
  int rc = t ? xmlclean_run(&spec, (const char *)t->data, t->len, "styles/docx/styles.xml", err) : -1;
  if (!t) *err = xasprintf(_("the built-in DOCX style sheet is missing (a build defect)"));
  styles_merge m = {.ours = ours};
  r = (face_read){&m, &theirs, &mine};
  if (rc == 0) rc = read_style_sheet(ref, on_face_child, &r, err);
  stylefont f;
  stylefont_resolve(&theirs, &mine, "TableText", NULL, NULL, &f);
  if (rc == 0 && !f.family && f.font_ref) {
    theme_font tf = {f.font_ref, NULL};
    char *terr = NULL;
    if (read_theme(ref, on_theme_font, &tf, &terr) == 0) f.family = tf.family;
    else free(tf.family);
    free(terr); /* no usable theme: the family stays unknown (the writer says why) */
  }
  /* Word's own defaults where the styles say nothing */
  if (rc == 0) *face = doc_face_named(f.family ? f.family : "Times New Roman", f.size_pt > 0 ? f.size_pt : 10.0);
  stylefont_done(&f);
  stylefont_free(&mine);
  stylefont_free(&theirs);
  strset_free(&m.ids);
  return rc;
}
