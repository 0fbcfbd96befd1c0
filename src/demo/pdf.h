/* A small, valid PDF document (one A4 page of Helvetica text lines) for
 * the demo's attachments: the dialog API judges uploads by content. */
#ifndef DEMO_PDF_H
#define DEMO_PDF_H
#include <stddef.h>

/* The document with one line of text per entry of lines (UTF-8; what
 * Latin-1 lacks becomes '?'); malloc'ed, its length in *out_len. */
char *demo_pdf(const char *const *lines, size_t n, size_t *out_len);

#endif
