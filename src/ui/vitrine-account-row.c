/* vitrine-account-row.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-account-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-account-row.h"

/* One platform account in a list: the platform, where the sign-in stands
 * in the host's words ("Signed in", "Sign in to YouTube again: …", why the
 * last attempt did not work), a spinner while the browser is open, and one
 * button: "Sign In…", "Cancel" while signing in, "Sign Out".
 *
 * Built in code rather than from a template: three widgets, all of them
 * driven by the account's state. The row observes the account and never
 * owns more than a reference; its own sign-in or sign-out is cancelled
 * when the row goes away. */

struct _VitrineAccountRow
{
  AdwActionRow    parent_instance;

  VitrineAccount *account;
  GCancellable   *cancellable;     /* the sign-in or sign-out this row started */

  GtkWidget      *warning;
  GtkWidget      *spinner;
  GtkWidget      *button;
  gboolean        failed;          /* the last attempt did not work */
};

G_DEFINE_FINAL_TYPE (VitrineAccountRow, vitrine_account_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const char *
state_text (VitrineAccountState state)
{
  switch (state)
    {
    case VITRINE_ACCOUNT_SIGNED_IN:
      return _("Signed in");
    case VITRINE_ACCOUNT_SIGNING_IN:
      return _("Signing in…");
    case VITRINE_ACCOUNT_NEEDS_SIGN_IN:
      return _("Needs a new sign-in");
    case VITRINE_ACCOUNT_ERROR:
      return _("Cannot sign in");
    case VITRINE_ACCOUNT_SIGNED_OUT:
    default:
      return _("Not signed in");
    }
}

static void
update (VitrineAccountRow *self)
{
  VitrineAccountState state = vitrine_account_get_state (self->account);
  const char *status = vitrine_account_get_status (self->account);
  gboolean trouble = state == VITRINE_ACCOUNT_NEEDS_SIGN_IN || state == VITRINE_ACCOUNT_ERROR ||
                     (self->failed && state != VITRINE_ACCOUNT_SIGNED_IN);
  const char *label;

  /* The account's status says it best; the state word when it says the
   * same thing or nothing. */
  if (status == NULL || *status == '\0' || g_str_equal (status, state_text (state)))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), state_text (state));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), status);

  gtk_widget_set_visible (self->warning, trouble);
  gtk_widget_set_tooltip_text (self->warning, trouble ? status : NULL);

  gtk_widget_set_visible (self->spinner, state == VITRINE_ACCOUNT_SIGNING_IN);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), state == VITRINE_ACCOUNT_SIGNING_IN);

  switch (state)
    {
    case VITRINE_ACCOUNT_SIGNING_IN:
      label = _("Cancel");
      break;
    case VITRINE_ACCOUNT_SIGNED_IN:
      label = _("Sign Out");
      break;
    case VITRINE_ACCOUNT_SIGNED_OUT:
    case VITRINE_ACCOUNT_NEEDS_SIGN_IN:
    case VITRINE_ACCOUNT_ERROR:
    default:
      label = _("Sign In…");
      break;
    }
  gtk_button_set_label (GTK_BUTTON (self->button), label);
  if (state == VITRINE_ACCOUNT_NEEDS_SIGN_IN)
    gtk_widget_add_css_class (self->button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->button, "suggested-action");
}

static void
account_notify_cb (VitrineAccount    *account,
                   GParamSpec        *pspec,
                   VitrineAccountRow *self)
{
  update (self);
}

/* The row holds no reference while the account works: a row that goes
 * away cancels, and a cancelled task reports G_IO_ERROR_CANCELLED, so
 * @user_data is only used when it is alive. */
static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  VitrineAccountRow *self;

  if (vitrine_account_sign_in_finish (VITRINE_ACCOUNT (object), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The account's status already says what went wrong, in the host's
   * words; the row only marks it. */
  self = VITRINE_ACCOUNT_ROW (user_data);
  self->failed = TRUE;
  update (self);
}

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  VitrineAccountRow *self;

  if (vitrine_account_sign_out_finish (VITRINE_ACCOUNT (object), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = VITRINE_ACCOUNT_ROW (user_data);
  self->failed = TRUE;
  update (self);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A keyring that cannot be read is in the account's state already. */
  if (!vitrine_account_load_finish (VITRINE_ACCOUNT (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("%s: %s", vitrine_account_get_id (VITRINE_ACCOUNT (object)), error->message);
}

static void
restart_cancellable (VitrineAccountRow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static void
button_clicked_cb (GtkButton         *button,
                   VitrineAccountRow *self)
{
  switch (vitrine_account_get_state (self->account))
    {
    case VITRINE_ACCOUNT_SIGNING_IN:
      /* The host gave up in the browser. */
      g_cancellable_cancel (self->cancellable);
      break;

    case VITRINE_ACCOUNT_SIGNED_IN:
      restart_cancellable (self);
      self->failed = FALSE;
      vitrine_account_sign_out_async (self->account, self->cancellable, sign_out_cb, self);
      break;

    case VITRINE_ACCOUNT_SIGNED_OUT:
    case VITRINE_ACCOUNT_NEEDS_SIGN_IN:
    case VITRINE_ACCOUNT_ERROR:
    default:
      restart_cancellable (self);
      self->failed = FALSE;
      vitrine_account_sign_in_async (self->account, self->cancellable, sign_in_cb, self);
      break;
    }
  update (self);
}

static void
vitrine_account_row_constructed (GObject *object)
{
  VitrineAccountRow *self = VITRINE_ACCOUNT_ROW (object);

  G_OBJECT_CLASS (vitrine_account_row_parent_class)->constructed (object);

  g_return_if_fail (VITRINE_IS_ACCOUNT (self->account));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 vitrine_account_get_platform_name (self->account));
  g_signal_connect_object (self->account, "notify::state", G_CALLBACK (account_notify_cb),
                           self, 0);
  g_signal_connect_object (self->account, "notify::status", G_CALLBACK (account_notify_cb),
                           self, 0);
  update (self);

  /* Whether a sign-in is stored: nothing is sent to the platform. */
  if (vitrine_account_get_state (self->account) == VITRINE_ACCOUNT_SIGNED_OUT)
    vitrine_account_load_async (self->account, self->cancellable, load_cb, NULL);
}

static void
vitrine_account_row_dispose (GObject *object)
{
  VitrineAccountRow *self = VITRINE_ACCOUNT_ROW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (vitrine_account_row_parent_class)->dispose (object);
}

static void
vitrine_account_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VitrineAccountRow *self = VITRINE_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_account_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VitrineAccountRow *self = VITRINE_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_account_row_class_init (VitrineAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vitrine_account_row_constructed;
  object_class->dispose = vitrine_account_row_dispose;
  object_class->get_property = vitrine_account_row_get_property;
  object_class->set_property = vitrine_account_row_set_property;

  /**
   * VitrineAccountRow:account:
   *
   * The #VitrineAccount shown.
   */
  properties [PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, VITRINE_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_account_row_init (VitrineAccountRow *self)
{
  self->cancellable = g_cancellable_new ();

  /* Long messages ("Sign in to YouTube again: …") wrap instead of being
   * cut. */
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self), 4);

  self->warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (self->warning, "error");
  gtk_widget_set_visible (self->warning, FALSE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self), self->warning);

  self->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_widget_set_valign (self->spinner, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->spinner);

  self->button = gtk_button_new_with_label (_("Sign In…"));
  gtk_widget_set_valign (self->button, GTK_ALIGN_CENTER);
  g_signal_connect (self->button, "clicked", G_CALLBACK (button_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->button);
}

/**
 * vitrine_account_row_new:
 * @account: the platform account to show
 *
 * Returns: (transfer floating): a row for a #GtkListBox (e.g. in an
 *   #AdwPreferencesGroup) that signs @account in and out
 */
GtkWidget *
vitrine_account_row_new (VitrineAccount *account)
{
  g_return_val_if_fail (VITRINE_IS_ACCOUNT (account), NULL);

  return g_object_new (VITRINE_TYPE_ACCOUNT_ROW, "account", account, NULL);
}

/**
 * vitrine_account_row_get_account:
 *
 * Returns: (transfer none): the account shown
 */
VitrineAccount *
vitrine_account_row_get_account (VitrineAccountRow *self)
{
  g_return_val_if_fail (VITRINE_IS_ACCOUNT_ROW (self), NULL);
  return self->account;
}
