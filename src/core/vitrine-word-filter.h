/* vitrine-word-filter.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VITRINE_WORD_FILTER_ERROR (vitrine_word_filter_error_quark ())

/**
 * VitrineWordFilterError:
 * @VITRINE_WORD_FILTER_ERROR_EMPTY: a blocked word has no letter or digit
 *   (empty, only spaces or punctuation, or only `*`)
 * @VITRINE_WORD_FILTER_ERROR_WILDCARD: a `*` is somewhere else than at the
 *   end of the word
 * @VITRINE_WORD_FILTER_ERROR_TOO_LONG: a blocked word is longer than 100
 *   characters, or there are more than 1000 of them
 *
 * Why a show's list of blocked words cannot be used.
 */
typedef enum
{
  VITRINE_WORD_FILTER_ERROR_EMPTY,
  VITRINE_WORD_FILTER_ERROR_WILDCARD,
  VITRINE_WORD_FILTER_ERROR_TOO_LONG,
} VitrineWordFilterError;

/**
 * VitrineWordFilterAction:
 * @VITRINE_WORD_FILTER_HIDE: a matching message is hidden from the host's
 *   feed at once (still in the journal; the host can show hidden messages)
 * @VITRINE_WORD_FILTER_HOLD: a matching message waits for the host to
 *   allow it or hide it
 *
 * What happens to a message with a blocked word.
 */
typedef enum
{
  VITRINE_WORD_FILTER_HIDE,
  VITRINE_WORD_FILTER_HOLD,
} VitrineWordFilterAction;

#define VITRINE_WORD_FILTER_MAX_WORDS 1000
#define VITRINE_WORD_FILTER_MAX_CHARS 100

#define VITRINE_TYPE_WORD_FILTER (vitrine_word_filter_get_type ())

G_DECLARE_FINAL_TYPE (VitrineWordFilter, vitrine_word_filter, VITRINE, WORD_FILTER, GObject)

GQuark                   vitrine_word_filter_error_quark (void);

VitrineWordFilter       *vitrine_word_filter_new         (void);
gboolean                 vitrine_word_filter_set_words   (VitrineWordFilter       *self,
                                                          const char * const      *words,
                                                          GError                 **error);
const char * const      *vitrine_word_filter_get_words   (VitrineWordFilter       *self);
VitrineWordFilterAction  vitrine_word_filter_get_action  (VitrineWordFilter       *self);
void                     vitrine_word_filter_set_action  (VitrineWordFilter       *self,
                                                          VitrineWordFilterAction  action);
gboolean                 vitrine_word_filter_is_empty    (VitrineWordFilter       *self);
const char              *vitrine_word_filter_match       (VitrineWordFilter       *self,
                                                          const char              *text);

G_END_DECLS
