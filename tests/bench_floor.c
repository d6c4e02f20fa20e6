/* bench_floor.c - `make bench`'s yardsticks: what the libraries the tool is
 * built on cost by themselves on this machine, so that the benchmark shows
 * the floor under its own figures. tests/bench.sh compiles it three ways:
 *
 *   -DFLOOR_START            start and exit; or, given "sync DIR", write
 *                            12 KB to DIR/floor.tmp, fsync, rename it over
 *                            DIR/floor.out, fsync DIR (the durable part of
 *                            writing a document). Built twice: linked to
 *                            nothing, and linked to every shared library
 *                            the tool needs (what its loader must do)
 *   (without it)             the modes below, linked to libxml2 and libyaml
 *
 *   xmlwriter FILE RUNS      parse FILE once, then write it again through
 *                            xmlTextWriter RUNS times to a sink that drops
 *                            the bytes; prints elements, bytes, median ms
 *   yaml FILE RUNS           libyaml's parser over FILE's front matter (the
 *                            part between the first two "---" lines), RUNS
 *                            times, events only; prints events, median ms
 *   touch PAGES RUNS         maps PAGES pages of fresh memory and writes a
 *                            byte to each, RUNS times: one page fault each;
 *                            prints the median cost of a fault in us
 *
 * The figures are medians of runs in one process (warm), so they are the
 * least these steps can cost, not what they cost inside a cold process. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#ifdef FLOOR_START
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int durable_write(const char *dir) {
  static char bytes[12000];
  char tmp[4096], out[4096];
  snprintf(tmp, sizeof tmp, "%s/floor.tmp", dir);
  snprintf(out, sizeof out, "%s/floor.out", dir);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || write(fd, bytes, sizeof bytes) != (ssize_t)sizeof bytes || fsync(fd) != 0 || close(fd) != 0)
    return 1;
  if (rename(tmp, out) != 0) return 1;
  int d = open(dir, O_RDONLY);
  return d < 0 || fsync(d) != 0 || close(d) != 0;
}

int main(int argc, char **argv) { return argc == 3 && strcmp(argv[1], "sync") == 0 ? durable_write(argv[2]) : 0; }
#else

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>
#include <yaml.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *t, int n) {
  qsort(t, (size_t)n, sizeof *t, cmp_double);
  return t[n / 2];
}

/* ---- xmlTextWriter ---- */

static size_t n_elements, n_bytes;

static int drop(void *ctx, const char *b, int len) {
  (void)ctx;
  (void)b;
  n_bytes += (size_t)len;
  return len;
}

static int drop_close(void *ctx) {
  (void)ctx;
  return 0;
}

/* Qualified names are formed before the clock starts (kept in _private):
 * the timed loop is the writer's work alone. */
static char *qualified(const xmlChar *prefix, const xmlChar *name) {
  size_t n = (prefix ? strlen((const char *)prefix) + 1 : 0) + strlen((const char *)name) + 1;
  char *q = malloc(n);
  if (prefix) snprintf(q, n, "%s:%s", (const char *)prefix, (const char *)name);
  else snprintf(q, n, "%s", (const char *)name);
  return q;
}

static void name_all(xmlNode *n, int set) {
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (set) n->_private = qualified(n->ns ? n->ns->prefix : NULL, n->name);
    else free(n->_private);
    for (xmlNs *ns = n->nsDef; ns; ns = ns->next) {
      if (set) ns->_private = ns->prefix ? qualified(BAD_CAST "xmlns", ns->prefix) : qualified(NULL, BAD_CAST "xmlns");
      else free(ns->_private);
    }
    for (xmlAttr *a = n->properties; a; a = a->next) {
      if (set) a->_private = qualified(a->ns ? a->ns->prefix : NULL, a->name);
      else free(a->_private);
    }
    name_all(n->children, set);
  }
}

static void rewrite(xmlTextWriterPtr w, const xmlNode *n) {
  for (; n; n = n->next) {
    if (n->type == XML_TEXT_NODE) {
      xmlTextWriterWriteString(w, n->content);
    } else if (n->type == XML_ELEMENT_NODE) {
      xmlTextWriterStartElement(w, n->_private);
      n_elements++;
      for (const xmlNs *ns = n->nsDef; ns; ns = ns->next) xmlTextWriterWriteAttribute(w, ns->_private, ns->href);
      for (const xmlAttr *a = n->properties; a; a = a->next)
        xmlTextWriterWriteAttribute(w, a->_private, a->children ? a->children->content : BAD_CAST "");
      rewrite(w, n->children);
      xmlTextWriterEndElement(w);
    }
  }
}

static int xmlwriter(const char *path, int runs) {
  xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
  if (!doc) return 1;
  name_all(xmlDocGetRootElement(doc), 1);
  double *t = malloc(sizeof *t * (size_t)runs);
  for (int i = 0; i < runs; i++) {
    n_elements = n_bytes = 0;
    double start = now_ms();
    xmlTextWriterPtr w = xmlNewTextWriter(xmlOutputBufferCreateIO(drop, drop_close, NULL, NULL));
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", "yes");
    rewrite(w, xmlDocGetRootElement(doc));
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    t[i] = now_ms() - start;
  }
  printf("%zu %zu %.3f\n", n_elements, n_bytes, median(t, runs));
  free(t);
  name_all(xmlDocGetRootElement(doc), 0);
  xmlFreeDoc(doc);
  return 0;
}

/* ---- libyaml ---- */

static char *front_matter(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *s = malloc(cap);
  size_t got;
  while ((got = fread(s + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) s = realloc(s, cap *= 2);
  }
  fclose(f);
  if (n < 4 || memcmp(s, "---\n", 4) != 0) {
    free(s);
    return NULL;
  }
  /* from the line after the opening "---" to the next "---" line */
  const char *start = s + 4, *p = start, *end = s + n;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *line_end = nl ? nl : end;
    if (line_end - p == 3 && memcmp(p, "---", 3) == 0) {
      end = p;
      break;
    }
    if (!nl) break;
    p = nl + 1;
  }
  *len = (size_t)(end - start);
  memmove(s, s + 4, *len);
  return s;
}

static int yaml(const char *path, int runs) {
  size_t len;
  char *text = front_matter(path, &len);
  if (!text) return 1;
  double *t = malloc(sizeof *t * (size_t)runs);
  size_t events = 0;
  for (int i = 0; i < runs; i++) {
    events = 0;
    double start = now_ms();
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    yaml_event_t e;
    for (;;) {
      if (!yaml_parser_parse(&p, &e)) return 1;
      events++;
      int done = e.type == YAML_STREAM_END_EVENT;
      yaml_event_delete(&e);
      if (done) break;
    }
    yaml_parser_delete(&p);
    t[i] = now_ms() - start;
  }
  printf("%zu %.3f\n", events, median(t, runs));
  free(t);
  free(text);
  return 0;
}

/* ---- page faults ---- */

static int touch(long pages, int runs) {
  long size = sysconf(_SC_PAGESIZE);
  if (pages < 1 || size < 1) return 1;
  double *t = malloc(sizeof *t * (size_t)runs);
  for (int i = 0; i < runs; i++) {
    char *p = mmap(NULL, (size_t)(pages * size), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return 1;
    double start = now_ms();
    for (long k = 0; k < pages; k++) p[k * size] = 1;
    t[i] = (now_ms() - start) * 1000 / (double)pages;
    munmap(p, (size_t)(pages * size));
  }
  printf("%.2f\n", median(t, runs));
  free(t);
  return 0;
}

int main(int argc, char **argv) {
  int runs = argc == 4 ? atoi(argv[3]) : 0;
  if (runs < 1 || runs > 1000) {
    fprintf(stderr, "usage: bench_floor xmlwriter FILE RUNS | yaml FILE RUNS | touch PAGES RUNS\n");
    return 2;
  }
  if (strcmp(argv[1], "xmlwriter") == 0) return xmlwriter(argv[2], runs);
  if (strcmp(argv[1], "yaml") == 0) return yaml(argv[2], runs);
  if (strcmp(argv[1], "touch") == 0) return touch(atol(argv[2]), runs);
  return 2;
}
#endif
