// sources: src/feed/vitrine-twitch-irc.c src/feed/vitrine-feed-item.c
// pkg-config: glib-2.0 gobject-2.0 gio-2.0
/* fuzz-twitch-irc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the Twitch IRC parser (src/feed/vitrine-twitch-irc.c):
 * the input is one WebSocket text frame as Twitch would send it. It is split
 * into lines, every line parsed, and every part of the result read: tags
 * (also unescaped again from the raw bytes), parameters, the /me wrapper,
 * emote ranges (checked to stay inside the text), numbers, and the feed's
 * sanitiser on what would be shown. Run by tests/fuzz/run-fuzzers.sh.
 */

#include <stdint.h>
#include <string.h>

#include "vitrine-feed-item.h"
#include "vitrine-twitch-irc.h"

static void
check_shown (const char *text)
{
  g_autofree char *shown = vitrine_feed_sanitize_text (text, 500);

  /* What reaches a widget is always valid UTF-8 and never longer than
   * 500 characters and an ellipsis. */
  g_assert (g_utf8_validate (shown, -1, NULL));
  g_assert (g_utf8_strlen (shown, -1) <= 501);
}

static void
check_message (VitrineTwitchIrcMessage *message)
{
  static const char * const keys[] = {
    "id", "user-id", "display-name", "login", "badges", "bits", "emotes", "tmi-sent-ts",
    "target-msg-id", "target-user-id", "ban-duration", "msg-id", "system-msg", "room-id",
    "source-room-id", NULL
  };
  const char *trailing = vitrine_twitch_irc_message_get_trailing (message);
  const char *emotes_tag = vitrine_twitch_irc_message_get_tag (message, "emotes");
  g_autofree char *text = NULL;
  g_autoptr(GArray) emotes = NULL;
  gboolean is_action;
  GHashTableIter iter;
  gpointer key, value;
  guint64 number;

  g_assert (message->command != NULL && message->command[0] != '\0');
  g_assert (message->tags != NULL && message->params != NULL);
  if (message->prefix != NULL)
    g_assert (message->nick != NULL && strlen (message->nick) <= strlen (message->prefix));

  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *tag = vitrine_twitch_irc_message_get_tag (message, keys[i]);

      if (tag != NULL)
        {
          check_shown (tag);
          vitrine_twitch_irc_parse_uint (tag, &number);
        }
    }

  g_hash_table_iter_init (&iter, message->tags);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *again = vitrine_twitch_irc_unescape_tag (value, -1);

      /* No empty key, no separator left in a key; unescaping never makes a
       * value longer. */
      g_assert (((char *) key)[0] != '\0');
      g_assert (strchr (key, ';') == NULL && strchr (key, '=') == NULL);
      g_assert (strchr (key, ' ') == NULL);
      g_assert (value != NULL);
      g_assert (strlen (again) <= strlen (value));
    }

  for (guint i = 0; i <= message->params->len; i++)
    {
      const char *param = vitrine_twitch_irc_message_get_param (message, i);

      g_assert ((param == NULL) == (i == message->params->len));
      /* Only the trailing parameter may hold a space. */
      if (param != NULL && !(message->has_trailing && i == message->params->len - 1))
        g_assert (strchr (param, ' ') == NULL && param[0] != '\0');
    }

  text = vitrine_twitch_irc_strip_action (trailing, &is_action);
  g_assert (strlen (text) <= (trailing ? strlen (trailing) : 0));
  check_shown (text);

  emotes = vitrine_twitch_irc_parse_emotes (emotes_tag, text);
  for (guint i = 0; i < emotes->len; i++)
    {
      VitrineTwitchIrcEmote *emote = &g_array_index (emotes, VitrineTwitchIrcEmote, i);

      g_assert (emote->id != NULL);
      g_assert (emote->start < emote->end);
      g_assert (emote->end <= strlen (text));
    }
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_auto(GStrv) lines = vitrine_twitch_irc_split_frame ((const char *) data, size);
  g_autofree char *unescaped = NULL;
  g_autoptr(VitrineTwitchIrcMessage) whole = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(VitrineTwitchIrcMessage) message = vitrine_twitch_irc_parse_line (lines[i], -1);

      g_assert (lines[i][0] != '\0');
      g_assert (strchr (lines[i], '\n') == NULL);
      if (message != NULL)
        check_message (message);
    }

  /* The same bytes as one line and as one tag value, length-bounded (not
   * nul-terminated: a read past @size is an ASan error). */
  whole = vitrine_twitch_irc_parse_line ((const char *) data, size);
  if (whole != NULL)
    check_message (whole);
  unescaped = vitrine_twitch_irc_unescape_tag ((const char *) data, size);
  g_assert (strlen (unescaped) <= size);

  return 0;
}
