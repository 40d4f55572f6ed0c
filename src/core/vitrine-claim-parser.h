/* vitrine-claim-parser.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vitrine-catalog.h"

G_BEGIN_DECLS

#define VITRINE_CLAIM_PATTERN_ERROR (vitrine_claim_pattern_error_quark ())

/**
 * VitrineClaimPatternError:
 * @VITRINE_CLAIM_PATTERN_ERROR_SYNTAX: a brace is not closed, or a placeholder
 *   is not one of `{code}`, `{qty}` and `{variant}`
 * @VITRINE_CLAIM_PATTERN_ERROR_NO_CODE: the pattern has no `{code}`, or makes it
 *   optional, or has it twice
 * @VITRINE_CLAIM_PATTERN_ERROR_NO_WORD: the pattern has no word of its own, so
 *   it would take any message naming a product for a claim
 * @VITRINE_CLAIM_PATTERN_ERROR_REPEATED: `{qty}` or `{variant}` appears twice
 * @VITRINE_CLAIM_PATTERN_ERROR_ORDER: `{variant}` comes before `{code}` (a
 *   variant only means something once the product is known)
 * @VITRINE_CLAIM_PATTERN_ERROR_TOO_LONG: the pattern is longer than 200 bytes
 *   or has more than 8 parts, or there are more than 32 patterns
 *
 * Why a show's claim pattern cannot be used.
 */
typedef enum
{
  VITRINE_CLAIM_PATTERN_ERROR_SYNTAX,
  VITRINE_CLAIM_PATTERN_ERROR_NO_CODE,
  VITRINE_CLAIM_PATTERN_ERROR_NO_WORD,
  VITRINE_CLAIM_PATTERN_ERROR_REPEATED,
  VITRINE_CLAIM_PATTERN_ERROR_ORDER,
  VITRINE_CLAIM_PATTERN_ERROR_TOO_LONG,
} VitrineClaimPatternError;

/**
 * VitrineClaimMatch:
 * @code: the product's short code, spelt as the catalog spells it (`A12`)
 * @quantity: how many, from 1 to the parser's maximum
 * @variant: (nullable): the variant asked for, spelt as the catalog spells it
 *   (`M`, `Red`), or %NULL when the message names none
 * @pattern: the index of the pattern that matched
 *
 * What a claim message asks for. Clear it with vitrine_claim_match_clear().
 */
typedef struct
{
  char  *code;
  guint  quantity;
  char  *variant;
  guint  pattern;
} VitrineClaimMatch;

void vitrine_claim_match_clear (VitrineClaimMatch *match);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VitrineClaimMatch, vitrine_claim_match_clear)

/**
 * VitrineClaimLookupFunc:
 * @code: a word of the message that may be a short code, already folded
 *   (NFKC, case folded: `a12`)
 * @variants: (out) (transfer full) (optional) (nullable): the names the
 *   product's variants go by (titles and option values, as the catalog spells
 *   them), or %NULL when it has none
 * @user_data: the data given with the function
 *
 * Tells the parser which words are products' short codes, so that "SOLD OUT"
 * is no claim unless a product's code is `OUT`.
 *
 * Returns: (transfer full) (nullable): the code as the catalog spells it, or
 *   %NULL when no product has this code
 */
typedef char *(*VitrineClaimLookupFunc) (const char  *code,
                                         GStrv       *variants,
                                         gpointer     user_data);

#define VITRINE_CLAIM_PARSER_DEFAULT_MAX_QUANTITY 10

#define VITRINE_TYPE_CLAIM_PARSER (vitrine_claim_parser_get_type ())

G_DECLARE_FINAL_TYPE (VitrineClaimParser, vitrine_claim_parser, VITRINE, CLAIM_PARSER, GObject)

GQuark              vitrine_claim_pattern_error_quark        (void);

const char * const *vitrine_claim_parser_get_default_patterns (void);

VitrineClaimParser *vitrine_claim_parser_new                 (void);
gboolean            vitrine_claim_parser_set_patterns        (VitrineClaimParser     *self,
                                                              const char * const     *patterns,
                                                              GError                **error);
const char * const *vitrine_claim_parser_get_patterns        (VitrineClaimParser     *self);
guint               vitrine_claim_parser_get_max_quantity    (VitrineClaimParser     *self);
void                vitrine_claim_parser_set_max_quantity    (VitrineClaimParser     *self,
                                                              guint                   max_quantity);
void                vitrine_claim_parser_set_lookup_func     (VitrineClaimParser     *self,
                                                              VitrineClaimLookupFunc  func,
                                                              gpointer                user_data,
                                                              GDestroyNotify          destroy);
void                vitrine_claim_parser_set_codes           (VitrineClaimParser     *self,
                                                              const char * const     *codes);
void                vitrine_claim_parser_set_catalog         (VitrineClaimParser     *self,
                                                              VitrineCatalog         *catalog);
gboolean            vitrine_claim_parser_parse               (VitrineClaimParser     *self,
                                                              const char             *text,
                                                              VitrineClaimMatch      *match);
char               *vitrine_claim_fold                       (const char             *text,
                                                              gssize                  length);

/**
 * VitrineTextCharClass:
 * @VITRINE_TEXT_CHAR_IGNORABLE: invisible: zero-width, bidi controls,
 *   variation selectors, tags, soft hyphen, Hangul fillers, keycap
 * @VITRINE_TEXT_CHAR_SEPARATOR: spaces, controls, the braille blank
 * @VITRINE_TEXT_CHAR_MARK: a combining mark: stays with its letter
 * @VITRINE_TEXT_CHAR_SPACED: a letter of a script written with spaces, or a digit
 * @VITRINE_TEXT_CHAR_UNSPACED: Han, kana, Hangul, Thai…: often written without spaces
 * @VITRINE_TEXT_CHAR_COMMON: a letter of no script: joins the word it is in
 * @VITRINE_TEXT_CHAR_SYMBOL: punctuation, symbols, emoji
 *
 * How viewers' text is cut into words, the same for claims and for the
 * word filter.
 */
typedef enum
{
  VITRINE_TEXT_CHAR_IGNORABLE,
  VITRINE_TEXT_CHAR_SEPARATOR,
  VITRINE_TEXT_CHAR_MARK,
  VITRINE_TEXT_CHAR_SPACED,
  VITRINE_TEXT_CHAR_UNSPACED,
  VITRINE_TEXT_CHAR_COMMON,
  VITRINE_TEXT_CHAR_SYMBOL,
} VitrineTextCharClass;

VitrineTextCharClass vitrine_text_classify_char (gunichar c);

G_END_DECLS
