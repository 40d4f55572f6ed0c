/* vitrine-money.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VITRINE_MONEY_ERROR (vitrine_money_error_quark ())

/**
 * VitrineMoneyError:
 * @VITRINE_MONEY_ERROR_INVALID: the text is not a plain decimal number such as `19.99`
 * @VITRINE_MONEY_ERROR_NEGATIVE: the amount is below zero
 * @VITRINE_MONEY_ERROR_TOO_PRECISE: the amount has more (non-zero) decimals than
 *   the currency has, such as `1.234` for EUR; it would have to be rounded
 * @VITRINE_MONEY_ERROR_OVERFLOW: the amount does not fit in 64 bits of minor units
 * @VITRINE_MONEY_ERROR_UNKNOWN_CURRENCY: the currency is not a current ISO 4217 code
 */
typedef enum
{
  VITRINE_MONEY_ERROR_INVALID,
  VITRINE_MONEY_ERROR_NEGATIVE,
  VITRINE_MONEY_ERROR_TOO_PRECISE,
  VITRINE_MONEY_ERROR_OVERFLOW,
  VITRINE_MONEY_ERROR_UNKNOWN_CURRENCY,
} VitrineMoneyError;

/**
 * VitrineMoney:
 * @amount: the amount in minor units of @currency: cents for EUR, yen for JPY,
 *   fils (1/1000) for KWD
 * @currency: the ISO 4217 code in upper case, such as `EUR`, NUL-terminated
 *
 * An exact amount of money. Money is never a floating-point number in Vitrine:
 * it is read from decimal text into integer minor units with
 * vitrine_money_parse() and shown with vitrine_money_format(), and nothing in
 * between rounds.
 */
typedef struct
{
  gint64 amount;
  char   currency[4];
} VitrineMoney;

#define VITRINE_TYPE_MONEY (vitrine_money_get_type ())

GQuark        vitrine_money_error_quark   (void);
GType         vitrine_money_get_type      (void) G_GNUC_CONST;

gboolean      vitrine_currency_is_known   (const char          *code);
int           vitrine_currency_get_digits (const char          *code);
gboolean      vitrine_currency_normalize  (const char          *code,
                                           char                 normalized[4]);

gboolean      vitrine_money_init          (VitrineMoney        *money,
                                           gint64               amount,
                                           const char          *currency);
VitrineMoney *vitrine_money_copy          (const VitrineMoney  *money);
void          vitrine_money_free          (VitrineMoney        *money);
gboolean      vitrine_money_equal         (const VitrineMoney  *a,
                                           const VitrineMoney  *b);
char         *vitrine_money_to_decimal    (const VitrineMoney  *money);
char         *vitrine_money_format        (const VitrineMoney  *money,
                                           const char          *locale);
gboolean      vitrine_money_parse         (const char          *text,
                                           const char          *currency,
                                           VitrineMoney        *out,
                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineMoney, vitrine_money_free)

G_END_DECLS
