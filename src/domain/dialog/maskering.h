/* Organisations and letter secrecy (dialog.md 2.2.1, 2.4.8; seed 004
 * "Adgang til beskedindhold"): who the parties of a dialog are, whether a
 * viewing organisation may see its content, and what replaces it when not.
 * Pure rules over normalised parties: a sub-jobcenter acts as its main
 * jobcenter, an anden aktør as the jobcenter it works for. */
#ifndef DOM_DIALOG_MASKERING_H
#define DOM_DIALOG_MASKERING_H
#include <stdbool.h>

enum dom_orgtype {
    DOM_ORG_STAR,
    DOM_ORG_JOBCENTER,
    DOM_ORG_AKASSE,
    DOM_ORG_KOMMUNE,
    DOM_ORG_ANDEN_AKTOR,
    DOM_ORG_VIRKSOMHET,
};

struct dom_party {
    const char *kode;      /* normalised organisation code */
    enum dom_orgtype type; /* normalised type (an anden aktør is JOBCENTER) */
};

bool dom_orgtype_parse(const char *name, enum dom_orgtype *out);
const char *dom_orgtype_name(enum dom_orgtype t);
/* A main jobcenter's number ends in "00" (seed: 14700 Frederiksberg). */
bool dom_hovedjobcenter(const char *kode);

/* Whether the organisation viewer sees the content of a dialog between
 * sender and receiver (receiver NULL on one-way channels). STAR sees
 * everything a jobcenter or STAR is party to: all jobcentres count as one. */
bool dom_fullt_innhold(const struct dom_party *viewer, const struct dom_party *sender,
                       const struct dom_party *receiver);
/* The replacement title by the sender's type ("Besked fra a-kasse"...). */
const char *dom_maskert_tittel(enum dom_orgtype sender);
/* The replacement of every text, verbatim from the seed. */
extern const char DOM_MASKERT_TEKST[];
/* Title shown to a citizen logged in below the dialog's level. */
extern const char DOM_HOYERE_NIVAA_TITTEL[];

#endif
