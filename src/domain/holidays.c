#include "domain/holidays.h"

void dom_easter_sunday(int year, int *out_month, int *out_day)
{
    int a = year % 19, b = year / 100, c = year % 100;
    int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    *out_month = (h + l - 7 * m + 114) / 31;
    *out_day = (h + l - 7 * m + 114) % 31 + 1;
}

int dom_weekday(int year, int month, int day)
{
    /* Sakamoto's method: 0 = Sunday. */
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int y = month < 3 ? year - 1 : year;
    int w = (y + y / 4 - y / 100 + y / 400 + t[month - 1] + day) % 7;
    return w == 0 ? 7 : w;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int day_of_year(int year, int month, int day)
{
    static const int cum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    return cum[month - 1] + (month > 2 && is_leap(year)) + day;
}

bool dom_is_public_holiday(int year, int month, int day)
{
    static const int fixed[][2] = {{1, 1}, {5, 1}, {5, 17}, {12, 25}, {12, 26}};
    for (unsigned i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (fixed[i][0] == month && fixed[i][1] == day)
            return true;
    int em, ed;
    dom_easter_sunday(year, &em, &ed);
    int offset = day_of_year(year, month, day) - day_of_year(year, em, ed);
    /* Skjærtorsdag, Langfredag, påske, 2. påskedag, himmelfart, pinse, 2. pinsedag */
    static const int movable[] = {-3, -2, 0, 1, 39, 49, 50};
    for (unsigned i = 0; i < sizeof movable / sizeof movable[0]; i++)
        if (offset == movable[i])
            return true;
    return false;
}
