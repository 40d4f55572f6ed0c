/* vitrine-journal.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "vitrine-feed.h"
#include "vitrine-money.h"

G_BEGIN_DECLS

#define VITRINE_JOURNAL_ERROR (vitrine_journal_error_quark ())

/**
 * VitrineJournalError:
 * @VITRINE_JOURNAL_ERROR_FAILED: something else went wrong; the message says what
 * @VITRINE_JOURNAL_ERROR_IO: the disk reported an error while reading or writing
 * @VITRINE_JOURNAL_ERROR_NO_SPACE: the disk is full
 * @VITRINE_JOURNAL_ERROR_READ_ONLY: the folder or the file cannot be written to
 * @VITRINE_JOURNAL_ERROR_LOCKED: another program holds the file locked
 * @VITRINE_JOURNAL_ERROR_DAMAGED: the file is damaged, or is not a show journal
 * @VITRINE_JOURNAL_ERROR_TOO_NEW: the file was written by a newer Vitrine
 * @VITRINE_JOURNAL_ERROR_CLOSED: the journal was already closed
 *
 * Errors of the show's journal. The messages are translated, for the host.
 */
typedef enum
{
  VITRINE_JOURNAL_ERROR_FAILED,
  VITRINE_JOURNAL_ERROR_IO,
  VITRINE_JOURNAL_ERROR_NO_SPACE,
  VITRINE_JOURNAL_ERROR_READ_ONLY,
  VITRINE_JOURNAL_ERROR_LOCKED,
  VITRINE_JOURNAL_ERROR_DAMAGED,
  VITRINE_JOURNAL_ERROR_TOO_NEW,
  VITRINE_JOURNAL_ERROR_CLOSED,
} VitrineJournalError;

/**
 * VitrineJournalTable:
 * @VITRINE_JOURNAL_TABLE_ITEMS: every feed item, in the order it arrived
 * @VITRINE_JOURNAL_TABLE_CLAIMS: every claim, in platform-timestamp order
 *
 * What vitrine_journal_export_csv() can export.
 */
typedef enum
{
  VITRINE_JOURNAL_TABLE_ITEMS,
  VITRINE_JOURNAL_TABLE_CLAIMS,
} VitrineJournalTable;

/**
 * VitrineJournalLine:
 * @id: (nullable): the shop's id of the line, kept as text
 * @product: (nullable): the catalog's product code it was matched to, such as `A12`
 * @sku: (nullable): the shop's SKU
 * @title: (nullable): the product's title as the shop names it
 * @variant: (nullable): the variant's title, such as `Blue / M`
 * @quantity: how many units
 * @total: what the line brought in, after its discounts (currency "" when unknown)
 *
 * One line of an order, as vitrine_journal_record_order() takes it. The
 * summary groups lines by @product, or by @sku, or by @title when the line
 * was not matched to the catalog.
 */
typedef struct
{
  const char   *id;
  const char   *product;
  const char   *sku;
  const char   *title;
  const char   *variant;
  gint64        quantity;
  VitrineMoney  total;
} VitrineJournalLine;

/**
 * VitrineJournalOrder:
 * @platform: the shop: `shopify`, `woocommerce`, `demo`…
 * @id: the shop's order id, kept exactly as text (64-bit ids never go
 *   through a double)
 * @name: (nullable): what the host calls it, such as `#1042`
 * @customer: (nullable): the customer's display name
 * @status: (nullable): the shop's status, such as `paid` or `PENDING`; an
 *   order whose status is cancelled, canceled, refunded, voided, failed or
 *   trash (in any case) does not count in the summary
 * @total: what the customer pays, tax and shipping included
 * @created: (nullable): when the shop says it was placed
 * @updated: (nullable): when the shop says it last changed
 * @raw_json: (nullable): the shop's JSON for the order, for later audits
 * @lines: (array length=n_lines): its lines
 * @n_lines: how many lines
 *
 * An order as the shop connectors see it. Recording the same order again
 * (platform and id) replaces it and its lines, unless the copy recorded is
 * older (@updated earlier than the one in the journal).
 */
typedef struct
{
  const char               *platform;
  const char               *id;
  const char               *name;
  const char               *customer;
  const char               *status;
  VitrineMoney              total;
  GDateTime                *created;
  GDateTime                *updated;
  const char               *raw_json;
  const VitrineJournalLine *lines;
  guint                     n_lines;
} VitrineJournalOrder;

/**
 * VitrineJournalClaim:
 * @id: the claim queue's id of the claim
 * @product: the product code claimed, such as `A12`
 * @variant: (nullable): the variant asked for, such as `M`
 * @quantity: how many units
 * @state: the claim queue's state, such as `queued`, `confirmed`,
 *   `waitlisted` or `rejected`
 * @platform: (nullable): where the comment was written
 * @author_id: (nullable): the platform's id of its author
 * @author: (nullable): the author's display name
 * @item_id: (nullable): the platform's id of the comment
 * @text: (nullable): the comment
 * @time: (nullable): when the platform says the comment was written
 * @updated: (nullable): when the state last changed; now if %NULL
 */
typedef struct
{
  const char *id;
  const char *product;
  const char *variant;
  gint64      quantity;
  const char *state;
  const char *platform;
  const char *author_id;
  const char *author;
  const char *item_id;
  const char *text;
  GDateTime  *time;
  GDateTime  *updated;
} VitrineJournalClaim;

#define VITRINE_TYPE_JOURNAL (vitrine_journal_get_type ())

G_DECLARE_FINAL_TYPE (VitrineJournal, vitrine_journal, VITRINE, JOURNAL, GObject)

GQuark          vitrine_journal_error_quark            (void);

VitrineJournal *vitrine_journal_open                   (const char                *path,
                                                        GError                   **error);
void            vitrine_journal_open_async             (const char                *path,
                                                        GCancellable              *cancellable,
                                                        GAsyncReadyCallback        callback,
                                                        gpointer                   user_data);
VitrineJournal *vitrine_journal_open_finish            (GAsyncResult              *result,
                                                        GError                   **error);
const char     *vitrine_journal_get_path               (VitrineJournal            *self);
const GError   *vitrine_journal_get_error              (VitrineJournal            *self);
guint           vitrine_journal_get_commits            (VitrineJournal            *self);

void            vitrine_journal_attach_feed            (VitrineJournal            *self,
                                                        VitrineFeed               *feed);
gint64          vitrine_journal_record_item            (VitrineJournal            *self,
                                                        VitrineFeedItem           *item);
void            vitrine_journal_record_order           (VitrineJournal            *self,
                                                        const VitrineJournalOrder *order);
void            vitrine_journal_record_claim           (VitrineJournal            *self,
                                                        const VitrineJournalClaim *claim);
void            vitrine_journal_update_claim           (VitrineJournal            *self,
                                                        const char                *id,
                                                        const char                *state,
                                                        GDateTime                 *time);
void            vitrine_journal_record_destination_event (VitrineJournal          *self,
                                                        const char                *destination,
                                                        const char                *state,
                                                        const char                *message,
                                                        GDateTime                 *time);
void            vitrine_journal_set_cursor             (VitrineJournal            *self,
                                                        const char                *key,
                                                        const char                *value);
char           *vitrine_journal_get_cursor             (VitrineJournal            *self,
                                                        const char                *key);

gboolean        vitrine_journal_flush                  (VitrineJournal            *self,
                                                        GError                   **error);
void            vitrine_journal_flush_async            (VitrineJournal            *self,
                                                        GCancellable              *cancellable,
                                                        GAsyncReadyCallback        callback,
                                                        gpointer                   user_data);
gboolean        vitrine_journal_flush_finish           (VitrineJournal            *self,
                                                        GAsyncResult              *result,
                                                        GError                   **error);
gboolean        vitrine_journal_close                  (VitrineJournal            *self,
                                                        GError                   **error);

gboolean        vitrine_journal_export_csv             (VitrineJournal            *self,
                                                        VitrineJournalTable        table,
                                                        GFile                     *file,
                                                        GError                   **error);
void            vitrine_journal_export_csv_async       (VitrineJournal            *self,
                                                        VitrineJournalTable        table,
                                                        GFile                     *file,
                                                        GCancellable              *cancellable,
                                                        GAsyncReadyCallback        callback,
                                                        gpointer                   user_data);
gboolean        vitrine_journal_export_csv_finish      (VitrineJournal            *self,
                                                        GAsyncResult              *result,
                                                        GError                   **error);
JsonNode       *vitrine_journal_get_summary            (VitrineJournal            *self,
                                                        GError                   **error);
void            vitrine_journal_get_summary_async      (VitrineJournal            *self,
                                                        GCancellable              *cancellable,
                                                        GAsyncReadyCallback        callback,
                                                        gpointer                   user_data);
JsonNode       *vitrine_journal_get_summary_finish     (VitrineJournal            *self,
                                                        GAsyncResult              *result,
                                                        GError                   **error);

char           *vitrine_journal_csv_field              (const char                *text);

G_END_DECLS
