/*
 * acdroute - disposition codes, follow-up rules, do-not-contact list.
 * (Attribute flags are shared with metrics; the functions are declared by
 * the disposition module below.)
 */
#ifndef ACDROUTE_DISPOSITION_H
#define ACDROUTE_DISPOSITION_H

#include <acdroute/types.h>
#include <acdroute/errors.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Disposition code attributes (bit flags). */
#define ACDR_DISPO_CONTACT_MADE 0x01u /* a human was reached */
#define ACDR_DISPO_SUCCESS 0x02u      /* sale / goal reached */
#define ACDR_DISPO_FINAL 0x04u        /* final (else: retry) */
#define ACDR_DISPO_RESOLVED 0x08u     /* counts as resolved */
#define ACDR_DISPO_FOLLOW_UP 0x10u    /* requires follow-up */
#define ACDR_DISPO_CALLBACK 0x20u     /* schedules a callback */
#define ACDR_DISPO_DNC 0x40u          /* do not contact */
#define ACDR_DISPO_UNWORKABLE 0x80u   /* number unworkable */

#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_DISPOSITION_H */
