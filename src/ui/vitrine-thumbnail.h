/* vitrine-thumbnail.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void        vitrine_thumbnail_load_async  (const char           *path,
                                           int                   size,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GdkTexture *vitrine_thumbnail_load_finish (GAsyncResult         *result,
                                           GError              **error);
void        vitrine_thumbnail_set_picture (GtkPicture           *picture,
                                           const char           *path,
                                           int                   size);

G_END_DECLS
