/* test-money.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vitrine-money.h"

/* The expected strings are what ICU 72 (CLDR 42, Debian 12) produces, and each
 * is the real local convention for a price. They are written with \u escapes
 * wherever a character is invisible or easily confused: U+00A0 NO-BREAK SPACE,
 * U+202F NARROW NO-BREAK SPACE, U+200F RIGHT-TO-LEFT MARK. */

static char *
format (gint64      amount,
        const char *currency,
        const char *locale)
{
  VitrineMoney money;

  g_assert_true (vitrine_money_init (&money, amount, currency));
  return vitrine_money_format (&money, locale);
}

static void
assert_format (gint64      amount,
               const char *currency,
               const char *locale,
               const char *expected)
{
  g_autofree char *formatted = format (amount, currency, locale);

  g_test_message ("%" G_GINT64_FORMAT " %s in %s: %s", amount, currency, locale, formatted);
  g_assert_true (g_utf8_validate (formatted, -1, NULL));
  g_assert_cmpstr (formatted, ==, expected);
}

static void
test_currency_known (void)
{
  char normalized[4] = "";

  g_assert_true (vitrine_currency_is_known ("EUR"));
  g_assert_true (vitrine_currency_is_known ("USD"));
  g_assert_true (vitrine_currency_is_known ("JPY"));
  g_assert_true (vitrine_currency_is_known ("KWD"));
  g_assert_true (vitrine_currency_is_known ("EGP"));

  /* Case does not matter; the code is stored in upper case. */
  g_assert_true (vitrine_currency_is_known ("eur"));
  g_assert_true (vitrine_currency_normalize ("eUr", normalized));
  g_assert_cmpstr (normalized, ==, "EUR");

  /* Made up, not money (no currency, testing, gold), or no longer used. */
  g_assert_false (vitrine_currency_is_known ("XYZ"));
  g_assert_false (vitrine_currency_is_known ("XXX"));
  g_assert_false (vitrine_currency_is_known ("XTS"));
  g_assert_false (vitrine_currency_is_known ("XAU"));
  g_assert_false (vitrine_currency_is_known ("DEM"));

  /* Not three letters. */
  g_assert_false (vitrine_currency_is_known (""));
  g_assert_false (vitrine_currency_is_known ("EU"));
  g_assert_false (vitrine_currency_is_known ("EURO"));
  g_assert_false (vitrine_currency_is_known (" EUR"));
  g_assert_false (vitrine_currency_is_known ("€"));
  g_assert_false (vitrine_currency_normalize ("XYZ", normalized));
  g_assert_cmpstr (normalized, ==, "EUR");
}

static void
test_currency_digits (void)
{
  g_assert_cmpint (vitrine_currency_get_digits ("EUR"), ==, 2);
  g_assert_cmpint (vitrine_currency_get_digits ("USD"), ==, 2);
  g_assert_cmpint (vitrine_currency_get_digits ("JPY"), ==, 0);
  g_assert_cmpint (vitrine_currency_get_digits ("KRW"), ==, 0);
  g_assert_cmpint (vitrine_currency_get_digits ("KWD"), ==, 3);
  g_assert_cmpint (vitrine_currency_get_digits ("BHD"), ==, 3);
  g_assert_cmpint (vitrine_currency_get_digits ("TND"), ==, 3);
  g_assert_cmpint (vitrine_currency_get_digits ("jpy"), ==, 0);
  g_assert_cmpint (vitrine_currency_get_digits ("XYZ"), ==, -1);
}

static void
test_to_decimal (void)
{
  struct {
    gint64      amount;
    const char *currency;
    const char *expected;
  } cases[] = {
    { 123456, "EUR", "1234.56" },
    { 5, "EUR", "0.05" },
    { 0, "EUR", "0.00" },
    { -5, "EUR", "-0.05" },
    { 1235, "JPY", "1235" },
    { 1, "KWD", "0.001" },
    { -50, "KWD", "-0.050" },
    { G_MAXINT64, "EUR", "92233720368547758.07" },
    { G_MININT64, "EUR", "-92233720368547758.08" },
    { G_MAXINT64, "JPY", "9223372036854775807" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VitrineMoney money;
      g_autofree char *decimal = NULL;

      g_assert_true (vitrine_money_init (&money, cases[i].amount, cases[i].currency));
      decimal = vitrine_money_to_decimal (&money);
      g_assert_cmpstr (decimal, ==, cases[i].expected);
    }
}

/* The six locales of the acceptance test. */
static void
test_format_locales (void)
{
  /* Germany: dot for thousands, comma for decimals, the sign after the amount
   * behind a no-break space, so "€" never wraps onto its own line. */
  assert_format (123456, "EUR", "de_DE", "1.234,56\u00a0€");
  /* United States: sign first, comma for thousands, dot for decimals. */
  assert_format (123456, "USD", "en_US", "$1,234.56");
  /* Japan: no minor unit, and the yen sign in its full-width form U+FFE5,
   * which is what Japanese typography uses next to digits. */
  assert_format (1235, "JPY", "ja_JP", "\uffe51,235");
  /* Brazil: "R$", a no-break space, then the German-style separators. */
  assert_format (123456, "BRL", "pt_BR", "R$\u00a01.234,56");
  /* China: the yuan sign is U+00A5 "¥" (the same glyph as the yen's
   * half-width sign), grouped by thousands like the US. */
  assert_format (123456, "CNY", "zh_CN", "¥1,234.56");
  /* Egypt: Arabic-Indic digits (U+0660…U+0669), the Arabic thousands
   * separator U+066C and decimal separator U+066B, then the pound's Arabic
   * abbreviation "ج.م." (junayh misri) after a no-break space; right-to-left
   * marks keep the whole price in order inside left-to-right text. This is how
   * prices are written in Egypt, and it is what CLDR's ar_EG says. */
  assert_format (123456, "EGP", "ar_EG",
                 "\u200f١٬٢٣٤٫٥٦\u00a0ج.م.\u200f");
}

static void
test_format_digits (void)
{
  /* Zero decimals: never a ",00" or a ".00", the amount is whole yen/won. */
  assert_format (1235, "JPY", "en_US", "¥1,235");
  assert_format (0, "JPY", "ja_JP", "\uffe50");
  assert_format (1235, "KRW", "ko_KR", "₩1,235");

  /* Three decimals: all three shown, never rounded to two. */
  assert_format (1234567, "KWD", "en_US", "KWD\u00a01,234.567");
  assert_format (1234560, "KWD", "en_US", "KWD\u00a01,234.560");
  assert_format (1, "BHD", "en_US", "BHD\u00a00.001");
  assert_format (1500, "TND", "en_US", "TND\u00a01.500");
  /* In Kuwait itself: Arabic-Indic digits and the dinar's "د.ك.". */
  assert_format (1234567, "KWD", "ar_KW",
                 "\u200f١٬٢٣٤٫٥٦٧\u00a0د.ك.\u200f");

  /* Two decimals always shown: 19.90, not 19.9; 0.05 not .05. */
  assert_format (1990, "EUR", "de_DE", "19,90\u00a0€");
  assert_format (5, "EUR", "de_DE", "0,05\u00a0€");
  assert_format (0, "USD", "en_US", "$0.00");
}

static void
test_format_other (void)
{
  /* A currency foreign to the locale keeps the locale's layout. */
  assert_format (123456, "USD", "de_DE", "1.234,56\u00a0$");
  /* France groups with a narrow no-break space. */
  assert_format (123456, "EUR", "fr_FR", "1\u202f234,56\u00a0€");
  /* India groups by lakh and crore. */
  assert_format (123456789, "INR", "hi_IN", "₹12,34,567.89");
  /* Lower-case currency codes are the same currency. */
  assert_format (123456, "eur", "de_DE", "1.234,56\u00a0€");
  /* Negative amounts (a refund, a discount) keep their sign. */
  assert_format (-500, "USD", "en_US", "-$5.00");

  /* POSIX and BCP 47 spellings of a locale. */
  assert_format (123456, "EUR", "de_DE.UTF-8", "1.234,56\u00a0€");
  assert_format (123456, "EUR", "de_DE.UTF-8@euro", "1.234,56\u00a0€");
  assert_format (123456, "BRL", "pt-BR", "R$\u00a01.234,56");

  /* The C locale is ICU's POSIX style: no grouping. */
  assert_format (123456, "EUR", "C", "€\u00a01234.56");
  assert_format (123456, "EUR", "C.UTF-8", "€\u00a01234.56");
  /* A language ICU does not know gets CLDR's neutral root style, not
   * whatever locale happens to be in the environment. */
  assert_format (123456, "EUR", "xx_YY", "€\u00a01,234.56");
}

/* Amounts above 2^53 minor units, where a double would already be off. */
static void
test_format_huge (void)
{
  /* 2^53 + 1 cents. */
  assert_format (G_GINT64_CONSTANT (9007199254740993), "EUR", "de_DE",
                 "90.071.992.547.409,93\u00a0€");
  assert_format (G_MAXINT64, "EUR", "de_DE", "92.233.720.368.547.758,07\u00a0€");
  assert_format (G_MAXINT64, "USD", "en_US", "$92,233,720,368,547,758.07");
  assert_format (G_MAXINT64, "JPY", "ja_JP", "\uffe59,223,372,036,854,775,807");
  assert_format (G_MAXINT64, "KWD", "en_US", "KWD\u00a09,223,372,036,854,775.807");
  assert_format (G_MININT64, "USD", "en_US", "-$92,233,720,368,547,758.08");
}

/* With no locale given, the process's LC_MONETARY, else the environment.
 * The test never calls setlocale (LC_ALL, ""), so it runs "C" and the
 * environment decides; LC_ALL wins over LC_MONETARY over LANG. */
static void
test_format_process_locale (void)
{
  static const char *variables[] = { "LC_ALL", "LC_MONETARY", "LANG" };
  g_autofree char *german = NULL;
  g_autofree char *american = NULL;
  g_autofree char *neutral = NULL;
  char *saved[G_N_ELEMENTS (variables)];

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    saved[i] = g_strdup (g_getenv (variables[i]));

  g_setenv ("LANG", "en_US.UTF-8", TRUE);
  g_setenv ("LC_MONETARY", "de_DE.UTF-8", TRUE);
  g_unsetenv ("LC_ALL");
  german = format (123456, "EUR", NULL);
  g_assert_cmpstr (german, ==, "1.234,56\u00a0€");

  g_setenv ("LC_ALL", "en_US.UTF-8", TRUE);
  american = format (123456, "USD", NULL);
  g_assert_cmpstr (american, ==, "$1,234.56");

  /* Nothing set at all: the C locale. */
  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    g_unsetenv (variables[i]);
  neutral = format (123456, "EUR", NULL);
  g_assert_cmpstr (neutral, ==, "€\u00a01234.56");

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      if (saved[i] != NULL)
        g_setenv (variables[i], saved[i], TRUE);
      g_free (saved[i]);
    }
}

static void
assert_parse (const char *text,
              const char *currency,
              gint64      expected)
{
  g_autoptr(GError) error = NULL;
  VitrineMoney money = { 0, "" };

  g_assert_true (vitrine_money_parse (text, currency, &money, &error));
  g_assert_no_error (error);
  g_assert_cmpint (money.amount, ==, expected);
  g_assert_true (vitrine_currency_is_known (money.currency));
  g_assert_cmpint (g_ascii_strcasecmp (money.currency, currency), ==, 0);
}

static void
assert_parse_fails (const char *text,
                    const char *currency,
                    int         code,
                    const char *message)
{
  g_autoptr(GError) error = NULL;
  VitrineMoney money = { 42, "USD" };

  g_assert_false (vitrine_money_parse (text, currency, &money, &error));
  g_assert_error (error, VITRINE_MONEY_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
  /* Untouched on failure. */
  g_assert_cmpint (money.amount, ==, 42);
  g_assert_cmpstr (money.currency, ==, "USD");
}

static void
test_parse (void)
{
  VitrineMoney money;

  assert_parse ("19.99", "EUR", 1999);
  assert_parse ("1234", "EUR", 123400);
  assert_parse ("0.5", "EUR", 50);
  assert_parse ("0.05", "EUR", 5);
  assert_parse ("0", "EUR", 0);
  assert_parse ("007.10", "EUR", 710);
  assert_parse ("  19.99 ", "EUR", 1999);
  assert_parse ("1235", "JPY", 1235);
  assert_parse ("1.234", "KWD", 1234);
  assert_parse ("0.001", "BHD", 1);
  assert_parse ("1.5", "TND", 1500);
  assert_parse ("-0", "EUR", 0);

  /* Extra decimals that are zeros lose nothing: Shopify writes yen as
   * "1000.00", and some tools write euros with four decimals. */
  assert_parse ("1000.00", "JPY", 1000);
  assert_parse ("19.9900", "EUR", 1999);

  /* The currency is stored in upper case. */
  g_assert_true (vitrine_money_parse ("2.50", "eur", &money, NULL));
  g_assert_cmpstr (money.currency, ==, "EUR");

  /* The largest amount that fits, exactly. */
  assert_parse ("92233720368547758.07", "EUR", G_MAXINT64);
  assert_parse ("9223372036854775807", "JPY", G_MAXINT64);
  /* 2^53 + 1 cents, where a double would say ...992. */
  assert_parse ("90071992547409.93", "EUR", G_GINT64_CONSTANT (9007199254740993));
}

static void
test_parse_errors (void)
{
  assert_parse_fails ("", "EUR", VITRINE_MONEY_ERROR_INVALID, "the price is empty");
  assert_parse_fails ("   ", "EUR", VITRINE_MONEY_ERROR_INVALID, "the price is empty");
  assert_parse_fails ("19,99", "EUR", VITRINE_MONEY_ERROR_INVALID,
                      "“19,99” is not a price: write it with a dot for decimals and no "
                      "thousands separator, such as 1234.56");
  assert_parse_fails ("1,234.56", "USD", VITRINE_MONEY_ERROR_INVALID,
                      "“1,234.56” is not a price: write it with a dot for decimals and no "
                      "thousands separator, such as 1234.56");
  assert_parse_fails ("12.5O", "EUR", VITRINE_MONEY_ERROR_INVALID,
                      "“12.5O” is not a price (expected a number such as 19.99)");
  assert_parse_fails ("€19.99", "EUR", VITRINE_MONEY_ERROR_INVALID,
                      "“€19.99” is not a price (expected a number such as 19.99)");
  assert_parse_fails ("19.99 EUR", "EUR", VITRINE_MONEY_ERROR_INVALID,
                      "“19.99 EUR” is not a price (expected a number such as 19.99)");
  assert_parse_fails ("1e3", "EUR", VITRINE_MONEY_ERROR_INVALID,
                      "“1e3” is not a price (expected a number such as 19.99)");
  assert_parse_fails ("+5", "EUR", VITRINE_MONEY_ERROR_INVALID,
                      "“+5” is not a price (expected a number such as 19.99)");
  assert_parse_fails (".5", "EUR", VITRINE_MONEY_ERROR_INVALID,
                      "“.5” is not a price (expected a number such as 19.99)");
  assert_parse_fails ("5.", "EUR", VITRINE_MONEY_ERROR_INVALID,
                      "“5.” is not a price (expected a number such as 19.99)");
  assert_parse_fails ("1.2.3", "EUR", VITRINE_MONEY_ERROR_INVALID,
                      "“1.2.3” is not a price (expected a number such as 19.99)");
  assert_parse_fails ("-abc", "EUR", VITRINE_MONEY_ERROR_INVALID,
                      "“-abc” is not a price (expected a number such as 19.99)");
  assert_parse_fails ("a very long price that nobody would ever write", "EUR",
                      VITRINE_MONEY_ERROR_INVALID,
                      "“a very long price that n…” is not a price "
                      "(expected a number such as 19.99)");
  assert_parse_fails ("-5", "EUR", VITRINE_MONEY_ERROR_NEGATIVE,
                      "“-5” is negative; a price cannot be below zero");
  assert_parse_fails ("-0.01", "EUR", VITRINE_MONEY_ERROR_NEGATIVE,
                      "“-0.01” is negative; a price cannot be below zero");

  /* Rounding never happens. */
  assert_parse_fails ("1.234", "EUR", VITRINE_MONEY_ERROR_TOO_PRECISE,
                      "“1.234” has too many decimals: EUR has 2 decimal places");
  assert_parse_fails ("19.995", "USD", VITRINE_MONEY_ERROR_TOO_PRECISE,
                      "“19.995” has too many decimals: USD has 2 decimal places");
  assert_parse_fails ("0.0001", "KWD", VITRINE_MONEY_ERROR_TOO_PRECISE,
                      "“0.0001” has too many decimals: KWD has 3 decimal places");
  assert_parse_fails ("1234.5", "JPY", VITRINE_MONEY_ERROR_TOO_PRECISE,
                      "“1234.5” has decimals, but JPY prices are whole numbers");

  /* One cent more than fits in 64 bits. */
  assert_parse_fails ("92233720368547758.08", "EUR", VITRINE_MONEY_ERROR_OVERFLOW,
                      "“92233720368547758.08” is too large for a price");
  assert_parse_fails ("9223372036854775808", "JPY", VITRINE_MONEY_ERROR_OVERFLOW,
                      "“9223372036854775808” is too large for a price");
  assert_parse_fails ("99999999999999999999999999", "EUR", VITRINE_MONEY_ERROR_OVERFLOW,
                      "“999999999999999999999999…” is too large for a price");

  assert_parse_fails ("19.99", "XYZ", VITRINE_MONEY_ERROR_UNKNOWN_CURRENCY,
                      "“XYZ” is not a currency code (expected an ISO 4217 code such as EUR)");
  assert_parse_fails ("19.99", "€", VITRINE_MONEY_ERROR_UNKNOWN_CURRENCY,
                      "“€” is not a currency code (expected an ISO 4217 code such as EUR)");
}

/* Text → minor units → text gives back the same text, for every number of
 * decimals and for amounts no double can hold. */
static void
test_round_trip (void)
{
  struct {
    const char *text;
    const char *currency;
  } cases[] = {
    { "19.99", "EUR" }, { "0.01", "USD" }, { "1234", "JPY" }, { "0", "KRW" },
    { "1.234", "KWD" }, { "0.001", "BHD" }, { "90071992547409.93", "EUR" },
    { "92233720368547758.07", "USD" }, { "9223372036854775.807", "KWD" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VitrineMoney money;
      g_autofree char *decimal = NULL;

      g_assert_true (vitrine_money_parse (cases[i].text, cases[i].currency, &money, NULL));
      decimal = vitrine_money_to_decimal (&money);
      g_assert_cmpstr (decimal, ==, cases[i].text);
    }

  /* Every cent from 0.00 to 10.00 survives the trip, which float parsing of
   * e.g. "0.29" (0.28999…) does not. */
  for (gint64 cents = 0; cents <= 1000; cents++)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT,
                                               cents / 100, cents % 100);
      VitrineMoney money;

      g_assert_true (vitrine_money_parse (text, "EUR", &money, NULL));
      g_assert_cmpint (money.amount, ==, cents);
    }
}

static void
test_boxed (void)
{
  VitrineMoney money;
  g_autoptr(VitrineMoney) copy = NULL;
  VitrineMoney other;

  g_assert_true (vitrine_money_init (&money, 1999, "eur"));
  g_assert_cmpstr (money.currency, ==, "EUR");
  g_assert_false (vitrine_money_init (&other, 1999, "XYZ"));

  copy = g_boxed_copy (VITRINE_TYPE_MONEY, &money);
  g_assert_true (vitrine_money_equal (&money, copy));
  copy->amount++;
  g_assert_false (vitrine_money_equal (&money, copy));
  g_assert_true (vitrine_money_init (&other, 1999, "USD"));
  g_assert_false (vitrine_money_equal (&money, &other));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/money/currency/known", test_currency_known);
  g_test_add_func ("/money/currency/digits", test_currency_digits);
  g_test_add_func ("/money/to-decimal", test_to_decimal);
  g_test_add_func ("/money/format/locales", test_format_locales);
  g_test_add_func ("/money/format/digits", test_format_digits);
  g_test_add_func ("/money/format/other", test_format_other);
  g_test_add_func ("/money/format/huge", test_format_huge);
  g_test_add_func ("/money/format/process-locale", test_format_process_locale);
  g_test_add_func ("/money/parse", test_parse);
  g_test_add_func ("/money/parse/errors", test_parse_errors);
  g_test_add_func ("/money/round-trip", test_round_trip);
  g_test_add_func ("/money/boxed", test_boxed);
  return g_test_run ();
}
