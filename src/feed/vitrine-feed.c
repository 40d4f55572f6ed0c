/* vitrine-feed.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-feed"

#include "config.h"

#include "vitrine-feed.h"

/* The host's feed as one GListModel. Memory is bounded: only the newest
 * @window items are kept in the model (the journal keeps everything). */

struct _VitrineFeed
{
  GObject     parent_instance;

  GQueue      items;
  guint       window;
  guint64     total;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VitrineFeed, vitrine_feed, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return VITRINE_TYPE_FEED_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return VITRINE_FEED (model)->items.length;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  VitrineFeedItem *item = g_queue_peek_nth (&VITRINE_FEED (model)->items, position);

  return item ? g_object_ref (item) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
vitrine_feed_finalize (GObject *object)
{
  VitrineFeed *self = (VitrineFeed *)object;

  g_queue_clear_full (&self->items, g_object_unref);

  G_OBJECT_CLASS (vitrine_feed_parent_class)->finalize (object);
}

static void
vitrine_feed_class_init (VitrineFeedClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vitrine_feed_finalize;
}

static void
vitrine_feed_init (VitrineFeed *self)
{
  g_queue_init (&self->items);
}

/**
 * vitrine_feed_new:
 * @window: how many recent items the model holds (at least 1)
 *
 * Returns: (transfer full): an empty feed
 */
VitrineFeed *
vitrine_feed_new (guint window)
{
  VitrineFeed *self = g_object_new (VITRINE_TYPE_FEED, NULL);

  self->window = MAX (window, 1);
  return self;
}

/**
 * vitrine_feed_append:
 * @item: (transfer none): the newest item
 *
 * Appends @item; the oldest item leaves the model once the window is full.
 * Main thread only.
 */
void
vitrine_feed_append (VitrineFeed     *self,
                     VitrineFeedItem *item)
{
  guint removed = 0;

  g_return_if_fail (VITRINE_IS_FEED (self));
  g_return_if_fail (VITRINE_IS_FEED_ITEM (item));

  g_queue_push_tail (&self->items, g_object_ref (item));
  self->total++;

  while (self->items.length > self->window)
    {
      g_object_unref (g_queue_pop_head (&self->items));
      removed++;
    }

  /* Removals first, so positions in the second signal are already final. */
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), self->items.length - 1, 0, 1);
}

guint
vitrine_feed_get_window (VitrineFeed *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED (self), 0);
  return self->window;
}

/**
 * vitrine_feed_get_total:
 *
 * Returns: how many items were ever appended
 */
guint64
vitrine_feed_get_total (VitrineFeed *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED (self), 0);
  return self->total;
}
