/* vitrine-secrets.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-secrets"

#include "config.h"

#include <libsecret/secret.h>

#include "vitrine-secrets.h"

/* One item per destination in the Secret Service. Attributes are not
 * encrypted, so they only hold the destination id; the key is the secret. */
static const SecretSchema *
vitrine_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.vitrine.Vitrine.StreamKey",
    SECRET_SCHEMA_NONE,
    {
      { "destination", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "NULL", 0 },
    }
  };

  return &schema;
}

/**
 * vitrine_secrets_env_name:
 * @destination_id: a destination id such as `youtube-main`
 *
 * Returns: (transfer full): the environment variable a headless run reads the
 *   key from, e.g. `VITRINE_KEY_YOUTUBE_MAIN`
 */
char *
vitrine_secrets_env_name (const char *destination_id)
{
  GString *name = g_string_new ("VITRINE_KEY_");

  for (const char *p = destination_id; *p; p++)
    g_string_append_c (name, g_ascii_isalnum (*p) ? g_ascii_toupper (*p) : '_');

  return g_string_free (name, FALSE);
}

/**
 * vitrine_secrets_lookup_env:
 *
 * Returns: (transfer full) (nullable): the key from the environment, if set
 */
char *
vitrine_secrets_lookup_env (const char *destination_id)
{
  g_autofree char *name = vitrine_secrets_env_name (destination_id);
  const char *value = g_getenv (name);

  if (value == NULL || *value == '\0')
    return NULL;
  return g_strdup (value);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *key;

  key = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, key, (GDestroyNotify)secret_password_free);
}

/**
 * vitrine_secrets_lookup_async:
 * @destination_id: the destination
 *
 * Looks the stream key up in the Secret Service without blocking.
 */
void
vitrine_secrets_lookup_async (const char          *destination_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (destination_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_secrets_lookup_async);
  secret_password_lookup (vitrine_secrets_get_schema (), cancellable, lookup_cb, task,
                          "destination", destination_id,
                          NULL);
}

/**
 * vitrine_secrets_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the key, or %NULL if none is stored
 *   (no error) or the keyring could not be reached (@error set)
 */
char *
vitrine_secrets_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_autofree char *key = NULL;
  char *secret;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  /* Copy out of libsecret's non-pageable memory into a normal string the
   * caller can free with g_free(). */
  secret = g_task_propagate_pointer (G_TASK (result), error);
  if (secret != NULL)
    {
      key = g_strdup (secret);
      secret_password_free (secret);
    }
  return g_steal_pointer (&key);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * vitrine_secrets_store_async:
 * @destination_id: the destination
 * @label: the label the keyring shows to the user
 * @key: the stream key
 *
 * Stores (or replaces) the stream key of a destination.
 */
void
vitrine_secrets_store_async (const char          *destination_id,
                             const char          *label,
                             const char          *key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (destination_id != NULL);
  g_return_if_fail (label != NULL);
  g_return_if_fail (key != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_secrets_store_async);
  secret_password_store (vitrine_secrets_get_schema (), SECRET_COLLECTION_DEFAULT, label, key,
                         cancellable, store_cb, task,
                         "destination", destination_id,
                         NULL);
}

gboolean
vitrine_secrets_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error means there was nothing to clear: that is fine. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
vitrine_secrets_clear_async (const char          *destination_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (destination_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_secrets_clear_async);
  secret_password_clear (vitrine_secrets_get_schema (), cancellable, clear_cb, task,
                         "destination", destination_id,
                         NULL);
}

gboolean
vitrine_secrets_clear_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Account tokens */

/* A refresh token per platform account. "kind" says what the secret is, so
 * a later kind of account secret (e.g. a long-lived Page token) can sit
 * beside it; "account" is the account's id from the show file. Neither is
 * secret: attributes are stored unencrypted. */
#define ACCOUNT_TOKEN_KIND "oauth-refresh"

static const SecretSchema *
vitrine_secrets_get_account_schema (void)
{
  static const SecretSchema schema = {
    "io.github.vitrine.Vitrine.AccountToken",
    SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "NULL", 0 },
    }
  };

  return &schema;
}

/**
 * vitrine_secrets_lookup_account_token_async:
 * @account_id: the account, e.g. `youtube:main`
 *
 * Looks the account's OAuth refresh token up in the Secret Service without
 * blocking.
 */
void
vitrine_secrets_lookup_account_token_async (const char          *account_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (account_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_secrets_lookup_account_token_async);
  secret_password_lookup (vitrine_secrets_get_account_schema (), cancellable, lookup_cb, task,
                          "kind", ACCOUNT_TOKEN_KIND,
                          "account", account_id,
                          NULL);
}

/**
 * vitrine_secrets_lookup_account_token_finish:
 *
 * Returns: (transfer full) (nullable): the refresh token, or %NULL if none
 *   is stored (no error) or the keyring could not be reached (@error set).
 *   Wipe it before freeing it.
 */
char *
vitrine_secrets_lookup_account_token_finish (GAsyncResult  *result,
                                             GError       **error)
{
  return vitrine_secrets_lookup_finish (result, error);
}

/**
 * vitrine_secrets_store_account_token_async:
 * @account_id: the account
 * @label: the label the keyring shows to the user
 * @token: the refresh token
 *
 * Stores (or replaces) the account's OAuth refresh token.
 */
void
vitrine_secrets_store_account_token_async (const char          *account_id,
                                           const char          *label,
                                           const char          *token,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (account_id != NULL);
  g_return_if_fail (label != NULL);
  g_return_if_fail (token != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_secrets_store_account_token_async);
  secret_password_store (vitrine_secrets_get_account_schema (), SECRET_COLLECTION_DEFAULT,
                         label, token, cancellable, store_cb, task,
                         "kind", ACCOUNT_TOKEN_KIND,
                         "account", account_id,
                         NULL);
}

gboolean
vitrine_secrets_store_account_token_finish (GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vitrine_secrets_clear_account_token_async:
 * @account_id: the account
 *
 * Removes the account's refresh token; nothing stored is not an error.
 */
void
vitrine_secrets_clear_account_token_async (const char          *account_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (account_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_secrets_clear_account_token_async);
  secret_password_clear (vitrine_secrets_get_account_schema (), cancellable, clear_cb, task,
                         "kind", ACCOUNT_TOKEN_KIND,
                         "account", account_id,
                         NULL);
}

gboolean
vitrine_secrets_clear_account_token_finish (GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
