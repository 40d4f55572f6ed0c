/* vitrine-json-guard.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-json"

#include "config.h"

#include "vitrine-json-guard.h"

/* json-glib parses recursively: a few megabytes of "[[[[…" from a file or a
 * server overflow the stack. Everything that parses outside JSON checks the
 * nesting first, with this. */

/**
 * vitrine_json_check_depth:
 * @data: JSON text (need not be valid)
 * @length: its length in bytes
 * @max_depth: the deepest nesting of objects and arrays allowed
 * @offset: (out): where the nesting first goes too deep
 *
 * Counts brackets outside strings, without parsing.
 *
 * Returns: %FALSE when @data nests deeper than @max_depth
 */
gboolean
vitrine_json_check_depth (const char *data,
                          gsize       length,
                          guint       max_depth,
                          gsize      *offset)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > max_depth)
            {
              *offset = i;
              return FALSE;
            }
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }

  return TRUE;
}

/**
 * vitrine_text_position:
 * @offset: a byte offset into @data
 * @column: (out) (optional): the 1-based column (in bytes) of @offset
 *
 * Returns: the 1-based line of @offset
 */
guint
vitrine_text_position (const char *data,
                       gsize       offset,
                       guint      *column)
{
  guint line = 1;
  gsize start = 0;

  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      {
        line++;
        start = i + 1;
      }
  if (column != NULL)
    *column = (guint)(offset - start) + 1;
  return line;
}

/**
 * vitrine_json_is_one_container:
 * @data: JSON text (need not be valid)
 * @length: its length in bytes
 *
 * json-glib 1.6 accepts several values one after the other ("{…} {…}",
 * "[] []") and leaks all but the last: an answer must be one object or
 * array with nothing but whitespace after it.
 *
 * Returns: whether @data is one object or array
 */
gboolean
vitrine_json_is_one_container (const char *data,
                               gsize       length)
{
  gboolean in_string = FALSE;
  gboolean closed = FALSE;
  guint depth = 0;
  gsize i = 0;

  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if (i == length || (data[i] != '{' && data[i] != '['))
    return FALSE;

  for (; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (closed && !g_ascii_isspace (c))
        return FALSE;
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && depth > 0 && --depth == 0)
        closed = TRUE;
    }
  return TRUE;
}
