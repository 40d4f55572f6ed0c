/* vitrine-destination-row.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vitrine-engine.h"
#include "vitrine-output.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_DESTINATION_ROW (vitrine_destination_row_get_type ())

G_DECLARE_FINAL_TYPE (VitrineDestinationRow, vitrine_destination_row,
                      VITRINE, DESTINATION_ROW, AdwExpanderRow)

GtkWidget     *vitrine_destination_row_new        (VitrineEngine         *engine,
                                                   VitrineOutput         *output);
VitrineOutput *vitrine_destination_row_get_output (VitrineDestinationRow *self);

G_END_DECLS
