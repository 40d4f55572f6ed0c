/* vitrine-application.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vitrine-catalog.h"
#include "vitrine-engine.h"
#include "vitrine-feed-session.h"
#include "vitrine-feed.h"
#include "vitrine-show.h"

G_BEGIN_DECLS

#define VITRINE_TYPE_APPLICATION (vitrine_application_get_type ())

G_DECLARE_FINAL_TYPE (VitrineApplication, vitrine_application, VITRINE, APPLICATION, AdwApplication)

VitrineApplication *vitrine_application_new               (void);
VitrineShow        *vitrine_application_get_show          (VitrineApplication   *self);
VitrineEngine      *vitrine_application_get_engine        (VitrineApplication   *self);
VitrineCatalog     *vitrine_application_get_catalog       (VitrineApplication   *self);
VitrineFeed        *vitrine_application_get_feed          (VitrineApplication   *self);
VitrineFeedSession *vitrine_application_get_session       (VitrineApplication   *self);
GSettings          *vitrine_application_get_settings      (VitrineApplication   *self);
GtkWindow          *vitrine_application_ensure_window     (VitrineApplication   *self);
GFile              *vitrine_application_get_default_show  (VitrineApplication   *self);
void                vitrine_application_load_show_async   (VitrineApplication   *self,
                                                           GFile                *file,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean            vitrine_application_load_show_finish  (VitrineApplication   *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void                vitrine_application_close_show_async  (VitrineApplication   *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean            vitrine_application_close_show_finish (VitrineApplication   *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

G_END_DECLS
