/* `budstikke demo`: demo organisations, persons, notifications and saker for
 * the Min side portal, and a citizen's messages. The data (data.json,
 * embedded) is a list of producer mutations (operations.graphql) run in
 * process through the producer API's engine, so everything goes the real
 * write path: events, every registered read model, the scheduler's jobs;
 * the messages (dialoger.json) go through the dialog API over HTTP. Times
 * are relative to now, so the demo always has something from today,
 * yesterday and last month. The access file and the producer registry the
 * demo persons need are embedded too (access.json, registry.json) and
 * written out for serve. */
#ifndef DEMO_DEMO_H
#define DEMO_DEMO_H
#include "api/producer/producer.h"

#include <stdio.h>

/* The registry the demo's producers need, as JSON (borrowed, embedded). */
const char *demo_registry_json(void);

/* Writes the embedded access file and registry to these paths. 0, or -1
 * with a malloc'ed *out_err. */
int demo_write_files(const char *access_path, const char *registry_path, char **out_err);

enum demo_result {
    DEMO_LOADED,         /* every step ran */
    DEMO_ALREADY_LOADED, /* the first step found its sak: nothing was changed */
    DEMO_FAILED,         /* a step failed: *out_err says which and why */
};

/* Runs the demo's steps as their producers through p (built with
 * demo_registry_json's registry). Progress and skipped steps (operations
 * this build does not have yet) are reported on log. */
enum demo_result demo_load(struct api_producer *p, FILE *log, char **out_err);

/* The demo citizen's messages (dialoger.json): uploads, dialogs, replies
 * and marks sent over HTTP to the dialog API of a loopback server of this
 * process, opened on store with these files, with tokens of a key held in
 * memory only. DEMO_ALREADY_LOADED when the citizen has dialogs already. */
struct store;
enum demo_result demo_load_dialogs(struct store *store, const char *registry_path,
                                   const char *access_path, FILE *log, char **out_err);

/* One line per demo person and citizen: the number and who they are. */
void demo_print_persons(FILE *out);

#endif
