/* vitrine-claim-queue.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-claim-queue"

#include "config.h"

#include <string.h>

#include "vitrine-claim-queue.h"

/**
 * VitrineClaimQueue:
 *
 * Turns "SOLD A12 M" on any platform into a claim, and keeps one queue per
 * product.
 *
 * It listens to a #VitrineFeed: every visible chat or paid message that the
 * parser reads as a claim for a product of the catalog becomes a
 * #VitrineClaim, and shows in the feed as a %VITRINE_FEED_ITEM_CLAIM item
 * whose detail reads "A12 × 2 (M)".
 *
 * Claims are ordered by the time the platform gives them, not by the time
 * they arrive: YouTube's and Facebook's polling delivers messages seconds
 * after Twitch's, yet the viewer who wrote first is first. Equal times keep
 * the order of arrival. Each viewer has one claim per product — one per
 * platform and platform user id (or, without an id, display name): the same
 * name on two platforms is two people. A later message of the same viewer
 * for the same product is a duplicate, reported with
 * #VitrineClaimQueue::duplicate and not queued; if it turns out to be
 * earlier (it arrived late), the claim takes it over while it is not
 * confirmed yet. Messages without any author are not claims (nobody to sell
 * to).
 *
 * Walking a product's claims in that order, each claim is within stock
 * while its quantity fits in what confirmed and earlier pending claims leave
 * of the product's stock — and, when it names a variant, of the stock of the
 * variants with that title or option value. A claim that does not fit is
 * waitlisted; a later, smaller one that fits still gets its units. Untracked
 * stock (-1) never runs out. Claims for a product that left the catalog are
 * not given new units. The queue only reads stock: when claims are checked
 * out in the shop, the order connectors lower the stock.
 *
 * Within stock, a claim is pending until it is confirmed: by the host in
 * %VITRINE_CLAIM_MODE_MANUAL, or in %VITRINE_CLAIM_MODE_AUTO once
 * #VitrineClaimQueue:grace milliseconds have passed since it arrived — long
 * enough for slower platforms to deliver earlier claims, which then take the
 * pending claim's place. A confirmed claim is never taken back by the queue;
 * when the host rejects a claim (confirmed or not), its units go to the
 * first waitlisted claims that fit, in platform-time order. When stock
 * rises, waitlisted claims move up the same way.
 */

/* VitrineClaim */

G_DEFINE_ENUM_TYPE (VitrineClaimState, vitrine_claim_state,
  G_DEFINE_ENUM_VALUE (VITRINE_CLAIM_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (VITRINE_CLAIM_CONFIRMED, "confirmed"),
  G_DEFINE_ENUM_VALUE (VITRINE_CLAIM_WAITLISTED, "waitlisted"),
  G_DEFINE_ENUM_VALUE (VITRINE_CLAIM_REJECTED, "rejected"))

G_DEFINE_ENUM_TYPE (VitrineClaimMode, vitrine_claim_mode,
  G_DEFINE_ENUM_VALUE (VITRINE_CLAIM_MODE_AUTO, "auto"),
  G_DEFINE_ENUM_VALUE (VITRINE_CLAIM_MODE_MANUAL, "manual"))

struct _VitrineClaim
{
  GObject            parent_instance;

  VitrineClaimState  state;
  char              *code;
  guint              quantity;
  char              *variant;
  VitrineFeedItem   *message;     /* the viewer's message */
  VitrineFeedItem   *feed_item;   /* the CLAIM item in the feed, or NULL */
  guint64            seq;         /* arrival order, for equal times */
  gint64             arrived;     /* monotonic µs */
};

G_DEFINE_FINAL_TYPE (VitrineClaim, vitrine_claim, G_TYPE_OBJECT)

enum {
  CLAIM_PROP_0,
  CLAIM_PROP_STATE,
  CLAIM_PROP_CODE,
  CLAIM_PROP_QUANTITY,
  CLAIM_PROP_VARIANT,
  CLAIM_PROP_MESSAGE,
  CLAIM_PROP_TIME,
  CLAIM_N_PROPS
};

static GParamSpec *claim_properties [CLAIM_N_PROPS];

static void
vitrine_claim_finalize (GObject *object)
{
  VitrineClaim *self = (VitrineClaim *)object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->variant, g_free);
  g_clear_object (&self->message);
  g_clear_object (&self->feed_item);

  G_OBJECT_CLASS (vitrine_claim_parent_class)->finalize (object);
}

static void
vitrine_claim_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VitrineClaim *self = VITRINE_CLAIM (object);

  switch (prop_id)
    {
    case CLAIM_PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case CLAIM_PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case CLAIM_PROP_QUANTITY:
      g_value_set_uint (value, self->quantity);
      break;

    case CLAIM_PROP_VARIANT:
      g_value_set_string (value, self->variant);
      break;

    case CLAIM_PROP_MESSAGE:
      g_value_set_object (value, self->message);
      break;

    case CLAIM_PROP_TIME:
      g_value_set_boxed (value, vitrine_claim_get_time (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_claim_class_init (VitrineClaimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vitrine_claim_finalize;
  object_class->get_property = vitrine_claim_get_property;

  /**
   * VitrineClaim:state:
   *
   * Where the claim stands; see #VitrineClaimState.
   */
  claim_properties [CLAIM_PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, VITRINE_TYPE_CLAIM_STATE, VITRINE_CLAIM_PENDING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VitrineClaim:code:
   *
   * The product's short code, as the catalog spells it.
   */
  claim_properties [CLAIM_PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  claim_properties [CLAIM_PROP_QUANTITY] =
    g_param_spec_uint ("quantity", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VitrineClaim:variant:
   *
   * The variant title or option value the viewer named, or %NULL.
   */
  claim_properties [CLAIM_PROP_VARIANT] =
    g_param_spec_string ("variant", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VitrineClaim:message:
   *
   * The viewer's message that makes the claim (the earliest one, when the
   * viewer wrote several).
   */
  claim_properties [CLAIM_PROP_MESSAGE] =
    g_param_spec_object ("message", NULL, NULL, VITRINE_TYPE_FEED_ITEM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VitrineClaim:time:
   *
   * When the platform says the message was written: what orders claims.
   */
  claim_properties [CLAIM_PROP_TIME] =
    g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, CLAIM_N_PROPS, claim_properties);
}

static void
vitrine_claim_init (VitrineClaim *self)
{
  self->quantity = 1;
}

/**
 * vitrine_claim_get_state:
 *
 * Returns: where the claim stands
 */
VitrineClaimState
vitrine_claim_get_state (VitrineClaim *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM (self), VITRINE_CLAIM_PENDING);
  return self->state;
}

/**
 * vitrine_claim_get_code:
 *
 * Returns: the product's short code, as the catalog spells it
 */
const char *
vitrine_claim_get_code (VitrineClaim *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM (self), NULL);
  return self->code;
}

/**
 * vitrine_claim_get_quantity:
 *
 * Returns: how many units the viewer asked for
 */
guint
vitrine_claim_get_quantity (VitrineClaim *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM (self), 0);
  return self->quantity;
}

/**
 * vitrine_claim_get_variant:
 *
 * Returns: (nullable): the variant title or option value named, or %NULL
 */
const char *
vitrine_claim_get_variant (VitrineClaim *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM (self), NULL);
  return self->variant;
}

/**
 * vitrine_claim_get_message:
 *
 * Returns: (transfer none): the viewer's message
 */
VitrineFeedItem *
vitrine_claim_get_message (VitrineClaim *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM (self), NULL);
  return self->message;
}

/**
 * vitrine_claim_get_feed_item:
 *
 * Returns: (transfer none) (nullable): the %VITRINE_FEED_ITEM_CLAIM item
 *   that shows the claim in the feed, or %NULL when the queue has no feed
 */
VitrineFeedItem *
vitrine_claim_get_feed_item (VitrineClaim *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM (self), NULL);
  return self->feed_item;
}

/**
 * vitrine_claim_get_platform:
 *
 * Returns: the platform the viewer wrote on ("twitch", "youtube"…)
 */
const char *
vitrine_claim_get_platform (VitrineClaim *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM (self), NULL);
  return vitrine_feed_item_get_platform (self->message);
}

/**
 * vitrine_claim_get_author:
 *
 * Returns: the viewer's display name (sanitised)
 */
const char *
vitrine_claim_get_author (VitrineClaim *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM (self), NULL);
  return vitrine_feed_item_get_author (self->message);
}

/**
 * vitrine_claim_get_author_id:
 *
 * Returns: (nullable): the platform's id of the viewer
 */
const char *
vitrine_claim_get_author_id (VitrineClaim *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM (self), NULL);
  return vitrine_feed_item_get_author_id (self->message);
}

/**
 * vitrine_claim_get_text:
 *
 * Returns: the viewer's message (sanitised)
 */
const char *
vitrine_claim_get_text (VitrineClaim *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM (self), NULL);
  return vitrine_feed_item_get_text (self->message);
}

/**
 * vitrine_claim_get_time:
 *
 * Returns: (transfer none): when the platform says the message was written
 */
GDateTime *
vitrine_claim_get_time (VitrineClaim *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM (self), NULL);
  return vitrine_feed_item_get_time (self->message);
}

static char *
summary_for (const char *code,
             guint       quantity,
             const char *variant)
{
  if (variant != NULL)
    return g_strdup_printf ("%s × %u (%s)", code, quantity, variant);
  return g_strdup_printf ("%s × %u", code, quantity);
}

/**
 * vitrine_claim_dup_summary:
 *
 * Returns: (transfer full): what the claim asks for, such as "A12 × 2 (M)"
 */
char *
vitrine_claim_dup_summary (VitrineClaim *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM (self), NULL);
  return summary_for (self->code, self->quantity, self->variant);
}

static void
claim_set_state (VitrineClaim      *self,
                 VitrineClaimState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), claim_properties [CLAIM_PROP_STATE]);
}

static int
claim_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const VitrineClaim *x = a;
  const VitrineClaim *y = b;
  int cmp = g_date_time_compare (vitrine_feed_item_get_time (x->message),
                                 vitrine_feed_item_get_time (y->message));

  if (cmp != 0)
    return cmp;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* VitrineClaimQueue */

typedef struct
{
  VitrineClaimQueue *queue;
  char              *code;        /* as the catalog spells it */
  GListStore        *claims;      /* VitrineClaim, in platform-time order */
  GPtrArray         *order;       /* the same, for quick walks */
  GHashTable        *by_author;   /* "platform\nauthor" → VitrineClaim */
  VitrineProduct    *product;     /* watched for stock, or NULL */
  GPtrArray         *watched;     /* the product and its variants */
  gint64             next_deadline;
  guint              generation;  /* bumped by each allocation */
} ProductQueue;

struct _VitrineClaimQueue
{
  GObject             parent_instance;

  VitrineFeed        *feed;
  VitrineCatalog     *catalog;
  VitrineClaimParser *parser;
  VitrineClaimMode    mode;
  guint               grace_ms;

  GHashTable         *products;   /* upper-case code → ProductQueue */
  GListStore         *all;        /* every claim, in platform-time order */
  guint64             seq;
  guint               timeout_id;
  gint64              timeout_at;
};

G_DEFINE_FINAL_TYPE (VitrineClaimQueue, vitrine_claim_queue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FEED,
  PROP_CATALOG,
  PROP_MODE,
  PROP_GRACE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  DUPLICATE,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void schedule (VitrineClaimQueue *self);

static void
stock_changed_cb (GObject      *object,
                  GParamSpec   *pspec,
                  ProductQueue *pq);

static void
unwatch (ProductQueue *pq)
{
  if (pq->watched != NULL)
    for (guint i = 0; i < pq->watched->len; i++)
      g_signal_handlers_disconnect_by_func (g_ptr_array_index (pq->watched, i),
                                            stock_changed_cb, pq);
  g_clear_pointer (&pq->watched, g_ptr_array_unref);
  g_clear_object (&pq->product);
}

static void
watch (ProductQueue   *pq,
       VitrineProduct *product)
{
  GListModel *variants;
  guint n;

  if (product == pq->product)
    return;
  unwatch (pq);
  if (product == NULL)
    return;

  pq->product = g_object_ref (product);
  pq->watched = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (pq->watched, g_object_ref (product));
  variants = vitrine_product_get_variants (product);
  n = g_list_model_get_n_items (variants);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (pq->watched, g_list_model_get_item (variants, i));

  for (guint i = 0; i < pq->watched->len; i++)
    g_signal_connect (g_ptr_array_index (pq->watched, i), "notify::stock",
                      G_CALLBACK (stock_changed_cb), pq);
}

static void
product_queue_free (ProductQueue *pq)
{
  unwatch (pq);
  g_clear_pointer (&pq->by_author, g_hash_table_unref);
  g_clear_pointer (&pq->order, g_ptr_array_unref);
  g_clear_object (&pq->claims);
  g_free (pq->code);
  g_free (pq);
}

static char *
code_key (const char *code)
{
  return g_ascii_strup (code, -1);
}

static ProductQueue *
lookup_product_queue (VitrineClaimQueue *self,
                      const char        *code,
                      gboolean           create)
{
  g_autofree char *key = code_key (code);
  ProductQueue *pq = g_hash_table_lookup (self->products, key);
  VitrineProduct *product;

  if (pq != NULL || !create)
    return pq;

  product = vitrine_catalog_find_by_code (self->catalog, code);
  if (product == NULL)
    return NULL;

  pq = g_new0 (ProductQueue, 1);
  pq->queue = self;
  pq->code = g_strdup (vitrine_product_get_code (product));
  pq->claims = g_list_store_new (VITRINE_TYPE_CLAIM);
  pq->order = g_ptr_array_new_with_free_func (g_object_unref);
  pq->by_author = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pq->next_deadline = G_MAXINT64;
  watch (pq, product);
  g_hash_table_insert (self->products, g_steal_pointer (&key), pq);
  return pq;
}

/* The stock of the variants a claim names: -1 when one is not tracked, or
 * when the name matches no variant (then only the product's stock counts). */
static gint64
variant_stock (VitrineProduct *product,
               const char     *variant)
{
  g_autofree char *folded = vitrine_claim_fold (variant, -1);
  GListModel *variants = vitrine_product_get_variants (product);
  guint n = g_list_model_get_n_items (variants);
  gboolean any = FALSE;
  gint64 sum = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineProductVariant) v = g_list_model_get_item (variants, i);
      const char * const *options = vitrine_product_variant_get_options (v);
      g_autofree char *title = vitrine_claim_fold (vitrine_product_variant_get_title (v), -1);
      gboolean named = g_str_equal (title, folded);
      gint64 stock;

      for (guint j = 0; !named && options[j] != NULL; j++)
        {
          g_autofree char *option = vitrine_claim_fold (options[j], -1);

          named = g_str_equal (option, folded);
        }
      if (!named)
        continue;

      any = TRUE;
      stock = vitrine_product_variant_get_stock (v);
      if (stock < 0)
        return -1;
      sum = stock > G_MAXINT64 - sum ? G_MAXINT64 : sum + stock;
    }

  return any ? sum : -1;
}

typedef struct
{
  const char *variant;
  gint64      stock;   /* -1: no limit */
  gint64      used;
} VariantUse;

static VariantUse *
variant_use (GArray         *uses,
             VitrineProduct *product,
             const char     *variant)
{
  VariantUse use;

  for (guint i = 0; i < uses->len; i++)
    {
      VariantUse *u = &g_array_index (uses, VariantUse, i);

      if (g_str_equal (u->variant, variant))
        return u;
    }

  use.variant = variant;
  use.stock = product ? variant_stock (product, variant) : 0;
  use.used = 0;
  g_array_append_val (uses, use);
  return &g_array_index (uses, VariantUse, uses->len - 1);
}

static gboolean
fits (gint64 stock,
      gint64 used,
      guint  quantity)
{
  return stock < 0 || used + (gint64) quantity <= stock;
}

/* Gives the product's units to its claims in platform-time order. Writes
 * the new states to @states (one per claim of pq->order); the caller applies
 * them, so that a new claim enters the models with its state already set. */
static void
allocate (ProductQueue      *pq,
          VitrineClaimState *states)
{
  VitrineClaimQueue *self = pq->queue;
  VitrineProduct *product = pq->product;
  g_autoptr(GArray) uses = g_array_new (FALSE, FALSE, sizeof (VariantUse));
  gint64 stock = product ? vitrine_product_get_stock (product) : 0;
  gint64 used = 0;
  gint64 now = g_get_monotonic_time ();
  gint64 grace = (gint64) self->grace_ms * 1000;

  pq->next_deadline = G_MAXINT64;
  pq->generation++;

  /* Confirmed claims hold their units whatever comes before them. */
  for (guint i = 0; i < pq->order->len; i++)
    {
      VitrineClaim *claim = g_ptr_array_index (pq->order, i);

      states[i] = claim->state;
      if (claim->state != VITRINE_CLAIM_CONFIRMED)
        continue;
      used += claim->quantity;
      if (claim->variant != NULL)
        variant_use (uses, product, claim->variant)->used += claim->quantity;
    }

  for (guint i = 0; i < pq->order->len; i++)
    {
      VitrineClaim *claim = g_ptr_array_index (pq->order, i);
      VariantUse *use = NULL;

      if (claim->state == VITRINE_CLAIM_CONFIRMED || claim->state == VITRINE_CLAIM_REJECTED)
        continue;

      if (claim->variant != NULL)
        use = variant_use (uses, product, claim->variant);

      if (product == NULL || !fits (stock, used, claim->quantity) ||
          (use != NULL && !fits (use->stock, use->used, claim->quantity)))
        {
          states[i] = VITRINE_CLAIM_WAITLISTED;
          continue;
        }

      used += claim->quantity;
      if (use != NULL)
        use->used += claim->quantity;

      if (self->mode == VITRINE_CLAIM_MODE_AUTO && now >= claim->arrived + grace)
        states[i] = VITRINE_CLAIM_CONFIRMED;
      else
        {
          states[i] = VITRINE_CLAIM_PENDING;
          if (self->mode == VITRINE_CLAIM_MODE_AUTO)
            pq->next_deadline = MIN (pq->next_deadline, claim->arrived + grace);
        }
    }
}

static gpointer
ref_claim (gconstpointer claim,
           gpointer      user_data)
{
  return g_object_ref ((gpointer) claim);
}

static void
apply (ProductQueue            *pq,
       const VitrineClaimState *states)
{
  /* A notify handler may confirm or reject a claim: that allocates anew
   * and applies the result, which then stands. */
  g_autoptr(GPtrArray) claims = g_ptr_array_copy (pq->order, ref_claim, NULL);
  guint generation = pq->generation;

  g_ptr_array_set_free_func (claims, g_object_unref);
  for (guint i = 0; i < claims->len && pq->generation == generation; i++)
    claim_set_state (g_ptr_array_index (claims, i), states[i]);
}

static void
reallocate (ProductQueue *pq)
{
  g_autofree VitrineClaimState *states = g_new (VitrineClaimState, pq->order->len + 1);

  allocate (pq, states);
  apply (pq, states);
}

static void
reallocate_all (VitrineClaimQueue *self)
{
  GHashTableIter iter;
  ProductQueue *pq;

  g_hash_table_iter_init (&iter, self->products);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &pq))
    reallocate (pq);
  schedule (self);
}

static gboolean
timeout_cb (gpointer user_data)
{
  VitrineClaimQueue *self = user_data;

  self->timeout_id = 0;
  self->timeout_at = 0;
  reallocate_all (self);
  return G_SOURCE_REMOVE;
}

/* One timer for the earliest pending claim to confirm. */
static void
schedule (VitrineClaimQueue *self)
{
  GHashTableIter iter;
  ProductQueue *pq;
  gint64 next = G_MAXINT64;
  gint64 delay_ms;

  if (self->mode == VITRINE_CLAIM_MODE_AUTO)
    {
      g_hash_table_iter_init (&iter, self->products);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &pq))
        next = MIN (next, pq->next_deadline);
    }

  if (self->timeout_id != 0 && self->timeout_at == next)
    return;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_at = 0;
  if (next == G_MAXINT64)
    return;

  delay_ms = (next - g_get_monotonic_time () + 999) / 1000;
  self->timeout_at = next;
  self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) CLAMP (delay_ms, 0, G_MAXINT),
                                         timeout_cb, self, NULL);
  g_source_set_name_by_id (self->timeout_id, "[vitrine] confirm claims");
}

static void
stock_changed_cb (GObject      *object,
                  GParamSpec   *pspec,
                  ProductQueue *pq)
{
  reallocate (pq);
  schedule (pq->queue);
}

static void
catalog_changed_cb (GListModel        *catalog,
                    guint              position,
                    guint              removed,
                    guint              added,
                    VitrineClaimQueue *self)
{
  GHashTableIter iter;
  ProductQueue *pq;

  /* A product may have been replaced (a new stock, new variants) or removed. */
  g_hash_table_iter_init (&iter, self->products);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &pq))
    watch (pq, vitrine_catalog_find_by_code (self->catalog, pq->code));
  reallocate_all (self);
}

static guint
order_position (ProductQueue *pq,
                VitrineClaim *claim)
{
  guint lo = 0, hi = pq->order->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (claim_compare (g_ptr_array_index (pq->order, mid), claim, NULL) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
remove_claim (VitrineClaimQueue *self,
              ProductQueue      *pq,
              VitrineClaim      *claim)
{
  guint position;

  if (g_list_store_find (pq->claims, claim, &position))
    g_list_store_remove (pq->claims, position);
  if (g_list_store_find (self->all, claim, &position))
    g_list_store_remove (self->all, position);
  g_ptr_array_remove (pq->order, claim);
}

static void
insert_claim (VitrineClaimQueue *self,
              ProductQueue      *pq,
              VitrineClaim      *claim)
{
  guint position = order_position (pq, claim);

  g_ptr_array_insert (pq->order, position, g_object_ref (claim));
  g_list_store_insert (pq->claims, position, claim);
  g_list_store_insert_sorted (self->all, claim, claim_compare, NULL);
}

static char *
author_key (VitrineFeedItem *item)
{
  const char *author_id = vitrine_feed_item_get_author_id (item);
  const char *author = vitrine_feed_item_get_author (item);

  if (author_id != NULL && *author_id != '\0')
    return g_strconcat (vitrine_feed_item_get_platform (item), "\nid:", author_id, NULL);
  if (author != NULL && *author != '\0')
    return g_strconcat (vitrine_feed_item_get_platform (item), "\nname:", author, NULL);
  return NULL;
}

/* The same viewer again: an earlier message (it arrived late) takes the
 * claim over while the claim is not settled; any other is a duplicate. */
static void
merge_duplicate (VitrineClaimQueue *self,
                 ProductQueue      *pq,
                 VitrineClaim      *claim,
                 VitrineFeedItem   *item,
                 VitrineClaimMatch *match)
{
  g_autoptr(VitrineFeedItem) duplicate = g_object_ref (item);
  g_autoptr(VitrineClaim) keep = g_object_ref (claim);
  gboolean earlier = g_date_time_compare (vitrine_feed_item_get_time (item),
                                          vitrine_claim_get_time (claim)) < 0;

  if (earlier &&
      (claim->state == VITRINE_CLAIM_PENDING || claim->state == VITRINE_CLAIM_WAITLISTED))
    {
      gboolean variant_changed = g_strcmp0 (claim->variant, match->variant) != 0;
      gboolean quantity_changed = claim->quantity != match->quantity;

      remove_claim (self, pq, claim);
      g_set_object (&duplicate, claim->message);
      g_set_object (&claim->message, item);
      claim->seq = ++self->seq;
      claim->quantity = match->quantity;
      g_free (claim->variant);
      claim->variant = g_strdup (match->variant);
      insert_claim (self, pq, claim);

      if (claim->feed_item != NULL)
        {
          g_autofree char *summary = vitrine_claim_dup_summary (claim);

          vitrine_feed_item_set_detail (claim->feed_item, summary);
        }

      g_object_freeze_notify (G_OBJECT (claim));
      g_object_notify_by_pspec (G_OBJECT (claim), claim_properties [CLAIM_PROP_MESSAGE]);
      g_object_notify_by_pspec (G_OBJECT (claim), claim_properties [CLAIM_PROP_TIME]);
      if (quantity_changed)
        g_object_notify_by_pspec (G_OBJECT (claim), claim_properties [CLAIM_PROP_QUANTITY]);
      if (variant_changed)
        g_object_notify_by_pspec (G_OBJECT (claim), claim_properties [CLAIM_PROP_VARIANT]);
      g_object_thaw_notify (G_OBJECT (claim));

      reallocate (pq);
      schedule (self);
    }

  g_signal_emit (self, signals [DUPLICATE], 0, claim, duplicate);
}

/**
 * vitrine_claim_queue_submit:
 * @item: a feed item
 *
 * Reads @item as a claim, as the queue does with every item its feed
 * appends. Only visible chat and paid messages with an author can be
 * claims.
 *
 * Returns: (transfer none) (nullable): the new claim, or %NULL when @item is
 *   no claim or a duplicate
 */
VitrineClaim *
vitrine_claim_queue_submit (VitrineClaimQueue *self,
                            VitrineFeedItem   *item)
{
  g_auto(VitrineClaimMatch) match = { 0, };
  g_autofree char *author = NULL;
  g_autofree VitrineClaimState *states = NULL;
  VitrineFeedItemKind kind;
  VitrineClaim *claim;
  ProductQueue *pq;
  guint position;

  g_return_val_if_fail (VITRINE_IS_CLAIM_QUEUE (self), NULL);
  g_return_val_if_fail (VITRINE_IS_FEED_ITEM (item), NULL);

  kind = vitrine_feed_item_get_kind (item);
  if ((kind != VITRINE_FEED_ITEM_CHAT && kind != VITRINE_FEED_ITEM_PAID) ||
      vitrine_feed_item_get_visibility (item) != VITRINE_FEED_ITEM_VISIBLE)
    return NULL;

  author = author_key (item);
  if (author == NULL)
    return NULL;

  if (!vitrine_claim_parser_parse (self->parser, vitrine_feed_item_get_text (item), &match))
    return NULL;

  pq = lookup_product_queue (self, match.code, TRUE);
  if (pq == NULL)
    return NULL;

  claim = g_hash_table_lookup (pq->by_author, author);
  if (claim != NULL)
    {
      merge_duplicate (self, pq, claim, item, &match);
      return NULL;
    }

  claim = g_object_new (VITRINE_TYPE_CLAIM, NULL);
  claim->code = g_strdup (pq->code);
  claim->quantity = match.quantity;
  claim->variant = g_steal_pointer (&match.variant);
  claim->message = g_object_ref (item);
  claim->seq = ++self->seq;
  claim->arrived = g_get_monotonic_time ();
  claim->state = VITRINE_CLAIM_WAITLISTED;
  g_hash_table_insert (pq->by_author, g_steal_pointer (&author), claim);

  /* Its state is known before the models show it. */
  position = order_position (pq, claim);
  g_ptr_array_insert (pq->order, position, g_object_ref (claim));
  states = g_new (VitrineClaimState, pq->order->len);
  allocate (pq, states);
  claim->state = states[position];
  g_ptr_array_remove_index (pq->order, position);
  insert_claim (self, pq, claim);
  g_object_unref (claim);
  apply (pq, states);
  schedule (self);

  if (self->feed != NULL)
    {
      g_autoptr(VitrineFeedItem) feed_item = NULL;
      g_autofree char *summary = vitrine_claim_dup_summary (claim);

      feed_item = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CLAIM,
                                              vitrine_feed_item_get_platform (item), NULL,
                                              vitrine_feed_item_get_author_id (item),
                                              vitrine_feed_item_get_author (item),
                                              vitrine_feed_item_get_text (item),
                                              vitrine_feed_item_get_time (item));
      vitrine_feed_item_set_detail (feed_item, summary);
      vitrine_feed_item_set_flags (feed_item, vitrine_feed_item_get_flags (item));
      vitrine_feed_item_set_source_id (feed_item, vitrine_feed_item_get_source_id (item));
      claim->feed_item = g_object_ref (feed_item);
      vitrine_feed_append (self->feed, feed_item);
    }

  return claim;
}

static void
appended_cb (VitrineFeed       *feed,
             VitrineFeedItem   *item,
             VitrineClaimQueue *self)
{
  vitrine_claim_queue_submit (self, item);
}

static void
vitrine_claim_queue_constructed (GObject *object)
{
  VitrineClaimQueue *self = (VitrineClaimQueue *)object;

  G_OBJECT_CLASS (vitrine_claim_queue_parent_class)->constructed (object);

  g_assert (self->catalog != NULL);
  vitrine_claim_parser_set_catalog (self->parser, self->catalog);
  g_signal_connect_object (self->catalog, "items-changed",
                           G_CALLBACK (catalog_changed_cb), self, 0);
  /* After the feed's other listeners (the journal), so the message is
   * recorded before the claim item it causes. */
  if (self->feed != NULL)
    {
      g_signal_connect_object (self->feed, "appended", G_CALLBACK (appended_cb), self,
                               G_CONNECT_AFTER);
      /* A message the word filter held claims once the host allows it. */
      g_signal_connect_object (self->feed, "released", G_CALLBACK (appended_cb), self,
                               G_CONNECT_AFTER);
    }
}

static void
vitrine_claim_queue_dispose (GObject *object)
{
  VitrineClaimQueue *self = (VitrineClaimQueue *)object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  g_clear_pointer (&self->products, g_hash_table_unref);
  g_clear_object (&self->feed);
  g_clear_object (&self->catalog);
  g_clear_object (&self->parser);
  g_clear_object (&self->all);

  G_OBJECT_CLASS (vitrine_claim_queue_parent_class)->dispose (object);
}

static void
vitrine_claim_queue_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VitrineClaimQueue *self = VITRINE_CLAIM_QUEUE (object);

  switch (prop_id)
    {
    case PROP_FEED:
      g_value_set_object (value, self->feed);
      break;

    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;

    case PROP_GRACE:
      g_value_set_uint (value, self->grace_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_claim_queue_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VitrineClaimQueue *self = VITRINE_CLAIM_QUEUE (object);

  switch (prop_id)
    {
    case PROP_FEED:
      self->feed = g_value_dup_object (value);
      break;

    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;

    case PROP_MODE:
      vitrine_claim_queue_set_mode (self, g_value_get_enum (value));
      break;

    case PROP_GRACE:
      vitrine_claim_queue_set_grace (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_claim_queue_class_init (VitrineClaimQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vitrine_claim_queue_constructed;
  object_class->dispose = vitrine_claim_queue_dispose;
  object_class->get_property = vitrine_claim_queue_get_property;
  object_class->set_property = vitrine_claim_queue_set_property;

  properties [PROP_FEED] =
    g_param_spec_object ("feed", NULL, NULL, VITRINE_TYPE_FEED,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties [PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, VITRINE_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * VitrineClaimQueue:mode:
   *
   * Who confirms claims within stock: the queue after the grace period, or
   * the host.
   */
  properties [PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, VITRINE_TYPE_CLAIM_MODE, VITRINE_CLAIM_MODE_AUTO,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VitrineClaimQueue:grace:
   *
   * In automatic mode, how many milliseconds a claim stays pending after it
   * arrives, so that an earlier claim from a slower platform can still take
   * its place. 0 confirms at once, in order of arrival.
   */
  properties [PROP_GRACE] =
    g_param_spec_uint ("grace", NULL, NULL, 0, 600000, VITRINE_CLAIM_QUEUE_DEFAULT_GRACE_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VitrineClaimQueue::duplicate:
   * @claim: the viewer's claim for the product
   * @message: the message that was not queued
   *
   * A viewer claimed a product they already claimed.
   */
  signals [DUPLICATE] =
    g_signal_new ("duplicate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, VITRINE_TYPE_CLAIM, VITRINE_TYPE_FEED_ITEM);
}

static void
vitrine_claim_queue_init (VitrineClaimQueue *self)
{
  self->grace_ms = VITRINE_CLAIM_QUEUE_DEFAULT_GRACE_MS;
  self->mode = VITRINE_CLAIM_MODE_AUTO;
  self->parser = vitrine_claim_parser_new ();
  self->products = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) product_queue_free);
  self->all = g_list_store_new (VITRINE_TYPE_CLAIM);
}

/**
 * vitrine_claim_queue_new:
 * @feed: (nullable): the feed to read claims from and show them in
 * @catalog: the products that can be claimed
 *
 * Creates a queue in automatic mode with the default grace period and a
 * parser with the default patterns (see vitrine_claim_queue_get_parser()).
 *
 * Returns: (transfer full): a new queue
 */
VitrineClaimQueue *
vitrine_claim_queue_new (VitrineFeed    *feed,
                         VitrineCatalog *catalog)
{
  g_return_val_if_fail (feed == NULL || VITRINE_IS_FEED (feed), NULL);
  g_return_val_if_fail (VITRINE_IS_CATALOG (catalog), NULL);

  return g_object_new (VITRINE_TYPE_CLAIM_QUEUE, "feed", feed, "catalog", catalog, NULL);
}

/**
 * vitrine_claim_queue_get_parser:
 *
 * The parser, to set the show's patterns on. It knows the catalog's codes.
 *
 * Returns: (transfer none): the parser
 */
VitrineClaimParser *
vitrine_claim_queue_get_parser (VitrineClaimQueue *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM_QUEUE (self), NULL);
  return self->parser;
}

/**
 * vitrine_claim_queue_get_catalog:
 *
 * Returns: (transfer none): the catalog
 */
VitrineCatalog *
vitrine_claim_queue_get_catalog (VitrineClaimQueue *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM_QUEUE (self), NULL);
  return self->catalog;
}

/**
 * vitrine_claim_queue_get_mode:
 *
 * Returns: who confirms claims
 */
VitrineClaimMode
vitrine_claim_queue_get_mode (VitrineClaimQueue *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM_QUEUE (self), VITRINE_CLAIM_MODE_AUTO);
  return self->mode;
}

/**
 * vitrine_claim_queue_set_mode:
 * @mode: who confirms claims
 *
 * Switching to automatic mode confirms the pending claims whose grace period
 * has passed.
 */
void
vitrine_claim_queue_set_mode (VitrineClaimQueue *self,
                              VitrineClaimMode   mode)
{
  g_return_if_fail (VITRINE_IS_CLAIM_QUEUE (self));
  g_return_if_fail (mode == VITRINE_CLAIM_MODE_AUTO || mode == VITRINE_CLAIM_MODE_MANUAL);

  if (self->mode == mode)
    return;
  self->mode = mode;
  reallocate_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MODE]);
}

/**
 * vitrine_claim_queue_get_grace:
 *
 * Returns: how many milliseconds claims stay pending in automatic mode
 */
guint
vitrine_claim_queue_get_grace (VitrineClaimQueue *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM_QUEUE (self), 0);
  return self->grace_ms;
}

/**
 * vitrine_claim_queue_set_grace:
 * @grace_ms: milliseconds, at most 600000
 *
 * Sets how long claims stay pending in automatic mode (counted from each
 * claim's arrival, also for claims already pending).
 */
void
vitrine_claim_queue_set_grace (VitrineClaimQueue *self,
                               guint              grace_ms)
{
  g_return_if_fail (VITRINE_IS_CLAIM_QUEUE (self));
  g_return_if_fail (grace_ms <= 600000);

  if (self->grace_ms == grace_ms)
    return;
  self->grace_ms = grace_ms;
  if (self->products != NULL)
    reallocate_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_GRACE]);
}

/**
 * vitrine_claim_queue_get_claims:
 *
 * Returns: (transfer none): every claim (#VitrineClaim), in platform-time order
 */
GListModel *
vitrine_claim_queue_get_claims (VitrineClaimQueue *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM_QUEUE (self), NULL);
  return G_LIST_MODEL (self->all);
}

/**
 * vitrine_claim_queue_get_product_claims:
 * @code: a product's short code, without regard to case
 *
 * Returns: (transfer none) (nullable): the product's claims (#VitrineClaim),
 *   in platform-time order, or %NULL when the catalog has no such product
 */
GListModel *
vitrine_claim_queue_get_product_claims (VitrineClaimQueue *self,
                                        const char        *code)
{
  ProductQueue *pq;

  g_return_val_if_fail (VITRINE_IS_CLAIM_QUEUE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  pq = lookup_product_queue (self, code, TRUE);
  return pq ? G_LIST_MODEL (pq->claims) : NULL;
}

/**
 * vitrine_claim_queue_count:
 * @code: (nullable): a product's short code, or %NULL for all products
 * @state: the state to count
 *
 * Returns: how many claims are in @state
 */
guint
vitrine_claim_queue_count (VitrineClaimQueue *self,
                           const char        *code,
                           VitrineClaimState  state)
{
  GListModel *model;
  guint n, count = 0;

  g_return_val_if_fail (VITRINE_IS_CLAIM_QUEUE (self), 0);

  if (code != NULL)
    {
      ProductQueue *pq = lookup_product_queue (self, code, FALSE);

      if (pq == NULL)
        return 0;
      model = G_LIST_MODEL (pq->claims);
    }
  else
    model = G_LIST_MODEL (self->all);

  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineClaim) claim = g_list_model_get_item (model, i);

      count += claim->state == state;
    }
  return count;
}

static ProductQueue *
queue_of (VitrineClaimQueue *self,
          VitrineClaim      *claim)
{
  ProductQueue *pq = lookup_product_queue (self, claim->code, FALSE);

  return pq != NULL && g_ptr_array_find (pq->order, claim, NULL) ? pq : NULL;
}

/**
 * vitrine_claim_queue_confirm:
 * @claim: a pending claim of this queue
 *
 * The host confirms a pending claim (in either mode).
 *
 * Returns: %TRUE if @claim was pending and is confirmed now
 */
gboolean
vitrine_claim_queue_confirm (VitrineClaimQueue *self,
                             VitrineClaim      *claim)
{
  ProductQueue *pq;

  g_return_val_if_fail (VITRINE_IS_CLAIM_QUEUE (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_CLAIM (claim), FALSE);

  pq = queue_of (self, claim);
  if (pq == NULL || claim->state != VITRINE_CLAIM_PENDING)
    return FALSE;

  claim_set_state (claim, VITRINE_CLAIM_CONFIRMED);
  reallocate (pq);
  schedule (self);
  return TRUE;
}

/**
 * vitrine_claim_queue_reject:
 * @claim: a claim of this queue
 *
 * The host refuses a claim, pending, waitlisted or even confirmed. Its units
 * go to the first waitlisted claims that fit, in platform-time order.
 *
 * Returns: %TRUE if @claim was not rejected already
 */
gboolean
vitrine_claim_queue_reject (VitrineClaimQueue *self,
                            VitrineClaim      *claim)
{
  ProductQueue *pq;

  g_return_val_if_fail (VITRINE_IS_CLAIM_QUEUE (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_CLAIM (claim), FALSE);

  pq = queue_of (self, claim);
  if (pq == NULL || claim->state == VITRINE_CLAIM_REJECTED)
    return FALSE;

  claim_set_state (claim, VITRINE_CLAIM_REJECTED);
  reallocate (pq);
  schedule (self);
  return TRUE;
}

/* CSV */

static void
append_cell (GString    *csv,
             const char *value,
             gboolean    last)
{
  gboolean formula;

  if (value == NULL)
    value = "";

  /* A spreadsheet runs cells starting with these as formulas: keep them
   * text (OWASP, "CSV injection"). */
  formula = value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
            value[0] == '\t' || value[0] == '\r';

  if (strpbrk (value, ",\"\r\n") != NULL)
    {
      g_string_append_c (csv, '"');
      if (formula)
        g_string_append_c (csv, '\'');
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (csv, '"');
          g_string_append_c (csv, *p);
        }
      g_string_append_c (csv, '"');
    }
  else
    {
      if (formula)
        g_string_append_c (csv, '\'');
      g_string_append (csv, value);
    }

  g_string_append (csv, last ? "\r\n" : ",");
}

/**
 * vitrine_claim_queue_to_csv:
 *
 * Writes every claim as CSV (RFC 4180: comma-separated, CRLF, quoted where
 * needed; UTF-8) in platform-time order, one header line then one line per
 * claim: `platform,author,author_id,text,code,quantity,variant,state,time`.
 * States are `pending`, `confirmed`, `waitlisted` or `rejected`; the time is
 * ISO 8601 in UTC. Cells that a spreadsheet would run as a formula (starting
 * with `=`, `+`, `-`, `@`, tab or CR) start with a `'`.
 *
 * Returns: (transfer full): the CSV text
 */
char *
vitrine_claim_queue_to_csv (VitrineClaimQueue *self)
{
  GEnumClass *states;
  GString *csv;
  guint n;

  g_return_val_if_fail (VITRINE_IS_CLAIM_QUEUE (self), NULL);

  csv = g_string_new ("platform,author,author_id,text,code,quantity,variant,state,time\r\n");
  states = g_type_class_ref (VITRINE_TYPE_CLAIM_STATE);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->all));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineClaim) claim = g_list_model_get_item (G_LIST_MODEL (self->all), i);
      g_autoptr(GDateTime) utc = g_date_time_to_utc (vitrine_claim_get_time (claim));
      g_autofree char *time = utc ? g_date_time_format_iso8601 (utc) : NULL;
      g_autofree char *quantity = g_strdup_printf ("%u", claim->quantity);
      GEnumValue *state = g_enum_get_value (states, claim->state);

      append_cell (csv, vitrine_claim_get_platform (claim), FALSE);
      append_cell (csv, vitrine_claim_get_author (claim), FALSE);
      append_cell (csv, vitrine_claim_get_author_id (claim), FALSE);
      append_cell (csv, vitrine_claim_get_text (claim), FALSE);
      append_cell (csv, claim->code, FALSE);
      append_cell (csv, quantity, FALSE);
      append_cell (csv, claim->variant, FALSE);
      append_cell (csv, state ? state->value_nick : "", FALSE);
      append_cell (csv, time, TRUE);
    }
  g_type_class_unref (states);

  return g_string_free (csv, FALSE);
}

static void
export_replaced_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * vitrine_claim_queue_export_csv_async:
 * @file: where to write, replaced if it exists
 * @cancellable: (nullable): to stop writing
 * @callback: called when the file is written
 * @user_data: data for @callback
 *
 * Writes vitrine_claim_queue_to_csv() to @file, without blocking. The
 * claims are taken as they are now.
 */
void
vitrine_claim_queue_export_csv_async (VitrineClaimQueue   *self,
                                      GFile               *file,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *csv;

  g_return_if_fail (VITRINE_IS_CLAIM_QUEUE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_claim_queue_export_csv_async);

  csv = vitrine_claim_queue_to_csv (self);
  bytes = g_bytes_new_take (csv, strlen (csv));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                                       export_replaced_cb, g_steal_pointer (&task));
}

/**
 * vitrine_claim_queue_export_csv_finish:
 *
 * Returns: %TRUE if the file is written
 */
gboolean
vitrine_claim_queue_export_csv_finish (VitrineClaimQueue  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  g_return_val_if_fail (VITRINE_IS_CLAIM_QUEUE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
