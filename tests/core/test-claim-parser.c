/* test-claim-parser.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vitrine-catalog.h"
#include "vitrine-claim-parser.h"

/* The show's catalog: codes with and without variants, a code with a dash
 * next to a shorter one, a numeric code, numeric variants (shoe sizes). */

static void
add_variant (VitrineProduct *product,
             const char     *sku,
             const char     *title,
             const char     *option1,
             const char     *option2)
{
  g_autoptr(VitrineProductVariant) variant = vitrine_product_variant_new (sku, sku);
  const char *options[] = { option1, option2, NULL };

  vitrine_product_variant_set_title (variant, title);
  vitrine_product_variant_set_options (variant, options);
  vitrine_product_add_variant (product, variant);
}

static void
add_product (VitrineCatalog *catalog,
             VitrineProduct *product)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vitrine_catalog_add (catalog, product, &error));
  g_assert_no_error (error);
  g_object_unref (product);
}

static VitrineCatalog *
make_catalog (void)
{
  VitrineCatalog *catalog = vitrine_catalog_new ();
  VitrineProduct *product;

  product = vitrine_product_new ("tee", "A12", NULL);
  add_variant (product, "tee-s", "S", "S", NULL);
  add_variant (product, "tee-m", "M", "M", NULL);
  add_variant (product, "tee-l", "L", "L", NULL);
  add_variant (product, "tee-xl", "XL", "XL", NULL);
  add_product (catalog, product);

  add_product (catalog, vitrine_product_new ("mug", "B7", "MUG-1"));
  add_product (catalog, vitrine_product_new ("hat", "SUMMER", "HAT-1"));

  product = vitrine_product_new ("dress", "SUMMER-1", NULL);
  add_variant (product, "dress-rm", "Red / M", "Red", "M");
  add_variant (product, "dress-bm", "Blue / M", "Blue", "M");
  add_variant (product, "dress-dl", "Dark Blue / L", "Dark Blue", "L");
  add_product (catalog, product);

  product = vitrine_product_new ("shoe", "SHOE9", NULL);
  add_variant (product, "shoe-38", "38", "38", NULL);
  add_variant (product, "shoe-39", "39", "39", NULL);
  add_product (catalog, product);

  add_product (catalog, vitrine_product_new ("poster", "12", "POSTER-1"));
  return catalog;
}

static VitrineClaimParser *
make_parser (void)
{
  g_autoptr(VitrineCatalog) catalog = make_catalog ();
  VitrineClaimParser *parser = vitrine_claim_parser_new ();

  vitrine_claim_parser_set_catalog (parser, catalog);
  return parser;
}

/* The table */

typedef struct
{
  const char *text;
  const char *code;      /* NULL: not a claim */
  guint       quantity;
  const char *variant;
} Case;

static const Case cases[] = {
  /* Plain, case, spacing, punctuation and emoji around */
  { "SOLD A12", "A12", 1, NULL },
  { "sold a12", "A12", 1, NULL },
  { "SoLd A12 M", "A12", 1, "M" },
  { "SOLD A12 M!!! 🙌", "A12", 1, "M" },
  { "   sold    a12     m   ", "A12", 1, "M" },
  { "sold\na12\tm", "A12", 1, "M" },
  { "sold: a12, m.", "A12", 1, "M" },
  { "🔥🔥 SOLD A12 🔥🔥", "A12", 1, NULL },
  { "<b>SOLD A12</b>", "A12", 1, NULL },
  { "SOLD A12-M", "A12", 1, "M" },
  /* NFKC: full-width letters, digits and the ideographic space */
  { "ＳＯＬＤ　Ａ１２　Ｍ", "A12", 1, "M" },
  { "ＳＯＬＤ　Ａ１２　×２", "A12", 2, NULL },
  { "SOLD A12 Ｍ", "A12", 1, "M" },
  /* Not claims */
  { "SOLD OUT", NULL, 0, NULL },
  { "SOLD OUT!!! so sad", NULL, 0, NULL },
  { "is A12 sold out?", NULL, 0, NULL },
  { "i sold my a12 last week", NULL, 0, NULL },
  { "sold z99", NULL, 0, NULL },
  { "SOLDA12", NULL, 0, NULL },
  { "sold", NULL, 0, NULL },
  { "", NULL, 0, NULL },
  { "+1", NULL, 0, NULL },
  { "A12 looks great", NULL, 0, NULL },
  /* Quantities */
  { "sold a12 2", "A12", 2, NULL },
  { "sold a12 x2", "A12", 2, NULL },
  { "sold a12 2x", "A12", 2, NULL },
  { "sold a12 ×2", "A12", 2, NULL },
  { "sold a12 x 2", "A12", 2, NULL },
  { "sold a12 *3", "A12", 3, NULL },
  { "sold a12 X2", "A12", 2, NULL },
  { "sold a12 10", "A12", 10, NULL },
  { "sold a12 0", NULL, 0, NULL },
  { "sold a12 11", NULL, 0, NULL },
  { "sold a12 50", NULL, 0, NULL },
  { "sold a12 99999999999999999999", NULL, 0, NULL },
  { "sold a12 x2 m", "A12", 2, "M" },
  { "sold a12 m x2", "A12", 2, "M" },
  { "sold a12 m 3", "A12", 3, "M" },
  { "SOLD A12 2️⃣", "A12", 2, NULL },
  { "sold a12 ٣", "A12", 3, NULL },
  /* Variants: exact option values or titles after folding, longest first */
  { "sold a12 xl", "A12", 1, "XL" },
  { "sold a12 medium", "A12", 1, NULL },
  { "sold b7 m", "B7", 1, NULL },
  { "sold summer-1 red m", "SUMMER-1", 1, "Red / M" },
  { "sold summer-1 red/m x2", "SUMMER-1", 2, "Red / M" },
  { "sold summer-1 dark blue", "SUMMER-1", 1, "Dark Blue" },
  { "sold summer-1 BLUE", "SUMMER-1", 1, "Blue" },
  { "sold summer", "SUMMER", 1, NULL },
  { "sold shoe9 38", "SHOE9", 1, "38" },
  { "sold shoe9 39 x2", "SHOE9", 2, "39" },
  { "sold shoe9 2", "SHOE9", 2, NULL },
  { "sold 12", "12", 1, NULL },
  { "sold 12 2", "12", 2, NULL },
  /* Other patterns and languages */
  { "+1 A12", "A12", 1, NULL },
  { "+1 a12 l", "A12", 1, "L" },
  { "A12 +1", "A12", 1, NULL },
  { "A12+1", "A12", 1, NULL },
  { "mine B7", "B7", 1, NULL },
  { "MINE b7 🙏🙏", "B7", 1, NULL },
  { "claim A12 s", "A12", 1, "S" },
  { "quiero A12 L", "A12", 1, "L" },
  { "Quiero a12 x3", "A12", 3, NULL },
  { "quero a12 xl", "A12", 1, "XL" },
  { "Je prends A12 S s'il vous plaît", "A12", 1, "S" },
  { "je, prends: a12", "A12", 1, NULL },
  { "ich nehme B7", "B7", 1, NULL },
  { "我要A12", "A12", 1, NULL },
  { "我要 A12 2", "A12", 2, NULL },
  { "我要Ａ１２", "A12", 1, NULL },
  { "我要A12 2个", "A12", 2, NULL },
  /* RTL text around, bidi controls and invisible characters */
  { "ليلى: sold A12 M", "A12", 1, "M" },
  { "sold A12 M شكرا", "A12", 1, "M" },
  { "שלום sold b7 ✨", "B7", 1, NULL },
  { "\xe2\x80\xaesold A12\xe2\x80\xac", "A12", 1, NULL },
  { "\xe2\x81\xa8sold A12\xe2\x81\xa9", "A12", 1, NULL },
  { "so\xe2\x80\x8bld a\xe2\x80\x8b" "12", "A12", 1, NULL },
  { "sold A12 \xf3\xa0\x80\x80", "A12", 1, NULL },
  /* The first claim of a message; only the first counts */
  { "sold a12 sold b7", "A12", 1, NULL },
  { "sold sold a12", "A12", 1, NULL },
  { "@host sold b7 please", "B7", 1, NULL },
};

static void
test_table (void)
{
  g_autoptr(VitrineClaimParser) parser = make_parser ();
  guint failures = 0;

  g_assert_cmpuint (G_N_ELEMENTS (cases), >=, 40);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_auto(VitrineClaimMatch) match = { 0, };
      gboolean found = vitrine_claim_parser_parse (parser, c->text, &match);
      gboolean ok;

      if (c->code == NULL)
        ok = !found && match.code == NULL;
      else
        ok = found &&
             g_strcmp0 (match.code, c->code) == 0 &&
             match.quantity == c->quantity &&
             g_strcmp0 (match.variant, c->variant) == 0;

      if (!ok)
        {
          g_test_message ("case %u “%s”: expected %s × %u (%s), got %s%s × %u (%s)",
                          i, c->text, c->code ? c->code : "no claim", c->quantity,
                          c->variant ? c->variant : "-", found ? "" : "no claim ",
                          match.code ? match.code : "-", match.quantity,
                          match.variant ? match.variant : "-");
          failures++;
        }
    }

  g_assert_cmpuint (failures, ==, 0);
}

static void
test_pattern_index (void)
{
  g_autoptr(VitrineClaimParser) parser = make_parser ();
  const char * const *defaults = vitrine_claim_parser_get_default_patterns ();
  g_auto(VitrineClaimMatch) match = { 0, };

  g_assert_true (vitrine_claim_parser_parse (parser, "我要 A12", &match));
  g_assert_cmpstr (defaults[match.pattern], ==, "我要 {code} {qty}? {variant}?");
  vitrine_claim_match_clear (&match);

  /* A claim further on does not beat one that starts earlier. */
  g_assert_true (vitrine_claim_parser_parse (parser, "A12 +1 sold b7", &match));
  g_assert_cmpstr (match.code, ==, "A12");
  g_assert_cmpstr (defaults[match.pattern], ==, "{code} +1 {variant}?");
}

static void
test_custom_patterns (void)
{
  g_autoptr(VitrineClaimParser) parser = make_parser ();
  g_autoptr(GError) error = NULL;
  const char *patterns[] = { "take {code} {variant}?", "{qty}? pour {code}",
                             "Size {variant} of {code}", NULL };
  g_auto(VitrineClaimMatch) match = { 0, };

  g_assert_false (vitrine_claim_parser_set_patterns (parser, patterns, &error));
  g_assert_error (error, VITRINE_CLAIM_PATTERN_ERROR, VITRINE_CLAIM_PATTERN_ERROR_ORDER);
  g_clear_error (&error);
  /* Nothing changed. */
  g_assert_true (vitrine_claim_parser_parse (parser, "sold a12", NULL));

  patterns[2] = "GRAB {code} size {variant}";
  g_assert_true (vitrine_claim_parser_set_patterns (parser, patterns, &error));
  g_assert_no_error (error);
  g_assert_cmpstrv (vitrine_claim_parser_get_patterns (parser), patterns);

  g_assert_false (vitrine_claim_parser_parse (parser, "sold a12", NULL));
  g_assert_true (vitrine_claim_parser_parse (parser, "Take A12 xl", &match));
  g_assert_cmpstr (match.code, ==, "A12");
  g_assert_cmpstr (match.variant, ==, "XL");
  g_assert_cmpuint (match.pattern, ==, 0);
  vitrine_claim_match_clear (&match);

  g_assert_true (vitrine_claim_parser_parse (parser, "3 pour b7", &match));
  g_assert_cmpstr (match.code, ==, "B7");
  g_assert_cmpuint (match.quantity, ==, 3);
  vitrine_claim_match_clear (&match);

  g_assert_true (vitrine_claim_parser_parse (parser, "pour b7", &match));
  g_assert_cmpuint (match.quantity, ==, 1);
  vitrine_claim_match_clear (&match);

  /* A required variant. */
  g_assert_false (vitrine_claim_parser_parse (parser, "grab a12 size", NULL));
  g_assert_false (vitrine_claim_parser_parse (parser, "grab a12 medium", NULL));
  g_assert_true (vitrine_claim_parser_parse (parser, "ＧＲＡＢ ａ１２ ＳＩＺＥ ｍ", &match));
  g_assert_cmpstr (match.variant, ==, "M");
  g_assert_cmpuint (match.pattern, ==, 2);
}

static void
test_pattern_errors (void)
{
  static const struct {
    const char *pattern;
    int         code;
  } bad[] = {
    { "{code}", VITRINE_CLAIM_PATTERN_ERROR_NO_WORD },
    { "{code} {qty}?", VITRINE_CLAIM_PATTERN_ERROR_NO_WORD },
    { "sold code", VITRINE_CLAIM_PATTERN_ERROR_NO_CODE },
    { "sold {code}?", VITRINE_CLAIM_PATTERN_ERROR_NO_CODE },
    { "sold {code} {code}", VITRINE_CLAIM_PATTERN_ERROR_NO_CODE },
    { "sold {cod}", VITRINE_CLAIM_PATTERN_ERROR_SYNTAX },
    { "sold {code", VITRINE_CLAIM_PATTERN_ERROR_SYNTAX },
    { "sold {{code}}", VITRINE_CLAIM_PATTERN_ERROR_SYNTAX },
    { "sold code}", VITRINE_CLAIM_PATTERN_ERROR_SYNTAX },
    { "sold {code} {qty} {qty}", VITRINE_CLAIM_PATTERN_ERROR_REPEATED },
    { "sold {variant}? {code}", VITRINE_CLAIM_PATTERN_ERROR_ORDER },
    { "x {qty} y {code} z {variant} w {code}", VITRINE_CLAIM_PATTERN_ERROR_NO_CODE },
  };
  g_autoptr(VitrineClaimParser) parser = vitrine_claim_parser_new ();
  g_autofree char *long_pattern = NULL;
  const char *one[2] = { NULL, NULL };
  const char *none[1] = { NULL };
  GPtrArray *many;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      one[0] = bad[i].pattern;
      g_assert_false (vitrine_claim_parser_set_patterns (parser, one, &error));
      g_assert_error (error, VITRINE_CLAIM_PATTERN_ERROR, bad[i].code);
      /* A message a host can read, naming the pattern. */
      g_assert_nonnull (strstr (error->message, "pattern"));
      g_clear_error (&error);
    }

  /* The most parts a pattern can have. */
  one[0] = "a {qty}? b {code} c {variant}? d";
  g_assert_true (vitrine_claim_parser_set_patterns (parser, one, &error));
  g_assert_no_error (error);

  long_pattern = g_strnfill (300, 'x');
  one[0] = long_pattern;
  g_assert_false (vitrine_claim_parser_set_patterns (parser, one, &error));
  g_assert_error (error, VITRINE_CLAIM_PATTERN_ERROR, VITRINE_CLAIM_PATTERN_ERROR_TOO_LONG);
  g_clear_error (&error);

  g_assert_false (vitrine_claim_parser_set_patterns (parser, none, &error));
  g_assert_error (error, VITRINE_CLAIM_PATTERN_ERROR, VITRINE_CLAIM_PATTERN_ERROR_TOO_LONG);
  g_clear_error (&error);

  many = g_ptr_array_new ();
  for (guint i = 0; i < 33; i++)
    g_ptr_array_add (many, (gpointer) "sold {code}");
  g_ptr_array_add (many, NULL);
  g_assert_false (vitrine_claim_parser_set_patterns (parser, (const char * const *) many->pdata,
                                                     &error));
  g_assert_error (error, VITRINE_CLAIM_PATTERN_ERROR, VITRINE_CLAIM_PATTERN_ERROR_TOO_LONG);
  g_ptr_array_free (many, TRUE);
}

static void
test_max_quantity (void)
{
  g_autoptr(VitrineClaimParser) parser = make_parser ();
  g_auto(VitrineClaimMatch) match = { 0, };

  vitrine_claim_parser_set_max_quantity (parser, 3);
  g_assert_cmpuint (vitrine_claim_parser_get_max_quantity (parser), ==, 3);
  g_assert_true (vitrine_claim_parser_parse (parser, "sold a12 x3", &match));
  g_assert_cmpuint (match.quantity, ==, 3);
  g_assert_false (vitrine_claim_parser_parse (parser, "sold a12 x4", NULL));
}

static void
test_lookups (void)
{
  g_autoptr(VitrineClaimParser) parser = vitrine_claim_parser_new ();
  const char *codes[] = { "A12", "Ｂ７", "out", NULL };
  g_auto(VitrineClaimMatch) match = { 0, };

  /* No lookup: nothing is a claim. */
  g_assert_false (vitrine_claim_parser_parse (parser, "sold A12", &match));
  g_assert_null (match.code);

  vitrine_claim_parser_set_codes (parser, codes);
  g_assert_true (vitrine_claim_parser_parse (parser, "sold a12 m", &match));
  g_assert_cmpstr (match.code, ==, "A12");
  g_assert_null (match.variant);   /* codes alone know no variants */
  vitrine_claim_match_clear (&match);

  g_assert_true (vitrine_claim_parser_parse (parser, "sold b7", &match));
  g_assert_cmpstr (match.code, ==, "Ｂ７");
  vitrine_claim_match_clear (&match);

  /* With a product called OUT, "SOLD OUT" is a claim for it. */
  g_assert_true (vitrine_claim_parser_parse (parser, "SOLD OUT", &match));
  g_assert_cmpstr (match.code, ==, "out");
}

static void
test_hostile (void)
{
  g_autoptr(VitrineClaimParser) parser = make_parser ();
  const char *slow[] = { "! ! ! ! ! ! ! {code}", "! {qty}? ! {code} ! {variant}? !",
                         "+1 +1 +1 {code} {qty}? {variant}?", NULL };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(VitrineClaimMatch) match = { 0, };
  gint64 start;

  /* Invalid UTF-8, markup, controls */
  g_assert_false (vitrine_claim_parser_parse (parser, "\xff\xfe\xc0\x80sold \xed\xa0\x80", NULL));
  g_assert_true (vitrine_claim_parser_parse (parser, "\xffsold a12\xff m", &match));
  g_assert_cmpstr (match.code, ==, "A12");
  vitrine_claim_match_clear (&match);
  g_assert_false (vitrine_claim_parser_parse (parser, NULL, NULL));
  g_assert_true (vitrine_claim_parser_parse (parser, "sold\x01\x02\x1b a12", NULL));
  g_assert_false (vitrine_claim_parser_parse (parser, "sold\x1b[31ma12", NULL));

  /* A 10 kB line: only its start is read. */
  g_string_append (text, "sold a12 ");
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (text, "am!🙌 \xcc\x81"[i % 8]);
  g_assert_true (vitrine_claim_parser_parse (parser, text->str, NULL));
  g_string_truncate (text, 0);
  for (guint i = 0; i < 10000; i++)
    g_string_append (text, "a12 ");
  g_string_append (text, "sold a12");
  g_assert_false (vitrine_claim_parser_parse (parser, text->str, NULL));

  /* Patterns that could make a naive matcher take forever. */
  g_assert_true (vitrine_claim_parser_set_patterns (parser, slow, &error));
  g_assert_no_error (error);
  g_string_truncate (text, 0);
  for (guint i = 0; i < 200; i++)
    g_string_append (text, i % 3 ? "!" : "!+1");
  g_string_append (text, " nope");
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 100; i++)
    g_assert_false (vitrine_claim_parser_parse (parser, text->str, NULL));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);

  g_string_truncate (text, 0);
  for (guint i = 0; i < 30; i++)
    g_string_append (text, "!");
  g_string_append (text, "a12");
  g_assert_true (vitrine_claim_parser_parse (parser, text->str, NULL));
}

static void
test_fold (void)
{
  g_autofree char *a = vitrine_claim_fold ("ＳＯＬＤ　Ａ１２", -1);
  g_autofree char *b = vitrine_claim_fold ("Straße", -1);
  g_autofree char *c = vitrine_claim_fold ("\xff", -1);
  g_autofree char *d = vitrine_claim_fold (NULL, -1);

  g_assert_cmpstr (a, ==, "sold a12");
  g_assert_cmpstr (b, ==, "strasse");
  g_assert_cmpstr (c, ==, "\xef\xbf\xbd");
  g_assert_cmpstr (d, ==, "");
}

static void
test_throughput (void)
{
  g_autoptr(VitrineClaimParser) parser = make_parser ();
  static const char *messages[] = {
    "hello from Lyon!", "SOLD A12 M", "love this colour 😍", "is B7 dishwasher safe?",
    "+1 a12", "ليلى ✨ beautiful", "sold out already?", "我要A12 2",
  };
  guint claims = 0;
  gint64 start = g_get_monotonic_time ();
  double seconds;

  for (guint i = 0; i < 20000; i++)
    claims += vitrine_claim_parser_parse (parser, messages[i % G_N_ELEMENTS (messages)], NULL);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  g_assert_cmpuint (claims, ==, 20000 / 8 * 3);
  g_test_message ("parsed 20000 messages in %.3f s (%.0f messages/s)", seconds, 20000 / seconds);
  /* A figure to report, not a benchmark (valgrind runs this 200× slower). */
  g_assert_cmpfloat (seconds, <, 60.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/claim-parser/table", test_table);
  g_test_add_func ("/claim-parser/pattern-index", test_pattern_index);
  g_test_add_func ("/claim-parser/custom-patterns", test_custom_patterns);
  g_test_add_func ("/claim-parser/pattern-errors", test_pattern_errors);
  g_test_add_func ("/claim-parser/max-quantity", test_max_quantity);
  g_test_add_func ("/claim-parser/lookups", test_lookups);
  g_test_add_func ("/claim-parser/hostile", test_hostile);
  g_test_add_func ("/claim-parser/fold", test_fold);
  g_test_add_func ("/claim-parser/throughput", test_throughput);

  return g_test_run ();
}
