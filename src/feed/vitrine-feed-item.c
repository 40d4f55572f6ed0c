/* vitrine-feed-item.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-feed"

#include "config.h"

#include "vitrine-feed-item.h"

/* One entry of the host's feed. Everything that reaches it from outside is
 * sanitised once, here, so no widget has to remember to. */

struct _VitrineFeedItem
{
  GObject              parent_instance;

  VitrineFeedItemKind  kind;
  char                *platform;
  char                *author;
  char                *text;
  GDateTime           *time;
};

G_DEFINE_FINAL_TYPE (VitrineFeedItem, vitrine_feed_item, G_TYPE_OBJECT)

#define MAX_AUTHOR_CHARS 64
#define MAX_TEXT_CHARS   500

static void
vitrine_feed_item_finalize (GObject *object)
{
  VitrineFeedItem *self = (VitrineFeedItem *)object;

  g_clear_pointer (&self->platform, g_free);
  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->time, g_date_time_unref);

  G_OBJECT_CLASS (vitrine_feed_item_parent_class)->finalize (object);
}

static void
vitrine_feed_item_class_init (VitrineFeedItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vitrine_feed_item_finalize;
}

static void
vitrine_feed_item_init (VitrineFeedItem *self)
{
}

static gboolean
is_hidden_control (gunichar c)
{
  /* Bidi embeddings, overrides and isolates, zero-width characters and the
   * BOM: legitimate in running text rarely, abused in names often. */
  return (c >= 0x200B && c <= 0x200F) ||
         (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) ||
         c == 0xFEFF || c == 0x2060;
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

      if (is_hidden_control (c))
        continue;
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = out->len > 0;
          continue;
        }
      if (n >= max_chars)
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
  VitrineFeedItem *self = g_object_new (VITRINE_TYPE_FEED_ITEM, NULL);

  self->kind = kind;
  self->platform = vitrine_feed_sanitize_text (platform, 32);
  self->author = vitrine_feed_sanitize_text (author, MAX_AUTHOR_CHARS);
  self->text = vitrine_feed_sanitize_text (text, MAX_TEXT_CHARS);
  self->time = time ? g_date_time_ref (time) : g_date_time_new_now_utc ();

  return self;
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
