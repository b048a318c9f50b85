/* top.h — where the project's folder is, for unit tests that open fixture
 * files: $MLTUI_TOP, else derived from this test's __FILE__ (the tests are
 * built from tests/unit/), else the current folder. find_top() fills top,
 * ending in '/' or empty. */
#ifndef MLTUI_TESTS_UNIT_TOP_H
#define MLTUI_TESTS_UNIT_TOP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char top[1024];

static void find_top(void)
{
    const char *t = getenv("MLTUI_TOP");
    const char *here = __FILE__;
    const char *cut = strstr(here, "tests/unit/");

    if (t)
        snprintf(top, sizeof top, "%s/", t);
    else if (cut && cut != here)
        snprintf(top, sizeof top, "%.*s", (int)(cut - here), here);
    else
        top[0] = '\0';
}

#endif
