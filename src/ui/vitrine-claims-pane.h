/* vitrine-claims-pane.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vitrine-claim-queue.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_CLAIMS_PANE (vitrine_claims_pane_get_type ())

G_DECLARE_FINAL_TYPE (VitrineClaimsPane, vitrine_claims_pane, VITRINE, CLAIMS_PANE, GtkBox)

GtkWidget         *vitrine_claims_pane_new            (void);
VitrineClaimQueue *vitrine_claims_pane_get_queue      (VitrineClaimsPane *self);
void               vitrine_claims_pane_set_queue      (VitrineClaimsPane *self,
                                                       VitrineClaimQueue *queue);
const char        *vitrine_claims_pane_get_product    (VitrineClaimsPane *self);
void               vitrine_claims_pane_set_product    (VitrineClaimsPane *self,
                                                       const char        *code);
void               vitrine_claims_pane_export_to_file (VitrineClaimsPane *self,
                                                       GFile             *file);

G_END_DECLS
