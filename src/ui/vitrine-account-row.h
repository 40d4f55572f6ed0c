/* vitrine-account-row.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vitrine-account.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_ACCOUNT_ROW (vitrine_account_row_get_type ())

G_DECLARE_FINAL_TYPE (VitrineAccountRow, vitrine_account_row, VITRINE, ACCOUNT_ROW, AdwActionRow)

GtkWidget      *vitrine_account_row_new         (VitrineAccount    *account);
VitrineAccount *vitrine_account_row_get_account (VitrineAccountRow *self);

G_END_DECLS
