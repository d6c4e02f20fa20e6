/* templates.h - the files of templates/ and the compiled message catalogs,
 * embedded into the binary at build time (see generator/embed.c). */
#ifndef WK_TEMPLATES_H
#define WK_TEMPLATES_H

#include <stddef.h>

typedef struct {
  const char *name; /* path below templates/, e.g. "cba/profile.yaml";
                       catalogs are "locale/nl.mo" */
  const unsigned char *data; /* NUL-terminated for convenience */
  size_t len;
} template_file;

/* NULL when absent. */
const template_file *templates_find(const char *name);
/* All embedded files, sorted by name; *count set. */
const template_file *templates_all(size_t *count);

#endif
