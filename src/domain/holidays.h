/* Norwegian public holidays (helligdager and the two national days), which
 * external notices respect on top of the reference's send windows. Pure
 * calendar arithmetic on the proleptic Gregorian calendar. */
#ifndef DOM_HOLIDAYS_H
#define DOM_HOLIDAYS_H
#include <stdbool.h>

/* Easter Sunday of year (anonymous Gregorian algorithm). */
void dom_easter_sunday(int year, int *out_month, int *out_day);
/* 1 = Monday ... 7 = Sunday. */
int dom_weekday(int year, int month, int day);
/* 1 Jan, Skjærtorsdag, Langfredag, 1. and 2. påskedag, 1 May, 17 May,
 * Kristi himmelfartsdag, 1. and 2. pinsedag, 25 and 26 Dec. */
bool dom_is_public_holiday(int year, int month, int day);

#endif
