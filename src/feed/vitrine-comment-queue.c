/* vitrine-comment-queue.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-comment-queue"

#include "config.h"

#include "vitrine-comment-queue.h"

/* Viewers' comments waiting to go on screen. The host queues comments from
 * the feed, approves them (or discards them) and may move one up; approved
 * comments go on screen one at a time, each for a few seconds (8 unless
 * set), then the next approved one, in the queue's order. A comment deleted
 * or whose author is banned on the platform, or that the host hides, leaves
 * the queue by itself, and the screen if it is on.
 *
 * The queue only says which comment is on screen (#VitrineCommentQueue:current);
 * whoever listens puts it on the program. While paused (the host showed
 * another comment directly), nothing of the queue is on screen; approved
 * comments wait, and the one cut short goes first again.
 *
 * It is a GListModel of the queued #VitrineFeedItem, in order; a change of
 * state comes as items-changed of that one item. Timing uses the main
 * context that was the thread default when the queue was made. */

typedef struct
{
  VitrineFeedItem     *item;
  VitrineCommentState  state;
} Entry;

struct _VitrineCommentQueue
{
  GObject          parent_instance;

  GPtrArray       *entries;       /* Entry */
  VitrineFeedItem *current;       /* the ON_SCREEN entry's item, or NULL */
  GMainContext    *context;
  GSource         *timer;
  guint            interval_ms;
  gboolean         paused;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VitrineCommentQueue, vitrine_comment_queue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CURRENT,
  PROP_SECONDS,
  PROP_PAUSED,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* ---------------------------------------------------------------------- */
/* GListModel                                                             */

static GType
get_item_type (GListModel *model)
{
  return VITRINE_TYPE_FEED_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return VITRINE_COMMENT_QUEUE (model)->entries->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  VitrineCommentQueue *self = VITRINE_COMMENT_QUEUE (model);
  Entry *entry;

  if (position >= self->entries->len)
    return NULL;
  entry = g_ptr_array_index (self->entries, position);
  return g_object_ref (entry->item);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ---------------------------------------------------------------------- */
/* Entries                                                                */

static void item_visibility_cb (VitrineFeedItem     *item,
                                GParamSpec          *pspec,
                                VitrineCommentQueue *self);

static void
entry_free (Entry *entry)
{
  g_object_unref (entry->item);
  g_free (entry);
}

static gboolean
find (VitrineCommentQueue *self,
      VitrineFeedItem     *item,
      guint               *position)
{
  for (guint i = 0; i < self->entries->len; i++)
    if (((Entry *) g_ptr_array_index (self->entries, i))->item == item)
      {
        if (position != NULL)
          *position = i;
        return TRUE;
      }
  return FALSE;
}

static Entry *
entry_at (VitrineCommentQueue *self,
          guint                position)
{
  return g_ptr_array_index (self->entries, position);
}

static void
stop_timer (VitrineCommentQueue *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
}

static gboolean timer_cb (gpointer data);

static void
start_timer (VitrineCommentQueue *self)
{
  stop_timer (self);
  self->timer = g_timeout_source_new (self->interval_ms);
  g_source_set_name (self->timer, "[vitrine] comment on screen");
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_attach (self->timer, self->context);
}

/* Removes the entry at @position (the caller notifies what changes). */
static void
remove_at (VitrineCommentQueue *self,
           guint                position)
{
  Entry *entry = entry_at (self, position);

  g_signal_handlers_disconnect_by_func (entry->item, item_visibility_cb, self);
  if (entry->item == self->current)
    {
      self->current = NULL;
      stop_timer (self);
    }
  g_ptr_array_remove_index (self->entries, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/* The next approved comment goes on screen, if the screen is free. */
static void
pick_next (VitrineCommentQueue *self)
{
  if (self->paused || self->current != NULL)
    return;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = entry_at (self, i);

      if (entry->state != VITRINE_COMMENT_APPROVED)
        continue;

      entry->state = VITRINE_COMMENT_ON_SCREEN;
      self->current = entry->item;
      start_timer (self);
      g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
      return;
    }
}

/* Every public change ends here: one notification of what is on screen
 * (never "nothing" between two comments) and of the length. */
static void
changed (VitrineCommentQueue *self,
         VitrineFeedItem     *was_current,
         guint                was_n_items)
{
  pick_next (self);

  if (self->current != was_current)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURRENT]);
  if (self->entries->len != was_n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
}

static gboolean
timer_cb (gpointer data)
{
  VitrineCommentQueue *self = data;

  g_clear_pointer (&self->timer, g_source_unref);
  vitrine_comment_queue_next (self);
  return G_SOURCE_REMOVE;
}

/* Deleted or banned on the platform, or hidden by the host: out. */
static void
item_visibility_cb (VitrineFeedItem     *item,
                    GParamSpec          *pspec,
                    VitrineCommentQueue *self)
{
  if (vitrine_feed_item_get_visibility (item) != VITRINE_FEED_ITEM_VISIBLE)
    vitrine_comment_queue_discard (self, item);
}

/* ---------------------------------------------------------------------- */
/* API                                                                    */

/**
 * vitrine_comment_queue_add:
 * @item: a viewer's comment
 *
 * Queues @item for the screen, last, waiting for the host's approval. Only
 * a visible comment with text can be queued, once, and no more than
 * %VITRINE_COMMENT_QUEUE_MAX_ITEMS wait at a time.
 *
 * Returns: whether @item was queued
 */
gboolean
vitrine_comment_queue_add (VitrineCommentQueue *self,
                           VitrineFeedItem     *item)
{
  Entry *entry;
  guint n;

  g_return_val_if_fail (VITRINE_IS_COMMENT_QUEUE (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (item), FALSE);

  if (vitrine_feed_item_get_visibility (item) != VITRINE_FEED_ITEM_VISIBLE ||
      vitrine_feed_item_get_text (item)[0] == '\0' ||
      find (self, item, NULL) ||
      self->entries->len >= VITRINE_COMMENT_QUEUE_MAX_ITEMS)
    return FALSE;

  n = self->entries->len;
  entry = g_new0 (Entry, 1);
  entry->item = g_object_ref (item);
  entry->state = VITRINE_COMMENT_QUEUED;
  g_ptr_array_add (self->entries, entry);
  g_signal_connect_object (item, "notify::visibility", G_CALLBACK (item_visibility_cb), self, 0);

  g_list_model_items_changed (G_LIST_MODEL (self), n, 0, 1);
  changed (self, self->current, n);
  return TRUE;
}

/**
 * vitrine_comment_queue_contains:
 *
 * Returns: whether @item is in the queue (waiting, approved or on screen)
 */
gboolean
vitrine_comment_queue_contains (VitrineCommentQueue *self,
                                VitrineFeedItem     *item)
{
  g_return_val_if_fail (VITRINE_IS_COMMENT_QUEUE (self), FALSE);

  return find (self, item, NULL);
}

/**
 * vitrine_comment_queue_get_state:
 * @item: a comment in the queue
 *
 * Returns: where @item is
 */
VitrineCommentState
vitrine_comment_queue_get_state (VitrineCommentQueue *self,
                                 VitrineFeedItem     *item)
{
  guint position;

  g_return_val_if_fail (VITRINE_IS_COMMENT_QUEUE (self), VITRINE_COMMENT_QUEUED);
  g_return_val_if_fail (find (self, item, &position), VITRINE_COMMENT_QUEUED);

  return entry_at (self, position)->state;
}

/**
 * vitrine_comment_queue_approve:
 * @item: a comment in the queue
 *
 * The host approves @item: it goes on screen when its turn comes (at once
 * when nothing of the queue is on screen).
 */
void
vitrine_comment_queue_approve (VitrineCommentQueue *self,
                               VitrineFeedItem     *item)
{
  guint position;
  Entry *entry;

  g_return_if_fail (VITRINE_IS_COMMENT_QUEUE (self));

  if (!find (self, item, &position))
    return;
  entry = entry_at (self, position);
  if (entry->state != VITRINE_COMMENT_QUEUED)
    return;

  entry->state = VITRINE_COMMENT_APPROVED;
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
  changed (self, self->current, self->entries->len);
}

/**
 * vitrine_comment_queue_discard:
 * @item: a comment in the queue
 *
 * Takes @item out of the queue (and off the screen if it is on; the next
 * approved comment follows).
 */
void
vitrine_comment_queue_discard (VitrineCommentQueue *self,
                               VitrineFeedItem     *item)
{
  g_autoptr(VitrineFeedItem) was_current = NULL;
  guint n = self->entries->len;
  guint position;

  g_return_if_fail (VITRINE_IS_COMMENT_QUEUE (self));

  if (!find (self, item, &position))
    return;

  was_current = self->current ? g_object_ref (self->current) : NULL;
  remove_at (self, position);
  changed (self, was_current, n);
}

/**
 * vitrine_comment_queue_move_up:
 * @item: a comment in the queue
 *
 * Moves @item one place towards the front of the queue.
 */
void
vitrine_comment_queue_move_up (VitrineCommentQueue *self,
                               VitrineFeedItem     *item)
{
  guint position;

  g_return_if_fail (VITRINE_IS_COMMENT_QUEUE (self));

  if (!find (self, item, &position) || position == 0)
    return;

  g_ptr_array_insert (self->entries, position - 1,
                      g_ptr_array_steal_index (self->entries, position));
  g_list_model_items_changed (G_LIST_MODEL (self), position - 1, 2, 2);
}

/**
 * vitrine_comment_queue_next:
 *
 * The comment on screen has had its time (or the host took it off): it
 * leaves the queue, and the next approved one goes on screen.
 */
void
vitrine_comment_queue_next (VitrineCommentQueue *self)
{
  g_autoptr(VitrineFeedItem) was_current = NULL;
  guint n;
  guint position;

  g_return_if_fail (VITRINE_IS_COMMENT_QUEUE (self));

  n = self->entries->len;
  if (self->current == NULL || !find (self, self->current, &position))
    {
      changed (self, self->current, n);
      return;
    }

  was_current = g_object_ref (self->current);
  remove_at (self, position);
  changed (self, was_current, n);
}

/**
 * vitrine_comment_queue_clear:
 *
 * Empties the queue (a new show); nothing of it stays on screen.
 */
void
vitrine_comment_queue_clear (VitrineCommentQueue *self)
{
  g_autoptr(VitrineFeedItem) was_current = NULL;
  guint n;

  g_return_if_fail (VITRINE_IS_COMMENT_QUEUE (self));

  n = self->entries->len;
  was_current = self->current ? g_object_ref (self->current) : NULL;
  while (self->entries->len > 0)
    remove_at (self, self->entries->len - 1);
  changed (self, was_current, n);
}

/**
 * vitrine_comment_queue_get_current:
 *
 * Returns: (transfer none) (nullable): the comment of the queue on screen
 */
VitrineFeedItem *
vitrine_comment_queue_get_current (VitrineCommentQueue *self)
{
  g_return_val_if_fail (VITRINE_IS_COMMENT_QUEUE (self), NULL);

  return self->current;
}

guint
vitrine_comment_queue_get_seconds (VitrineCommentQueue *self)
{
  g_return_val_if_fail (VITRINE_IS_COMMENT_QUEUE (self), 0);

  return (self->interval_ms + 999) / 1000;
}

/**
 * vitrine_comment_queue_set_seconds:
 * @seconds: how long each approved comment stays on screen (1–600)
 *
 * Applies from the next comment on.
 */
void
vitrine_comment_queue_set_seconds (VitrineCommentQueue *self,
                                   guint                seconds)
{
  g_return_if_fail (VITRINE_IS_COMMENT_QUEUE (self));

  seconds = CLAMP (seconds, 1, 600);
  if (self->interval_ms == seconds * 1000)
    return;
  self->interval_ms = seconds * 1000;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SECONDS]);
}

void
_vitrine_comment_queue_set_interval_ms (VitrineCommentQueue *self,
                                        guint                milliseconds)
{
  g_return_if_fail (VITRINE_IS_COMMENT_QUEUE (self));

  self->interval_ms = MAX (milliseconds, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SECONDS]);
}

gboolean
vitrine_comment_queue_get_paused (VitrineCommentQueue *self)
{
  g_return_val_if_fail (VITRINE_IS_COMMENT_QUEUE (self), FALSE);

  return self->paused;
}

/**
 * vitrine_comment_queue_set_paused:
 * @paused: whether the screen is taken by something else
 *
 * Paused, nothing of the queue is on screen: the comment on screen goes
 * back to the front of the approved ones, and the others wait. Unpaused,
 * the next approved comment goes on screen.
 */
void
vitrine_comment_queue_set_paused (VitrineCommentQueue *self,
                                  gboolean             paused)
{
  g_autoptr(VitrineFeedItem) was_current = NULL;
  guint position;

  g_return_if_fail (VITRINE_IS_COMMENT_QUEUE (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  was_current = self->current ? g_object_ref (self->current) : NULL;
  self->paused = paused;
  if (paused && self->current != NULL && find (self, self->current, &position))
    {
      entry_at (self, position)->state = VITRINE_COMMENT_APPROVED;
      self->current = NULL;
      stop_timer (self);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PAUSED]);
  changed (self, was_current, self->entries->len);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                */

static void
vitrine_comment_queue_dispose (GObject *object)
{
  VitrineCommentQueue *self = (VitrineCommentQueue *)object;

  stop_timer (self);
  self->current = NULL;
  if (self->entries != NULL)
    for (guint i = 0; i < self->entries->len; i++)
      g_signal_handlers_disconnect_by_func (entry_at (self, i)->item, item_visibility_cb, self);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (vitrine_comment_queue_parent_class)->dispose (object);
}

static void
vitrine_comment_queue_finalize (GObject *object)
{
  VitrineCommentQueue *self = (VitrineCommentQueue *)object;

  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (vitrine_comment_queue_parent_class)->finalize (object);
}

static void
vitrine_comment_queue_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VitrineCommentQueue *self = VITRINE_COMMENT_QUEUE (object);

  switch (prop_id)
    {
    case PROP_CURRENT:
      g_value_set_object (value, self->current);
      break;

    case PROP_SECONDS:
      g_value_set_uint (value, vitrine_comment_queue_get_seconds (self));
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->entries ? self->entries->len : 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_comment_queue_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  VitrineCommentQueue *self = VITRINE_COMMENT_QUEUE (object);

  switch (prop_id)
    {
    case PROP_SECONDS:
      vitrine_comment_queue_set_seconds (self, g_value_get_uint (value));
      break;

    case PROP_PAUSED:
      vitrine_comment_queue_set_paused (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_comment_queue_class_init (VitrineCommentQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vitrine_comment_queue_dispose;
  object_class->finalize = vitrine_comment_queue_finalize;
  object_class->get_property = vitrine_comment_queue_get_property;
  object_class->set_property = vitrine_comment_queue_set_property;

  /**
   * VitrineCommentQueue:current:
   *
   * The comment of the queue that is on screen now, or %NULL.
   */
  properties [PROP_CURRENT] =
    g_param_spec_object ("current", NULL, NULL, VITRINE_TYPE_FEED_ITEM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineCommentQueue:seconds:
   *
   * How long each approved comment stays on screen.
   */
  properties [PROP_SECONDS] =
    g_param_spec_uint ("seconds", NULL, NULL, 1, 600, VITRINE_COMMENT_QUEUE_DEFAULT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineCommentQueue:paused:
   *
   * Whether the screen is taken by something else: nothing of the queue
   * goes on it.
   */
  properties [PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineCommentQueue:n-items:
   *
   * How many comments are in the queue.
   */
  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_comment_queue_init (VitrineCommentQueue *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->interval_ms = VITRINE_COMMENT_QUEUE_DEFAULT_SECONDS * 1000;
  self->context = g_main_context_ref_thread_default ();
}

/**
 * vitrine_comment_queue_new:
 *
 * Returns: (transfer full): an empty queue, for the thread-default main
 *   context
 */
VitrineCommentQueue *
vitrine_comment_queue_new (void)
{
  return g_object_new (VITRINE_TYPE_COMMENT_QUEUE, NULL);
}
