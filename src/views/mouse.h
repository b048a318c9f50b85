/* mouse.h — what a click does on the two kinds of screen body: a table (a
 * click on a row selects it and the column under the pointer, on the header
 * sorts by that column as `s` would, a double click opens as Enter) and a
 * line list (a click selects the line, a double click opens it). */
#ifndef MLTUI_VIEWS_MOUSE_H
#define MLTUI_VIEWS_MOUSE_H

#include <stdbool.h>

#include "app.h"
#include "widgets/lines.h"
#include "widgets/table.h"

int view_click_table(View *v, App *app, Table *t, int y, int x, bool twice);
int view_click_lines(View *v, App *app, LineList *ll, int y, bool twice);

#endif
