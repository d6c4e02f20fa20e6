/* odt_ref.c - what an .odt reference document lends the ODT writer: its
 * font declarations and named styles, copied through an allow-list
 * (xmlclean) of the OpenDocument 1.3 markup the output can hold. The tables
 * are a subset of the OpenDocument schema (style:font-face, style:style and
 * style:default-style of the text, paragraph and table families with their
 * property elements), each value checked against its schema type. Left
 * out on purpose: list and outline styles and notes configuration (ours
 * number the contract), a paragraph style's list style and master page,
 * hidden text (text:display), graphic, page and data styles, every
 * element a style may hold besides its properties, and every extension
 * (LibreOffice's loext:, officeooo:, ...). */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "odt_impl.h"
#include "stylefont.h"
#include "templates.h"
#include "util.h"
#include "writers.h"
#include "xmlclean.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

static const xmlclean_ns odf_ns[] = {
    {"office", NS_OFFICE},
    {"style", "urn:oasis:names:tc:opendocument:xmlns:style:1.0"},
    {"text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0"},
    {"table", "urn:oasis:names:tc:opendocument:xmlns:table:1.0"},
    {"fo", "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"},
    {"svg", "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"},
    {NULL, NULL}};

/* ---- the schema's data types ---- */

static const char *const length_units[] = {"cm", "mm", "in", "pt", "pc", "px", NULL};
static const char *const percent_sign[] = {"%", NULL};

static bool length(const char *s) { return xmlclean_measure(s, true, true, length_units); }
static bool non_negative_length(const char *s) { return xmlclean_measure(s, false, true, length_units); }
/* a non-negative length with a non-zero digit in its number */
static bool positive_length(const char *s) {
  if (!non_negative_length(s)) return false;
  for (; *s && ((*s >= '0' && *s <= '9') || *s == '.'); s++)
    if (*s >= '1' && *s <= '9') return true;
  return false;
}
static bool percent(const char *s) { return xmlclean_measure(s, true, true, percent_sign); }
static bool length_or_percent(const char *s) { return length(s) || percent(s); }
static bool non_negative_or_percent(const char *s) { return non_negative_length(s) || percent(s); }
static bool positive_or_percent(const char *s) { return positive_length(s) || percent(s); }
static bool color(const char *s) { return s[0] == '#' && xmlclean_hex(s + 1, 6); }
static bool style_name_ref(const char *s) { return !*s || xmlclean_ncname(s); }
static bool one_of(char c, const char *set) { return c && strchr(set, c); }
static bool letters_digits(const char *s, size_t max, bool digits) {
  size_t n = 0;
  for (; s[n]; n++)
    if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') || (digits && s[n] >= '0' && s[n] <= '9')))
      return false;
  return n >= 1 && n <= max;
}
static bool language_code(const char *s) { return letters_digits(s, 8, false); }
static bool country_code(const char *s) { return letters_digits(s, 8, true); } /* also scriptCode */
/* xsd:language: [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})* */
static bool language_tag(const char *s) {
  char part[16];
  bool first = true;
  for (;;) {
    size_t n = strcspn(s, "-");
    if (n == 0 || n >= sizeof part) return false;
    memcpy(part, s, n);
    part[n] = '\0';
    if (!letters_digits(part, 8, !first)) return false;
    if (!s[n]) return true;
    s += n + 1;
    first = false;
  }
}
static bool text_encoding(const char *s) {
  if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))) return false;
  for (s++; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || one_of(*s, "._-")))
      return false;
  return true;
}
/* style:border-line-width*: three positive lengths */
static bool border_widths(const char *s) {
  char item[XMLCLEAN_MAX_VALUE + 1];
  int count = 0;
  for (;;) {
    s += strspn(s, " \t\r\n");
    if (!*s) return count == 3;
    size_t n = strcspn(s, " \t\r\n");
    memcpy(item, s, n);
    item[n] = '\0';
    if (++count > 3 || !positive_length(item)) return false;
    s += n;
  }
}
/* style:text-position: "super", "sub" or a percent, then maybe a percent */
static bool text_position(const char *s) {
  char first[XMLCLEAN_MAX_VALUE + 1];
  size_t n = strcspn(s, " ");
  memcpy(first, s, n);
  first[n] = '\0';
  if (!(strcmp(first, "super") == 0 || strcmp(first, "sub") == 0 || percent(first))) return false;
  return !s[n] || percent(s + n + 1);
}
/* a single character (the schema's `character`) */
static bool character(const char *s) {
  unsigned cp;
  size_t n = utf8_decode(s, strlen(s), &cp);
  return n > 0 && s[n] == '\0';
}
static bool line_width(const char *s) { return xmlclean_positive_int(s) || percent(s) || positive_length(s); }
static bool relative_length(const char *s) {
  size_t n = strspn(s, "0123456789");
  return n > 0 && s[n] == '*' && s[n + 1] == '\0';
}

static const char *const booleans[] = {"true", "false", NULL};
static const char *const families[] = {"paragraph", "text", "table", "table-column", "table-row", "table-cell", NULL};
static const char *const font_weights[] = {"normal", "bold", "100", "200", "300", "400", "500",
                                           "600",    "700",  "800", "900", NULL};
static const char *const font_styles[] = {"normal", "italic", "oblique", NULL};
static const char *const font_variants[] = {"normal", "small-caps", NULL};
static const char *const line_styles[] = {"none", "solid", "dotted", "dash", "long-dash", "dot-dash", "dot-dot-dash",
                                          "wave", NULL};
static const char *const line_types[] = {"none", "single", "double", NULL};
static const char *const line_widths[] = {"auto", "normal", "bold", "thin", "medium", "thick", NULL};
static const char *const line_modes[] = {"continuous", "skip-white-space", NULL};
static const char *const generic_families[] = {"roman", "swiss", "modern", "decorative", "script", "system", NULL};
static const char *const pitches[] = {"fixed", "variable", NULL};
static const char *const text_aligns[] = {"start", "end", "left", "right", "center", "justify", NULL};
static const char *const text_align_lasts[] = {"start", "center", "justify", NULL};
static const char *const auto_always[] = {"auto", "always", NULL};
static const char *const breaks[] = {"auto", "column", "page", NULL};
static const char *const transparent[] = {"transparent", NULL};
static const char *const writing_modes[] = {"lr-tb", "rl-tb", "tb-rl", "tb-lr", "lr", "rl", "tb", "page", NULL};
static const char *const font_color[] = {"font-color", NULL};
static const char *const normal[] = {"normal", NULL};
static const char *const no_limit[] = {"no-limit", NULL};
static const char *const auto_only[] = {"auto", NULL};
static const char *const empty[] = {"", NULL};

#define ATTR(n, c) {n, c, NULL, false}
#define REQ(n, c) {n, c, NULL, true}
#define ENUM(n, v) {n, NULL, v, false}
#define REQ_ENUM(n, v) {n, NULL, v, true}
#define EITHER(n, v, c) {n, c, v, false}
#define STR(n) {n, NULL, NULL, false}
#define END_ATTRS {NULL, NULL, NULL, false}
#define END_CHILDREN {NULL, NULL, 0}
/* the same attribute for the Western, Asian and complex scripts */
#define THREE(pre, local, post, kind) kind(pre local post), kind("style:" local "-asian" post), kind("style:" local "-complex" post)

#define BORDERS                                                                                                 \
  STR("fo:border"), STR("fo:border-top"), STR("fo:border-bottom"), STR("fo:border-left"), STR("fo:border-right"), \
      ATTR("style:border-line-width", border_widths), ATTR("style:border-line-width-top", border_widths),          \
      ATTR("style:border-line-width-bottom", border_widths), ATTR("style:border-line-width-left", border_widths),   \
      ATTR("style:border-line-width-right", border_widths)
#define PADDING                                                                                           \
  ATTR("fo:padding", non_negative_length), ATTR("fo:padding-top", non_negative_length),                   \
      ATTR("fo:padding-bottom", non_negative_length), ATTR("fo:padding-left", non_negative_length),       \
      ATTR("fo:padding-right", non_negative_length)
#define MARGINS                                                                                               \
  ATTR("fo:margin-left", length_or_percent), ATTR("fo:margin-right", length_or_percent),                      \
      ATTR("fo:margin-top", non_negative_or_percent), ATTR("fo:margin-bottom", non_negative_or_percent),      \
      ATTR("fo:margin", non_negative_or_percent)

/* ---- property elements ---- */

static const xmlclean_attr a_tab_stop[] = {
    REQ("style:position", length), ENUM("style:type", ((const char *const[]){"left", "center", "right", NULL})),
    ENUM("style:leader-type", line_types), ENUM("style:leader-style", line_styles),
    EITHER("style:leader-width", line_widths, line_width), EITHER("style:leader-color", font_color, color),
    ATTR("style:leader-text", character), ATTR("style:leader-text-style", style_name_ref), END_ATTRS};
static const xmlclean_elem t_tab_stop = {a_tab_stop, NULL, NULL, false};
static const xmlclean_child c_tab_stops[] = {{"style:tab-stop", &t_tab_stop, 64}, END_CHILDREN};
static const xmlclean_elem t_tab_stops = {NULL, c_tab_stops, NULL, false};

static const xmlclean_attr a_paragraph[] = {
    ENUM("style:contextual-spacing", booleans),
    EITHER("fo:line-height", normal, non_negative_or_percent), ATTR("style:line-height-at-least", non_negative_length),
    ATTR("style:line-spacing", length), ENUM("style:font-independent-line-spacing", booleans),
    ENUM("fo:text-align", text_aligns), ENUM("fo:text-align-last", text_align_lasts),
    ENUM("style:justify-single-word", booleans), ENUM("fo:keep-together", auto_always),
    ATTR("fo:widows", xmlclean_uint), ATTR("fo:orphans", xmlclean_uint),
    ATTR("style:tab-stop-distance", non_negative_length),
    ENUM("fo:hyphenation-keep", ((const char *const[]){"auto", "page", NULL})),
    EITHER("fo:hyphenation-ladder-count", no_limit, xmlclean_positive_int), ENUM("style:register-true", booleans),
    MARGINS, ATTR("fo:text-indent", length_or_percent), ENUM("style:auto-text-indent", booleans),
    ENUM("fo:break-before", breaks), ENUM("fo:break-after", breaks), EITHER("fo:background-color", transparent, color),
    BORDERS, ENUM("style:join-border", booleans), PADDING, STR("style:shadow"), ENUM("fo:keep-with-next", auto_always),
    ENUM("text:number-lines", booleans), ATTR("text:line-number", xmlclean_uint),
    ENUM("style:text-autospace", ((const char *const[]){"none", "ideograph-alpha", NULL})),
    ENUM("style:punctuation-wrap", ((const char *const[]){"simple", "hanging", NULL})),
    ENUM("style:line-break", ((const char *const[]){"normal", "strict", NULL})),
    ENUM("style:vertical-align", ((const char *const[]){"top", "middle", "bottom", "auto", "baseline", NULL})),
    ENUM("style:writing-mode", writing_modes), ENUM("style:writing-mode-automatic", booleans),
    ENUM("style:snap-to-layout-grid", booleans), EITHER("style:page-number", auto_only, xmlclean_uint), END_ATTRS};
static const xmlclean_child c_paragraph[] = {{"style:tab-stops", &t_tab_stops, 1}, END_CHILDREN};
static const xmlclean_elem t_paragraph = {a_paragraph, c_paragraph, NULL, false};

static const xmlclean_attr a_text[] = {
    ENUM("fo:font-variant", font_variants),
    ENUM("fo:text-transform", ((const char *const[]){"none", "lowercase", "uppercase", "capitalize", NULL})),
    ATTR("fo:color", color), ENUM("style:use-window-font-color", booleans), ENUM("style:text-outline", booleans),
    ENUM("style:text-line-through-type", line_types), ENUM("style:text-line-through-style", line_styles),
    EITHER("style:text-line-through-width", line_widths, line_width),
    EITHER("style:text-line-through-color", font_color, color), ATTR("style:text-position", text_position),
    THREE("style:", "font-name", "", STR), STR("fo:font-family"), STR("style:font-family-asian"),
    STR("style:font-family-complex"), ENUM("style:font-family-generic", generic_families),
    ENUM("style:font-family-generic-asian", generic_families),
    ENUM("style:font-family-generic-complex", generic_families), THREE("style:", "font-style-name", "", STR),
    ENUM("style:font-pitch", pitches), ENUM("style:font-pitch-asian", pitches), ENUM("style:font-pitch-complex", pitches),
    ATTR("style:font-charset", text_encoding), ATTR("style:font-charset-asian", text_encoding),
    ATTR("style:font-charset-complex", text_encoding), ATTR("fo:font-size", positive_or_percent),
    ATTR("style:font-size-asian", positive_or_percent), ATTR("style:font-size-complex", positive_or_percent),
    ATTR("style:font-size-rel", length), ATTR("style:font-size-rel-asian", length),
    ATTR("style:font-size-rel-complex", length),
    ENUM("style:script-type", ((const char *const[]){"latin", "asian", "complex", "ignore", NULL})),
    EITHER("fo:letter-spacing", normal, length), ATTR("fo:language", language_code),
    ATTR("style:language-asian", language_code), ATTR("style:language-complex", language_code),
    ATTR("fo:country", country_code), ATTR("style:country-asian", country_code),
    ATTR("style:country-complex", country_code), ATTR("fo:script", country_code),
    ATTR("style:script-asian", country_code), ATTR("style:script-complex", country_code),
    ATTR("style:rfc-language-tag", language_tag), ATTR("style:rfc-language-tag-asian", language_tag),
    ATTR("style:rfc-language-tag-complex", language_tag), ENUM("fo:font-style", font_styles),
    ENUM("style:font-style-asian", font_styles), ENUM("style:font-style-complex", font_styles),
    ENUM("style:font-relief", ((const char *const[]){"none", "embossed", "engraved", NULL})), STR("fo:text-shadow"),
    ENUM("style:text-underline-type", line_types), ENUM("style:text-underline-style", line_styles),
    EITHER("style:text-underline-width", line_widths, line_width),
    EITHER("style:text-underline-color", font_color, color), ENUM("style:text-overline-type", line_types),
    ENUM("style:text-overline-style", line_styles), EITHER("style:text-overline-width", line_widths, line_width),
    EITHER("style:text-overline-color", font_color, color), ENUM("style:text-overline-mode", line_modes),
    ENUM("fo:font-weight", font_weights), ENUM("style:font-weight-asian", font_weights),
    ENUM("style:font-weight-complex", font_weights), ENUM("style:text-underline-mode", line_modes),
    ENUM("style:text-line-through-mode", line_modes), ENUM("style:letter-kerning", booleans),
    ENUM("style:text-combine", ((const char *const[]){"none", "letters", "lines", NULL})),
    ATTR("style:text-scale", percent), ENUM("fo:hyphenate", booleans),
    ATTR("fo:hyphenation-remain-char-count", xmlclean_positive_int),
    ATTR("fo:hyphenation-push-char-count", xmlclean_positive_int), EITHER("fo:background-color", transparent, color),
    END_ATTRS};
static const xmlclean_elem t_text = {a_text, NULL, NULL, false};

static const xmlclean_attr a_table[] = {
    ATTR("style:width", positive_length), ATTR("style:rel-width", percent),
    ENUM("table:align", ((const char *const[]){"left", "center", "right", "margins", NULL})), MARGINS,
    EITHER("style:page-number", auto_only, xmlclean_uint), ENUM("fo:break-before", breaks),
    ENUM("fo:break-after", breaks), EITHER("fo:background-color", transparent, color), STR("style:shadow"),
    ENUM("fo:keep-with-next", auto_always), ENUM("style:may-break-between-rows", booleans),
    ENUM("table:border-model", ((const char *const[]){"collapsing", "separating", NULL})),
    ENUM("style:writing-mode", writing_modes), ENUM("table:display", booleans), END_ATTRS};
static const xmlclean_elem t_table = {a_table, NULL, NULL, false};
static const xmlclean_attr a_column[] = {
    ATTR("style:column-width", positive_length), ATTR("style:rel-column-width", relative_length),
    ENUM("style:use-optimal-column-width", booleans), ENUM("fo:break-before", breaks), ENUM("fo:break-after", breaks),
    END_ATTRS};
static const xmlclean_elem t_column = {a_column, NULL, NULL, false};
static const xmlclean_attr a_row[] = {
    ATTR("style:row-height", positive_length), ATTR("style:min-row-height", non_negative_length),
    ENUM("style:use-optimal-row-height", booleans), EITHER("fo:background-color", transparent, color),
    ENUM("fo:break-before", breaks), ENUM("fo:break-after", breaks), ENUM("fo:keep-together", auto_always),
    END_ATTRS};
static const xmlclean_elem t_row = {a_row, NULL, NULL, false};
static const xmlclean_attr a_cell[] = {
    ENUM("style:vertical-align", ((const char *const[]){"top", "middle", "bottom", "automatic", NULL})),
    ENUM("style:text-align-source", ((const char *const[]){"fix", "value-type", NULL})),
    ENUM("style:direction", ((const char *const[]){"ltr", "ttb", NULL})), ENUM("style:writing-mode", writing_modes),
    STR("style:shadow"), EITHER("fo:background-color", transparent, color), BORDERS, PADDING,
    ENUM("fo:wrap-option", ((const char *const[]){"no-wrap", "wrap", NULL})),
    ENUM("style:rotation-align", ((const char *const[]){"none", "bottom", "top", "center", NULL})),
    ENUM("style:print-content", booleans), ATTR("style:decimal-places", xmlclean_uint),
    ENUM("style:repeat-content", booleans), ENUM("style:shrink-to-fit", booleans), END_ATTRS};
static const xmlclean_elem t_cell = {a_cell, NULL, NULL, false};

/* ---- styles ---- */

/* The property elements each family may hold, in the schema's order. */
static const struct {
  const char *family;
  const char *props[3];
} family_props[] = {
    {"text", {"style:text-properties"}},
    {"paragraph", {"style:paragraph-properties", "style:text-properties"}},
    {"table", {"style:table-properties"}},
    {"table-column", {"style:table-column-properties"}},
    {"table-row", {"style:table-row-properties"}},
    {"table-cell", {"style:table-cell-properties", "style:paragraph-properties", "style:text-properties"}},
};

/* Drops the property elements the style's family does not hold. */
static bool family_fits(xmlclean_node *n) {
  static const char *const all[] = {"style:table-properties", "style:table-column-properties",
                                    "style:table-row-properties", "style:table-cell-properties",
                                    "style:paragraph-properties", "style:text-properties"};
  const char *family = xmlclean_get(n, "style:family");
  for (size_t f = 0; f < ARRAY_LEN(family_props); f++) {
    if (strcmp(family, family_props[f].family) != 0) continue;
    for (size_t i = 0; i < ARRAY_LEN(all); i++) {
      bool allowed = false;
      for (size_t k = 0; k < 3 && family_props[f].props[k]; k++)
        allowed = allowed || strcmp(all[i], family_props[f].props[k]) == 0;
      xmlclean_node *k = allowed ? NULL : xmlclean_child_named(n, all[i]);
      if (k) xmlclean_drop(n, k);
    }
  }
  return true;
}

static const xmlclean_child c_style[] = {
    {"style:table-properties", &t_table, 1},      {"style:table-column-properties", &t_column, 1},
    {"style:table-row-properties", &t_row, 1},    {"style:table-cell-properties", &t_cell, 1},
    {"style:paragraph-properties", &t_paragraph, 1}, {"style:text-properties", &t_text, 1},
    END_CHILDREN};
static const xmlclean_attr a_style[] = {
    REQ("style:name", xmlclean_ncname), STR("style:display-name"), REQ_ENUM("style:family", families),
    ATTR("style:parent-style-name", style_name_ref), ATTR("style:next-style-name", style_name_ref),
    ENUM("style:auto-update", booleans), STR("style:class"),
    EITHER("style:default-outline-level", empty, xmlclean_positive_int), END_ATTRS};
static const xmlclean_elem t_style = {a_style, c_style, family_fits, false};
static const xmlclean_attr a_default_style[] = {REQ_ENUM("style:family", families), END_ATTRS};
static const xmlclean_elem t_default_style = {a_default_style, c_style, family_fits, false};

static const xmlclean_attr a_font_face[] = {
    REQ("style:name", NULL), STR("svg:font-family"), ENUM("style:font-family-generic", generic_families),
    ENUM("style:font-pitch", pitches), ATTR("style:font-charset", text_encoding), STR("style:font-adornments"),
    ENUM("svg:font-style", font_styles), ENUM("svg:font-variant", font_variants), ENUM("svg:font-weight", font_weights),
    END_ATTRS};
static const xmlclean_elem t_font_face = {a_font_face, NULL, NULL, false};

static const xmlclean_child c_font_decls[] = {{"style:font-face", &t_font_face, XMLCLEAN_MANY}, END_CHILDREN};
static const xmlclean_elem t_font_decls = {NULL, c_font_decls, NULL, true};
static const xmlclean_child c_styles[] = {{"style:default-style", &t_default_style, XMLCLEAN_MANY},
                                          {"style:style", &t_style, XMLCLEAN_MANY}, END_CHILDREN};
static const xmlclean_elem t_styles = {NULL, c_styles, NULL, true};
static const xmlclean_child c_root[] = {{"office:font-face-decls", &t_font_decls, 1},
                                        {"office:styles", &t_styles, 1}, END_CHILDREN};
static const xmlclean_elem t_root = {NULL, c_root, NULL, true};

/* ---- the merge ---- */

char *odt_style_key(const char *element, const char *family, const char *name) {
  return xasprintf("%s|%s|%s", element, family ? family : "", name ? name : "");
}

/* Whether n is the first of its key in keys (the first of a name wins). */
static bool first_of_key(strset *keys, const xmlclean_node *n) {
  const char *element = xmlclean_name(n);
  bool font = strcmp(element, "style:font-face") == 0;
  char *key = odt_style_key(element, font ? NULL : xmlclean_get(n, "style:family"), xmlclean_get(n, "style:name"));
  bool first = strset_add(keys, key);
  free(key);
  return first;
}

static bool is_paragraph_default(const xmlclean_node *n) {
  return strcmp(xmlclean_name(n), "style:default-style") == 0 &&
         strcmp(xmlclean_get(n, "style:family"), "paragraph") == 0;
}

typedef struct {
  odt_ref_styles *out;
  xmlw *fonts, *styles;
  const char *lang, *country;
} collect;

/* The document's language, and hyphenation in it, on their default
 * paragraph style (odt_styles.c puts them on ours): fo:language,
 * fo:country, fo:hyphenate="true", and no other language tag. */
static void set_language(xmlclean_node *n, const char *lang, const char *country) {
  xmlclean_node *tp = xmlclean_child_make(n, "style:text-properties");
  xmlclean_set(tp, "fo:language", lang);
  xmlclean_set(tp, "fo:country", country);
  xmlclean_set(tp, "fo:script", NULL);
  xmlclean_set(tp, "style:rfc-language-tag", NULL);
  xmlclean_set(tp, "fo:hyphenate", "true");
}

static void on_style(void *ctx, xmlclean_node *n) {
  collect *c = ctx;
  if (!first_of_key(&c->out->keys, n)) return;
  bool font = strcmp(xmlclean_name(n), "style:font-face") == 0;
  if (c->lang && is_paragraph_default(n)) set_language(n, c->lang, c->country);
  xmlclean_write(font ? c->fonts : c->styles, n);
}

/* Reads ref's styles.xml through the allow-list: emit gets each font
 * declaration and style. 0, or -1 with *err naming ref and the part. */
static int read_styles_part(refdoc *ref, void (*emit)(void *, xmlclean_node *), void *ctx, char **err) {
  char *data = NULL, *perr = NULL;
  size_t len = 0;
  int rc = refdoc_part_data(ref, "styles.xml", &data, &len, &perr);
  xmlclean_spec spec = {odf_ns, "office:document-styles", _("is not an OpenDocument style sheet"), &t_root, emit, ctx};
  if (rc == 0) rc = xmlclean_run(&spec, data, len, "styles.xml", &perr);
  free(data);
  if (rc == 1) *err = xasprintf(_("%s: not a usable reference document: it has no styles.xml"), ref->path);
  if (rc < 0) *err = xasprintf(_("%s: not a usable reference document: %s"), ref->path, perr);
  free(perr);
  return rc == 0 ? 0 : -1;
}

int odt_ref_read(refdoc *ref, const char *lang, odt_ref_styles *out, char **err) {
  memset(out, 0, sizeof *out);
  collect c = {out, xmlw_new_fragment(), xmlw_new_fragment(), lang && *lang ? lang : NULL,
               doc_language_country(lang)};
  int rc = read_styles_part(ref, on_style, &c, err);
  xmlw_finish(c.fonts, &out->fonts);
  xmlw_finish(c.styles, &out->styles);
  if (rc != 0) odt_ref_free(out);
  return rc;
}

void odt_ref_free(odt_ref_styles *s) {
  buf_free(&s->fonts);
  buf_free(&s->styles);
  strset_free(&s->keys);
}

/* ---- the face of the table text ----
 * Read from the same allow-list copy as the merge (what the output holds
 * is what is measured), keeping only the paragraph styles' names, parents,
 * fonts and sizes and the font declarations' families (stylefont.h). */

typedef struct {
  strset *keys;                 /* theirs: the keys met (the first wins); NULL for ours */
  stylefont_sheet *styles, *fonts;
  const stylefont_sheet *our_styles, *our_fonts; /* theirs: ours, read before */
} face_read;

static void on_face(void *ctx, xmlclean_node *n) {
  face_read *r = ctx;
  bool font = strcmp(xmlclean_name(n), "style:font-face") == 0;
  if (!font && strcmp(xmlclean_get(n, "style:family"), "paragraph") != 0) return;
  if (r->keys && !first_of_key(r->keys, n)) return;
  stylefont_fact f = {xmlclean_get(n, "style:name"), NULL, NULL, NULL, 0, 1.0}, mine;
  if (font) {
    f.family = xmlclean_get(n, "svg:font-family");
    /* one that says nothing matters only where it hides ours */
    if (!r->keys || f.family || stylefont_find(r->our_fonts, f.name, &mine)) stylefont_add(r->fonts, &f);
    return;
  }
  f.parent = xmlclean_get(n, "style:parent-style-name");
  xmlclean_node *tp = xmlclean_child_named(n, "style:text-properties");
  const char *size = tp ? xmlclean_get(tp, "fo:font-size") : NULL;
  if (tp) {
    f.font_ref = xmlclean_get(tp, "style:font-name");
    f.family = f.font_ref ? NULL : xmlclean_get(tp, "fo:font-family");
  }
  if (size && size[strlen(size) - 1] == '%') f.scale = strtod(size, NULL) / 100.0;
  else if (size) f.size_pt = stylefont_points(size, 0);
  if (!f.name || !r->keys || stylefont_says(&f) || stylefont_find(r->our_styles, f.name, &mine))
    stylefont_add(r->styles, &f);
}

/* The family of a font declaration: theirs, else ours; a name declared
 * nowhere is taken as the family. */
static char *declared_family(void *ctx, const char *font_name) {
  const stylefont_sheet *const *fonts = ctx;
  stylefont_fact f;
  for (size_t i = 0; i < 2; i++)
    if (stylefont_find(fonts[i], font_name, &f)) return f.family ? xstrdup(f.family) : NULL;
  return xstrdup(font_name);
}

/* The face "Table Contents" is set in once a reference document's styles
 * replace ours of the same name (as odt_styles_part merges them);
 * LibreOffice's own defaults where nothing is said. */
int odt_table_face(refdoc *ref, doc_face *face, char **err) {
  *face = doc_face_house();
  if (!ref) return 0;
  const template_file *t = templates_find("styles/odt/styles.xml");
  if (!t) {
    *err = xstrdup(_("the house style templates/styles/odt/styles.xml is not built in"));
    return -1;
  }
  stylefont_sheet styles[2], fonts[2]; /* theirs, ours */
  memset(styles, 0, sizeof styles);
  memset(fonts, 0, sizeof fonts);
  strset keys = {0};
  face_read r = {NULL, &styles[1], &fonts[1], NULL, NULL};
  xmlclean_spec spec = {odf_ns, "office:document-styles", "", &t_root, on_face, &r};
  int rc = xmlclean_run(&spec, (const char *)t->data, t->len, "styles/odt/styles.xml", err);
  r = (face_read){&keys, &styles[0], &fonts[0], &styles[1], &fonts[1]};
  if (rc == 0) rc = read_styles_part(ref, on_face, &r, err);
  if (rc == 0) {
    const stylefont_sheet *decls[2] = {&fonts[0], &fonts[1]};
    stylefont f;
    stylefont_resolve(&styles[0], &styles[1], "Table_20_Contents", declared_family, decls, &f);
    *face = doc_face_named(f.family ? f.family : "Liberation Serif", f.size_pt > 0 ? f.size_pt : 12.0 * f.scale);
    stylefont_done(&f);
  }
  for (size_t i = 0; i < 2; i++) {
    stylefont_free(&styles[i]);
    stylefont_free(&fonts[i]);
  }
  strset_free(&keys);
  return rc;
}
