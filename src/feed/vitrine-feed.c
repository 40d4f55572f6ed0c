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
 * @window items are kept in the model (the journal keeps everything).
 *
 * Moderation happens here, so that every listener sees the same thing: a
 * viewer's message with a word the show blocks arrives hidden or held
 * (before "appended", so the claim queue, which only reads visible
 * messages, never makes a claim of it); the host hides and shows messages
 * through the feed, and a message the filter kept back that the host lets
 * through is "released" for those listeners. */

struct _VitrineFeed
{
  GObject     parent_instance;

  /* The window of recent items, a ring: the list view asks for items by
   * position all the time (a search refilters every one), so nth must not
   * walk a list. */
  VitrineFeedItem **ring;       /* capacity slots */
  guint       capacity;         /* window and a tenth more */
  guint       head;             /* slot of the oldest item */
  guint       n_items;
  guint       window;
  guint64     total;
  GHashTable *by_id;       /* "platform\nid" → VitrineFeedItem (in the window) */
  GHashTable *banned;      /* "platform\nauthor id" → gint64*: until when (monotonic
                            * µs; G_MAXINT64 for a ban) */
  GHashTable *retracted;   /* "platform\nid" of recent deletions … */
  GQueue      retracted_order; /* … oldest first, to keep the set bounded */
  GPtrArray  *sources;     /* VitrineFeedSource */
  VitrineWordFilter *word_filter; /* NULL: nothing blocked */
};

enum {
  APPENDED,
  RETRACTED,
  BANNED,
  RELEASED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

#define MAX_RETRACTED 2048

/* On an item: its visibility + 1 before the host hid it. */
static GQuark before_hide_quark;
/* On an item: the word filter kept it back when it arrived, so the listeners
 * of "appended" have not taken it in yet. */
static GQuark withheld_quark;

static char *
key_for (const char *platform,
         const char *id)
{
  return g_strconcat (platform ? platform : "", "\n", id, NULL);
}

/* The @position-th item of the window, oldest first. */
static inline VitrineFeedItem *
nth (VitrineFeed *self,
     guint        position)
{
  if (position >= self->n_items)
    return NULL;
  return self->ring[(self->head + position) % self->capacity];
}

/* Whether @key ("platform\nauthor id") is banned, or timed out now. */
static gboolean
is_banned (VitrineFeed *self,
           const char  *key)
{
  gint64 *until = g_hash_table_lookup (self->banned, key);

  return until != NULL && *until > g_get_monotonic_time ();
}

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
  return VITRINE_FEED (model)->n_items;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  VitrineFeedItem *item = nth (VITRINE_FEED (model), position);

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

  for (guint i = 0; i < self->n_items; i++)
    g_object_unref (nth (self, i));
  g_clear_pointer (&self->ring, g_free);
  self->n_items = 0;
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->banned, g_hash_table_unref);
  g_clear_pointer (&self->retracted, g_hash_table_unref);
  g_queue_clear (&self->retracted_order);

  G_OBJECT_CLASS (vitrine_feed_parent_class)->finalize (object);
}

static void
vitrine_feed_dispose (GObject *object)
{
  VitrineFeed *self = (VitrineFeed *)object;

  if (self->sources != NULL)
    for (guint i = 0; i < self->sources->len; i++)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->sources, i), self);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_object (&self->word_filter);

  G_OBJECT_CLASS (vitrine_feed_parent_class)->dispose (object);
}

static void
vitrine_feed_class_init (VitrineFeedClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vitrine_feed_finalize;
  G_OBJECT_CLASS (klass)->dispose = vitrine_feed_dispose;

  /**
   * VitrineFeed::appended:
   * @item: the item just appended
   *
   * Every item, also those that leave the window at once: what the journal
   * and the claim queue listen to. The word filter has already hidden or
   * held @item if it holds a blocked word.
   */
  signals [APPENDED] =
    g_signal_new ("appended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, VITRINE_TYPE_FEED_ITEM);

  /**
   * VitrineFeed::retracted:
   * @platform: the platform
   * @id: the platform's id of the deleted message
   *
   * A deletion on the platform, also of a message that already left the
   * window (the journal keeps it).
   */
  signals [RETRACTED] =
    g_signal_new ("retracted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * VitrineFeed::banned:
   * @platform: the platform
   * @author_id: the platform's id of the banned user
   */
  signals [BANNED] =
    g_signal_new ("banned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * VitrineFeed::released:
   * @item: the message
   *
   * The host let through a message the word filter hid or held when it
   * arrived: it is visible now. Listeners of #VitrineFeed::appended that
   * skip hidden messages (the claim queue) take it in now.
   */
  signals [RELEASED] =
    g_signal_new ("released", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, VITRINE_TYPE_FEED_ITEM);

  before_hide_quark = g_quark_from_static_string ("vitrine-feed-before-hide");
  withheld_quark = g_quark_from_static_string ("vitrine-feed-withheld");
}

static void
vitrine_feed_init (VitrineFeed *self)
{
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->banned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->retracted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->retracted_order);
  self->sources = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * vitrine_feed_new:
 * @window: how many recent items the model holds at least once it is full
 *   (at least 1); it grows a tenth beyond before the oldest leave together
 *
 * Returns: (transfer full): an empty feed
 */
VitrineFeed *
vitrine_feed_new (guint window)
{
  VitrineFeed *self = g_object_new (VITRINE_TYPE_FEED, NULL);

  self->window = MAX (window, 1);
  self->capacity = self->window + self->window / 10;
  self->ring = g_new0 (VitrineFeedItem *, self->capacity);
  return self;
}

static gboolean
is_viewer_message (VitrineFeedItem *item)
{
  switch (vitrine_feed_item_get_kind (item))
    {
    case VITRINE_FEED_ITEM_CHAT:
    case VITRINE_FEED_ITEM_PAID:
    case VITRINE_FEED_ITEM_MEMBERSHIP:
      return TRUE;

    case VITRINE_FEED_ITEM_NOTICE:
    case VITRINE_FEED_ITEM_ORDER:
    case VITRINE_FEED_ITEM_CLAIM:       /* made of a message already let through */
    case VITRINE_FEED_ITEM_MODERATION:
    default:
      return FALSE;
    }
}

/* A viewer's message (or name) with a blocked word arrives hidden or held.
 * The channel's owner and moderators are trusted: a warning about scams
 * from them must reach the host. */
static void
apply_word_filter (VitrineFeed     *self,
                   VitrineFeedItem *item)
{
  const char *word;

  if (self->word_filter == NULL ||
      vitrine_feed_item_get_visibility (item) != VITRINE_FEED_ITEM_VISIBLE ||
      !is_viewer_message (item) ||
      (vitrine_feed_item_get_flags (item) &
       (VITRINE_FEED_ITEM_FLAG_OWNER | VITRINE_FEED_ITEM_FLAG_MODERATOR)) != 0)
    return;

  word = vitrine_word_filter_match (self->word_filter, vitrine_feed_item_get_text (item));
  if (word == NULL)
    word = vitrine_word_filter_match (self->word_filter, vitrine_feed_item_get_author (item));
  if (word == NULL)
    return;

  vitrine_feed_item_set_filtered (item,
                                  vitrine_word_filter_get_action (self->word_filter) ==
                                    VITRINE_WORD_FILTER_HOLD
                                  ? VITRINE_FEED_ITEM_FILTER_HELD
                                  : VITRINE_FEED_ITEM_FILTER_HIDDEN,
                                  word);
  vitrine_feed_item_set_visibility (item, VITRINE_FEED_ITEM_HIDDEN);
  g_object_set_qdata (G_OBJECT (item), withheld_quark, GINT_TO_POINTER (TRUE));
}

/**
 * vitrine_feed_append:
 * @item: (transfer none): the newest item
 *
 * Appends @item. Once the model holds a tenth more than its window, the
 * oldest leave together, down to the window.
 * Main thread only.
 */
void
vitrine_feed_append (VitrineFeed     *self,
                     VitrineFeedItem *item)
{
  guint removed = 0;

  g_return_if_fail (VITRINE_IS_FEED (self));
  g_return_if_fail (VITRINE_IS_FEED_ITEM (item));

  /* A banned author's later messages arrive hidden too. */
  if (vitrine_feed_item_get_author_id (item) != NULL)
    {
      g_autofree char *author = key_for (vitrine_feed_item_get_platform (item),
                                         vitrine_feed_item_get_author_id (item));

      if (is_banned (self, author))
        vitrine_feed_item_set_visibility (item, VITRINE_FEED_ITEM_BANNED);
    }

  /* Deleted on the platform before it reached us (platforms do not promise
   * the order): it arrives deleted. */
  if (vitrine_feed_item_get_id (item) != NULL)
    {
      g_autofree char *key = key_for (vitrine_feed_item_get_platform (item),
                                      vitrine_feed_item_get_id (item));

      if (g_hash_table_contains (self->retracted, key))
        vitrine_feed_item_set_visibility (item, VITRINE_FEED_ITEM_DELETED);
    }

  apply_word_filter (self, item);

  /* Full: the oldest leave together, down to the window. A list view
   * rebinds every row it shows for each removal at the front, so one
   * removal per tenth of the window, not one per message. */
  while (self->n_items == self->capacity ||
         (removed > 0 && self->n_items >= self->window))
    {
      VitrineFeedItem *old = self->ring[self->head];

      self->ring[self->head] = NULL;
      self->head = (self->head + 1) % self->capacity;
      self->n_items--;

      if (vitrine_feed_item_get_id (old) != NULL)
        {
          g_autofree char *key = key_for (vitrine_feed_item_get_platform (old),
                                          vitrine_feed_item_get_id (old));

          if (g_hash_table_lookup (self->by_id, key) == old)
            g_hash_table_remove (self->by_id, key);
        }
      g_object_unref (old);
      removed++;
    }

  self->ring[(self->head + self->n_items) % self->capacity] = g_object_ref (item);
  self->n_items++;
  self->total++;
  if (vitrine_feed_item_get_id (item) != NULL)
    g_hash_table_replace (self->by_id, key_for (vitrine_feed_item_get_platform (item),
                                                vitrine_feed_item_get_id (item)), item);

  /* Removals first, so positions in the second signal are already final. */
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), self->n_items - 1, 0, 1);
  g_signal_emit (self, signals [APPENDED], 0, item);
}

/**
 * vitrine_feed_find:
 * @platform: the platform
 * @id: the platform's message id
 *
 * Returns: (transfer none) (nullable): the item, if it is still in the window
 */
VitrineFeedItem *
vitrine_feed_find (VitrineFeed *self,
                   const char  *platform,
                   const char  *id)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (VITRINE_IS_FEED (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  key = key_for (platform, id);
  return g_hash_table_lookup (self->by_id, key);
}

/**
 * vitrine_feed_retract:
 *
 * A message deleted on the platform: shown as deleted, not removed (the
 * host sees what happened, the journal keeps it).
 *
 * Returns: whether the message was in the window
 */
gboolean
vitrine_feed_retract (VitrineFeed *self,
                      const char  *platform,
                      const char  *id)
{
  VitrineFeedItem *item = vitrine_feed_find (self, platform, id);
  char *key = key_for (platform, id);

  /* Remembered for a while, for a message that comes after its deletion.
   * Said once: a platform that confirms a deletion Vitrine asked for says
   * it again in its own event. (Looked up first: g_hash_table_add() would
   * free the key already in the set, which the order queue points to.) */
  if (g_hash_table_contains (self->retracted, key))
    {
      g_free (key);
    }
  else
    {
      g_hash_table_add (self->retracted, key);
      g_queue_push_tail (&self->retracted_order, key);
      while (self->retracted_order.length > MAX_RETRACTED)
        g_hash_table_remove (self->retracted, g_queue_pop_head (&self->retracted_order));
      g_signal_emit (self, signals [RETRACTED], 0, platform, id);
    }
  if (item == NULL)
    return FALSE;
  vitrine_feed_item_set_visibility (item, VITRINE_FEED_ITEM_DELETED);
  return TRUE;
}

/**
 * vitrine_feed_ban:
 *
 * A user banned on the platform: their messages in the window are marked,
 * and later ones arrive marked. The same as vitrine_feed_timeout() for
 * good.
 *
 * Returns: how many items were marked
 */
guint
vitrine_feed_ban (VitrineFeed *self,
                  const char  *platform,
                  const char  *author_id)
{
  return vitrine_feed_timeout (self, platform, author_id, 0);
}

/**
 * vitrine_feed_timeout:
 * @seconds: how long the platform keeps the user out; 0 for a ban
 *
 * A user timed out (or banned) on the platform: their messages in the
 * window are marked, as the platform removes them; what they write while
 * the timeout lasts arrives marked, what they write after it does not.
 *
 * Returns: how many items were marked
 */
guint
vitrine_feed_timeout (VitrineFeed *self,
                      const char  *platform,
                      const char  *author_id,
                      guint        seconds)
{
  g_autofree char *key = NULL;
  gint64 until = seconds > 0 ? g_get_monotonic_time () + (gint64)seconds * G_USEC_PER_SEC
                             : G_MAXINT64;
  gint64 *known;
  guint marked = 0;

  g_return_val_if_fail (VITRINE_IS_FEED (self), 0);
  g_return_val_if_fail (author_id != NULL, 0);

  /* Said once while it lasts, as deletions; a ban after a timeout, or a
   * timeout after the last one ended, is said again. */
  key = key_for (platform, author_id);
  known = g_hash_table_lookup (self->banned, key);
  if (known == NULL || *known <= g_get_monotonic_time () ||
      (until == G_MAXINT64 && *known != G_MAXINT64))
    g_signal_emit (self, signals [BANNED], 0, platform, author_id);
  if (known == NULL || *known < until)
    {
      gint64 *value = g_new (gint64, 1);

      *value = until;
      g_hash_table_replace (self->banned, g_steal_pointer (&key), value);
    }
  for (guint i = 0; i < self->n_items; i++)
    {
      VitrineFeedItem *item = nth (self, i);

      if (g_strcmp0 (vitrine_feed_item_get_platform (item), platform) == 0 &&
          g_strcmp0 (vitrine_feed_item_get_author_id (item), author_id) == 0 &&
          vitrine_feed_item_get_visibility (item) == VITRINE_FEED_ITEM_VISIBLE)
        {
          vitrine_feed_item_set_visibility (item, VITRINE_FEED_ITEM_BANNED);
          marked++;
        }
    }
  return marked;
}

/**
 * vitrine_feed_set_word_filter:
 * @filter: (nullable): the show's blocked words (vitrine_show_get_word_filter())
 *
 * From now on, a viewer's message whose text or author's name holds a
 * blocked word arrives hidden (%VITRINE_FEED_ITEM_HIDDEN, with
 * %VITRINE_FEED_ITEM_FILTER_HIDDEN) or held for the host
 * (%VITRINE_FEED_ITEM_FILTER_HELD), as the filter's action says. Messages
 * of the channel's owner and moderators are let through.
 */
void
vitrine_feed_set_word_filter (VitrineFeed       *self,
                              VitrineWordFilter *filter)
{
  g_return_if_fail (VITRINE_IS_FEED (self));
  g_return_if_fail (!filter || VITRINE_IS_WORD_FILTER (filter));

  g_set_object (&self->word_filter, filter);
}

/**
 * vitrine_feed_get_word_filter:
 *
 * Returns: (transfer none) (nullable): the word filter
 */
VitrineWordFilter *
vitrine_feed_get_word_filter (VitrineFeed *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED (self), NULL);
  return self->word_filter;
}

/**
 * vitrine_feed_hide:
 * @item: an item of the feed
 *
 * The host hides @item here only (the platform's viewers still see it);
 * vitrine_feed_unhide() brings it back as it was. Hiding a message the word
 * filter held is the host's decision about it.
 */
void
vitrine_feed_hide (VitrineFeed     *self,
                   VitrineFeedItem *item)
{
  VitrineFeedItemVisibility before;

  g_return_if_fail (VITRINE_IS_FEED (self));
  g_return_if_fail (VITRINE_IS_FEED_ITEM (item));

  before = vitrine_feed_item_get_visibility (item);
  if (before == VITRINE_FEED_ITEM_HIDDEN)
    {
      vitrine_feed_item_set_filtered (item, VITRINE_FEED_ITEM_FILTER_NONE, NULL);
      return;
    }

  g_object_set_qdata (G_OBJECT (item), before_hide_quark, GINT_TO_POINTER (before + 1));
  vitrine_feed_item_set_visibility (item, VITRINE_FEED_ITEM_HIDDEN);
}

/**
 * vitrine_feed_unhide:
 * @item: an item of the feed
 *
 * Shows a message the host hid as it was before (deleted or banned stays
 * so), or lets through one the word filter hid or held ("Allow"). A message
 * the filter kept back is then #VitrineFeed::released.
 */
void
vitrine_feed_unhide (VitrineFeed     *self,
                     VitrineFeedItem *item)
{
  VitrineFeedItemVisibility visibility = VITRINE_FEED_ITEM_VISIBLE;
  int before;

  g_return_if_fail (VITRINE_IS_FEED (self));
  g_return_if_fail (VITRINE_IS_FEED_ITEM (item));

  if (vitrine_feed_item_get_visibility (item) != VITRINE_FEED_ITEM_HIDDEN)
    return;

  before = GPOINTER_TO_INT (g_object_steal_qdata (G_OBJECT (item), before_hide_quark));
  if (before > 0)
    visibility = before - 1;

  /* What happened on the platform while it was hidden. */
  if (visibility == VITRINE_FEED_ITEM_VISIBLE && vitrine_feed_item_get_id (item) != NULL)
    {
      g_autofree char *key = key_for (vitrine_feed_item_get_platform (item),
                                      vitrine_feed_item_get_id (item));

      if (g_hash_table_contains (self->retracted, key))
        visibility = VITRINE_FEED_ITEM_DELETED;
    }
  if (visibility == VITRINE_FEED_ITEM_VISIBLE && vitrine_feed_item_get_author_id (item) != NULL)
    {
      g_autofree char *key = key_for (vitrine_feed_item_get_platform (item),
                                      vitrine_feed_item_get_author_id (item));

      if (is_banned (self, key))
        visibility = VITRINE_FEED_ITEM_BANNED;
    }

  vitrine_feed_item_set_filtered (item, VITRINE_FEED_ITEM_FILTER_NONE, NULL);
  vitrine_feed_item_set_visibility (item, visibility);

  if (visibility == VITRINE_FEED_ITEM_VISIBLE &&
      g_object_steal_qdata (G_OBJECT (item), withheld_quark) != NULL)
    g_signal_emit (self, signals [RELEASED], 0, item);
}

/**
 * vitrine_feed_find_source:
 * @item: an item of the feed
 *
 * Returns: (transfer none) (nullable): the connector @item came from: the
 *   one with its source id, or else the only one of its platform
 */
VitrineFeedSource *
vitrine_feed_find_source (VitrineFeed     *self,
                          VitrineFeedItem *item)
{
  const char *source_id;
  const char *platform;
  VitrineFeedSource *only = NULL;
  guint n_platform = 0;

  g_return_val_if_fail (VITRINE_IS_FEED (self), NULL);
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (item), NULL);

  source_id = vitrine_feed_item_get_source_id (item);
  platform = vitrine_feed_item_get_platform (item);
  for (guint i = 0; i < self->sources->len; i++)
    {
      VitrineFeedSource *source = g_ptr_array_index (self->sources, i);

      if (source_id != NULL && g_strcmp0 (vitrine_feed_source_get_id (source), source_id) == 0)
        return source;
      if (platform != NULL && platform[0] != '\0' &&
          g_strcmp0 (vitrine_feed_source_get_platform (source), platform) == 0)
        {
          only = source;
          n_platform++;
        }
    }

  /* Items that did not come through a connector (appended directly). */
  return source_id == NULL && n_platform == 1 ? only : NULL;
}

static void
source_item_cb (VitrineFeedSource *source,
                VitrineFeedItem   *item,
                VitrineFeed       *self)
{
  vitrine_feed_append (self, item);
}

static void
source_retract_cb (VitrineFeedSource *source,
                   const char        *id,
                   VitrineFeed       *self)
{
  vitrine_feed_retract (self, vitrine_feed_source_get_platform (source), id);
}

static void
source_ban_cb (VitrineFeedSource *source,
               const char        *author_id,
               guint              seconds,
               VitrineFeed       *self)
{
  vitrine_feed_timeout (self, vitrine_feed_source_get_platform (source), author_id, seconds);
}

/**
 * vitrine_feed_add_source:
 * @source: a chat or order connector
 *
 * Its items, deletions and bans flow into the feed from now on.
 */
void
vitrine_feed_add_source (VitrineFeed       *self,
                         VitrineFeedSource *source)
{
  g_return_if_fail (VITRINE_IS_FEED (self));
  g_return_if_fail (VITRINE_IS_FEED_SOURCE (source));

  g_ptr_array_add (self->sources, g_object_ref (source));
  g_signal_connect (source, "item", G_CALLBACK (source_item_cb), self);
  g_signal_connect (source, "retract", G_CALLBACK (source_retract_cb), self);
  g_signal_connect (source, "ban", G_CALLBACK (source_ban_cb), self);
}

/**
 * vitrine_feed_get_sources:
 *
 * Returns: (transfer none) (element-type VitrineFeedSource): the connectors
 */
GPtrArray *
vitrine_feed_get_sources (VitrineFeed *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED (self), NULL);
  return self->sources;
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
