// sources: src/core/vitrine-claim-parser.c src/core/vitrine-catalog.c src/core/vitrine-product.c src/core/vitrine-product-variant.c src/core/vitrine-money.c
// pkg-config: glib-2.0 gobject-2.0 gio-2.0 icu-uc icu-i18n
/* fuzz-claim-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the comment-to-claim parser
 * (src/core/vitrine-claim-parser.c).
 *
 * The input is a chat message, read with the default patterns against a
 * small catalog (codes with and without variants, a code with a dash, a
 * numeric code, numeric and multi-word variants). An input that starts with
 * "P:" instead carries the show's patterns first, one per line up to an
 * empty line, then the message: bad patterns must be refused with a
 * message, good ones used. Every claim found must name a product of the
 * catalog, a quantity within the maximum and one of that product's variants.
 * Run by tests/fuzz/run-fuzzers.sh; seeds in tests/fuzz/corpus/claim-parser/.
 */

#include <stdint.h>
#include <string.h>

#include "vitrine-catalog.h"
#include "vitrine-claim-parser.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static VitrineCatalog *catalog;
static VitrineClaimParser *default_parser;   /* reused: compiling patterns costs */

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
add_product (VitrineProduct *product)
{
  g_assert (vitrine_catalog_add (catalog, product, NULL));
  g_object_unref (product);
}

static void
make_catalog (void)
{
  VitrineProduct *product;

  catalog = vitrine_catalog_new ();

  product = vitrine_product_new ("tee", "A12", NULL);
  add_variant (product, "tee-s", "S", "S", NULL);
  add_variant (product, "tee-m", "M", "M", NULL);
  add_variant (product, "tee-xl", "Extra Large", "XL", NULL);
  add_product (product);

  add_product (vitrine_product_new ("mug", "B7", "MUG-1"));
  add_product (vitrine_product_new ("hat", "SUMMER", "HAT-1"));

  product = vitrine_product_new ("dress", "SUMMER-1", NULL);
  add_variant (product, "dress-rm", "Red / M", "Red", "M");
  add_variant (product, "dress-dl", "Dark Blue / L", "Dark Blue", "L");
  add_variant (product, "dress-x", "🔴 / ＸＬ", "🔴", "ＸＬ");
  add_product (product);

  product = vitrine_product_new ("shoe", "SHOE9", NULL);
  add_variant (product, "shoe-38", "38", "38", NULL);
  add_variant (product, "shoe-39", "39", "39", NULL);
  add_product (product);

  add_product (vitrine_product_new ("poster", "12", "POSTER-1"));
}

static void
check_match (const VitrineClaimMatch *match,
             guint                    max_quantity,
             guint                    n_patterns)
{
  VitrineProduct *product;
  GListModel *variants;
  gboolean found = FALSE;

  g_assert (match->code != NULL);
  product = vitrine_catalog_find_by_code (catalog, match->code);
  g_assert (product != NULL);
  g_assert (g_str_equal (vitrine_product_get_code (product), match->code));
  g_assert (match->quantity >= 1 && match->quantity <= max_quantity);
  g_assert (match->pattern < n_patterns);

  if (match->variant == NULL)
    return;

  variants = vitrine_product_get_variants (product);
  for (guint i = 0; i < g_list_model_get_n_items (variants) && !found; i++)
    {
      g_autoptr(VitrineProductVariant) variant = g_list_model_get_item (variants, i);
      const char * const *options = vitrine_product_variant_get_options (variant);

      found = g_strcmp0 (vitrine_product_variant_get_title (variant), match->variant) == 0;
      for (guint j = 0; options[j] != NULL && !found; j++)
        found = g_str_equal (options[j], match->variant);
    }
  g_assert (found);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VitrineClaimParser) parser = NULL;
  g_auto(VitrineClaimMatch) match = { 0, };
  g_autofree char *input = g_strndup ((const char *) data, size);
  g_autofree char *folded = NULL;
  const char *message = input;
  guint n_patterns;

  if (catalog == NULL)
    {
      make_catalog ();
      default_parser = vitrine_claim_parser_new ();
      vitrine_claim_parser_set_catalog (default_parser, catalog);
    }

  if (!g_str_has_prefix (input, "P:"))
    {
      parser = g_object_ref (default_parser);
      vitrine_claim_parser_set_max_quantity (parser, VITRINE_CLAIM_PARSER_DEFAULT_MAX_QUANTITY);
      n_patterns = g_strv_length ((GStrv) vitrine_claim_parser_get_patterns (parser));
    }
  else
    {
      const char *end = strstr (input + 2, "\n\n");
      g_autofree char *block = g_strndup (input + 2, end ? (gsize) (end - input - 2)
                                                         : strlen (input + 2));
      g_auto(GStrv) patterns = g_strsplit (block, "\n", 40);
      g_autoptr(GError) error = NULL;

      parser = vitrine_claim_parser_new ();
      vitrine_claim_parser_set_catalog (parser, catalog);
      n_patterns = g_strv_length ((GStrv) vitrine_claim_parser_get_patterns (parser));
      message = end ? end + 2 : "";
      if (vitrine_claim_parser_set_patterns (parser, (const char * const *) patterns, &error))
        {
          g_assert (error == NULL);
          n_patterns = g_strv_length (patterns);
        }
      else
        {
          g_assert (error != NULL && error->domain == VITRINE_CLAIM_PATTERN_ERROR);
          g_assert (g_utf8_validate (error->message, -1, NULL));
        }
    }

  /* The message may have NULs: libFuzzer's bytes are not a C string. */
  if (vitrine_claim_parser_parse (parser, message, &match))
    check_match (&match, vitrine_claim_parser_get_max_quantity (parser), n_patterns);
  else
    g_assert (match.code == NULL && match.variant == NULL);

  /* A lower maximum never lets more through. */
  vitrine_claim_match_clear (&match);
  vitrine_claim_parser_set_max_quantity (parser, 2);
  if (vitrine_claim_parser_parse (parser, message, &match))
    check_match (&match, 2, n_patterns);

  folded = vitrine_claim_fold ((const char *) data, size);
  g_assert (g_utf8_validate (folded, -1, NULL));

  return 0;
}
