/* refdoc.c - opening reference documents (.odt/.docx house styles) and
 * parsing untrusted XML parts safely: no network, no entity expansion, no
 * DOCTYPE at all. */
#include "refdoc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "i18n.h"
#include "xmlform.h"

/* Collects the first libxml2 error message instead of printing it. */
static void keep_first_error(void *ctx, xmlErrorPtr e) {
  char **msg = ctx;
  if (*msg || !e || !e->message) return;
  size_t len = strlen(e->message);
  while (len > 0 && (e->message[len - 1] == '\n' || e->message[len - 1] == ' ')) len--;
  *msg = xasprintf("line %d: %.*s", e->line, (int)len, e->message);
}

/* A DOCTYPE can hide entity definitions (billion laughs) even when
 * expansion is off; a document part never needs one. */
static bool has_doctype(xmlDocPtr doc) {
  if (doc->intSubset || doc->extSubset) return true;
  for (xmlNodePtr n = doc->children; n; n = n->next)
    if (n->type == XML_DTD_NODE || n->type == XML_DOCUMENT_TYPE_NODE) return true;
  return false;
}

/* Looks through the prolog (declaration, comments, processing
 * instructions) for a DOCTYPE before the parser ever sees its entities. */
bool xml_untrusted_doctype(const char *s, size_t len) {
  size_t bom = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  size_t i = bom + xml_prolog_end(s + bom, len - bom);
  return len - i >= 9 && memcmp(s + i, "<!DOCTYPE", 9) == 0;
}

/* ---- a budget of nodes ----
 * A tree costs some 100 to 150 bytes a node, so a 32 MiB part of "<a/>"
 * would take over a gigabyte. The parser's callbacks count what the tree
 * gets (an element, two per attribute, one per namespace, text, comment)
 * and stop the parse at the budget, before the tree grows past it. */

typedef struct {
  startElementNsSAX2Func start;
  charactersSAXFunc characters, cdata;
  commentSAXFunc comment;
  processingInstructionSAXFunc pi;
  size_t nodes;
  bool over;
} node_budget;

static bool spend(void *ctx, size_t n) {
  xmlParserCtxtPtr ctxt = ctx;
  node_budget *b = ctxt->_private;
  b->nodes += n;
  if (b->nodes <= XML_UNTRUSTED_MAX_NODES) return true;
  if (!b->over) xmlStopParser(ctxt);
  b->over = true;
  return false;
}

static void count_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int n_ns,
                        const xmlChar **ns, int n_attrs, int n_defaulted, const xmlChar **attrs) {
  if (spend(ctx, 1 + (size_t)n_ns + 2 * (size_t)n_attrs))
    ((node_budget *)((xmlParserCtxtPtr)ctx)->_private)->start(ctx, local, prefix, uri, n_ns, ns, n_attrs, n_defaulted,
                                                             attrs);
}

static void count_characters(void *ctx, const xmlChar *s, int len) {
  if (spend(ctx, 1)) ((node_budget *)((xmlParserCtxtPtr)ctx)->_private)->characters(ctx, s, len);
}

static void count_cdata(void *ctx, const xmlChar *s, int len) {
  if (spend(ctx, 1)) ((node_budget *)((xmlParserCtxtPtr)ctx)->_private)->cdata(ctx, s, len);
}

static void count_comment(void *ctx, const xmlChar *s) {
  if (spend(ctx, 1)) ((node_budget *)((xmlParserCtxtPtr)ctx)->_private)->comment(ctx, s);
}

static void count_pi(void *ctx, const xmlChar *target, const xmlChar *data) {
  if (spend(ctx, 1)) ((node_budget *)((xmlParserCtxtPtr)ctx)->_private)->pi(ctx, target, data);
}

static void budget_install(xmlParserCtxtPtr ctx, node_budget *b) {
  xmlSAXHandlerPtr sax = ctx->sax;
  *b = (node_budget){sax->startElementNs, sax->characters, sax->cdataBlock, sax->comment, sax->processingInstruction,
                     0, false};
  ctx->_private = b;
  if (sax->startElementNs) sax->startElementNs = count_start;
  if (sax->characters) sax->characters = count_characters;
  if (sax->cdataBlock) sax->cdataBlock = count_cdata;
  if (sax->comment) sax->comment = count_comment;
  if (sax->processingInstruction) sax->processingInstruction = count_pi;
}

xmlDocPtr xml_parse_untrusted(const char *data, size_t len, const char *what, char **err) {
  if (len > (size_t)INT32_MAX) {
    *err = xasprintf(_("%s: too large to parse"), what);
    return NULL;
  }
  if (xml_untrusted_doctype(data, len)) {
    *err = xasprintf(_("%s: has a DOCTYPE declaration, which is not allowed"), what);
    return NULL;
  }
  char *msg = NULL;
  xmlParserCtxtPtr ctx = xmlNewParserCtxt();
  if (!ctx) abort();
  node_budget budget;
  budget_install(ctx, &budget);
  xmlSetStructuredErrorFunc(&msg, keep_first_error);
  xmlDocPtr doc = xmlCtxtReadMemory(ctx, data, (int)len, NULL, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlSetStructuredErrorFunc(NULL, NULL);
  if (budget.over) {
    *err = xasprintf(_("%s: too large to read (more than %d XML nodes)"), what, XML_UNTRUSTED_MAX_NODES);
    if (doc) xmlFreeDoc(doc);
    doc = NULL;
  } else if (!doc || !ctx->wellFormed || !ctx->nsWellFormed) {
    /* nsWellFormed too: a name like 'w:val:' parses as XML 1.0 but is no
     * namespace QName, and would make the document we copy it into broken */
    *err = xasprintf(_("%s: not well-formed XML (%s)"), what, msg ? msg : _("unreadable"));
    if (doc) xmlFreeDoc(doc);
    doc = NULL;
  } else if (has_doctype(doc)) {
    *err = xasprintf(_("%s: has a DOCTYPE declaration, which is not allowed"), what);
    xmlFreeDoc(doc);
    doc = NULL;
  }
  xmlFreeParserCtxt(ctx);
  free(msg);
  return doc;
}

refdoc *refdoc_open(const char *path, char **err) {
  char *zerr = NULL;
  zip_in *z = zip_in_open(path, &zerr);
  if (!z) {
    /* zipio's message starts with the path already */
    size_t plen = strlen(path);
    const char *why = strncmp(zerr, path, plen) == 0 && strncmp(zerr + plen, ": ", 2) == 0 ? zerr + plen + 2 : zerr;
    *err = xasprintf(_("%s: not a usable reference document: %s"), path, why);
    free(zerr);
    return NULL;
  }
  refdoc *r = xcalloc(1, sizeof *r);
  r->path = xstrdup(path);
  r->zip = z;
  if (zip_in_has(z, "[Content_Types].xml") && zip_in_has(z, "word/document.xml")) {
    r->is_docx = true;
    return r;
  }
  char *mt = NULL;
  size_t len = 0;
  int rc = zip_in_read(z, "mimetype", &mt, &len, &zerr);
  static const char odt_type[] = "application/vnd.oasis.opendocument.text";
  static const char ott_type[] = "application/vnd.oasis.opendocument.text-template";
  bool ok = rc == 0 && ((len == sizeof odt_type - 1 && memcmp(mt, odt_type, len) == 0) ||
                        (len == sizeof ott_type - 1 && memcmp(mt, ott_type, len) == 0));
  free(mt);
  if (rc < 0) {
    *err = xasprintf(_("%s: not a usable reference document: %s"), path, zerr);
    free(zerr);
  } else if (!ok) {
    *err = xasprintf(_("%s: not a usable reference document: neither an OpenDocument text "
                       "(.odt) nor a Word document (.docx)"),
                     path);
  }
  if (!ok) {
    refdoc_free(r);
    return NULL;
  }
  return r;
}

int refdoc_part_data(refdoc *r, const char *name, char **data, size_t *len, char **err) {
  char *zerr = NULL;
  int rc = zip_in_read(r->zip, name, data, len, &zerr);
  if (rc < 0) {
    *err = xasprintf("%s: %s", r->path, zerr);
    free(zerr);
  }
  return rc;
}

int refdoc_part(refdoc *r, const char *name, xmlDocPtr *out, char **err) {
  *out = NULL;
  char *data = NULL;
  size_t len = 0;
  int rc = refdoc_part_data(r, name, &data, &len, err);
  if (rc != 0) return rc;
  char *what = xasprintf("%s: %s", r->path, name);
  *out = xml_parse_untrusted(data, len, what, err);
  free(what);
  free(data);
  return *out ? 0 : -1;
}

void refdoc_free(refdoc *r) {
  if (!r) return;
  zip_in_close(r->zip);
  free(r->path);
  free(r);
}
