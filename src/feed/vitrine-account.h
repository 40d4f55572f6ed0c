/* vitrine-account.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * VITRINE_ACCOUNT_DEFAULT_SIGN_IN_TIMEOUT:
 *
 * How long a sign-in waits for the browser to come back, in seconds.
 */
#define VITRINE_ACCOUNT_DEFAULT_SIGN_IN_TIMEOUT (5 * 60)

/**
 * VitrineAccountState:
 * @VITRINE_ACCOUNT_SIGNED_OUT: no sign-in (none stored, or signed out)
 * @VITRINE_ACCOUNT_SIGNING_IN: the browser is open at the platform's sign-in
 *   page, or the answer is being checked
 * @VITRINE_ACCOUNT_SIGNED_IN: a refresh token is in the keyring (or, for a
 *   platform that issues none, an access token is still valid)
 * @VITRINE_ACCOUNT_NEEDS_SIGN_IN: the platform no longer accepts the stored
 *   sign-in (revoked, expired, password changed): the host has to sign in
 *   again; nothing is retried until then
 * @VITRINE_ACCOUNT_ERROR: cannot work as configured (a wrong address, the
 *   app's client id refused, no keyring); the status says what
 *
 * Where one platform account stands, as the host sees it.
 */
typedef enum
{
  VITRINE_ACCOUNT_SIGNED_OUT,
  VITRINE_ACCOUNT_SIGNING_IN,
  VITRINE_ACCOUNT_SIGNED_IN,
  VITRINE_ACCOUNT_NEEDS_SIGN_IN,
  VITRINE_ACCOUNT_ERROR,
} VitrineAccountState;

GType vitrine_account_state_get_type (void);
#define VITRINE_TYPE_ACCOUNT_STATE (vitrine_account_state_get_type ())

#define VITRINE_TYPE_ACCOUNT (vitrine_account_get_type ())

G_DECLARE_FINAL_TYPE (VitrineAccount, vitrine_account, VITRINE, ACCOUNT, GObject)

/**
 * VitrineAccountLauncher:
 * @account: the account signing in
 * @uri: the platform's authorization page to open; it holds no token, but
 *   do not log it anyway
 * @user_data: what vitrine_account_set_launcher() was given
 * @error: where to say why the page could not be opened
 *
 * Opens @uri in the host's web browser, without blocking. The default is
 * g_app_info_launch_default_for_uri_async(), which goes through the OpenURI
 * portal inside Flatpak; tests play the browser themselves.
 *
 * Returns: %FALSE with @error set if the page cannot be opened at all
 */
typedef gboolean (*VitrineAccountLauncher) (VitrineAccount  *account,
                                            const char      *uri,
                                            gpointer         user_data,
                                            GError         **error);

VitrineAccount      *vitrine_account_new                  (const char           *id,
                                                           const char           *provider,
                                                           const char           *client_id);
const char          *vitrine_account_get_id               (VitrineAccount       *self);
const char          *vitrine_account_get_provider         (VitrineAccount       *self);
const char          *vitrine_account_get_platform_name    (VitrineAccount       *self);
const char          *vitrine_account_get_client_id        (VitrineAccount       *self);
void                 vitrine_account_set_client_secret    (VitrineAccount       *self,
                                                           const char           *client_secret);
const char * const  *vitrine_account_get_scopes           (VitrineAccount       *self);
void                 vitrine_account_set_scopes           (VitrineAccount       *self,
                                                           const char * const   *scopes);
const char          *vitrine_account_get_auth_url         (VitrineAccount       *self);
void                 vitrine_account_set_auth_url         (VitrineAccount       *self,
                                                           const char           *auth_url);
const char          *vitrine_account_get_token_url        (VitrineAccount       *self);
void                 vitrine_account_set_token_url        (VitrineAccount       *self,
                                                           const char           *token_url);
guint                vitrine_account_get_sign_in_timeout  (VitrineAccount       *self);
void                 vitrine_account_set_sign_in_timeout  (VitrineAccount       *self,
                                                           guint                 seconds);
void                 vitrine_account_set_launcher         (VitrineAccount       *self,
                                                           VitrineAccountLauncher launcher,
                                                           gpointer              user_data,
                                                           GDestroyNotify        destroy);
VitrineAccountState  vitrine_account_get_state            (VitrineAccount       *self);
const char          *vitrine_account_get_status           (VitrineAccount       *self);

void                 vitrine_account_load_async           (VitrineAccount       *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean             vitrine_account_load_finish          (VitrineAccount       *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void                 vitrine_account_sign_in_async        (VitrineAccount       *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean             vitrine_account_sign_in_finish       (VitrineAccount       *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void                 vitrine_account_get_token_async      (VitrineAccount       *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
char                *vitrine_account_get_token_finish     (VitrineAccount       *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
void                 vitrine_account_token_rejected       (VitrineAccount       *self,
                                                           const char           *token);
void                 vitrine_account_sign_out_async       (VitrineAccount       *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean             vitrine_account_sign_out_finish      (VitrineAccount       *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

typedef char VitrineAccountToken;

void                 vitrine_account_token_free           (char                 *token);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineAccountToken, vitrine_account_token_free)

G_END_DECLS
