/* vitrine-claim-parser.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-claim-parser"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vitrine-claim-parser.h"

/**
 * VitrineClaimParser:
 *
 * Reads a claim ("SOLD A12 M", "+1 A12", "我要 A12") out of a chat message,
 * with patterns the show sets. Pure: it keeps no state between messages and
 * touches nothing but the lookup it is given.
 *
 * ## Patterns
 *
 * A pattern is words and placeholders: `sold {code} {qty}? {variant}?`.
 *
 * - `{code}` (exactly one, never optional) is a product's short code; the
 *   lookup says which words are codes, so "SOLD OUT" is no claim unless a
 *   product's code is `OUT`. Codes may contain `-` (`SUMMER-1`); the longest
 *   known code wins.
 * - `{qty}` is a quantity: `2`, `x2`, `2x`, `×2`, `x 2`, `*2`, in any script's
 *   digits. A quantity of 0 or above the maximum (10 unless set) makes the
 *   message no claim at all: "SOLD A12 50" is a question for the host, not an
 *   order for 10.
 * - `{variant}` is one of the product's variant titles or option values,
 *   compared after folding, word by word, the longest first (`Red / M`
 *   matches "red m" and "red/m"; `M` matches "m" but not "medium": no
 *   synonyms). A bare number that is also an option value (shoe size 38) is
 *   read as the variant, never as a quantity; write `x2` for a quantity.
 * - A `?` right after a placeholder makes it optional. Optional placeholders
 *   that follow each other match in any order: `sold {code} {qty}? {variant}?`
 *   reads "sold a12 m x2" too.
 * - Everything else is words to match as they are (after folding), and at
 *   least one is needed: `+1 {code}`, `je prends {code}`.
 *
 * ## Matching
 *
 * The message and the patterns are folded first: NFKC (so full-width
 * `ＳＯＬＤ　Ａ１２` is `SOLD A12`), then case folding. Invisible characters
 * (zero-width, bidi controls, variation selectors, Twitch's U+E0000 suffix)
 * are dropped. The message is then cut into words and single punctuation or
 * emoji characters; whitespace only separates. Between the parts of a pattern
 * any punctuation and emoji may appear ("SOLD A12 M!!! 🙌", "sold: a12, m"),
 * but no other word. The claim may start anywhere in the message (after a
 * name, an Arabic greeting, an emoji) and anything may follow it; only the
 * first claim of a message counts, and only the first 64 words and marks are
 * read. Where the message changes between scripts written with and without
 * spaces, that is a word break too, so "我要A12" is "我要" "a12".
 *
 * When several patterns could match, the one that starts earliest in the
 * message wins, then the one listed first.
 */

#define MAX_PATTERNS       32
#define MAX_PATTERN_BYTES  200
#define MAX_ELEMS          8
#define MAX_TOKENS         64
#define MAX_INPUT_BYTES    2048
#define MAX_CODE_BYTES     16
#define MAX_QTY_DIGITS     4

static const char * const default_patterns[] = {
  "sold {code} {qty}? {variant}?",
  "+1 {code} {qty}? {variant}?",
  "{code} +1 {variant}?",
  "mine {code} {qty}? {variant}?",
  "claim {code} {qty}? {variant}?",
  "quiero {code} {qty}? {variant}?",
  "quero {code} {qty}? {variant}?",
  "je prends {code} {qty}? {variant}?",
  "ich nehme {code} {qty}? {variant}?",
  "我要 {code} {qty}? {variant}?",
  NULL
};

/* Tokens */

typedef enum
{
  TOKEN_WORD,
  TOKEN_SYMBOL,
} TokenKind;

typedef VitrineTextCharClass CharClass;

typedef struct
{
  guint     start;
  guint     len;
  TokenKind kind;
} Token;

typedef struct
{
  GString *buf;            /* the folded text, invisible characters dropped */
  Token    tokens[MAX_TOKENS];
  guint    n_tokens;
} Tokens;

static gboolean
is_ignorable (gunichar c)
{
  return c == 0x00AD ||                       /* soft hyphen */
         c == 0x034F ||                       /* combining grapheme joiner */
         (c >= 0x180B && c <= 0x180F) ||      /* Mongolian selectors */
         c == 0x115F || c == 0x1160 ||        /* Hangul fillers, used as invisible names */
         c == 0x3164 || c == 0xFFA0 ||
         (c >= 0x200B && c <= 0x200F) ||
         (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x206F) ||
         c == 0x20E3 ||                       /* keycap: "2️⃣" is "2" */
         (c >= 0xFE00 && c <= 0xFE0F) ||      /* variation selectors */
         c == 0xFEFF ||
         (c >= 0xE0000 && c <= 0xE007F) ||    /* tags (Twitch's duplicate bypass) */
         (c >= 0xE0100 && c <= 0xE01EF);
}

/**
 * vitrine_text_classify_char:
 * @c: a character of folded text
 *
 * Returns: its class for cutting text into words
 */
VitrineTextCharClass
vitrine_text_classify_char (gunichar c)
{
  if (is_ignorable (c))
    return VITRINE_TEXT_CHAR_IGNORABLE;

  if (c == 0x2800)  /* braille blank, an "empty" character in names */
    return VITRINE_TEXT_CHAR_SEPARATOR;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_SPACE_SEPARATOR:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return VITRINE_TEXT_CHAR_SEPARATOR;

    case G_UNICODE_FORMAT:
      return VITRINE_TEXT_CHAR_IGNORABLE;

    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
      return VITRINE_TEXT_CHAR_MARK;

    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
      return VITRINE_TEXT_CHAR_SPACED;

    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
      switch ((int) g_unichar_get_script (c))
        {
        case G_UNICODE_SCRIPT_HAN:
        case G_UNICODE_SCRIPT_HIRAGANA:
        case G_UNICODE_SCRIPT_KATAKANA:
        case G_UNICODE_SCRIPT_BOPOMOFO:
        case G_UNICODE_SCRIPT_HANGUL:
        case G_UNICODE_SCRIPT_THAI:
        case G_UNICODE_SCRIPT_LAO:
        case G_UNICODE_SCRIPT_KHMER:
        case G_UNICODE_SCRIPT_MYANMAR:
        case G_UNICODE_SCRIPT_TIBETAN:
        case G_UNICODE_SCRIPT_YI:
          return VITRINE_TEXT_CHAR_UNSPACED;

        case G_UNICODE_SCRIPT_COMMON:
        case G_UNICODE_SCRIPT_INHERITED:
          return VITRINE_TEXT_CHAR_COMMON;

        default:
          return VITRINE_TEXT_CHAR_SPACED;
        }

    default:
      return VITRINE_TEXT_CHAR_SYMBOL;
    }
}

static inline CharClass
classify_ascii (char c)
{
  if (g_ascii_isalnum (c))
    return VITRINE_TEXT_CHAR_SPACED;
  if (g_ascii_isspace (c) || g_ascii_iscntrl (c))
    return VITRINE_TEXT_CHAR_SEPARATOR;
  return VITRINE_TEXT_CHAR_SYMBOL;
}

/* Cuts @folded (valid UTF-8) into words and single symbols. */
static void
tokens_init (Tokens     *t,
             const char *folded)
{
  gboolean open = FALSE;
  CharClass open_class = VITRINE_TEXT_CHAR_SPACED;

  t->buf = g_string_sized_new (strlen (folded) + 1);
  t->n_tokens = 0;

  for (const char *p = folded, *next; *p != '\0'; p = next)
    {
      gunichar c = g_utf8_get_char (p);
      CharClass cls = (guchar) *p < 0x80 ? classify_ascii (*p) : vitrine_text_classify_char (c);

      next = g_utf8_next_char (p);

      switch (cls)
        {
        case VITRINE_TEXT_CHAR_IGNORABLE:
          break;

        case VITRINE_TEXT_CHAR_SEPARATOR:
          open = FALSE;
          break;

        case VITRINE_TEXT_CHAR_MARK:
          /* Marks belong to the letter before; a mark after a space is noise. */
          if (open)
            {
              g_string_append_len (t->buf, p, next - p);
              t->tokens[t->n_tokens - 1].len = t->buf->len - t->tokens[t->n_tokens - 1].start;
            }
          break;

        case VITRINE_TEXT_CHAR_SPACED:
        case VITRINE_TEXT_CHAR_UNSPACED:
        case VITRINE_TEXT_CHAR_COMMON:
          if (cls == VITRINE_TEXT_CHAR_COMMON)
            cls = open ? open_class : VITRINE_TEXT_CHAR_SPACED;
          if (open && cls != open_class)
            open = FALSE;
          if (!open)
            {
              if (t->n_tokens == MAX_TOKENS)
                return;
              t->tokens[t->n_tokens].kind = TOKEN_WORD;
              t->tokens[t->n_tokens].start = t->buf->len;
              t->n_tokens++;
              open = TRUE;
              open_class = cls;
            }
          g_string_append_len (t->buf, p, next - p);
          t->tokens[t->n_tokens - 1].len = t->buf->len - t->tokens[t->n_tokens - 1].start;
          break;

        case VITRINE_TEXT_CHAR_SYMBOL:
        default:
          open = FALSE;
          if (t->n_tokens == MAX_TOKENS)
            return;
          t->tokens[t->n_tokens].kind = TOKEN_SYMBOL;
          t->tokens[t->n_tokens].start = t->buf->len;
          g_string_append_len (t->buf, p, next - p);
          t->tokens[t->n_tokens].len = t->buf->len - t->tokens[t->n_tokens].start;
          t->n_tokens++;
          break;
        }
    }
}

static void
tokens_clear (Tokens *t)
{
  if (t->buf != NULL)
    g_string_free (t->buf, TRUE);
  t->buf = NULL;
  t->n_tokens = 0;
}

static inline const char *
token_text (const Tokens *t,
            guint         i)
{
  return t->buf->str + t->tokens[i].start;
}

static gboolean
tokens_equal (const Tokens *a,
              guint         i,
              const Tokens *b,
              guint         j)
{
  return a->tokens[i].kind == b->tokens[j].kind &&
         a->tokens[i].len == b->tokens[j].len &&
         memcmp (token_text (a, i), token_text (b, j), a->tokens[i].len) == 0;
}

/**
 * vitrine_claim_fold:
 * @text: (nullable): text from outside, maybe not even UTF-8
 * @length: how many bytes of @text to read at most (it may end sooner), or
 *   -1 for all of it
 *
 * Folds text the way claims are matched: invalid UTF-8 replaced, NFKC
 * (full-width and other compatibility forms become plain ones), case folded.
 *
 * Returns: (transfer full): the folded text
 */
char *
vitrine_claim_fold (const char *text,
                    gssize      length)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;
  char *result;

  if (text == NULL)
    return g_strdup ("");

  if (length >= 0)
    length = strnlen (text, length);
  else
    length = strlen (text);

  /* Most chat is ASCII, where NFKC changes nothing and folding is
   * lowering: skip the Unicode passes. */
  {
    gboolean ascii = TRUE;

    for (gssize i = 0; i < length && ascii; i++)
      ascii = (guchar) text[i] < 0x80;
    if (ascii)
      return g_ascii_strdown (text, length);
  }

  /* Folding first, then NFKC: "Ａ" folds to "ａ", which NFKC makes "a";
   * and NFKC last leaves nothing that folding could denormalise. */
  valid = g_utf8_make_valid (text, length);
  folded = g_utf8_casefold (valid, -1);
  result = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKC);
  return result ? result : g_strdup ("");
}

/* Patterns */

typedef enum
{
  ELEM_LITERAL,
  ELEM_CODE,
  ELEM_QTY,
  ELEM_VARIANT,
} ElemKind;

typedef struct
{
  ElemKind kind;
  gboolean optional;
  Tokens   literal;
} Elem;

typedef struct
{
  Elem  elems[MAX_ELEMS];
  guint n_elems;
  guint code_index;
} Pattern;

static void
pattern_free (Pattern *pattern)
{
  for (guint i = 0; i < pattern->n_elems; i++)
    tokens_clear (&pattern->elems[i].literal);
  g_free (pattern);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pattern, pattern_free)

static gboolean
pattern_add_literal (Pattern     *pattern,
                     const char  *text,
                     gsize        len,
                     const char  *source,
                     GError     **error)
{
  g_autofree char *folded = vitrine_claim_fold (text, len);
  Tokens literal = { 0, };

  tokens_init (&literal, folded);
  if (literal.n_tokens == 0)
    {
      tokens_clear (&literal);
      return TRUE;
    }

  if (pattern->n_elems == MAX_ELEMS)
    {
      tokens_clear (&literal);
      g_set_error (error, VITRINE_CLAIM_PATTERN_ERROR, VITRINE_CLAIM_PATTERN_ERROR_TOO_LONG,
                   _("The claim pattern “%s” has too many parts (8 at most)"), source);
      return FALSE;
    }

  pattern->elems[pattern->n_elems].kind = ELEM_LITERAL;
  pattern->elems[pattern->n_elems].optional = FALSE;
  pattern->elems[pattern->n_elems].literal = literal;
  pattern->n_elems++;
  return TRUE;
}

static Pattern *
pattern_compile (const char  *source,
                 GError     **error)
{
  g_autoptr(Pattern) pattern = g_new0 (Pattern, 1);
  gboolean have_code = FALSE, have_qty = FALSE, have_variant = FALSE, have_word = FALSE;
  const char *p = source;
  const char *literal_start = source;

  if (strlen (source) > MAX_PATTERN_BYTES || !g_utf8_validate (source, -1, NULL))
    {
      g_set_error (error, VITRINE_CLAIM_PATTERN_ERROR, VITRINE_CLAIM_PATTERN_ERROR_TOO_LONG,
                   _("A claim pattern is too long (200 characters at most)"));
      return NULL;
    }

  while (TRUE)
    {
      const char *open = strpbrk (p, "{}");
      const char *close;
      g_autofree char *name = NULL;
      ElemKind kind;
      gboolean optional = FALSE;

      if (open == NULL || *open == '}')
        {
          if (open != NULL)
            {
              g_set_error (error, VITRINE_CLAIM_PATTERN_ERROR, VITRINE_CLAIM_PATTERN_ERROR_SYNTAX,
                           _("The claim pattern “%s” has a “}” without its “{”"), source);
              return NULL;
            }
          if (!pattern_add_literal (pattern, literal_start, strlen (literal_start), source, error))
            return NULL;
          break;
        }

      if (!pattern_add_literal (pattern, literal_start, open - literal_start, source, error))
        return NULL;

      close = strchr (open, '}');
      if (close == NULL || memchr (open + 1, '{', close - open - 1) != NULL)
        {
          g_set_error (error, VITRINE_CLAIM_PATTERN_ERROR, VITRINE_CLAIM_PATTERN_ERROR_SYNTAX,
                       _("The claim pattern “%s” has a “{” without its “}”"), source);
          return NULL;
        }

      name = g_ascii_strdown (open + 1, close - open - 1);
      g_strstrip (name);
      if (g_str_equal (name, "code"))
        kind = ELEM_CODE;
      else if (g_str_equal (name, "qty") || g_str_equal (name, "quantity"))
        kind = ELEM_QTY;
      else if (g_str_equal (name, "variant"))
        kind = ELEM_VARIANT;
      else
        {
          g_set_error (error, VITRINE_CLAIM_PATTERN_ERROR, VITRINE_CLAIM_PATTERN_ERROR_SYNTAX,
                       _("The claim pattern “%s” uses “{%s}”; only {code}, {qty} and {variant} "
                         "are known"), source, name);
          return NULL;
        }

      p = close + 1;
      if (*p == '?')
        {
          optional = TRUE;
          p++;
        }
      literal_start = p;

      if ((kind == ELEM_CODE && (have_code || optional)))
        {
          g_set_error (error, VITRINE_CLAIM_PATTERN_ERROR, VITRINE_CLAIM_PATTERN_ERROR_NO_CODE,
                       _("The claim pattern “%s” needs {code} once, not optional"), source);
          return NULL;
        }
      if ((kind == ELEM_QTY && have_qty) || (kind == ELEM_VARIANT && have_variant))
        {
          g_set_error (error, VITRINE_CLAIM_PATTERN_ERROR, VITRINE_CLAIM_PATTERN_ERROR_REPEATED,
                       _("The claim pattern “%s” uses {%s} twice"), source, name);
          return NULL;
        }
      if (kind == ELEM_VARIANT && !have_code)
        {
          g_set_error (error, VITRINE_CLAIM_PATTERN_ERROR, VITRINE_CLAIM_PATTERN_ERROR_ORDER,
                       _("In the claim pattern “%s”, {variant} must come after {code}"), source);
          return NULL;
        }
      if (pattern->n_elems == MAX_ELEMS)
        {
          g_set_error (error, VITRINE_CLAIM_PATTERN_ERROR, VITRINE_CLAIM_PATTERN_ERROR_TOO_LONG,
                       _("The claim pattern “%s” has too many parts (8 at most)"), source);
          return NULL;
        }

      if (kind == ELEM_CODE)
        {
          have_code = TRUE;
          pattern->code_index = pattern->n_elems;
        }
      have_qty |= kind == ELEM_QTY;
      have_variant |= kind == ELEM_VARIANT;
      pattern->elems[pattern->n_elems].kind = kind;
      pattern->elems[pattern->n_elems].optional = optional;
      pattern->n_elems++;
    }

  for (guint i = 0; i < pattern->n_elems; i++)
    have_word |= pattern->elems[i].kind == ELEM_LITERAL;

  if (!have_code)
    {
      g_set_error (error, VITRINE_CLAIM_PATTERN_ERROR, VITRINE_CLAIM_PATTERN_ERROR_NO_CODE,
                   _("The claim pattern “%s” has no {code}"), source);
      return NULL;
    }
  if (!have_word)
    {
      g_set_error (error, VITRINE_CLAIM_PATTERN_ERROR, VITRINE_CLAIM_PATTERN_ERROR_NO_WORD,
                   _("The claim pattern “%s” needs a word such as “sold”: without one, every "
                     "message naming a product would be a claim"), source);
      return NULL;
    }

  return g_steal_pointer (&pattern);
}

/* The parser */

struct _VitrineClaimParser
{
  GObject                 parent_instance;

  GPtrArray              *patterns;        /* Pattern */
  GStrv                   sources;
  guint                   max_quantity;

  VitrineClaimLookupFunc  lookup;
  gpointer                lookup_data;
  GDestroyNotify          lookup_destroy;
};

G_DEFINE_FINAL_TYPE (VitrineClaimParser, vitrine_claim_parser, G_TYPE_OBJECT)

G_DEFINE_QUARK (vitrine-claim-pattern-error-quark, vitrine_claim_pattern_error)

enum {
  PROP_0,
  PROP_PATTERNS,
  PROP_MAX_QUANTITY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
clear_lookup (VitrineClaimParser *self)
{
  if (self->lookup_destroy != NULL)
    self->lookup_destroy (self->lookup_data);
  self->lookup = NULL;
  self->lookup_data = NULL;
  self->lookup_destroy = NULL;
}

static void
vitrine_claim_parser_dispose (GObject *object)
{
  clear_lookup (VITRINE_CLAIM_PARSER (object));

  G_OBJECT_CLASS (vitrine_claim_parser_parent_class)->dispose (object);
}

static void
vitrine_claim_parser_finalize (GObject *object)
{
  VitrineClaimParser *self = (VitrineClaimParser *)object;

  g_clear_pointer (&self->patterns, g_ptr_array_unref);
  g_clear_pointer (&self->sources, g_strfreev);

  G_OBJECT_CLASS (vitrine_claim_parser_parent_class)->finalize (object);
}

static void
vitrine_claim_parser_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VitrineClaimParser *self = VITRINE_CLAIM_PARSER (object);

  switch (prop_id)
    {
    case PROP_PATTERNS:
      g_value_set_boxed (value, self->sources);
      break;

    case PROP_MAX_QUANTITY:
      g_value_set_uint (value, self->max_quantity);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_claim_parser_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  VitrineClaimParser *self = VITRINE_CLAIM_PARSER (object);

  switch (prop_id)
    {
    case PROP_MAX_QUANTITY:
      vitrine_claim_parser_set_max_quantity (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_claim_parser_class_init (VitrineClaimParserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vitrine_claim_parser_dispose;
  object_class->finalize = vitrine_claim_parser_finalize;
  object_class->get_property = vitrine_claim_parser_get_property;
  object_class->set_property = vitrine_claim_parser_set_property;

  /**
   * VitrineClaimParser:patterns:
   *
   * The patterns, as the show wrote them; set with
   * vitrine_claim_parser_set_patterns(), which checks them.
   */
  properties [PROP_PATTERNS] =
    g_param_spec_boxed ("patterns", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VitrineClaimParser:max-quantity:
   *
   * The largest quantity one message may claim; a message asking for more
   * is not a claim.
   */
  properties [PROP_MAX_QUANTITY] =
    g_param_spec_uint ("max-quantity", NULL, NULL, 1, 999,
                       VITRINE_CLAIM_PARSER_DEFAULT_MAX_QUANTITY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_claim_parser_init (VitrineClaimParser *self)
{
  g_autoptr(GError) error = NULL;

  self->max_quantity = VITRINE_CLAIM_PARSER_DEFAULT_MAX_QUANTITY;
  if (!vitrine_claim_parser_set_patterns (self, default_patterns, &error))
    g_critical ("Default claim pattern: %s", error->message);
}

/**
 * vitrine_claim_parser_get_default_patterns:
 *
 * The patterns a new parser starts with:
 *
 * - `sold {code} {qty}? {variant}?`
 * - `+1 {code} {qty}? {variant}?` and `{code} +1 {variant}?`
 * - `mine {code} {qty}? {variant}?` and `claim {code} {qty}? {variant}?`
 * - Spanish `quiero`, Portuguese `quero`, French `je prends`, German
 *   `ich nehme` and Chinese `我要`, each followed by `{code} {qty}? {variant}?`
 *
 * Returns: (transfer none): the default patterns
 */
const char * const *
vitrine_claim_parser_get_default_patterns (void)
{
  return default_patterns;
}

/**
 * vitrine_claim_parser_new:
 *
 * Creates a parser with the default patterns (see
 * vitrine_claim_parser_get_default_patterns()) and no lookup: until it has
 * one (vitrine_claim_parser_set_catalog(), _set_codes() or
 * _set_lookup_func()), no message is a claim.
 *
 * Returns: (transfer full): a new parser
 */
VitrineClaimParser *
vitrine_claim_parser_new (void)
{
  return g_object_new (VITRINE_TYPE_CLAIM_PARSER, NULL);
}

/**
 * vitrine_claim_parser_set_patterns:
 * @patterns: (array zero-terminated=1): the show's patterns, 1 to 32
 * @error: where to say why a pattern cannot be used
 *
 * Checks and compiles @patterns. If one is wrong, nothing changes.
 *
 * Returns: %TRUE if the patterns are in use now
 */
gboolean
vitrine_claim_parser_set_patterns (VitrineClaimParser  *self,
                                   const char * const  *patterns,
                                   GError             **error)
{
  g_autoptr(GPtrArray) compiled = NULL;
  guint n;

  g_return_val_if_fail (VITRINE_IS_CLAIM_PARSER (self), FALSE);
  g_return_val_if_fail (patterns != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n = g_strv_length ((GStrv) patterns);
  if (n == 0 || n > MAX_PATTERNS)
    {
      g_set_error (error, VITRINE_CLAIM_PATTERN_ERROR, VITRINE_CLAIM_PATTERN_ERROR_TOO_LONG,
                   _("A show needs between 1 and 32 claim patterns"));
      return FALSE;
    }

  compiled = g_ptr_array_new_with_free_func ((GDestroyNotify) pattern_free);
  for (guint i = 0; i < n; i++)
    {
      Pattern *pattern = pattern_compile (patterns[i], error);

      if (pattern == NULL)
        return FALSE;
      g_ptr_array_add (compiled, pattern);
    }

  g_clear_pointer (&self->patterns, g_ptr_array_unref);
  self->patterns = g_steal_pointer (&compiled);
  g_strfreev (self->sources);
  self->sources = g_strdupv ((GStrv) patterns);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PATTERNS]);
  return TRUE;
}

/**
 * vitrine_claim_parser_get_patterns:
 *
 * Returns: (transfer none): the patterns in use
 */
const char * const *
vitrine_claim_parser_get_patterns (VitrineClaimParser *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM_PARSER (self), NULL);
  return (const char * const *) self->sources;
}

/**
 * vitrine_claim_parser_get_max_quantity:
 *
 * Returns: the largest quantity one message may claim
 */
guint
vitrine_claim_parser_get_max_quantity (VitrineClaimParser *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM_PARSER (self), 0);
  return self->max_quantity;
}

/**
 * vitrine_claim_parser_set_max_quantity:
 * @max_quantity: 1 to 999
 *
 * The largest quantity one message may claim.
 */
void
vitrine_claim_parser_set_max_quantity (VitrineClaimParser *self,
                                       guint               max_quantity)
{
  g_return_if_fail (VITRINE_IS_CLAIM_PARSER (self));
  g_return_if_fail (max_quantity >= 1 && max_quantity <= 999);

  if (self->max_quantity == max_quantity)
    return;
  self->max_quantity = max_quantity;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAX_QUANTITY]);
}

/**
 * vitrine_claim_parser_set_lookup_func:
 * @func: (nullable): tells codes from other words
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the parser no longer needs it
 *
 * Sets how the parser knows products' codes and variants. Called on the
 * parsing thread, during vitrine_claim_parser_parse().
 */
void
vitrine_claim_parser_set_lookup_func (VitrineClaimParser     *self,
                                      VitrineClaimLookupFunc  func,
                                      gpointer                user_data,
                                      GDestroyNotify          destroy)
{
  g_return_if_fail (VITRINE_IS_CLAIM_PARSER (self));

  clear_lookup (self);
  self->lookup = func;
  self->lookup_data = user_data;
  self->lookup_destroy = destroy;
}

static char *
codes_lookup (const char  *code,
              GStrv       *variants,
              gpointer     user_data)
{
  GHashTable *codes = user_data;

  if (variants != NULL)
    *variants = NULL;
  return g_strdup (g_hash_table_lookup (codes, code));
}

/**
 * vitrine_claim_parser_set_codes:
 * @codes: (array zero-terminated=1): the short codes of the products on sale
 *
 * Makes the parser know these codes (without regard to case), and no
 * variants. Replaces any other lookup.
 */
void
vitrine_claim_parser_set_codes (VitrineClaimParser *self,
                                const char * const *codes)
{
  GHashTable *table;

  g_return_if_fail (VITRINE_IS_CLAIM_PARSER (self));
  g_return_if_fail (codes != NULL);

  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; codes[i] != NULL; i++)
    g_hash_table_replace (table, vitrine_claim_fold (codes[i], -1), g_strdup (codes[i]));

  vitrine_claim_parser_set_lookup_func (self, codes_lookup, table,
                                        (GDestroyNotify) g_hash_table_unref);
}

static void
add_variant_name (GPtrArray  *names,
                  const char *name)
{
  if (name == NULL || *name == '\0')
    return;
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return;
  g_ptr_array_add (names, g_strdup (name));
}

static char *
catalog_lookup (const char  *code,
                GStrv       *variants,
                gpointer     user_data)
{
  VitrineCatalog *catalog = user_data;
  VitrineProduct *product = vitrine_catalog_find_by_code (catalog, code);

  if (variants != NULL)
    *variants = NULL;
  if (product == NULL)
    return NULL;

  if (variants != NULL)
    {
      GListModel *list = vitrine_product_get_variants (product);
      guint n = g_list_model_get_n_items (list);
      GPtrArray *names = g_ptr_array_new ();

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(VitrineProductVariant) variant = g_list_model_get_item (list, i);
          const char * const *options = vitrine_product_variant_get_options (variant);

          add_variant_name (names, vitrine_product_variant_get_title (variant));
          for (guint j = 0; options != NULL && options[j] != NULL; j++)
            add_variant_name (names, options[j]);
        }

      if (names->len > 0)
        {
          g_ptr_array_add (names, NULL);
          *variants = (GStrv) g_ptr_array_free (names, FALSE);
        }
      else
        g_ptr_array_free (names, TRUE);
    }

  return g_strdup (vitrine_product_get_code (product));
}

/**
 * vitrine_claim_parser_set_catalog:
 * @catalog: the show's catalog
 *
 * Makes the parser know the codes and variants of @catalog's products, as
 * they are when a message is parsed. Replaces any other lookup.
 */
void
vitrine_claim_parser_set_catalog (VitrineClaimParser *self,
                                  VitrineCatalog     *catalog)
{
  g_return_if_fail (VITRINE_IS_CLAIM_PARSER (self));
  g_return_if_fail (VITRINE_IS_CATALOG (catalog));

  vitrine_claim_parser_set_lookup_func (self, catalog_lookup, g_object_ref (catalog),
                                        g_object_unref);
}

/* Matching */

typedef struct
{
  char    *code;         /* as the lookup spells it; NULL for no such product */
  GStrv    variants;     /* as the lookup spells them */
  Tokens  *labels;       /* the variants folded, one Tokens each */
  guint    n_labels;
  gboolean have_variants;
} CodeInfo;

typedef struct
{
  VitrineClaimParser *self;
  const Tokens       *text;
  const Pattern      *pattern;
  GHashTable         *codes;     /* folded candidate → CodeInfo */
  guint8              failed[MAX_ELEMS + 1][MAX_TOKENS + 1];

  /* Captures */
  CodeInfo           *code;
  guint               quantity;  /* 0: none given */
  const char         *variant;
} Match;

static void
code_info_free (CodeInfo *info)
{
  g_free (info->code);
  g_strfreev (info->variants);
  for (guint i = 0; i < info->n_labels; i++)
    tokens_clear (&info->labels[i]);
  g_free (info->labels);
  g_free (info);
}

static gboolean
is_code_text (const char *text,
              gsize       len)
{
  if (len == 0 || len > MAX_CODE_BYTES)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '-')
      return FALSE;
  return TRUE;
}

static CodeInfo *
lookup_code (Match      *m,
             const char *folded)
{
  CodeInfo *info;

  if (m->self->lookup == NULL)
    return NULL;

  if (m->codes == NULL)
    m->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) code_info_free);

  info = g_hash_table_lookup (m->codes, folded);
  if (info == NULL)
    {
      info = g_new0 (CodeInfo, 1);
      info->code = m->self->lookup (folded, NULL, m->self->lookup_data);
      if (info->code != NULL && !g_utf8_validate (info->code, -1, NULL))
        g_clear_pointer (&info->code, g_free);
      g_hash_table_insert (m->codes, g_strdup (folded), info);
    }

  return info->code != NULL ? info : NULL;
}

static void
load_variants (Match    *m,
               CodeInfo *info)
{
  g_autofree char *folded_code = NULL;
  guint n;

  if (info->have_variants)
    return;
  info->have_variants = TRUE;

  folded_code = vitrine_claim_fold (info->code, -1);
  g_free (m->self->lookup (folded_code, &info->variants, m->self->lookup_data));
  if (info->variants == NULL)
    return;

  n = g_strv_length (info->variants);
  info->labels = g_new0 (Tokens, n);
  info->n_labels = n;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *folded = vitrine_claim_fold (info->variants[i], MAX_INPUT_BYTES);

      tokens_init (&info->labels[i], folded);
    }
}

static inline gboolean
is_symbol (const Tokens *t,
           guint         i)
{
  return i < t->n_tokens && t->tokens[i].kind == TOKEN_SYMBOL;
}

static inline gboolean
is_word (const Tokens *t,
         guint         i)
{
  return i < t->n_tokens && t->tokens[i].kind == TOKEN_WORD;
}

/* Words are compared as they are; between two words of the pattern, the
 * message may have punctuation ("je, prends"). Symbols must be where the
 * pattern has them ("+1"). */
static gboolean
match_literal (const Tokens *text,
               guint         start,
               const Tokens *literal,
               guint        *end)
{
  guint pos = start;

  for (guint k = 0; k < literal->n_tokens; k++)
    {
      if (k > 0 && literal->tokens[k].kind == TOKEN_WORD)
        while (is_symbol (text, pos))
          pos++;
      if (pos >= text->n_tokens || !tokens_equal (text, pos, literal, k))
        return FALSE;
      pos++;
    }

  *end = pos;
  return TRUE;
}

/* Only the words of a variant's name count: "Red / M" is "red" "m". */
static gboolean
match_label (const Tokens *text,
             guint         start,
             const Tokens *label,
             guint        *n_words,
             guint        *end)
{
  guint pos = start;
  guint words = 0;

  for (guint k = 0; k < label->n_tokens; k++)
    {
      if (label->tokens[k].kind != TOKEN_WORD)
        continue;
      if (words > 0)
        while (is_symbol (text, pos))
          pos++;
      if (!is_word (text, pos) || !tokens_equal (text, pos, label, k))
        return FALSE;
      pos++;
      words++;
    }

  if (words == 0)
    return FALSE;
  *n_words = words;
  *end = pos;
  return TRUE;
}

static gboolean
match_variant (Match *m,
               guint  start,
               guint *end)
{
  CodeInfo *info = m->code;
  guint best_words = 0;
  guint best_end = 0;
  const char *best = NULL;

  if (info == NULL || !is_word (m->text, start))
    return FALSE;

  load_variants (m, info);
  for (guint i = 0; i < info->n_labels; i++)
    {
      guint words, label_end;

      if (match_label (m->text, start, &info->labels[i], &words, &label_end) &&
          words > best_words)
        {
          best_words = words;
          best_end = label_end;
          best = info->variants[i];
        }
    }

  if (best == NULL)
    return FALSE;
  m->variant = best;
  *end = best_end;
  return TRUE;
}

typedef enum
{
  QTY_NONE,
  QTY_OK,
  QTY_BAD,
} QtyResult;

/* Reads digits (any script's) with an optional "x" before or after. */
static QtyResult
parse_qty_word (const char *p,
                gsize       len,
                gboolean    allow_x,
                guint      *value)
{
  const char *end = p + len;
  gboolean x_before = FALSE;
  guint digits = 0;
  guint v = 0;

  if (allow_x && p < end && *p == 'x')
    {
      x_before = TRUE;
      p++;
    }

  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);
      int d = g_unichar_digit_value (c);

      if (d < 0)
        break;
      if (++digits <= MAX_QTY_DIGITS)
        v = v * 10 + d;
      p = g_utf8_next_char (p);
    }

  if (digits == 0)
    return QTY_NONE;

  if (allow_x && !x_before && p < end && *p == 'x')
    p++;

  if (p != end)
    return QTY_NONE;
  if (digits > MAX_QTY_DIGITS)
    v = G_MAXUINT;

  *value = v;
  return QTY_OK;
}

static gboolean
is_times_sign (const Tokens *t,
               guint         i)
{
  const char *p;

  if (!is_symbol (t, i))
    return FALSE;
  p = token_text (t, i);
  return g_str_has_prefix (p, "×") || g_str_has_prefix (p, "*") ||
         g_str_has_prefix (p, "✕") || g_str_has_prefix (p, "✖");
}

static QtyResult
match_qty (Match *m,
           guint  start,
           guint *value,
           guint *end)
{
  const Tokens *t = m->text;
  QtyResult result = QTY_NONE;
  guint v = 0;

  if (is_times_sign (t, start) && is_word (t, start + 1))
    {
      /* "×2", "* 2" */
      result = parse_qty_word (token_text (t, start + 1), t->tokens[start + 1].len, FALSE, &v);
      *end = start + 2;
    }
  else if (is_word (t, start) && t->tokens[start].len == 1 && token_text (t, start)[0] == 'x' &&
           is_word (t, start + 1))
    {
      /* "x 2" */
      result = parse_qty_word (token_text (t, start + 1), t->tokens[start + 1].len, FALSE, &v);
      *end = start + 2;
    }
  else if (is_word (t, start))
    {
      /* "2", "x2", "2x" */
      result = parse_qty_word (token_text (t, start), t->tokens[start].len, TRUE, &v);
      *end = start + 1;
    }

  if (result != QTY_OK)
    return result;
  if (v == 0 || v > m->self->max_quantity)
    return QTY_BAD;

  *value = v;
  return QTY_OK;
}

static gboolean match_from (Match *m,
                            guint  ei,
                            guint  ti);

static void
forget_after (Match *m,
              guint  ei)
{
  /* What failed after {code} may not fail with another code. */
  for (guint i = ei + 1; i <= m->pattern->n_elems; i++)
    memset (m->failed[i], 0, m->text->n_tokens + 1);
}

static gboolean
match_code_at (Match *m,
               guint  ei,
               guint  start)
{
  const Tokens *t = m->text;
  char candidate[MAX_CODE_BYTES + 1];
  gsize lens[MAX_CODE_BYTES];
  guint ends[MAX_CODE_BYTES];
  guint n = 0;
  gsize len = 0;

  /* "summer", "summer-1", …: the longest known code wins. */
  for (guint pos = start; is_word (t, pos); pos += 2)
    {
      gsize word_len = t->tokens[pos].len;

      if (len + (pos > start) + word_len > MAX_CODE_BYTES)
        break;
      if (pos > start)
        candidate[len++] = '-';
      memcpy (candidate + len, token_text (t, pos), word_len);
      len += word_len;
      if (!is_code_text (candidate, len))
        break;
      lens[n] = len;
      ends[n] = pos + 1;
      n++;
      if (!is_symbol (t, pos + 1) || token_text (t, pos + 1)[0] != '-')
        break;
    }

  for (guint i = n; i > 0; i--)
    {
      CodeInfo *info;

      candidate[lens[i - 1]] = '\0';
      info = lookup_code (m, candidate);
      if (info == NULL)
        continue;

      m->code = info;
      m->variant = NULL;
      forget_after (m, ei);
      if (match_from (m, ei + 1, ends[i - 1]))
        return TRUE;
      m->code = NULL;
    }

  return FALSE;
}

static gboolean
match_elem_at (Match *m,
               guint  ei,
               guint  start)
{
  const Elem *elem = &m->pattern->elems[ei];
  guint end = start;
  guint value = 0;

  switch (elem->kind)
    {
    case ELEM_LITERAL:
      return match_literal (m->text, start, &elem->literal, &end) &&
             match_from (m, ei + 1, end);

    case ELEM_CODE:
      return match_code_at (m, ei, start);

    case ELEM_QTY:
      if (match_qty (m, start, &value, &end) != QTY_OK)
        return FALSE;
      m->quantity = value;
      if (match_from (m, ei + 1, end))
        return TRUE;
      m->quantity = 0;
      return FALSE;

    case ELEM_VARIANT:
      if (!match_variant (m, start, &end))
        return FALSE;
      if (match_from (m, ei + 1, end))
        return TRUE;
      m->variant = NULL;
      return FALSE;

    default:
      g_assert_not_reached ();
    }
}

/* Optional placeholders next to each other, in any order; greedy, then
 * without any of them if what follows does not match. */
static gboolean
match_group (Match *m,
             guint  ei,
             guint  ti)
{
  const Pattern *pattern = m->pattern;
  guint group_end = ei;
  guint used = 0;
  guint pos = ti;
  gboolean progress = TRUE;

  while (group_end < pattern->n_elems && pattern->elems[group_end].optional)
    group_end++;

  while (progress)
    {
      progress = FALSE;

      for (guint s = pos; s < m->text->n_tokens && !progress; s++)
        {
          /* The variant first: a bare "38" is a shoe size if the product has one. */
          for (guint pass = 0; pass < 2 && !progress; pass++)
            for (guint g = ei; g < group_end && !progress; g++)
              {
                const Elem *elem = &pattern->elems[g];
                guint end = s;
                guint value = 0;

                if (used & (1u << g))
                  continue;

                if (pass == 0 && elem->kind == ELEM_VARIANT && match_variant (m, s, &end))
                  {
                    used |= 1u << g;
                    pos = end;
                    progress = TRUE;
                  }
                else if (pass == 1 && elem->kind == ELEM_QTY)
                  {
                    QtyResult r = match_qty (m, s, &value, &end);

                    if (r == QTY_BAD)
                      {
                        m->quantity = 0;
                        m->variant = NULL;
                        return FALSE;
                      }
                    if (r == QTY_OK)
                      {
                        m->quantity = value;
                        used |= 1u << g;
                        pos = end;
                        progress = TRUE;
                      }
                  }
              }

          if (!is_symbol (m->text, s))
            break;
        }
    }

  if (match_from (m, group_end, pos))
    return TRUE;

  m->quantity = 0;
  m->variant = NULL;
  return used != 0 && match_from (m, group_end, ti);
}

static gboolean
match_from (Match *m,
            guint  ei,
            guint  ti)
{
  gboolean result = FALSE;

  if (ei == m->pattern->n_elems)
    return TRUE;
  if (m->failed[ei][ti])
    return FALSE;

  if (m->pattern->elems[ei].optional)
    result = match_group (m, ei, ti);
  else
    for (guint s = ti; s < m->text->n_tokens; s++)
      {
        if (match_elem_at (m, ei, s))
          {
            result = TRUE;
            break;
          }
        /* The first part starts exactly where the caller tries; later
         * parts may come after punctuation and emoji. */
        if (ei == 0 || !is_symbol (m->text, s))
          break;
      }

  if (!result)
    m->failed[ei][ti] = 1;
  return result;
}

/* A cheap look at the first part, before any real matching. */
static gboolean
may_start (const Pattern *pattern,
           const Tokens  *text,
           guint          start)
{
  const Elem *first = &pattern->elems[0];

  switch (first->kind)
    {
    case ELEM_LITERAL:
      return tokens_equal (text, start, &first->literal, 0);

    case ELEM_CODE:
      return is_word (text, start) &&
             is_code_text (token_text (text, start), text->tokens[start].len);

    case ELEM_QTY:
    case ELEM_VARIANT:
    default:
      return TRUE;
    }
}

/**
 * vitrine_claim_match_clear:
 * @match: a match filled by vitrine_claim_parser_parse()
 *
 * Frees what @match holds and zeroes it.
 */
void
vitrine_claim_match_clear (VitrineClaimMatch *match)
{
  g_return_if_fail (match != NULL);

  g_clear_pointer (&match->code, g_free);
  g_clear_pointer (&match->variant, g_free);
  match->quantity = 0;
  match->pattern = 0;
}

/**
 * vitrine_claim_parser_parse:
 * @text: (nullable): a chat message, maybe not even UTF-8
 * @match: (out caller-allocates) (optional): what the claim asks for, on
 *   success; free with vitrine_claim_match_clear()
 *
 * Reads the first claim in @text, if any.
 *
 * Returns: %TRUE if @text is a claim for a product the lookup knows
 */
gboolean
vitrine_claim_parser_parse (VitrineClaimParser *self,
                            const char         *text,
                            VitrineClaimMatch  *match)
{
  g_autofree char *folded = NULL;
  Tokens tokens = { 0, };
  Match *m;
  gboolean found = FALSE;

  g_return_val_if_fail (VITRINE_IS_CLAIM_PARSER (self), FALSE);

  if (match != NULL)
    memset (match, 0, sizeof *match);
  if (text == NULL || self->lookup == NULL)
    return FALSE;

  /* A claim is short and near the start: read no more than this. */
  folded = vitrine_claim_fold (text, MAX_INPUT_BYTES);
  tokens_init (&tokens, folded);

  m = g_new0 (Match, 1);
  m->self = self;
  m->text = &tokens;

  for (guint start = 0; start < tokens.n_tokens && !found; start++)
    for (guint p = 0; p < self->patterns->len && !found; p++)
      {
        m->pattern = g_ptr_array_index (self->patterns, p);
        if (!may_start (m->pattern, &tokens, start))
          continue;
        for (guint e = 0; e <= m->pattern->n_elems; e++)
          memset (m->failed[e] + start, 0, tokens.n_tokens + 1 - start);
        m->code = NULL;
        m->quantity = 0;
        m->variant = NULL;

        if (match_from (m, 0, start))
          {
            found = TRUE;
            if (match != NULL)
              {
                match->code = g_strdup (m->code->code);
                match->quantity = m->quantity > 0 ? m->quantity : 1;
                match->variant = g_strdup (m->variant);
                match->pattern = p;
              }
          }
      }

  g_clear_pointer (&m->codes, g_hash_table_unref);
  g_free (m);
  tokens_clear (&tokens);
  return found;
}
