/* vitrine-twitch-irc.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-twitch"

#include "config.h"

#include <string.h>

#include "vitrine-twitch-irc.h"

/* IRC lines as Twitch chat sends them over a WebSocket: IRCv3 message tags
 * (`@key=value;…`), an optional source, a command and its parameters
 * (dev.twitch.tv/docs/irc, ircv3.net/specs/extensions/message-tags).
 *
 * Nothing here does I/O or trusts its input: lines come from the network,
 * may be truncated, are not necessarily UTF-8 and can be far longer than the
 * 512 bytes of RFC 1459 (the tag section alone may take 8191). There are no
 * fixed buffers, every scan is bounded by the length given, and a line that
 * is not IRC gives %NULL rather than a half-filled message. A libFuzzer
 * target (tests/fuzz/fuzz-twitch-irc.c) runs every function of this file. */

/**
 * vitrine_twitch_irc_unescape_tag:
 * @value: a tag value as sent
 * @length: its length in bytes, or -1 if nul-terminated
 *
 * Undoes IRCv3 tag escaping: `\s` is a space, `\:` a semicolon, `\\` a
 * backslash, `\r` and `\n` CR and LF. A backslash before any other
 * character is dropped, and so is a lone backslash at the end (the spec's
 * rules for invalid escapes).
 *
 * Returns: (transfer full): the value
 */
char *
vitrine_twitch_irc_unescape_tag (const char *value,
                                 gssize      length)
{
  GString *out;
  gsize n;

  if (value == NULL)
    return g_strdup ("");

  n = length < 0 ? strlen (value) : (gsize) length;
  out = g_string_sized_new (n);

  for (gsize i = 0; i < n && value[i] != '\0'; i++)
    {
      char c = value[i];

      if (c != '\\')
        {
          g_string_append_c (out, c);
          continue;
        }

      if (i + 1 >= n || value[i + 1] == '\0')
        break;

      i++;
      switch (value[i])
        {
        case 's':
          g_string_append_c (out, ' ');
          break;
        case ':':
          g_string_append_c (out, ';');
          break;
        case 'r':
          g_string_append_c (out, '\r');
          break;
        case 'n':
          g_string_append_c (out, '\n');
          break;
        default:
          /* `\\` and every invalid escape: the character itself. */
          g_string_append_c (out, value[i]);
          break;
        }
    }

  return g_string_free (out, FALSE);
}

static void
parse_tags (GHashTable *tags,
            const char *start,
            const char *end)
{
  const char *p = start;

  while (p < end)
    {
      const char *semicolon = memchr (p, ';', end - p);
      const char *stop = semicolon ? semicolon : end;
      const char *equals = memchr (p, '=', stop - p);
      const char *key_end = equals ? equals : stop;

      /* An empty key (`@;a=1`, `@=x`) names nothing: skipped. Repeated keys:
       * the last one counts, as the spec says. */
      if (key_end > p)
        {
          char *key = g_strndup (p, key_end - p);
          char *value = equals ? vitrine_twitch_irc_unescape_tag (equals + 1, stop - equals - 1)
                               : g_strdup ("");

          g_hash_table_replace (tags, key, value);
        }

      p = stop + 1;
    }
}

static const char *
skip_spaces (const char *p,
             const char *end)
{
  while (p < end && *p == ' ')
    p++;
  return p;
}

static const char *
find_space (const char *p,
            const char *end)
{
  const char *space = memchr (p, ' ', end - p);

  return space ? space : end;
}

/**
 * vitrine_twitch_irc_parse_line:
 * @line: one IRC line, with or without its `\r\n`
 * @length: its length in bytes, or -1 if nul-terminated; the line also ends
 *   at a nul byte
 *
 * Parses `[@tags] [:prefix] COMMAND [params…] [:trailing]`. Runs of spaces
 * between parts are allowed (some servers send them); the command is
 * upper-cased.
 *
 * Returns: (transfer full) (nullable): the message, or %NULL for an empty
 *   line or one without a command
 */
VitrineTwitchIrcMessage *
vitrine_twitch_irc_parse_line (const char *line,
                               gssize      length)
{
  g_autoptr(VitrineTwitchIrcMessage) message = NULL;
  const char *p;
  const char *end;
  const char *nul;
  gsize n;

  if (line == NULL)
    return NULL;

  n = length < 0 ? strlen (line) : (gsize) length;
  nul = memchr (line, '\0', n);
  if (nul != NULL)
    n = nul - line;

  p = line;
  end = line + n;
  while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
    end--;

  message = g_new0 (VitrineTwitchIrcMessage, 1);
  message->tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  message->params = g_ptr_array_new_with_free_func (g_free);

  p = skip_spaces (p, end);
  if (p < end && *p == '@')
    {
      const char *tags_end = find_space (p, end);

      parse_tags (message->tags, p + 1, tags_end);
      p = skip_spaces (tags_end, end);
    }

  if (p < end && *p == ':')
    {
      const char *prefix_end = find_space (p, end);
      const char *bang;

      message->prefix = g_strndup (p + 1, prefix_end - p - 1);
      bang = strchr (message->prefix, '!');
      message->nick = bang ? g_strndup (message->prefix, bang - message->prefix)
                           : g_strdup (message->prefix);
      p = skip_spaces (prefix_end, end);
    }

  if (p >= end)
    return NULL;

  {
    const char *command_end = find_space (p, end);

    message->command = g_ascii_strup (p, command_end - p);
    p = command_end;
  }

  for (;;)
    {
      const char *param_end;

      p = skip_spaces (p, end);
      if (p >= end)
        break;

      if (*p == ':')
        {
          g_ptr_array_add (message->params, g_strndup (p + 1, end - p - 1));
          message->has_trailing = TRUE;
          break;
        }

      param_end = find_space (p, end);
      g_ptr_array_add (message->params, g_strndup (p, param_end - p));
      p = param_end;
    }

  return g_steal_pointer (&message);
}

void
vitrine_twitch_irc_message_free (VitrineTwitchIrcMessage *message)
{
  if (message == NULL)
    return;

  g_clear_pointer (&message->tags, g_hash_table_unref);
  g_clear_pointer (&message->params, g_ptr_array_unref);
  g_free (message->prefix);
  g_free (message->nick);
  g_free (message->command);
  g_free (message);
}

/**
 * vitrine_twitch_irc_message_get_tag:
 * @key: a tag name, e.g. `display-name`
 *
 * Returns: (nullable): the unescaped value (`""` when empty), or %NULL when
 *   the tag is absent
 */
const char *
vitrine_twitch_irc_message_get_tag (VitrineTwitchIrcMessage *message,
                                    const char              *key)
{
  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (message->tags, key);
}

/**
 * vitrine_twitch_irc_message_get_param:
 * @index: which parameter, from 0 (the trailing one counts too)
 *
 * Returns: (nullable): the parameter, or %NULL if there are fewer
 */
const char *
vitrine_twitch_irc_message_get_param (VitrineTwitchIrcMessage *message,
                                      guint                    index)
{
  g_return_val_if_fail (message != NULL, NULL);

  if (index >= message->params->len)
    return NULL;
  return g_ptr_array_index (message->params, index);
}

/**
 * vitrine_twitch_irc_message_get_trailing:
 *
 * Returns: (nullable): the parameter after ` :` (the message text of a
 *   PRIVMSG), or %NULL if the line has none
 */
const char *
vitrine_twitch_irc_message_get_trailing (VitrineTwitchIrcMessage *message)
{
  g_return_val_if_fail (message != NULL, NULL);

  if (!message->has_trailing || message->params->len == 0)
    return NULL;
  return g_ptr_array_index (message->params, message->params->len - 1);
}

/**
 * vitrine_twitch_irc_split_frame:
 * @frame: a WebSocket text frame from Twitch
 * @length: its length in bytes
 *
 * One frame may hold several IRC lines, each ending in `\r\n` (the last one
 * maybe not). Splits them; a lone `\n` also ends a line, empty lines are
 * dropped and a nul byte ends the line it is in.
 *
 * Returns: (transfer full): the lines, without their line ends
 */
char **
vitrine_twitch_irc_split_frame (const char *frame,
                                gsize       length)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  const char *p = frame;
  const char *end = frame ? frame + length : NULL;

  while (p != NULL && p < end)
    {
      const char *newline = memchr (p, '\n', end - p);
      const char *stop = newline ? newline : end;
      gsize n = stop - p;

      while (n > 0 && p[n - 1] == '\r')
        n--;
      /* g_strndup() stops at a nul byte: the line ends there. */
      if (n > 0 && *p != '\0')
        g_ptr_array_add (lines, g_strndup (p, n));

      p = newline ? newline + 1 : end;
    }

  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
}

/**
 * vitrine_twitch_irc_strip_action:
 * @text: (nullable): a PRIVMSG or CLEARMSG text
 * @is_action: (out) (optional): whether it was a `/me` message
 *
 * `/me waves` arrives as `\x01ACTION waves\x01`; this returns `waves`. The
 * closing `\x01` is optional (lines get cut).
 *
 * Returns: (transfer full): the text without the wrapper
 */
char *
vitrine_twitch_irc_strip_action (const char *text,
                                 gboolean   *is_action)
{
  static const char prefix[] = "\001ACTION ";
  gsize n;

  if (is_action != NULL)
    *is_action = FALSE;
  if (text == NULL)
    return g_strdup ("");
  if (!g_str_has_prefix (text, prefix))
    return g_strdup (text);

  if (is_action != NULL)
    *is_action = TRUE;
  text += sizeof prefix - 1;
  n = strlen (text);
  if (n > 0 && text[n - 1] == '\001')
    n--;
  return g_strndup (text, n);
}

static void
emote_clear (gpointer data)
{
  VitrineTwitchIrcEmote *emote = data;

  g_clear_pointer (&emote->id, g_free);
}

static gboolean
parse_position (const char *start,
                const char *end,
                guint64    *out)
{
  guint64 value = 0;

  if (start >= end || end - start > 10)
    return FALSE;
  for (const char *p = start; p < end; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = value * 10 + (guint64) (*p - '0');
    }
  *out = value;
  return TRUE;
}

/**
 * vitrine_twitch_irc_parse_emotes:
 * @emotes: (nullable): the `emotes` tag, e.g. `25:0-4,12-16/1902:6-10`
 * @text: (nullable): the message text the positions refer to
 *
 * Twitch counts positions in Unicode code points, both ends inclusive
 * (`👉 <3` has `<3` at 2-3). Real tags are sometimes off by one or entirely
 * out of range, so every range is clamped to the text and dropped when
 * nothing is left; malformed parts are skipped. Invalid UTF-8 cannot move a
 * range outside the text: every byte that does not continue a sequence
 * counts as a code point.
 *
 * Returns: (transfer full) (element-type VitrineTwitchIrcEmote): the emotes
 *   in the order the tag lists them, as byte ranges of @text
 */
GArray *
vitrine_twitch_irc_parse_emotes (const char *emotes,
                                 const char *text)
{
  GArray *result = g_array_new (FALSE, FALSE, sizeof (VitrineTwitchIrcEmote));
  g_autoptr(GArray) offsets = NULL;
  gsize text_length;
  const char *p;
  const char *end;

  g_array_set_clear_func (result, emote_clear);
  if (emotes == NULL || text == NULL)
    return result;

  /* Byte offset of every code point, plus the end of the text. */
  text_length = strlen (text);
  offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (gsize i = 0; i < text_length; i++)
    if (((guchar) text[i] & 0xC0) != 0x80)
      g_array_append_val (offsets, i);
  g_array_append_val (offsets, text_length);

  p = emotes;
  end = emotes + strlen (emotes);
  while (p < end)
    {
      const char *slash = memchr (p, '/', end - p);
      const char *stop = slash ? slash : end;
      const char *colon = memchr (p, ':', stop - p);

      if (colon != NULL && colon > p)
        {
          const char *range = colon + 1;

          while (range < stop)
            {
              const char *comma = memchr (range, ',', stop - range);
              const char *range_end = comma ? comma : stop;
              const char *dash = memchr (range, '-', range_end - range);
              guint64 first, last;
              guint n_points = offsets->len - 1;

              if (dash != NULL && parse_position (range, dash, &first) &&
                  parse_position (dash + 1, range_end, &last) &&
                  first < n_points && first <= last)
                {
                  VitrineTwitchIrcEmote emote;

                  last = MIN (last, (guint64) n_points - 1);
                  emote.id = g_strndup (p, colon - p);
                  emote.start = g_array_index (offsets, gsize, first);
                  emote.end = g_array_index (offsets, gsize, last + 1);
                  g_array_append_val (result, emote);
                }

              range = range_end + 1;
            }
        }

      p = stop + 1;
    }

  return result;
}

/**
 * vitrine_twitch_irc_parse_uint:
 * @value: (nullable): a tag value such as `bits` or `ban-duration`
 * @out: (out): the number
 *
 * Strict: decimal digits only, no sign, no spaces, no overflow.
 *
 * Returns: whether @value is such a number
 */
gboolean
vitrine_twitch_irc_parse_uint (const char *value,
                               guint64    *out)
{
  guint64 result = 0;

  if (value == NULL || *value == '\0')
    return FALSE;

  for (const char *p = value; *p; p++)
    {
      guint digit;

      if (!g_ascii_isdigit (*p))
        return FALSE;
      digit = *p - '0';
      if (result > (G_MAXUINT64 - digit) / 10)
        return FALSE;
      result = result * 10 + digit;
    }

  *out = result;
  return TRUE;
}
