/* vitrine-run-of-show-row.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vitrine-graphics.h"
#include "vitrine-show.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_RUN_OF_SHOW_ROW (vitrine_run_of_show_row_get_type ())

G_DECLARE_FINAL_TYPE (VitrineRunOfShowRow, vitrine_run_of_show_row,
                      VITRINE, RUN_OF_SHOW_ROW, GtkListBoxRow)

GtkWidget      *vitrine_run_of_show_row_new         (guint                       number,
                                                     const VitrineRunOfShowItem *item,
                                                     VitrineProduct             *product,
                                                     VitrineGraphics            *graphics);
guint           vitrine_run_of_show_row_get_number  (VitrineRunOfShowRow        *self);
VitrineProduct *vitrine_run_of_show_row_get_product (VitrineRunOfShowRow        *self);
gboolean        vitrine_run_of_show_row_get_pinned  (VitrineRunOfShowRow        *self);

G_END_DECLS
