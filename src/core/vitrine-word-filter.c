/* vitrine-word-filter.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-word-filter"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vitrine-claim-parser.h"
#include "vitrine-word-filter.h"

/* The show's blocked words, and whether a chat message holds one.
 *
 * Words and messages are folded the way claims are (vitrine_claim_fold():
 * NFKC, so full-width "ＳＣＡＭ" is "scam", then case folding, so "STRASSE"
 * is "straße"), and invisible characters are dropped (zero-width spaces and
 * joiners, soft hyphens, bidi controls, variation selectors, Twitch's tag
 * characters): "sc\u200Bam" is "scam". Then:
 *
 * - In scripts written with spaces, a blocked word matches whole words only:
 *   "scam" blocks "a SCAM!" but not "scampi". A `*` at its end matches any
 *   word that starts so: "scam*" blocks "scammers". Several words are a
 *   phrase, matched word after word with anything but a letter or digit
 *   between them: "buy followers" blocks "BUY-followers", not "buy more
 *   followers".
 * - Letters spelt out one by one ("s p a m", "s.p.a.m", "S-P-A-M") are read
 *   as one word too, from three letters on.
 * - In scripts written without spaces (Chinese, Japanese, Korean, Thai, Lao,
 *   Khmer, Myanmar, Tibetan), words cannot be told apart, so a blocked word
 *   with such letters matches anywhere, also across spaces and punctuation
 *   put in to dodge the filter ("诈 骗").
 *
 * Accents are kept ("cafe" does not block "café"): in many languages they
 * make another word. */

#define MAX_TEXT_BYTES 8192

/* Fewer single letters in a row are ordinary words ("a b"). */
#define MIN_SPELT_LETTERS 3

typedef struct
{
  const char  *word;       /* as the host wrote it (points into self->words) */
  gboolean     unspaced;   /* matched as a substring of the compact text */
  char        *compact;    /* unspaced: the folded letters without separators */
  GStrv        parts;      /* spaced: the folded words */
  guint        n_parts;
  gboolean     prefix;     /* the last part ends with `*` */
} Entry;

struct _VitrineWordFilter
{
  GObject                  parent_instance;

  GStrv                    words;
  VitrineWordFilterAction  action;
  GPtrArray               *entries;      /* Entry */
  GHashTable              *by_first;     /* first folded word → GPtrArray of Entry */
  GHashTable              *prefixes;     /* folded prefix → Entry (one word with `*`) */
  GArray                  *prefix_lengths; /* distinct byte lengths of those prefixes */
  GPtrArray               *unspaced;     /* Entry */
};

G_DEFINE_FINAL_TYPE (VitrineWordFilter, vitrine_word_filter, G_TYPE_OBJECT)

G_DEFINE_QUARK (vitrine-word-filter-error-quark, vitrine_word_filter_error)

/* ---------------------------------------------------------------------- */
/* Cutting text into words                                                */

typedef VitrineTextCharClass CharClass;

/* The claim parser's classes, symbols separating words. */
static CharClass
classify (gunichar c)
{
  CharClass cls;

  if (c < 0x80)
    return g_ascii_isalnum (c) ? VITRINE_TEXT_CHAR_SPACED : VITRINE_TEXT_CHAR_SEPARATOR;
  cls = vitrine_text_classify_char (c);
  return cls == VITRINE_TEXT_CHAR_SYMBOL ? VITRINE_TEXT_CHAR_SEPARATOR : cls;
}

typedef struct
{
  GPtrArray *words;     /* char *, folded */
  GString   *compact;   /* every letter and digit, nothing between them */
  gboolean   unspaced;  /* some letter of a script without spaces */
} Words;

static void
words_clear (Words *w)
{
  g_clear_pointer (&w->words, g_ptr_array_unref);
  if (w->compact != NULL)
    g_string_free (w->compact, TRUE);
  w->compact = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Words, words_clear)

/* Cuts @folded (valid UTF-8, already folded) into words. */
static void
words_init (Words      *w,
            const char *folded)
{
  GString *word = NULL;
  CharClass word_class = VITRINE_TEXT_CHAR_SPACED;

  w->words = g_ptr_array_new_with_free_func (g_free);
  w->compact = g_string_new (NULL);
  w->unspaced = FALSE;

  for (const char *p = folded, *next; *p != '\0'; p = next)
    {
      gunichar c = g_utf8_get_char (p);
      CharClass cls = classify (c);

      next = g_utf8_next_char (p);

      switch (cls)
        {
        case VITRINE_TEXT_CHAR_IGNORABLE:
          break;

        case VITRINE_TEXT_CHAR_MARK:
          /* A mark belongs to the letter before it. */
          if (word != NULL)
            {
              g_string_append_len (word, p, next - p);
              g_string_append_len (w->compact, p, next - p);
            }
          break;

        case VITRINE_TEXT_CHAR_SPACED:
        case VITRINE_TEXT_CHAR_UNSPACED:
        case VITRINE_TEXT_CHAR_COMMON:
          if (cls == VITRINE_TEXT_CHAR_COMMON)
            cls = word != NULL ? word_class : VITRINE_TEXT_CHAR_SPACED;
          if (cls == VITRINE_TEXT_CHAR_UNSPACED)
            w->unspaced = TRUE;
          if (word != NULL && cls != word_class)
            g_ptr_array_add (w->words, g_string_free (g_steal_pointer (&word), FALSE));
          if (word == NULL)
            {
              word = g_string_new (NULL);
              word_class = cls;
            }
          g_string_append_len (word, p, next - p);
          g_string_append_len (w->compact, p, next - p);
          break;

        case VITRINE_TEXT_CHAR_SEPARATOR:
        default:
          if (word != NULL)
            g_ptr_array_add (w->words, g_string_free (g_steal_pointer (&word), FALSE));
          break;
        }
    }

  if (word != NULL)
    g_ptr_array_add (w->words, g_string_free (word, FALSE));
}

/* Letters spelt out one by one, "s p a m", joined into one word; %NULL when
 * there are none. */
static GPtrArray *
join_spelt_letters (GPtrArray *words)
{
  GPtrArray *joined = NULL;
  guint i = 0;

  while (i < words->len)
    {
      guint run = 0;

      while (i + run < words->len &&
             g_utf8_strlen (g_ptr_array_index (words, i + run), -1) == 1)
        run++;

      if (run >= MIN_SPELT_LETTERS)
        {
          GString *word = g_string_new (NULL);

          if (joined == NULL)
            {
              joined = g_ptr_array_new_with_free_func (g_free);
              for (guint k = 0; k < i; k++)
                g_ptr_array_add (joined, g_strdup (g_ptr_array_index (words, k)));
            }
          for (guint k = 0; k < run; k++)
            g_string_append (word, g_ptr_array_index (words, i + k));
          g_ptr_array_add (joined, g_string_free (word, FALSE));
          i += run;
        }
      else
        {
          guint end = i + MAX (run, 1);

          for (; i < end; i++)
            if (joined != NULL)
              g_ptr_array_add (joined, g_strdup (g_ptr_array_index (words, i)));
        }
    }

  return joined;
}

/* ---------------------------------------------------------------------- */
/* The blocked words                                                      */

static void
entry_free (Entry *entry)
{
  g_free (entry->compact);
  g_strfreev (entry->parts);
  g_free (entry);
}

static void
clear_entries (VitrineWordFilter *self)
{
  g_hash_table_remove_all (self->by_first);
  g_hash_table_remove_all (self->prefixes);
  g_array_set_size (self->prefix_lengths, 0);
  g_ptr_array_set_size (self->unspaced, 0);
  g_ptr_array_set_size (self->entries, 0);
  g_clear_pointer (&self->words, g_strfreev);
}

static Entry *
entry_new (const char  *word,
           GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (word));
  g_auto(Words) words = { NULL, };
  g_autofree char *folded = NULL;
  Entry *entry;
  gboolean prefix = FALSE;
  gsize len = strlen (stripped);
  const char *star;

  if (g_utf8_strlen (stripped, -1) > VITRINE_WORD_FILTER_MAX_CHARS)
    {
      g_autofree char *start = g_utf8_substring (stripped, 0, 20);

      g_set_error (error, VITRINE_WORD_FILTER_ERROR, VITRINE_WORD_FILTER_ERROR_TOO_LONG,
                   _("“%s…” is longer than %u characters"), start,
                   VITRINE_WORD_FILTER_MAX_CHARS);
      return NULL;
    }

  if (len > 0 && stripped[len - 1] == '*')
    {
      prefix = TRUE;
      stripped[--len] = '\0';
    }
  star = strchr (stripped, '*');
  if (star != NULL)
    {
      g_set_error (error, VITRINE_WORD_FILTER_ERROR, VITRINE_WORD_FILTER_ERROR_WILDCARD,
                   _("“%s”: a * can only end a word, as in “scam*”"), word);
      return NULL;
    }
  /* "scam *": the star would stand for a whole word. */
  if (prefix && len > 0 && classify (g_utf8_get_char (g_utf8_prev_char (stripped + len))) ==
                           VITRINE_TEXT_CHAR_SEPARATOR)
    {
      g_set_error (error, VITRINE_WORD_FILTER_ERROR, VITRINE_WORD_FILTER_ERROR_WILDCARD,
                   _("“%s”: a * can only end a word, as in “scam*”"), word);
      return NULL;
    }

  folded = vitrine_claim_fold (stripped, -1);
  words_init (&words, folded);
  if (words.words->len == 0 && *word == '\0')
    {
      g_set_error (error, VITRINE_WORD_FILTER_ERROR, VITRINE_WORD_FILTER_ERROR_EMPTY,
                   _("a blocked word is empty"));
      return NULL;
    }
  if (words.words->len == 0)
    {
      g_set_error (error, VITRINE_WORD_FILTER_ERROR, VITRINE_WORD_FILTER_ERROR_EMPTY,
                   _("“%s” has no letter or digit to look for"), word);
      return NULL;
    }

  entry = g_new0 (Entry, 1);
  entry->word = word;
  entry->unspaced = words.unspaced;
  if (words.unspaced)
    {
      entry->compact = g_strdup (words.compact->str);
    }
  else
    {
      g_ptr_array_add (words.words, NULL);
      entry->n_parts = words.words->len - 1;
      entry->parts = (GStrv) g_ptr_array_steal (words.words, NULL);
      entry->prefix = prefix;
    }

  return entry;
}

static void
add_entry (VitrineWordFilter *self,
           Entry             *entry)
{
  g_ptr_array_add (self->entries, entry);

  if (entry->unspaced)
    {
      g_ptr_array_add (self->unspaced, entry);
    }
  else if (entry->prefix && entry->n_parts == 1)
    {
      guint length = strlen (entry->parts[0]);
      gboolean known = FALSE;

      if (!g_hash_table_contains (self->prefixes, entry->parts[0]))
        g_hash_table_insert (self->prefixes, entry->parts[0], entry);
      for (guint i = 0; i < self->prefix_lengths->len && !known; i++)
        known = g_array_index (self->prefix_lengths, guint, i) == length;
      if (!known)
        g_array_append_val (self->prefix_lengths, length);
    }
  else
    {
      GPtrArray *list = g_hash_table_lookup (self->by_first, entry->parts[0]);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->by_first, entry->parts[0], list);
        }
      g_ptr_array_add (list, entry);
    }
}

/**
 * vitrine_word_filter_set_words:
 * @words: (array zero-terminated=1): the blocked words and phrases, as the
 *   host writes them (`scam`, `scam*`, `buy followers`, `诈骗`)
 * @error: a location for a #GError in %VITRINE_WORD_FILTER_ERROR
 *
 * Replaces the blocked words. On an error the filter is left empty, and
 * the message names the word that cannot be used.
 *
 * Returns: whether every word can be used
 */
gboolean
vitrine_word_filter_set_words (VitrineWordFilter   *self,
                               const char * const  *words,
                               GError             **error)
{
  guint n;

  g_return_val_if_fail (VITRINE_IS_WORD_FILTER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  clear_entries (self);
  n = words != NULL ? g_strv_length ((GStrv) words) : 0;
  if (n > VITRINE_WORD_FILTER_MAX_WORDS)
    {
      g_set_error (error, VITRINE_WORD_FILTER_ERROR, VITRINE_WORD_FILTER_ERROR_TOO_LONG,
                   _("more than %u blocked words"), VITRINE_WORD_FILTER_MAX_WORDS);
      return FALSE;
    }

  self->words = g_strdupv ((GStrv) words);
  for (guint i = 0; i < n; i++)
    {
      Entry *entry = entry_new (self->words[i], error);

      if (entry == NULL)
        {
          clear_entries (self);
          return FALSE;
        }
      add_entry (self, entry);
    }

  return TRUE;
}

/**
 * vitrine_word_filter_get_words:
 *
 * Returns: (transfer none) (array zero-terminated=1) (nullable): the blocked
 *   words as given, or %NULL when there are none
 */
const char * const *
vitrine_word_filter_get_words (VitrineWordFilter *self)
{
  g_return_val_if_fail (VITRINE_IS_WORD_FILTER (self), NULL);

  return (const char * const *) self->words;
}

/**
 * vitrine_word_filter_is_empty:
 *
 * Returns: %TRUE when no word is blocked
 */
gboolean
vitrine_word_filter_is_empty (VitrineWordFilter *self)
{
  g_return_val_if_fail (VITRINE_IS_WORD_FILTER (self), TRUE);

  return self->entries->len == 0;
}

VitrineWordFilterAction
vitrine_word_filter_get_action (VitrineWordFilter *self)
{
  g_return_val_if_fail (VITRINE_IS_WORD_FILTER (self), VITRINE_WORD_FILTER_HIDE);

  return self->action;
}

/**
 * vitrine_word_filter_set_action:
 * @action: what happens to a message with a blocked word
 */
void
vitrine_word_filter_set_action (VitrineWordFilter       *self,
                                VitrineWordFilterAction  action)
{
  g_return_if_fail (VITRINE_IS_WORD_FILTER (self));
  g_return_if_fail (action == VITRINE_WORD_FILTER_HIDE || action == VITRINE_WORD_FILTER_HOLD);

  self->action = action;
}

/* ---------------------------------------------------------------------- */
/* Matching                                                               */

static gboolean
part_matches (const char *part,
              const char *word,
              gboolean    prefix)
{
  return prefix ? g_str_has_prefix (word, part) : strcmp (part, word) == 0;
}

static const Entry *
match_words (VitrineWordFilter *self,
             GPtrArray         *words)
{
  g_autofree char *cut = NULL;
  gsize cut_size = 0;

  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);
      GPtrArray *list = g_hash_table_lookup (self->by_first, word);
      gsize length = strlen (word);

      for (guint k = 0; list != NULL && k < list->len; k++)
        {
          const Entry *entry = g_ptr_array_index (list, k);
          gboolean all = i + entry->n_parts <= words->len;

          for (guint p = 1; all && p < entry->n_parts; p++)
            all = part_matches (entry->parts[p], g_ptr_array_index (words, i + p),
                                entry->prefix && p == entry->n_parts - 1);
          if (all)
            return entry;
        }

      /* "scam*": every start of the word that is as long as a prefix. */
      for (guint k = 0; k < self->prefix_lengths->len; k++)
        {
          guint prefix_length = g_array_index (self->prefix_lengths, guint, k);
          const Entry *entry;

          if (prefix_length > length)
            continue;
          if (cut_size < prefix_length + 1)
            {
              cut_size = MAX (prefix_length + 1, 64);
              cut = g_realloc (cut, cut_size);
            }
          memcpy (cut, word, prefix_length);
          cut[prefix_length] = '\0';
          /* A cut inside a character equals no (valid) prefix. */
          if ((entry = g_hash_table_lookup (self->prefixes, cut)) != NULL)
            return entry;
        }
    }

  return NULL;
}

/**
 * vitrine_word_filter_match:
 * @text: (nullable): a message or a name, maybe not even UTF-8
 *
 * Whether @text holds a blocked word. Only its first 8 kB are read.
 *
 * Returns: (transfer none) (nullable): the blocked word that matched, as
 *   the host wrote it (valid until the words change), or %NULL
 */
const char *
vitrine_word_filter_match (VitrineWordFilter *self,
                           const char        *text)
{
  g_autofree char *folded = NULL;
  g_auto(Words) words = { NULL, };
  g_autoptr(GPtrArray) joined = NULL;
  const Entry *entry;

  g_return_val_if_fail (VITRINE_IS_WORD_FILTER (self), NULL);

  if (text == NULL || self->entries->len == 0)
    return NULL;

  folded = vitrine_claim_fold (text, MAX_TEXT_BYTES);
  words_init (&words, folded);

  if ((entry = match_words (self, words.words)) != NULL)
    return entry->word;

  joined = join_spelt_letters (words.words);
  if (joined != NULL && (entry = match_words (self, joined)) != NULL)
    return entry->word;

  for (guint i = 0; i < self->unspaced->len; i++)
    {
      entry = g_ptr_array_index (self->unspaced, i);
      if (strstr (words.compact->str, entry->compact) != NULL)
        return entry->word;
    }

  return NULL;
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                */

static void
vitrine_word_filter_finalize (GObject *object)
{
  VitrineWordFilter *self = (VitrineWordFilter *)object;

  clear_entries (self);
  g_clear_pointer (&self->by_first, g_hash_table_unref);
  g_clear_pointer (&self->prefixes, g_hash_table_unref);
  g_clear_pointer (&self->prefix_lengths, g_array_unref);
  g_clear_pointer (&self->unspaced, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (vitrine_word_filter_parent_class)->finalize (object);
}

static void
vitrine_word_filter_class_init (VitrineWordFilterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vitrine_word_filter_finalize;
}

static void
vitrine_word_filter_init (VitrineWordFilter *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->by_first = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) g_ptr_array_unref);
  self->prefixes = g_hash_table_new (g_str_hash, g_str_equal);
  self->prefix_lengths = g_array_new (FALSE, FALSE, sizeof (guint));
  self->unspaced = g_ptr_array_new ();
}

/**
 * vitrine_word_filter_new:
 *
 * Returns: (transfer full): a filter that blocks nothing yet and hides
 *   what it blocks
 */
VitrineWordFilter *
vitrine_word_filter_new (void)
{
  return g_object_new (VITRINE_TYPE_WORD_FILTER, NULL);
}
