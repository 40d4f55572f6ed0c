/* vitrine-feed-source.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-feed-source"

#include "config.h"

#include "vitrine-feed-source.h"

/* What every chat and order connector shares: an id and a platform, the
 * base URL the protocol is spoken to (configurable so tests point it at a
 * local server), one state the UI shows with a status line for the host,
 * a capped exponential backoff with jitter, and three signals the feed
 * listens to: a new item, a message retracted (deleted on the platform),
 * an author banned. */

#define BACKOFF_FIRST_MS 1000
#define BACKOFF_MAX_MS   60000

typedef struct
{
  char                   *id;
  char                   *platform;
  char                   *base_url;
  SoupSession            *session;
  VitrineFeedSourceState  state;
  char                   *status;
  GCancellable           *cancellable;
  guint                   backoff_ms;
} VitrineFeedSourcePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (VitrineFeedSource, vitrine_feed_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PLATFORM,
  PROP_BASE_URL,
  PROP_SESSION,
  PROP_STATE,
  PROP_STATUS,
  N_PROPS
};

enum {
  ITEM,
  RETRACT,
  BAN,
  ORDER,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
vitrine_feed_source_dispose (GObject *object)
{
  VitrineFeedSource *self = VITRINE_FEED_SOURCE (object);
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);

  G_OBJECT_CLASS (vitrine_feed_source_parent_class)->dispose (object);
}

static void
vitrine_feed_source_finalize (GObject *object)
{
  VitrineFeedSource *self = VITRINE_FEED_SOURCE (object);
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  g_clear_pointer (&priv->id, g_free);
  g_clear_pointer (&priv->platform, g_free);
  g_clear_pointer (&priv->base_url, g_free);
  g_clear_pointer (&priv->status, g_free);
  g_clear_object (&priv->session);
  g_clear_object (&priv->cancellable);

  G_OBJECT_CLASS (vitrine_feed_source_parent_class)->finalize (object);
}

static void
vitrine_feed_source_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VitrineFeedSource *self = VITRINE_FEED_SOURCE (object);
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, priv->id);
      break;
    case PROP_PLATFORM:
      g_value_set_string (value, priv->platform);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, priv->base_url);
      break;
    case PROP_SESSION:
      g_value_set_object (value, priv->session);
      break;
    case PROP_STATE:
      g_value_set_int (value, priv->state);
      break;
    case PROP_STATUS:
      g_value_set_string (value, priv->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_feed_source_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VitrineFeedSource *self = VITRINE_FEED_SOURCE (object);
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID:
      priv->id = g_value_dup_string (value);
      break;
    case PROP_PLATFORM:
      priv->platform = g_value_dup_string (value);
      break;
    case PROP_BASE_URL:
      priv->base_url = g_value_dup_string (value);
      break;
    case PROP_SESSION:
      priv->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_feed_source_constructed (GObject *object)
{
  VitrineFeedSource *self = VITRINE_FEED_SOURCE (object);
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  G_OBJECT_CLASS (vitrine_feed_source_parent_class)->constructed (object);

  if (priv->session == NULL)
    priv->session = soup_session_new_with_options ("timeout", 30, "idle-timeout", 60, NULL);
}

static void
vitrine_feed_source_class_init (VitrineFeedSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vitrine_feed_source_dispose;
  object_class->finalize = vitrine_feed_source_finalize;
  object_class->get_property = vitrine_feed_source_get_property;
  object_class->set_property = vitrine_feed_source_set_property;
  object_class->constructed = vitrine_feed_source_constructed;

  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_PLATFORM] =
    g_param_spec_string ("platform", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineFeedSource:base-url:
   *
   * Where the platform's API is (its real address by default; a local
   * server in tests).
   */
  properties [PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineFeedSource:state:
   *
   * A #VitrineFeedSourceState.
   */
  properties [PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, VITRINE_FEED_SOURCE_IDLE, VITRINE_FEED_SOURCE_STOPPED,
                      VITRINE_FEED_SOURCE_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineFeedSource:status:
   *
   * What the host reads beside the state, e.g. "YouTube's daily quota is
   * spent; trying again in 10 minutes".
   */
  properties [PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VitrineFeedSource::item:
   * @item: a new feed item (sanitised, with this source's id)
   */
  signals [ITEM] =
    g_signal_new ("item", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, VITRINE_TYPE_FEED_ITEM);
  /**
   * VitrineFeedSource::retract:
   * @item_id: the platform's id of a message deleted there
   */
  signals [RETRACT] =
    g_signal_new ("retract", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * VitrineFeedSource::ban:
   * @author_id: the platform's id of a user banned or timed out there
   * @seconds: how long a timeout lasts; 0 for a ban
   */
  signals [BAN] =
    g_signal_new ("ban", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
  /**
   * VitrineFeedSource::order:
   * @order: a new order, or a new version of one (updated, paid,
   *   cancelled…), each version once, in the order the shop changed them
   *
   * From the shop connectors and the demo's scripted orders; apply it to
   * the catalog with vitrine_order_apply_to_catalog().
   */
  signals [ORDER] =
    g_signal_new ("order", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, VITRINE_TYPE_ORDER);
}

static void
vitrine_feed_source_init (VitrineFeedSource *self)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  priv->cancellable = g_cancellable_new ();
  priv->backoff_ms = BACKOFF_FIRST_MS;
}

const char *
vitrine_feed_source_get_id (VitrineFeedSource *self)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  g_return_val_if_fail (VITRINE_IS_FEED_SOURCE (self), NULL);
  return priv->id;
}

const char *
vitrine_feed_source_get_platform (VitrineFeedSource *self)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  g_return_val_if_fail (VITRINE_IS_FEED_SOURCE (self), NULL);
  return priv->platform;
}

const char *
vitrine_feed_source_get_base_url (VitrineFeedSource *self)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  g_return_val_if_fail (VITRINE_IS_FEED_SOURCE (self), NULL);
  return priv->base_url;
}

VitrineFeedSourceState
vitrine_feed_source_get_state (VitrineFeedSource *self)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  g_return_val_if_fail (VITRINE_IS_FEED_SOURCE (self), 0);
  return priv->state;
}

const char *
vitrine_feed_source_get_status (VitrineFeedSource *self)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  g_return_val_if_fail (VITRINE_IS_FEED_SOURCE (self), NULL);
  return priv->status;
}

/**
 * vitrine_feed_source_get_session:
 *
 * Returns: (transfer none): the HTTP session requests go through
 */
SoupSession *
vitrine_feed_source_get_session (VitrineFeedSource *self)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  g_return_val_if_fail (VITRINE_IS_FEED_SOURCE (self), NULL);
  return priv->session;
}

/**
 * vitrine_feed_source_start:
 *
 * Starts receiving. Returns at once; the state says how it goes.
 */
void
vitrine_feed_source_start (VitrineFeedSource *self)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  g_return_if_fail (VITRINE_IS_FEED_SOURCE (self));

  if (priv->state != VITRINE_FEED_SOURCE_IDLE && priv->state != VITRINE_FEED_SOURCE_STOPPED &&
      priv->state != VITRINE_FEED_SOURCE_FAILED && priv->state != VITRINE_FEED_SOURCE_ENDED &&
      priv->state != VITRINE_FEED_SOURCE_UNAUTHORIZED)
    return;

  /* Whatever the last run left pending (a backoff timer, a request) is
   * cancelled before the new run starts. */
  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();
  priv->backoff_ms = BACKOFF_FIRST_MS;
  VITRINE_FEED_SOURCE_GET_CLASS (self)->start (self);
}

/**
 * vitrine_feed_source_stop:
 *
 * Stops; nothing is emitted afterwards.
 */
void
vitrine_feed_source_stop (VitrineFeedSource *self)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  g_return_if_fail (VITRINE_IS_FEED_SOURCE (self));

  g_cancellable_cancel (priv->cancellable);
  if (VITRINE_FEED_SOURCE_GET_CLASS (self)->stop != NULL)
    VITRINE_FEED_SOURCE_GET_CLASS (self)->stop (self);
  _vitrine_feed_source_set_state (self, VITRINE_FEED_SOURCE_STOPPED, NULL);
}

/**
 * _vitrine_feed_source_set_state:
 * @status: (nullable): what the host should read, translated
 */
void
_vitrine_feed_source_set_state (VitrineFeedSource      *self,
                                VitrineFeedSourceState  state,
                                const char             *status)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  if (state == VITRINE_FEED_SOURCE_LIVE)
    priv->backoff_ms = BACKOFF_FIRST_MS;
  if (g_strcmp0 (priv->status, status) != 0)
    {
      g_free (priv->status);
      priv->status = g_strdup (status);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATUS]);
    }
  if (priv->state != state)
    {
      g_debug ("%s: state %d → %d", priv->id, priv->state, state);
      priv->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
    }
}

void
_vitrine_feed_source_emit_item (VitrineFeedSource *self,
                                VitrineFeedItem   *item)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  if (g_cancellable_is_cancelled (priv->cancellable))
    return;
  vitrine_feed_item_set_source_id (item, priv->id);
  g_signal_emit (self, signals [ITEM], 0, item);
}

void
_vitrine_feed_source_emit_retract (VitrineFeedSource *self,
                                   const char        *item_id)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  if (!g_cancellable_is_cancelled (priv->cancellable))
    g_signal_emit (self, signals [RETRACT], 0, item_id);
}

void
_vitrine_feed_source_emit_ban (VitrineFeedSource *self,
                               const char        *author_id)
{
  _vitrine_feed_source_emit_timeout (self, author_id, 0);
}

void
_vitrine_feed_source_emit_order (VitrineFeedSource *self,
                                 VitrineOrder      *order)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  if (!g_cancellable_is_cancelled (priv->cancellable))
    g_signal_emit (self, signals [ORDER], 0, order);
}

/**
 * vitrine_feed_source_dup_cursor:
 *
 * Where a connector that polls stands, for the journal to keep (the shop
 * connectors: JSON text of vitrine_order_cursor_to_string()).
 *
 * Returns: (transfer full) (nullable): the cursor, or %NULL for a connector
 *   that keeps none, or before its first round
 */
char *
vitrine_feed_source_dup_cursor (VitrineFeedSource *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_SOURCE (self), NULL);

  if (VITRINE_FEED_SOURCE_GET_CLASS (self)->dup_cursor == NULL)
    return NULL;
  return VITRINE_FEED_SOURCE_GET_CLASS (self)->dup_cursor (self);
}

/**
 * vitrine_feed_source_restore_cursor:
 * @cursor: what vitrine_feed_source_dup_cursor() gave in an earlier run
 * @error: why it cannot be used
 *
 * Resumes where an earlier run stood; call before starting. A connector
 * that keeps no cursor ignores it.
 *
 * Returns: %TRUE, or %FALSE with @error set and nothing changed
 */
gboolean
vitrine_feed_source_restore_cursor (VitrineFeedSource  *self,
                                    const char         *cursor,
                                    GError            **error)
{
  g_return_val_if_fail (VITRINE_IS_FEED_SOURCE (self), FALSE);
  g_return_val_if_fail (cursor != NULL, FALSE);

  if (VITRINE_FEED_SOURCE_GET_CLASS (self)->restore_cursor == NULL)
    return TRUE;
  return VITRINE_FEED_SOURCE_GET_CLASS (self)->restore_cursor (self, cursor, error);
}

/* @seconds: how long the platform keeps the user out; 0 for good. */
void
_vitrine_feed_source_emit_timeout (VitrineFeedSource *self,
                                   const char        *author_id,
                                   guint              seconds)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  if (!g_cancellable_is_cancelled (priv->cancellable))
    g_signal_emit (self, signals [BAN], 0, author_id, seconds);
}

/**
 * _vitrine_feed_source_next_backoff:
 *
 * Returns: how long to wait before the next attempt, in ms: 1 s, then ×1.5
 *   up to a minute, ±10 % jitter so many studios do not retry in step. Back
 *   to 1 s once LIVE.
 */
guint
_vitrine_feed_source_next_backoff (VitrineFeedSource *self)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);
  guint wait = priv->backoff_ms;

  priv->backoff_ms = MIN (BACKOFF_MAX_MS, priv->backoff_ms * 3 / 2);
  return (guint)(wait * g_random_double_range (0.9, 1.1));
}

void
_vitrine_feed_source_reset_backoff (VitrineFeedSource *self)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  priv->backoff_ms = BACKOFF_FIRST_MS;
}

/**
 * _vitrine_feed_source_get_cancellable:
 *
 * Returns: (transfer none): cancelled when the source stops
 */
GCancellable *
_vitrine_feed_source_get_cancellable (VitrineFeedSource *self)
{
  VitrineFeedSourcePrivate *priv = vitrine_feed_source_get_instance_private (self);

  return priv->cancellable;
}
