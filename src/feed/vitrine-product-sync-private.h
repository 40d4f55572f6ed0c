/* vitrine-product-sync-private.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vitrine-catalog-private.h"
#include "vitrine-product-sync.h"

G_BEGIN_DECLS

/* Shared by the Shopify and WooCommerce connectors
 * (vitrine-shopify-products.c, vitrine-woocommerce-products.c): the HTTP
 * plumbing (bounded retries, a size limit, waits that honour cancellation),
 * the keyring, and the step from what a shop listed to products with short
 * codes (vitrine-product-sync.c). */

/* The most a single answer may weigh: a page of 100 WooCommerce products with
 * long HTML descriptions stays far below. */
#define VITRINE_SHOP_MAX_RESPONSE (16 * 1024 * 1024)

/* Tries per request when the shop answers 5xx or 429 (the first included). */
#define VITRINE_SHOP_MAX_ATTEMPTS 4

/* The longest Vitrine waits before one retry, whatever the shop asks. */
#define VITRINE_SHOP_MAX_WAIT_MS 60000

/* What the connectors collect while they read a shop. */
typedef struct
{
  GPtrArray  *drafts;        /* VitrineProductDraft, in listing order */
  GPtrArray  *problems;      /* VitrineCatalogProblem */
  GHashTable *shop_ids;      /* every product id the shop listed, good or not */
  char       *id_prefix;     /* "gid://shopify/Product/": what this shop's ids look like */
  const char *compare_at_member; /* a variant's compare-at price member, for problems */
  guint       n_listed;      /* products read so far: the next product's index */
  gboolean    complete;      /* every page was read */
  char        currency[4];   /* "" when not known */
} VitrineSyncBuilder;

VitrineSyncBuilder *_vitrine_sync_builder_new       (const char          *id_prefix,
                                                     const char          *compare_at_member);
void                _vitrine_sync_builder_free      (VitrineSyncBuilder  *builder);
void                _vitrine_sync_problem           (VitrineSyncBuilder  *builder,
                                                     VitrineCatalogProblemSeverity severity,
                                                     guint                line,
                                                     int                  index,
                                                     const char          *field,
                                                     const char          *title,
                                                     const char          *format,
                                                     ...) G_GNUC_PRINTF (7, 8);
gboolean            _vitrine_sync_count_product     (VitrineSyncBuilder  *builder,
                                                     GError             **error);
VitrineProductSync *_vitrine_product_sync_build     (VitrineSyncBuilder  *builder,
                                                     VitrineCatalog      *catalog);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineSyncBuilder, _vitrine_sync_builder_free)

/* JSON members, with a problem for the product when the type is wrong. */
const char         *_vitrine_sync_describe_node     (JsonNode            *node);
gboolean            _vitrine_sync_get_string        (VitrineSyncBuilder  *builder,
                                                     JsonObject          *object,
                                                     const char          *member,
                                                     const char          *path,
                                                     int                  index,
                                                     const char          *title,
                                                     VitrineCatalogProblemSeverity severity,
                                                     char               **out);
gboolean            _vitrine_sync_parse_money       (VitrineSyncBuilder  *builder,
                                                     JsonNode            *node,
                                                     const char          *currency,
                                                     const char          *path,
                                                     int                  index,
                                                     const char          *title,
                                                     VitrineMoney        *out);
char               *_vitrine_sync_html_to_text      (const char          *html);
char               *_vitrine_sync_join_path         (const char          *path,
                                                     const char          *member);

/* Parses an answer; on malformed JSON, says where (1-based line and column). */
JsonNode           *_vitrine_shop_parse_json        (GBytes              *body,
                                                     guint               *line,
                                                     guint               *column,
                                                     char               **message);

/* HTTP */
typedef struct
{
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
  guint               attempts;
} VitrineShopResponse;

typedef SoupMessage *(*VitrineShopMessageFunc) (gpointer data);

void                 _vitrine_shop_response_free    (VitrineShopResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineShopResponse, _vitrine_shop_response_free)

SoupSession         *_vitrine_shop_session_new      (void);
GUri                *_vitrine_shop_parse_base_url   (const char          *base_url,
                                                     GError             **error);
char                *_vitrine_shop_default_secret_id (const char         *platform,
                                                     GUri                *base);
void                 _vitrine_shop_send_async       (SoupSession         *session,
                                                     VitrineShopMessageFunc build,
                                                     gpointer             build_data,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
VitrineShopResponse *_vitrine_shop_send_finish      (GAsyncResult        *result,
                                                     GError             **error);
void                 _vitrine_shop_sleep_async      (guint                milliseconds,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean             _vitrine_shop_sleep_finish     (GAsyncResult        *result,
                                                     GError             **error);
guint                _vitrine_shop_retry_after_ms   (SoupMessageHeaders  *headers,
                                                     guint                fallback_ms);
gboolean             _vitrine_shop_check_status     (VitrineShopResponse *response,
                                                     const char          *shop,
                                                     GError             **error);

/* Credentials: the environment first, then the keyring. */
void                 _vitrine_shop_lookup_secret_async  (const char          *secret_id,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
char                *_vitrine_shop_lookup_secret_finish (GAsyncResult        *result,
                                                         GError             **error);
void                 _vitrine_shop_secret_free          (char                *secret);

G_END_DECLS
