/* vitrine-secrets.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Stream keys live in the Secret Service (libsecret), one item per
 * destination id. Nothing here ever logs a key. */

char     *vitrine_secrets_env_name             (const char           *destination_id);
char     *vitrine_secrets_lookup_env           (const char           *destination_id);
void      vitrine_secrets_lookup_async         (const char           *destination_id,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
char     *vitrine_secrets_lookup_finish        (GAsyncResult         *result,
                                                GError              **error);
void      vitrine_secrets_store_async          (const char           *destination_id,
                                                const char           *label,
                                                const char           *key,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean  vitrine_secrets_store_finish         (GAsyncResult         *result,
                                                GError              **error);
void      vitrine_secrets_clear_async          (const char           *destination_id,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean  vitrine_secrets_clear_finish         (GAsyncResult         *result,
                                                GError              **error);

/* OAuth refresh tokens of platform accounts (VitrineAccount), one item per
 * account id under their own schema, so they never mix with stream keys.
 * No environment fallback: a refresh token is only ever written by a
 * sign-in, and a sign-in needs the keyring. */
void      vitrine_secrets_lookup_account_token_async  (const char           *account_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
char     *vitrine_secrets_lookup_account_token_finish (GAsyncResult         *result,
                                                       GError              **error);
void      vitrine_secrets_store_account_token_async   (const char           *account_id,
                                                       const char           *label,
                                                       const char           *token,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean  vitrine_secrets_store_account_token_finish  (GAsyncResult         *result,
                                                       GError              **error);
void      vitrine_secrets_clear_account_token_async   (const char           *account_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean  vitrine_secrets_clear_account_token_finish  (GAsyncResult         *result,
                                                       GError              **error);

G_END_DECLS
