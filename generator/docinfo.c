/* docinfo.c - reads back the properties wijkcontract stores in a generated
 * .odt (meta.xml) or .docx (docProps/custom.xml, docProps/core.xml), for
 * `verify` and for build's refusal to replace a signed document. The file is
 * untrusted: zipio caps what is inflated, xml_parse_untrusted refuses
 * DOCTYPEs and never touches the network. */
#include "docinfo.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "doc.h"
#include "i18n.h"
#include "profile.h"
#include "refdoc.h"
#include "util.h"
#include "zipio.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_META "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_CUSTOM "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
#define NS_VT "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
#define NS_EXTENDED "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"

static bool node_is(const xmlNode *n, const char *ns, const char *name) {
  return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
         strcmp((const char *)n->ns->href, ns) == 0 && strcmp((const char *)n->name, name) == 0;
}

/* The text content of n as a malloc'd string. */
static char *node_text(xmlNode *n) {
  xmlChar *s = xmlNodeGetContent(n);
  char *r = xstrdup(s ? (const char *)s : "");
  xmlFree(s);
  return r;
}

/* The stored properties: name, where the reader keeps it, and (for the
 * writers) where the composed metadata holds it. */
static const struct {
  const char *name;
  size_t field; /* offset in docinfo */
} prop_table[DOCINFO_NPROPS] = {
    {DOCINFO_FINGERPRINT, offsetof(docinfo, fingerprint)},
    {DOCINFO_VERSION, offsetof(docinfo, version)},
    {DOCINFO_STATUS, offsetof(docinfo, status)},
    {DOCINFO_STAGE, offsetof(docinfo, stage)},
    {DOCINFO_KIND, offsetof(docinfo, kind)},
    {DOCINFO_GENERATOR, offsetof(docinfo, generator)},
    {DOCINFO_MADE_AS, offsetof(docinfo, made_as)},
    {DOCINFO_PARTY, offsetof(docinfo, party)},
    {DOCINFO_DRAFT, offsetof(docinfo, draft)},
    {DOCINFO_PUBLIC, offsetof(docinfo, public_version)},
    {DOCINFO_TEXT, offsetof(docinfo, text_digest)},
};

void docinfo_props(const doc_meta *m, const char *text_digest, docinfo_prop out[DOCINFO_NPROPS]) {
  const char *values[DOCINFO_NPROPS] = {m->fingerprint, m->version,  m->status_id,
                                        docinfo_stage_name(m->stage), m->kind, m->generator,
                                        m->made_as,     m->party,   m->draft ? "true" : "false",
                                        m->public_version ? "true" : "false", text_digest};
  for (size_t i = 0; i < DOCINFO_NPROPS; i++) {
    out[i].name = prop_table[i].name;
    out[i].value = values[i] ? values[i] : "";
  }
}

/* Points the docinfo field that stores property name at *slot, or NULL for
 * a property wijkcontract does not define. */
static char **field_for(docinfo *info, const char *name) {
  for (size_t i = 0; i < DOCINFO_NPROPS; i++)
    if (strcmp(name, prop_table[i].name) == 0) return (char **)((char *)info + prop_table[i].field);
  return NULL;
}

static void set_field(char **slot, xmlNode *n) {
  if (*slot) return; /* the first occurrence wins */
  *slot = node_text(n);
}

/* ODT: office:document-meta/office:meta holds dc:title and
 * meta:user-defined meta:name="..." elements. */
static void odt_collect(xmlNode *meta, docinfo *info) {
  for (xmlNode *n = meta->children; n; n = n->next) {
    if (node_is(n, NS_DC, "title")) {
      set_field(&info->title, n);
    } else if (node_is(n, NS_META, "generator")) {
      set_field(&info->application, n);
    } else if (node_is(n, NS_META, "user-defined")) {
      xmlChar *name = xmlGetNsProp(n, (const xmlChar *)"name", (const xmlChar *)NS_META);
      char **slot = name ? field_for(info, (const char *)name) : NULL;
      if (slot) set_field(slot, n);
      xmlFree(name);
    }
  }
}

/* DOCX custom.xml: Properties/property name="..." with one vt:* child. */
static void docx_collect_custom(xmlNode *root, docinfo *info) {
  for (xmlNode *n = root->children; n; n = n->next) {
    if (!node_is(n, NS_CUSTOM, "property")) continue;
    xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
    char **slot = name ? field_for(info, (const char *)name) : NULL;
    xmlFree(name);
    if (!slot) continue;
    for (xmlNode *v = n->children; v; v = v->next)
      if (v->type == XML_ELEMENT_NODE && v->ns && v->ns->href &&
          strcmp((const char *)v->ns->href, NS_VT) == 0) {
        set_field(slot, v);
        break;
      }
  }
}

/* Reads and parses one part; 1 when absent, -1 with *err on failure. */
static int read_part(zip_in *z, const char *path, const char *part, xmlDocPtr *out, char **err) {
  char *data = NULL, *zerr = NULL;
  size_t len = 0;
  int r = zip_in_read(z, part, &data, &len, &zerr);
  if (r == 1) return 1;
  if (r < 0) {
    *err = xasprintf(_("%s: cannot read %s: %s"), path, part, zerr ? zerr : "?");
    free(zerr);
    return -1;
  }
  char *what = xasprintf("%s:%s", path, part);
  char *perr = NULL;
  *out = xml_parse_untrusted(data, len, what, &perr);
  free(what);
  free(data);
  if (!*out) {
    /* xml_parse_untrusted names `what` in its message */
    *err = perr ? perr : xasprintf(_("%s: %s is not well-formed XML"), path, part);
    return -1;
  }
  free(perr);
  return 0;
}

static int read_odt(zip_in *z, const char *path, docinfo *info, char **err) {
  xmlDocPtr x = NULL;
  int r = read_part(z, path, "meta.xml", &x, err);
  if (r != 0) return r < 0 ? -1 : 0; /* no meta.xml: a document without properties */
  xmlNode *root = xmlDocGetRootElement(x);
  if (root && node_is(root, NS_OFFICE, "document-meta"))
    for (xmlNode *n = root->children; n; n = n->next)
      if (node_is(n, NS_OFFICE, "meta")) odt_collect(n, info);
  xmlFreeDoc(x);
  return 0;
}

/* The text of the first child ns:name of part's root into *slot (left
 * alone when the part or the child is absent); 0, or -1 with *err. */
static int read_child(zip_in *z, const char *path, const char *part, const char *ns, const char *name,
                      char **slot, char **err) {
  xmlDocPtr x = NULL;
  int r = read_part(z, path, part, &x, err);
  if (r != 0) return r < 0 ? -1 : 0;
  xmlNode *root = xmlDocGetRootElement(x);
  for (xmlNode *n = root ? root->children : NULL; n; n = n->next)
    if (node_is(n, ns, name)) set_field(slot, n);
  xmlFreeDoc(x);
  return 0;
}

/* The title is in core.xml, the application that saved the file last in
 * app.xml, the properties in custom.xml: without want_title, only
 * custom.xml is read. */
static int read_docx(zip_in *z, const char *path, bool want_title, docinfo *info, char **err) {
  if (want_title && (read_child(z, path, "docProps/core.xml", NS_DC, "title", &info->title, err) < 0 ||
                     read_child(z, path, "docProps/app.xml", NS_EXTENDED, "Application", &info->application,
                                err) < 0))
    return -1;
  xmlDocPtr x = NULL;
  int r = read_part(z, path, "docProps/custom.xml", &x, err);
  if (r < 0) return -1;
  if (r == 0) {
    xmlNode *root = xmlDocGetRootElement(x);
    if (root && node_is(root, NS_CUSTOM, "Properties")) docx_collect_custom(root, info);
    xmlFreeDoc(x);
  }
  return 0;
}

/* An ODF text package names its type in the stored mimetype part. */
static bool is_odt(zip_in *z) {
  if (!zip_in_has(z, "mimetype")) return zip_in_has(z, "meta.xml") && zip_in_has(z, "content.xml");
  char *data = NULL, *zerr = NULL;
  size_t len = 0;
  bool yes = false;
  if (zip_in_read(z, "mimetype", &data, &len, &zerr) == 0) {
    const char *want = "application/vnd.oasis.opendocument.text";
    yes = len >= strlen(want) && memcmp(data, want, strlen(want)) == 0;
  }
  free(data);
  free(zerr);
  return yes;
}

static bool is_docx(zip_in *z) {
  return zip_in_has(z, "[Content_Types].xml") && zip_in_has(z, "word/document.xml");
}

static int read_info(const char *path, bool want_title, docinfo *info, doctext *text, char **err) {
  memset(info, 0, sizeof *info);
  *err = NULL;
  char *zerr = NULL;
  zip_in *z = zip_in_open(path, &zerr);
  if (!z) {
    /* zipio's message starts with the path; keep only its reason */
    const char *why = zerr ? zerr : "?";
    size_t plen = strlen(path);
    if (strncmp(why, path, plen) == 0 && why[plen] == ':') why += plen + 1 + (why[plen + 1] == ' ');
    /* access, not open: opening a FIFO would block */
    if (access(path, R_OK) != 0) *err = xasprintf("%s: %s", path, strerror(errno));
    else *err = xasprintf(_("%s: not an ODT or DOCX document (%s)"), path, why);
    free(zerr);
    return -1;
  }
  int r;
  if (is_odt(z)) {
    r = read_odt(z, path, info, err);
  } else if (is_docx(z)) {
    info->docx = true;
    r = read_docx(z, path, want_title, info, err);
  } else {
    *err = xasprintf(_("%s: a zip archive, but not an ODT or DOCX document"), path);
    r = -1;
  }
  if (r == 0 && text) {
    char *terr = NULL;
    r = doctext_read((zip_pkg){z, NULL}, info->docx, text, &terr);
    if (r < 0) {
      *err = xasprintf("%s: %s", path, terr);
      free(terr);
    }
  }
  zip_in_close(z);
  if (r < 0) {
    docinfo_free(info);
    memset(info, 0, sizeof *info);
    return -1;
  }
  return info->fingerprint && info->fingerprint[0] ? 0 : 1;
}

int docinfo_read(const char *path, docinfo *info, char **err) { return read_info(path, true, info, NULL, err); }

int docinfo_read_props(const char *path, docinfo *info, char **err) {
  return read_info(path, false, info, NULL, err);
}

int docinfo_read_text(const char *path, docinfo *info, doctext *text, char **err) {
  memset(text, 0, sizeof *text);
  return read_info(path, true, info, text, err);
}

int docinfo_text_digest(zip_out *z, bool docx, char hex[65], char **err) {
  return doctext_digest_package((zip_pkg){NULL, z}, docx, hex, err);
}

void docinfo_free(docinfo *info) {
  if (!info) return;
  free(info->title);
  free(info->fingerprint);
  free(info->version);
  free(info->status);
  free(info->stage);
  free(info->kind);
  free(info->generator);
  free(info->made_as);
  free(info->party);
  free(info->draft);
  free(info->public_version);
  free(info->text_digest);
  free(info->application);
  memset(info, 0, sizeof *info);
}

const char *docinfo_stage_name(int stage) {
  switch (stage) {
  case STAGE_SIGNED: return "signed";
  case STAGE_FINAL: return "final";
  default: return "draft";
  }
}
