/* vitrine-money.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-money"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include <unicode/ucurr.h>
#include <unicode/uenum.h>
#include <unicode/uloc.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "vitrine-money.h"

/* Money is integer minor units from the file to the screen. Prices are read
 * from decimal text by hand (digit by digit, refusing anything that would need
 * rounding) and shown by handing ICU the same exact decimal text, rebuilt from
 * the integer, through unum_formatDecimal(): no double ever holds a price, so
 * 2^53 + 1 cents still show as exactly that.
 *
 * How a price looks ("1.234,56 €" in Germany, "$1,234.56" in the US, "￥1,235"
 * in Japan) and how many decimals a currency has (JPY 0, EUR 2, KWD 3) comes
 * from ICU's copy of CLDR and ISO 4217, never from a table of our own. */

G_DEFINE_QUARK (vitrine-money-error-quark, vitrine_money_error)

G_DEFINE_BOXED_TYPE (VitrineMoney, vitrine_money, vitrine_money_copy, vitrine_money_free)

/* Longer input is certainly not a price; it keeps messages short too. */
#define MAX_PRICE_TEXT 64

/* The ISO 4217 codes a shop can price in: ICU's "common" (used by some
 * country today) and not deprecated. That leaves out historic currencies such
 * as DEM, and the X codes that are not money (XXX "no currency", XTS "testing",
 * XAU "gold"), which ucurr_isAvailable() would accept. Built once, then only
 * read, so any thread may use it. */
static GHashTable *
known_currencies (void)
{
  static GHashTable *known = NULL;

  if (g_once_init_enter (&known))
    {
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);
      UErrorCode status = U_ZERO_ERROR;
      UEnumeration *codes;
      const char *code;

      codes = ucurr_openISOCurrencies (UCURR_COMMON | UCURR_NON_DEPRECATED, &status);
      while (U_SUCCESS (status) && (code = uenum_next (codes, NULL, &status)) != NULL)
        g_hash_table_add (table, (gpointer) g_intern_string (code));
      uenum_close (codes);

      if (U_FAILURE (status))
        g_debug ("ICU could not list currencies: %s", u_errorName (status));

      g_once_init_leave (&known, table);
    }

  return known;
}

/**
 * vitrine_currency_normalize:
 * @code: a currency code such as `EUR` or `eur`
 * @normalized: (out caller-allocates): where to store the upper-case code
 *
 * Currency codes are read without regard to case, because a host typing a
 * CSV file by hand writes `eur` as often as `EUR`; Vitrine stores them in
 * upper case, as ISO 4217 writes them. Surrounding spaces are not removed.
 *
 * Returns: %TRUE if @code is three ASCII letters naming a currency that
 *   vitrine_currency_is_known() accepts; @normalized is left untouched otherwise
 */
gboolean
vitrine_currency_normalize (const char *code,
                            char        normalized[4])
{
  char upper[4];

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (normalized != NULL, FALSE);

  for (guint i = 0; i < 3; i++)
    {
      if (!g_ascii_isalpha (code[i]))
        return FALSE;
      upper[i] = g_ascii_toupper (code[i]);
    }
  if (code[3] != '\0')
    return FALSE;
  upper[3] = '\0';

  if (!g_hash_table_contains (known_currencies (), upper))
    return FALSE;

  memcpy (normalized, upper, sizeof upper);
  return TRUE;
}

/**
 * vitrine_currency_is_known:
 * @code: a currency code such as `EUR`
 *
 * Whether @code is an ISO 4217 currency that some country uses today,
 * according to ICU. Case does not matter (`eur` is EUR, see
 * vitrine_currency_normalize()); historic currencies (`DEM`), codes that are
 * not money (`XXX`, `XTS`, `XAU`) and made-up codes (`XYZ`) are unknown.
 *
 * Returns: %TRUE if prices can be given in @code
 */
gboolean
vitrine_currency_is_known (const char *code)
{
  char normalized[4];

  g_return_val_if_fail (code != NULL, FALSE);

  return vitrine_currency_normalize (code, normalized);
}

/**
 * vitrine_currency_get_digits:
 * @code: a currency code such as `EUR`
 *
 * How many decimal places an amount in @code has, from ICU: 0 for JPY and KRW,
 * 2 for EUR and USD, 3 for KWD, BHD and TND. One minor unit is ten to the
 * minus that many of the currency.
 *
 * Returns: the number of fraction digits, or -1 if @code is not known
 */
int
vitrine_currency_get_digits (const char *code)
{
  char normalized[4];
  UChar ucode[4];
  UErrorCode status = U_ZERO_ERROR;
  int digits;

  g_return_val_if_fail (code != NULL, -1);

  if (!vitrine_currency_normalize (code, normalized))
    return -1;

  u_charsToUChars (normalized, ucode, 4);
  digits = ucurr_getDefaultFractionDigits (ucode, &status);
  /* ISO 4217 has no currency with more than 4 (CLF, UYW); anything else would
   * be broken ICU data, and 10^digits must fit in 64 bits below. */
  if (U_FAILURE (status) || digits < 0 || digits > 9)
    return -1;

  return digits;
}

/**
 * vitrine_money_init:
 * @money: (out caller-allocates): the money to fill in
 * @amount: the amount in minor units
 * @currency: a currency code, in any case
 *
 * Fills in @money, with the currency normalized to upper case.
 *
 * Returns: %TRUE on success, %FALSE (and @money untouched) if @currency is not
 *   known
 */
gboolean
vitrine_money_init (VitrineMoney *money,
                    gint64        amount,
                    const char   *currency)
{
  char normalized[4];

  g_return_val_if_fail (money != NULL, FALSE);
  g_return_val_if_fail (currency != NULL, FALSE);

  if (!vitrine_currency_normalize (currency, normalized))
    return FALSE;

  money->amount = amount;
  memcpy (money->currency, normalized, sizeof normalized);
  return TRUE;
}

/**
 * vitrine_money_copy:
 * @money: some money
 *
 * Returns: (transfer full): a copy of @money, to free with vitrine_money_free()
 */
VitrineMoney *
vitrine_money_copy (const VitrineMoney *money)
{
  g_return_val_if_fail (money != NULL, NULL);

  return g_memdup2 (money, sizeof *money);
}

/**
 * vitrine_money_free:
 * @money: (nullable): money from vitrine_money_copy()
 */
void
vitrine_money_free (VitrineMoney *money)
{
  g_free (money);
}

/**
 * vitrine_money_equal:
 * @a: some money
 * @b: some money
 *
 * Returns: %TRUE if @a and @b are the same amount in the same currency
 */
gboolean
vitrine_money_equal (const VitrineMoney *a,
                     const VitrineMoney *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return a->amount == b->amount &&
         g_ascii_strncasecmp (a->currency, b->currency, 3) == 0;
}

static guint64
power_of_ten (int digits)
{
  guint64 value = 1;

  for (int i = 0; i < digits; i++)
    value *= 10;
  return value;
}

/**
 * vitrine_money_to_decimal:
 * @money: some money in a known currency
 *
 * Writes @money as plain decimal text with exactly as many decimals as its
 * currency has and a dot before them, whatever the locale: `1234.56` for
 * 123456 EUR cents, `1235` for 1235 JPY, `-0.050` for -50 KWD fils. This is
 * the form vitrine_money_parse() reads and catalog files use.
 *
 * Returns: (transfer full): the amount as text, or %NULL if the currency is
 *   not known
 */
char *
vitrine_money_to_decimal (const VitrineMoney *money)
{
  guint64 magnitude;
  guint64 scale;
  int digits;

  g_return_val_if_fail (money != NULL, NULL);

  digits = vitrine_currency_get_digits (money->currency);
  g_return_val_if_fail (digits >= 0, NULL);

  /* -G_MININT64 does not fit in a gint64; it does in a guint64. */
  magnitude = money->amount < 0 ? (guint64) -(money->amount + 1) + 1 : (guint64) money->amount;
  if (digits == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT,
                            money->amount < 0 ? "-" : "", magnitude);

  scale = power_of_ten (digits);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                          money->amount < 0 ? "-" : "",
                          magnitude / scale, digits, magnitude % scale);
}

static gboolean
is_c_locale (const char *locale)
{
  return g_str_equal (locale, "C") ||
         g_str_equal (locale, "POSIX") ||
         g_str_has_prefix (locale, "C.") ||
         g_str_has_prefix (locale, "C@");
}

/* The process's monetary locale, as a POSIX name such as "de_DE.UTF-8".
 * Applications call setlocale (LC_ALL, ""), and then LC_MONETARY says it. A
 * program that never did (a test, a tool) still runs "C", so the environment
 * is read the way setlocale() would: LC_ALL, then LC_MONETARY, then LANG. */
static char *
get_process_locale (void)
{
  static const char *variables[] = { "LC_ALL", "LC_MONETARY", "LANG" };
  const char *current = setlocale (LC_MONETARY, NULL);

  if (current != NULL && !is_c_locale (current))
    return g_strdup (current);

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      const char *value = g_getenv (variables[i]);

      if (value != NULL && *value != '\0')
        return g_strdup (value);
    }

  return g_strdup ("C");
}

/* POSIX "de_DE.UTF-8@euro" or BCP 47 "pt-BR" to an ICU locale id. The C
 * locale is ICU's "en_US_POSIX": no grouping, a dot for decimals. */
static char *
get_icu_locale (const char *locale)
{
  g_autofree char *posix = NULL;
  UErrorCode status = U_ZERO_ERROR;
  char canonical[ULOC_FULLNAME_CAPACITY];

  posix = locale != NULL ? g_strdup (locale) : get_process_locale ();
  if (is_c_locale (posix))
    return g_strdup ("en_US_POSIX");

  uloc_canonicalize (posix, canonical, sizeof canonical, &status);
  if (U_FAILURE (status) || status == U_STRING_NOT_TERMINATED_WARNING)
    return g_strdup ("");

  return g_strdup (canonical);
}

/* Opens a currency formatter for @icu_locale. For a language ICU has no data
 * for, ICU would quietly use its own default locale, which comes from the
 * environment; the neutral root locale ("€ 1,234.56") is used instead, so the
 * result does not depend on who runs the program. */
static UNumberFormat *
open_formatter (const char *icu_locale)
{
  UErrorCode status = U_ZERO_ERROR;
  UNumberFormat *formatter;
  char wanted[ULOC_LANG_CAPACITY] = "";
  char got[ULOC_LANG_CAPACITY] = "";
  const char *valid;

  formatter = unum_open (UNUM_CURRENCY, NULL, 0, icu_locale, NULL, &status);
  if (U_FAILURE (status))
    {
      g_debug ("ICU has no currency format for “%s”: %s", icu_locale, u_errorName (status));
      unum_close (formatter);
      status = U_ZERO_ERROR;
      formatter = unum_open (UNUM_CURRENCY, NULL, 0, "", NULL, &status);
      if (U_FAILURE (status))
        {
          unum_close (formatter);
          return NULL;
        }
      return formatter;
    }

  if (*icu_locale == '\0')
    return formatter;

  valid = unum_getLocaleByType (formatter, ULOC_VALID_LOCALE, &status);
  uloc_getLanguage (icu_locale, wanted, sizeof wanted, &status);
  if (valid != NULL)
    uloc_getLanguage (valid, got, sizeof got, &status);

  if (U_SUCCESS (status) && g_str_equal (wanted, got))
    return formatter;

  unum_close (formatter);
  status = U_ZERO_ERROR;
  formatter = unum_open (UNUM_CURRENCY, NULL, 0, "", NULL, &status);
  if (U_FAILURE (status))
    {
      unum_close (formatter);
      return NULL;
    }
  return formatter;
}

/* ICU's UTF-16 is GLib's. */
G_STATIC_ASSERT (sizeof (UChar) == sizeof (gunichar2));

static char *
format_with_icu (UNumberFormat *formatter,
                 const char    *currency,
                 int            digits,
                 const char    *decimal)
{
  UErrorCode status = U_ZERO_ERROR;
  UChar ucode[4];
  UChar stack_buffer[64];
  g_autofree UChar *heap_buffer = NULL;
  UChar *buffer = stack_buffer;
  int32_t length;

  u_charsToUChars (currency, ucode, 4);
  unum_setTextAttribute (formatter, UNUM_CURRENCY_CODE, ucode, 3, &status);
  /* The decimal already has exactly the currency's digits; these make ICU
   * show all of them (1.50, not 1.5) and fail rather than round. */
  unum_setAttribute (formatter, UNUM_MIN_FRACTION_DIGITS, digits);
  unum_setAttribute (formatter, UNUM_MAX_FRACTION_DIGITS, digits);
  unum_setAttribute (formatter, UNUM_ROUNDING_MODE, UNUM_ROUND_UNNECESSARY);
  if (U_FAILURE (status))
    return NULL;

  length = unum_formatDecimal (formatter, decimal, -1, buffer,
                               G_N_ELEMENTS (stack_buffer), NULL, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR)
    {
      status = U_ZERO_ERROR;
      heap_buffer = g_new (UChar, length + 1);
      buffer = heap_buffer;
      length = unum_formatDecimal (formatter, decimal, -1, buffer, length + 1, NULL, &status);
    }
  if (U_FAILURE (status))
    {
      g_debug ("ICU could not format %s %s: %s", decimal, currency, u_errorName (status));
      return NULL;
    }

  return g_utf16_to_utf8 ((const gunichar2 *) buffer, length, NULL, NULL, NULL);
}

/**
 * vitrine_money_format:
 * @money: some money in a known currency
 * @locale: (nullable): a locale such as `de_DE`, `de_DE.UTF-8` or `pt-BR`, or
 *   %NULL for the process's monetary locale (`LC_MONETARY`, else `LC_ALL`,
 *   `LC_MONETARY` and `LANG` from the environment)
 *
 * Formats @money the way people in @locale write prices, with ICU: `1.234,56 €`
 * in German, `$1,234.56` in US English, `￥1,235` in Japanese. The amount is
 * never rounded: every decimal place of the currency is shown. The C locale
 * gives ICU's POSIX style (`€ 1234.56`); a locale ICU knows nothing about gives
 * the neutral CLDR root style (`€ 1,234.56`).
 *
 * Returns: (transfer full): the price as UTF-8 text, or %NULL if the currency
 *   is not known
 */
char *
vitrine_money_format (const VitrineMoney *money,
                      const char         *locale)
{
  g_autofree char *decimal = NULL;
  g_autofree char *icu_locale = NULL;
  char currency[4];
  UNumberFormat *formatter;
  char *formatted = NULL;
  int digits;

  g_return_val_if_fail (money != NULL, NULL);
  g_return_val_if_fail (vitrine_currency_normalize (money->currency, currency), NULL);

  digits = vitrine_currency_get_digits (currency);
  decimal = vitrine_money_to_decimal (money);
  icu_locale = get_icu_locale (locale);

  formatter = open_formatter (icu_locale);
  if (formatter != NULL)
    {
      formatted = format_with_icu (formatter, currency, digits, decimal);
      unum_close (formatter);
    }

  /* ICU without its data: still show the exact amount, not nothing. */
  if (formatted == NULL)
    formatted = g_strdup_printf ("%s %s", decimal, currency);

  return formatted;
}

/* Quotes what the host wrote, cut short so that a whole paragraph pasted into
 * a price cell does not end up in the message. */
static char *
quote_input (const char *text)
{
  if (g_utf8_validate (text, -1, NULL) && g_utf8_strlen (text, -1) > 24)
    {
      g_autofree char *start = g_utf8_substring (text, 0, 24);

      return g_strdup_printf ("“%s…”", start);
    }
  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup ("“…”");
  return g_strdup_printf ("“%s”", text);
}

/**
 * vitrine_money_parse:
 * @text: a price as plain decimal text, such as `19.99`, `1234` or `0.5`
 * @currency: the currency of the price, in any case
 * @out: (out caller-allocates): where to store the money
 * @error: a location for a #GError in the %VITRINE_MONEY_ERROR domain
 *
 * Reads a price exactly into minor units. The format is the one catalog files
 * and Shopify exports use: digits, then optionally a dot and decimals; spaces
 * around it are ignored. Nothing else is accepted, because guessing is how
 * 1,234 becomes 1.234: no comma (as decimal or thousands separator), no
 * currency sign, no sign, no exponent.
 *
 * Decimals beyond the currency's are accepted only when they are zeros, so
 * that `1000.00` JPY (as Shopify writes yen) is 1000 yen, while `1.234` EUR is
 * refused instead of rounded.
 *
 * Returns: %TRUE and @out filled in, or %FALSE with @error set (and @out
 *   untouched)
 */
gboolean
vitrine_money_parse (const char    *text,
                     const char    *currency,
                     VitrineMoney  *out,
                     GError       **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *quoted = NULL;
  char normalized[4];
  const char *p;
  guint64 whole = 0;
  guint64 fraction = 0;
  guint64 scale;
  guint64 amount;
  int digits;
  int n_fraction = 0;
  gboolean overflow = FALSE;
  gboolean negative = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (currency != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!vitrine_currency_normalize (currency, normalized))
    {
      g_autofree char *quoted_currency = quote_input (currency);

      g_set_error (error, VITRINE_MONEY_ERROR, VITRINE_MONEY_ERROR_UNKNOWN_CURRENCY,
                   _("%s is not a currency code (expected an ISO 4217 code such as EUR)"),
                   quoted_currency);
      return FALSE;
    }
  digits = vitrine_currency_get_digits (normalized);
  scale = power_of_ten (digits);

  copy = g_strstrip (g_strdup (text));
  quoted = quote_input (copy);

  if (*copy == '\0')
    {
      g_set_error_literal (error, VITRINE_MONEY_ERROR, VITRINE_MONEY_ERROR_INVALID,
                           _("the price is empty"));
      return FALSE;
    }

  if (strlen (copy) > MAX_PRICE_TEXT)
    {
      g_set_error (error, VITRINE_MONEY_ERROR, VITRINE_MONEY_ERROR_INVALID,
                   _("%s is not a price"), quoted);
      return FALSE;
    }

  p = copy;
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  if (!g_ascii_isdigit (*p))
    goto not_a_price;

  for (; g_ascii_isdigit (*p); p++)
    {
      if (whole > (G_MAXUINT64 - 9) / 10)
        overflow = TRUE;
      else
        whole = whole * 10 + (guint64) (*p - '0');
    }

  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        goto not_a_price;

      for (; g_ascii_isdigit (*p); p++)
        {
          if (n_fraction < digits)
            fraction = fraction * 10 + (guint64) (*p - '0');
          else if (*p != '0')
            {
              if (digits == 0)
                g_set_error (error, VITRINE_MONEY_ERROR, VITRINE_MONEY_ERROR_TOO_PRECISE,
                             _("%s has decimals, but %s prices are whole numbers"),
                             quoted, normalized);
              else
                g_set_error (error, VITRINE_MONEY_ERROR, VITRINE_MONEY_ERROR_TOO_PRECISE,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "%s has too many decimals: %s has %d decimal place",
                                          "%s has too many decimals: %s has %d decimal places",
                                          digits),
                             quoted, normalized, digits);
              return FALSE;
            }
          n_fraction++;
        }
      /* "19.9" is 19.90. */
      for (int i = n_fraction; i < digits; i++)
        fraction *= 10;
    }

  if (*p != '\0')
    goto not_a_price;

  if (overflow || whole > (guint64) G_MAXINT64 / scale ||
      whole * scale > (guint64) G_MAXINT64 - fraction)
    {
      g_set_error (error, VITRINE_MONEY_ERROR, VITRINE_MONEY_ERROR_OVERFLOW,
                   _("%s is too large for a price"), quoted);
      return FALSE;
    }
  amount = whole * scale + fraction;

  /* Checked after the number itself, so that "-abc" is "not a price". A
   * minus zero is zero. */
  if (negative && amount > 0)
    {
      g_set_error (error, VITRINE_MONEY_ERROR, VITRINE_MONEY_ERROR_NEGATIVE,
                   _("%s is negative; a price cannot be below zero"), quoted);
      return FALSE;
    }

  out->amount = (gint64) amount;
  memcpy (out->currency, normalized, sizeof normalized);
  return TRUE;

not_a_price:
  if (strchr (copy, ',') != NULL)
    g_set_error (error, VITRINE_MONEY_ERROR, VITRINE_MONEY_ERROR_INVALID,
                 _("%s is not a price: write it with a dot for decimals and no thousands "
                   "separator, such as 1234.56"), quoted);
  else
    g_set_error (error, VITRINE_MONEY_ERROR, VITRINE_MONEY_ERROR_INVALID,
                 _("%s is not a price (expected a number such as 19.99)"), quoted);
  return FALSE;
}
