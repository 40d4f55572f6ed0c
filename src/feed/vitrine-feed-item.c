/* vitrine-feed-item.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-feed"

#include "config.h"

#include <string.h>

#include "vitrine-feed-item.h"

/* One entry of the host's feed. Everything that reaches it from outside is
 * sanitised once, here, so no widget has to remember to. */

struct _VitrineFeedItem
{
  GObject                    parent_instance;

  VitrineFeedItemKind        kind;
  char                      *platform;
  char                      *id;         /* the platform's message id, or NULL */
  char                      *author_id;  /* the platform's user id, or NULL */
  char                      *author;
  char                      *text;
  char                      *detail;     /* "Super Sticker", "500 bits", "Order #1042"… */
  char                      *source_id;  /* the connector it came from */
  GDateTime                 *time;       /* when the platform says */
  GDateTime                 *received;   /* when it reached the studio */
  VitrineMoney               amount;     /* currency "" when none */
  VitrineFeedItemFlags       flags;
  VitrineFeedItemVisibility  visibility;
  VitrineFeedItemFilterState filter_state;
  char                      *blocked_word; /* what the word filter found, or NULL */
};

G_DEFINE_FINAL_TYPE (VitrineFeedItem, vitrine_feed_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VISIBILITY,
  PROP_FILTER_STATE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

#define MAX_AUTHOR_CHARS 64
#define MAX_TEXT_CHARS   500

static void
vitrine_feed_item_finalize (GObject *object)
{
  VitrineFeedItem *self = (VitrineFeedItem *)object;

  g_clear_pointer (&self->platform, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->author_id, g_free);
  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->source_id, g_free);
  g_clear_pointer (&self->blocked_word, g_free);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->received, g_date_time_unref);

  G_OBJECT_CLASS (vitrine_feed_item_parent_class)->finalize (object);
}

static void
vitrine_feed_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VitrineFeedItem *self = VITRINE_FEED_ITEM (object);

  switch (prop_id)
    {
    case PROP_VISIBILITY:
      g_value_set_int (value, self->visibility);
      break;

    case PROP_FILTER_STATE:
      g_value_set_int (value, self->filter_state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_feed_item_class_init (VitrineFeedItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vitrine_feed_item_finalize;
  object_class->get_property = vitrine_feed_item_get_property;

  /**
   * VitrineFeedItem:visibility:
   *
   * A #VitrineFeedItemVisibility: deleted or banned on the platform, hidden
   * by the host. Items change this after they are in the feed.
   */
  properties [PROP_VISIBILITY] =
    g_param_spec_int ("visibility", NULL, NULL, VITRINE_FEED_ITEM_VISIBLE,
                      VITRINE_FEED_ITEM_HIDDEN, VITRINE_FEED_ITEM_VISIBLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineFeedItem:filter-state:
   *
   * A #VitrineFeedItemFilterState: what the show's word filter did with the
   * message, until the host decides about it.
   */
  properties [PROP_FILTER_STATE] =
    g_param_spec_int ("filter-state", NULL, NULL, VITRINE_FEED_ITEM_FILTER_NONE,
                      VITRINE_FEED_ITEM_FILTER_HELD, VITRINE_FEED_ITEM_FILTER_NONE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_feed_item_init (VitrineFeedItem *self)
{
}

/* Bidi embeddings, overrides and isolates, marks, zero-width spaces and the
 * BOM: legitimate in running text rarely, abused in names often. Zero-width
 * joiners (U+200C, U+200D) build emoji sequences (👨‍👩‍👧) and Persian or
 * Indic words, so text keeps them; names do not. */
static gboolean
is_hidden_control (gunichar c,
                   gboolean name)
{
  if (c == 0x200C || c == 0x200D)
    return name;
  return (c >= 0x200B && c <= 0x200F) ||
         (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) ||
         c == 0xFEFF || c == 0x2060;
}

static char *
sanitize (const char *text,
          gsize       max_chars,
          gboolean    name)
{
  g_autofree char *valid = NULL;
  GString *out;
  gsize n = 0;
  gboolean space = FALSE;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_new (NULL);

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_hidden_control (c, name))
        continue;

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = out->len > 0;
          continue;
        }

      /* The space a word brings counts too: at most max_chars, then "…". */
      if (n + (space ? 1 : 0) >= max_chars)
        {
          g_string_append (out, "…");
          break;
        }

      if (space)
        {
          g_string_append_c (out, ' ');
          n++;
          space = FALSE;
        }
      g_string_append_unichar (out, c);
      n++;
    }

  return g_string_free (out, FALSE);
}

/**
 * vitrine_feed_sanitize_name:
 * @text: (nullable): a name from outside, maybe not even UTF-8
 * @max_chars: the most characters to keep
 *
 * Like vitrine_feed_sanitize_text(), and zero-width joiners go too: in a
 * name they only serve to make two names look alike.
 *
 * Returns: (transfer full): the sanitised name
 */
char *
vitrine_feed_sanitize_name (const char *text,
                            gsize       max_chars)
{
  return sanitize (text, max_chars, TRUE);
}

/**
 * vitrine_feed_sanitize_text:
 * @text: (nullable): text from outside, maybe not even UTF-8
 * @max_chars: the most characters to keep
 *
 * Makes outside text safe to show: invalid UTF-8 replaced, control, bidi
 * override and zero-width characters removed, whitespace runs collapsed and
 * the length capped (with an ellipsis). Markup is left as text: widgets show
 * it literally, never parse it.
 *
 * Returns: (transfer full): the sanitised text
 */
char *
vitrine_feed_sanitize_text (const char *text,
                            gsize       max_chars)
{
  return sanitize (text, max_chars, FALSE);
}

/**
 * vitrine_feed_item_new:
 * @platform: (nullable): "twitch", "youtube", … or %NULL for the studio
 * @author: (nullable): who wrote it
 * @text: what it says
 * @time: (nullable): when the platform says it happened; now if %NULL
 *
 * Returns: (transfer full): a new item with sanitised texts
 */
VitrineFeedItem *
vitrine_feed_item_new (VitrineFeedItemKind  kind,
                       const char          *platform,
                       const char          *author,
                       const char          *text,
                       GDateTime           *time)
{
  return vitrine_feed_item_new_full (kind, platform, NULL, NULL, author, text, time);
}

/**
 * vitrine_feed_item_new_full:
 * @platform: (nullable): "twitch", "youtube", … or %NULL for the studio
 * @id: (nullable): the platform's id of the message (for deletions)
 * @author_id: (nullable): the platform's id of its author (for bans, claims)
 * @author: (nullable): the author's display name
 * @text: what it says
 * @time: (nullable): when the platform says it happened; now if %NULL
 *
 * Returns: (transfer full): a new item with sanitised texts
 */
VitrineFeedItem *
vitrine_feed_item_new_full (VitrineFeedItemKind  kind,
                            const char          *platform,
                            const char          *id,
                            const char          *author_id,
                            const char          *author,
                            const char          *text,
                            GDateTime           *time)
{
  VitrineFeedItem *self = g_object_new (VITRINE_TYPE_FEED_ITEM, NULL);

  self->kind = kind;
  self->platform = vitrine_feed_sanitize_text (platform, 32);
  /* Ids are compared, never shown: kept exactly (valid UTF-8 only). */
  self->id = id ? g_utf8_make_valid (id, MIN (strlen (id), 256)) : NULL;
  self->author_id = author_id ? g_utf8_make_valid (author_id, MIN (strlen (author_id), 256))
                              : NULL;
  self->author = vitrine_feed_sanitize_name (author, MAX_AUTHOR_CHARS);
  self->text = vitrine_feed_sanitize_text (text, MAX_TEXT_CHARS);
  self->received = g_date_time_new_now_utc ();
  self->time = time ? g_date_time_ref (time) : g_date_time_ref (self->received);
  return self;
}

const char *
vitrine_feed_item_get_id (VitrineFeedItem *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (self), NULL);
  return self->id;
}

const char *
vitrine_feed_item_get_author_id (VitrineFeedItem *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (self), NULL);
  return self->author_id;
}

/**
 * vitrine_feed_item_get_received:
 *
 * Returns: (transfer none): when the item reached the studio
 */
GDateTime *
vitrine_feed_item_get_received (VitrineFeedItem *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (self), NULL);
  return self->received;
}

const char *
vitrine_feed_item_get_source_id (VitrineFeedItem *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (self), NULL);
  return self->source_id;
}

void
vitrine_feed_item_set_source_id (VitrineFeedItem *self,
                                 const char      *source_id)
{
  g_return_if_fail (VITRINE_IS_FEED_ITEM (self));
  g_free (self->source_id);
  self->source_id = g_strdup (source_id);
}

/**
 * vitrine_feed_item_get_amount:
 *
 * Returns: (nullable): the money a paid message or an order carries, or %NULL
 */
const VitrineMoney *
vitrine_feed_item_get_amount (VitrineFeedItem *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (self), NULL);
  return self->amount.currency[0] != '\0' ? &self->amount : NULL;
}

void
vitrine_feed_item_set_amount (VitrineFeedItem    *self,
                              const VitrineMoney *amount)
{
  g_return_if_fail (VITRINE_IS_FEED_ITEM (self));
  if (amount != NULL)
    self->amount = *amount;
  else
    memset (&self->amount, 0, sizeof self->amount);
}

const char *
vitrine_feed_item_get_detail (VitrineFeedItem *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (self), NULL);
  return self->detail;
}

/**
 * vitrine_feed_item_set_detail:
 * @detail: (nullable): what kind of paid message, order number… (sanitised)
 */
void
vitrine_feed_item_set_detail (VitrineFeedItem *self,
                              const char      *detail)
{
  g_return_if_fail (VITRINE_IS_FEED_ITEM (self));
  g_free (self->detail);
  self->detail = detail ? vitrine_feed_sanitize_text (detail, 100) : NULL;
}

VitrineFeedItemFlags
vitrine_feed_item_get_flags (VitrineFeedItem *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (self), 0);
  return self->flags;
}

void
vitrine_feed_item_set_flags (VitrineFeedItem      *self,
                             VitrineFeedItemFlags  flags)
{
  g_return_if_fail (VITRINE_IS_FEED_ITEM (self));
  self->flags = flags;
}

VitrineFeedItemVisibility
vitrine_feed_item_get_visibility (VitrineFeedItem *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (self), 0);
  return self->visibility;
}

void
vitrine_feed_item_set_visibility (VitrineFeedItem           *self,
                                  VitrineFeedItemVisibility  visibility)
{
  g_return_if_fail (VITRINE_IS_FEED_ITEM (self));

  if (self->visibility == visibility)
    return;
  self->visibility = visibility;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VISIBILITY]);
}

VitrineFeedItemFilterState
vitrine_feed_item_get_filter_state (VitrineFeedItem *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (self), VITRINE_FEED_ITEM_FILTER_NONE);
  return self->filter_state;
}

/**
 * vitrine_feed_item_get_blocked_word:
 *
 * Returns: (nullable): the blocked word the show's word filter found in the
 *   message or its author's name, as the show file spells it, or %NULL
 */
const char *
vitrine_feed_item_get_blocked_word (VitrineFeedItem *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (self), NULL);
  return self->blocked_word;
}

/**
 * vitrine_feed_item_set_filtered:
 * @state: what the word filter did, or %VITRINE_FEED_ITEM_FILTER_NONE once
 *   the host decided
 * @blocked_word: (nullable): the word it found; %NULL keeps the one known
 *
 * Records what the word filter did; the feed does this
 * (vitrine_feed_set_word_filter()). The visibility is set apart.
 */
void
vitrine_feed_item_set_filtered (VitrineFeedItem            *self,
                                VitrineFeedItemFilterState  state,
                                const char                 *blocked_word)
{
  g_return_if_fail (VITRINE_IS_FEED_ITEM (self));
  g_return_if_fail (state <= VITRINE_FEED_ITEM_FILTER_HELD);

  if (blocked_word != NULL && g_strcmp0 (blocked_word, self->blocked_word) != 0)
    {
      g_free (self->blocked_word);
      self->blocked_word = vitrine_feed_sanitize_text (blocked_word, 100);
    }
  if (self->filter_state == state)
    return;
  self->filter_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FILTER_STATE]);
}

VitrineFeedItemKind
vitrine_feed_item_get_kind (VitrineFeedItem *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (self), 0);
  return self->kind;
}

const char *
vitrine_feed_item_get_platform (VitrineFeedItem *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (self), NULL);
  return self->platform;
}

const char *
vitrine_feed_item_get_author (VitrineFeedItem *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (self), NULL);
  return self->author;
}

const char *
vitrine_feed_item_get_text (VitrineFeedItem *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (self), NULL);
  return self->text;
}

/**
 * vitrine_feed_item_get_time:
 *
 * Returns: (transfer none): when it happened
 */
GDateTime *
vitrine_feed_item_get_time (VitrineFeedItem *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (self), NULL);
  return self->time;
}
