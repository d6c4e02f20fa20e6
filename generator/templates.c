/* templates.c - look-ups in the table that embed.c generates at build time. */
#include "templates.h"

#include <stdlib.h>
#include <string.h>

extern const template_file templates_table[];
extern const size_t templates_count;

static int by_name(const void *key, const void *elem) {
  return strcmp(key, ((const template_file *)elem)->name);
}

const template_file *templates_find(const char *name) {
  return bsearch(name, templates_table, templates_count, sizeof templates_table[0], by_name);
}

const template_file *templates_all(size_t *count) {
  *count = templates_count;
  return templates_table;
}
