/* vitrine-run-of-show.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vitrine-catalog.h"
#include "vitrine-graphics.h"
#include "vitrine-show.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_RUN_OF_SHOW (vitrine_run_of_show_get_type ())

G_DECLARE_FINAL_TYPE (VitrineRunOfShow, vitrine_run_of_show, VITRINE, RUN_OF_SHOW, GtkBox)

GtkWidget  *vitrine_run_of_show_new               (void);
void        vitrine_run_of_show_set_show          (VitrineRunOfShow *self,
                                                   VitrineShow      *show);
void        vitrine_run_of_show_set_catalog       (VitrineRunOfShow *self,
                                                   VitrineCatalog   *catalog);
void        vitrine_run_of_show_set_graphics      (VitrineRunOfShow *self,
                                                   VitrineGraphics  *graphics);
const char *vitrine_run_of_show_get_prompter_text (VitrineRunOfShow *self);

G_END_DECLS
