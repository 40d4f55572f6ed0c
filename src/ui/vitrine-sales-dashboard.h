/* vitrine-sales-dashboard.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vitrine-catalog.h"
#include "vitrine-journal.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_SALES_DASHBOARD (vitrine_sales_dashboard_get_type ())

G_DECLARE_FINAL_TYPE (VitrineSalesDashboard, vitrine_sales_dashboard,
                      VITRINE, SALES_DASHBOARD, GtkBox)

GtkWidget      *vitrine_sales_dashboard_new            (void);
VitrineJournal *vitrine_sales_dashboard_get_journal    (VitrineSalesDashboard *self);
void            vitrine_sales_dashboard_set_journal    (VitrineSalesDashboard *self,
                                                        VitrineJournal        *journal);
VitrineCatalog *vitrine_sales_dashboard_get_catalog    (VitrineSalesDashboard *self);
void            vitrine_sales_dashboard_set_catalog    (VitrineSalesDashboard *self,
                                                        VitrineCatalog        *catalog);
void            vitrine_sales_dashboard_queue_refresh  (VitrineSalesDashboard *self);
void            vitrine_sales_dashboard_export_to_file (VitrineSalesDashboard *self,
                                                        VitrineJournalTable    table,
                                                        GFile                 *file);

G_END_DECLS
