/* vitrine-thumbnail.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Product pictures for the host controls, read and scaled down in a
 * thread (decoding a photo takes milliseconds the main loop does not have
 * while the preview runs) and kept in a small cache, so a list scrolled
 * back and forth or rebuilt for a new search does not read them again. */

#define G_LOG_DOMAIN "vitrine-thumbnail"

#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-thumbnail.h"

/* A catalog for a show has tens of products, each shown at one or two
 * sizes; past this many the cache starts afresh. */
#define MAX_CACHED 512

/* Main thread only. */
static GHashTable *cache;

typedef struct
{
  char *path;
  char *key;
  int   size;
} Request;

static void
request_free (Request *request)
{
  g_free (request->path);
  g_free (request->key);
  g_free (request);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GError *error = NULL;

  pixbuf = gdk_pixbuf_new_from_file_at_scale (request->path, request->size, request->size,
                                              TRUE, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A GdkTexture is immutable and may be made in any thread. */
  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (pixbuf), g_object_unref);
}

/**
 * vitrine_thumbnail_load_async:
 * @path: a picture's absolute path
 * @size: the largest width and height wanted, in device pixels
 *
 * Reads @path scaled down to fit @size × @size, off the main thread.
 * Remote pictures (URLs) are not fetched: the catalog names a local copy.
 */
void
vitrine_thumbnail_load_async (const char          *path,
                              int                  size,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;
  GdkTexture *cached;

  g_return_if_fail (size > 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_thumbnail_load_async);

  if (path == NULL || !g_path_is_absolute (path))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only pictures on this computer are shown"));
      return;
    }

  request = g_new0 (Request, 1);
  request->path = g_strdup (path);
  request->size = size;
  request->key = g_strdup_printf ("%d:%s", size, path);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (cache != NULL && (cached = g_hash_table_lookup (cache, request->key)) != NULL)
    {
      g_task_return_pointer (task, g_object_ref (cached), g_object_unref);
      return;
    }

  g_task_run_in_thread (task, load_thread);
}

/**
 * vitrine_thumbnail_load_finish:
 *
 * Returns: (transfer full): the picture, or %NULL with @error set
 */
GdkTexture *
vitrine_thumbnail_load_finish (GAsyncResult  *result,
                               GError       **error)
{
  Request *request;
  GdkTexture *texture;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  texture = g_task_propagate_pointer (G_TASK (result), error);
  if (texture == NULL)
    return NULL;

  request = g_task_get_task_data (G_TASK (result));
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  if (g_hash_table_size (cache) >= MAX_CACHED)
    g_hash_table_remove_all (cache);
  g_hash_table_replace (cache, g_strdup (request->key), g_object_ref (texture));

  return texture;
}

static void
picture_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = vitrine_thumbnail_load_finish (result, &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        g_debug ("No thumbnail: %s", error->message);
      return;
    }

  /* Still the picture it was asked for (not rebound to another product). */
  if (g_object_get_data (G_OBJECT (picture), "vitrine-thumbnail-cancellable") ==
      g_task_get_cancellable (G_TASK (result)))
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

/**
 * vitrine_thumbnail_set_picture:
 * @picture: a #GtkPicture
 * @path: (nullable): the picture's absolute path, or %NULL for none
 * @size: the largest width and height, in logical pixels
 *
 * Shows @path in @picture once it is read (at once when it is cached),
 * and nothing until then; a load still running for an earlier path is
 * cancelled.
 */
void
vitrine_thumbnail_set_picture (GtkPicture *picture,
                               const char *path,
                               int         size)
{
  g_autofree char *key = NULL;
  GCancellable *previous;
  GCancellable *cancellable;
  GdkTexture *cached;

  g_return_if_fail (GTK_IS_PICTURE (picture));

  previous = g_object_get_data (G_OBJECT (picture), "vitrine-thumbnail-cancellable");
  if (previous != NULL)
    g_cancellable_cancel (previous);

  g_object_set_data (G_OBJECT (picture), "vitrine-thumbnail-cancellable", NULL);

  size *= gtk_widget_get_scale_factor (GTK_WIDGET (picture));
  key = g_strdup_printf ("%d:%s", size, path ? path : "");
  cached = cache != NULL ? g_hash_table_lookup (cache, key) : NULL;
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (cached));

  if (path == NULL || cached != NULL)
    return;

  cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (picture), "vitrine-thumbnail-cancellable",
                          cancellable, g_object_unref);
  vitrine_thumbnail_load_async (path, size, cancellable, picture_loaded_cb,
                                g_object_ref (picture));
}
